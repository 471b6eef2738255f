#!/usr/bin/env python3
"""A loopback SMTP server for tests (aiosmtpd), saving each message as a .eml file.

Faults are chosen by the recipient's local part, so one server serves every case:
  rcpt-421, rcpt-451, rcpt-550   reply with that code to RCPT TO
  data-451, data-554             reply with that code after the message content
  drop-rcpt                      close the connection at RCPT TO (before any content)
  drop-data                      close the connection after the content, before replying
  flaky-N                        reply 451 to RCPT TO for the first N attempts, then accept
Anything else is accepted. With --tls-cert/--tls-key, STARTTLS is offered and required.

Usage: smtp-sink.py --port P --dir DIR [--tls-cert C --tls-key K] [--no-starttls-offer]
"""
import argparse
import collections
import os
import re
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

attempts = collections.Counter()


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        attempts[local] += 1
        if local.startswith("rcpt-"):
            code = local.split("-")[1]
            return f"{code} fault injected at RCPT"
        if local == "drop-rcpt":
            server.transport.close()
            return "421 closing"
        match = re.match(r"flaky-(\d+)", local)
        if match and attempts[local] <= int(match.group(1)):
            return "451 try again later (flaky)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        local = envelope.rcpt_tos[0].split("@")[0].lower() if envelope.rcpt_tos else ""
        if local.startswith("data-"):
            return f"{local.split('-')[1]} fault injected after DATA"
        if local == "drop-data":
            server.transport.close()
            return "250 never seen"
        self.count += 1
        name = os.path.join(self.directory, f"{self.count:06d}-{local}.eml")
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 Ok: queued as %06d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    handler = Handler(args.dir)
    controller = Controller(handler, hostname="127.0.0.1", port=args.port, tls_context=tls,
                            require_starttls=tls is not None, data_size_limit=50_000_000,
                            decode_data=False, ident="baseline-runner test sink")
    controller.start()
    print("ready", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
