#!/usr/bin/env python3
"""Parses .eml files with Python's email package and prints what a mail client would see, as JSON.

Used by the tests as an independent reader of what baseline-runner built or delivered.
Usage: mail-inspect.py FILE... -> [{"headers": {...}, "structure": [...], "text": ..., "html": ...,
                                    "attachments": [...], "max_line": N, "defects": [...]}]
"""
import email
import email.policy
import json
import sys


def inspect(path):
    raw = open(path, "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    structure = [part.get_content_type() for part in message.walk()]
    text = html = None
    attachments = []
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment":
            attachments.append({"filename": part.get_filename(), "type": part.get_content_type(),
                                "size": len(part.get_payload(decode=True))})
        elif part.get_content_type() == "text/plain" and text is None:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and html is None:
            html = part.get_content()
    headers = {name: str(value) for name, value in message.items()}
    defects = [type(d).__name__ for part in message.walk() for d in part.defects]
    lines = raw.split(b"\r\n")
    return {"headers": headers, "structure": structure, "text": text, "html": html, "attachments": attachments,
            "max_line": max(len(line) for line in lines), "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
            "defects": defects, "size": len(raw)}


print(json.dumps([inspect(path) for path in sys.argv[1:]]))
