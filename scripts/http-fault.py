#!/usr/bin/env python3
"""A misbehaving HTTP server on loopback for tests: answers every GET as --mode says.

  shape  valid JSON of the wrong shape (a Prometheus "success" whose results lack metric and value)
  huge   a 200 response streaming --megabytes of JSON-looking bytes, chunked
  hang   reads the request and never answers
Prints "ready" when listening.
"""
import argparse
import http.server
import socketserver
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--mode", choices=["shape", "huge", "hang"], required=True)
parser.add_argument("--megabytes", type=int, default=200)
options = parser.parse_args()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if options.mode == "hang":
            time.sleep(3600)
            return
        if options.mode == "shape":
            body = b'{"status":"success","data":{"resultType":"vector","result":[{"foo":1},{"bar":[2]}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b'{"status":"success","data":{"resultType":"vector","result":[' + b" " * (1 << 20)
        try:
            for _ in range(options.megabytes):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", options.port), Handler)
print("ready", flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
while True:
    time.sleep(3600)
