#!/usr/bin/env python3
"""Hostile HTTP clients against serve's metrics endpoint (PRODUCT.md section 11), one kind after another:
garbage, a half-closed head, a 1 MB head, a byte a second, then 1,000 idle connections held for 6 s, then an
ordinary request. Prints one line per client: `NAME STATUS` (the HTTP status, or `closed`).

  http-hostile.py PORT
"""
import socket, sys, time
port = int(sys.argv[1])
def connect():
    return socket.create_connection(("127.0.0.1", port), timeout=12)
def status(s):
    try:
        data = s.recv(200)
    except OSError:
        return "closed"
    return data.split(b" ")[1].decode() if data.startswith(b"HTTP/1.1") else "closed"
garbage = connect(); garbage.sendall(b"\x00\xff\r\n\r\n"); print("garbage", status(garbage))
half = connect(); half.sendall(b"GET /metr"); half.shutdown(socket.SHUT_WR); print("half", status(half))
big = connect()
try:
    big.sendall(b"GET /metrics HTTP/1.1\r\nX: " + b"a" * (1 << 20))
except OSError:
    pass
print("oversized", status(big))
slow = connect()
for ch in b"GET ":
    slow.send(bytes([ch])); time.sleep(1)
print("slow", status(slow))
idle = []
for _ in range(1000):
    try:
        idle.append(connect())
    except OSError:
        pass
print("idle", len(idle))
time.sleep(6)
for s in idle:
    s.close()
ok = connect(); ok.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); print("after", status(ok))
