#!/usr/bin/env python3
"""A tiny stand-in for Frame.io's token and identity endpoints, for bench/run.

Usage: provider.py PORT [CERT KEY]
  POST /oauth2/token -> a bearer token valid for 3600 s (with a refresh token)
  GET  /v2/me        -> one user, {"id": "bench-user", ...}
  GET  /connections  -> {"connections": n}, the connections accepted so far
With CERT and KEY it speaks TLS. HTTP/1.1 with keep-alive, so a client that
reuses its connection can. Binds 127.0.0.1 only; logs nothing.
"""
import itertools
import json
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# One handler per connection; next() on a count is atomic under the GIL.
CONNECTIONS = itertools.count(1)
accepted = 0

TOKEN = {
    "access_token": "bench-access-token-0123456789abcdef0123456789abcdef",
    "expires_in": 3600,
    "refresh_token": "bench-refresh-token-0123456789abcdef0123456789abcdef",
    "scope": "offline account.read asset.read",
    "token_type": "bearer",
}
USER = {"id": "bench-user", "email": "bench-user@example.test", "name": "Bench User"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle
    # and the client's delayed ACK add ~40 ms to every reused-connection call.
    disable_nagle_algorithm = True

    def setup(self):
        global accepted
        accepted = next(CONNECTIONS)
        super().setup()

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/oauth2/token"):
            self.answer(200, TOKEN)
        else:
            self.answer(404, {"error": "not_found"})

    def do_GET(self):
        if self.path.startswith("/v2/me"):
            self.answer(200, USER)
        elif self.path == "/connections":
            self.answer(200, {"connections": accepted})
        else:
            self.answer(404, {"error": "not_found"})

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
