"""A token endpoint that misbehaves, seen from the release binary.

The Swift tests (Tests/FrameAuthTests/Flow/SignInFailureTests.swift,
API/TokenRefreshTests.swift, Client/HTTPClientTests.swift) cover each
failure against the flow in-process; these few check the whole binary over
real sockets: the callback answers its 502 page with nothing stored, the
token API answers 503 token_endpoint_unavailable and keeps the session, the
data files are unchanged byte for byte after a failed refresh, and /healthz
stays 200.

The one slow case waits out FrameAuth's 15 s total time-out (it cannot be
lowered from the binary), so it adds about 15 s to the suite.
"""
import hashlib
import http.server
import json
import pathlib
import socket
import struct
import threading
import time
import urllib.parse

import pytest

from http_sign_in import request

FIGURES = pathlib.Path(__file__).resolve().parents[2] / "test-output/reliability"
FAULTS = ["reset", "endless_body", "wrong_content_type", "html", "server_error"]


class FaultyEndpoint:
    """Frame.io's token and identity endpoints on loopback, with a switch:
    `fault` None answers properly (tokens that are always due for refresh)."""

    def __init__(self):
        self.fault = None
        self.streamed = 0      # bytes of the endless body written before FrameAuth hung up
        self.stream_cut = threading.Event()
        self.token_requests = []
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # /v2/me
                self._send(200, "application/json", json.dumps({"id": "u-fault", "email": "f@example.com", "name": "F"}))

            def do_POST(self):  # /oauth2/token
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                endpoint.token_requests.append(form["grant_type"][0])
                fault = endpoint.fault
                if fault is None:
                    n = len(endpoint.token_requests)
                    self._send(200, "application/json", json.dumps({
                        "access_token": f"at-{n}", "refresh_token": f"rt-{n}", "expires_in": 30,
                        "token_type": "bearer", "scope": "offline account.read asset.read"}))
                elif fault == "slow":
                    time.sleep(20)
                    self._send(200, "application/json", "{}")
                elif fault == "reset":
                    # SO_LINGER 0, and no shutdown first: the close sends RST, not FIN.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    endpoint.resets.add(self.connection)
                    self.close_connection = True
                elif fault == "endless_body":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    chunk = b'{"access_token":"' + b"a" * 65536
                    try:
                        while True:
                            self.wfile.write(chunk)
                            endpoint.streamed += len(chunk)
                    except OSError:
                        endpoint.stream_cut.set()
                    self.close_connection = True
                elif fault == "wrong_content_type":
                    self._send(200, "text/plain", json.dumps({"access_token": "x", "expires_in": 30, "token_type": "bearer"}))
                elif fault == "html":
                    self._send(200, "text/html", "<html><body>Service temporarily unavailable</body></html>")
                elif fault == "server_error":
                    self._send(500, "application/json", '{"error":"server_error"}')

            def _send(self, status, content_type, body):
                body = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            def shutdown_request(self, connection):
                if connection in endpoint.resets:
                    connection.close()
                else:
                    super().shutdown_request(connection)

        self.resets = set()
        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    instance = FaultyEndpoint()
    yield instance
    instance.stop()


@pytest.fixture
def app(frameauth, endpoint, tmp_path):
    """FrameAuth as a PKCE app against the faulty endpoint, which answers as Frame.io's legacy platform does."""
    api_key = "k" * 40
    server = frameauth("--data-dir", str(tmp_path / "data"), env={
        "FRAMEAUTH_PROVIDER": "frameio-legacy",
        "CLIENT_ID": "client-faults",
        "FRAMEAUTH_AUTHORIZE_URL": endpoint.base + "/oauth2/auth",
        "FRAMEAUTH_TOKEN_URL": endpoint.base + "/oauth2/token",
        "FRAMEAUTH_USERINFO_URL": endpoint.base + "/v2/me",
        "FRAMEAUTH_API_KEY": api_key,
    })
    server.api_key = api_key
    server.data_dir = tmp_path / "data"
    return server


def callback(app):
    """/login, then the callback with a code and the state, as the provider would redirect: FrameAuth's answer."""
    login = request(app.base + "/login")
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(login.header("Location")).query)["state"][0]
    return request(f"{app.base}/callback?code=the-code&state={state}", cookies=login.cookies())


def token(app, timeout=10):
    reply = request(app.base + "/api/users/u-fault/token", headers={"Authorization": f"Bearer {app.api_key}"},
                    timeout=timeout)
    return reply.status, json.loads(reply.body)


def users(app):
    reply = request(app.base + "/api/users", headers={"Authorization": f"Bearer {app.api_key}"})
    return [user["id"] for user in json.loads(reply.body)["users"]]


def data_files(app):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(app.data_dir.iterdir())}


def assert_healthy(app):
    assert request(app.base + "/healthz").status == 200


@pytest.mark.parametrize("fault", FAULTS)
def test_callback_answers_502_and_stores_nothing(fault, app, endpoint):
    endpoint.fault = fault
    started = time.monotonic()
    reply = callback(app)
    assert reply.status == 502, reply.body[:300]
    assert b"try again" in reply.body.lower() or b"/login" in reply.body
    assert time.monotonic() - started < 10
    assert users(app) == []
    assert_healthy(app)
    if fault == "endless_body":
        assert endpoint.stream_cut.wait(5), "FrameAuth kept reading an endless token response"
        # Loopback socket buffers hold a few MiB beyond what FrameAuth read.
        assert endpoint.streamed < 64 * 1024 * 1024, endpoint.streamed
        FIGURES.mkdir(parents=True, exist_ok=True)
        with (FIGURES / "figures.txt").open("a") as out:
            out.write(time.strftime("%Y-%m-%d %H:%M:%S ") + f"token endpoint faults: endless body cut after "
                      f"{endpoint.streamed / 1048576:.1f} MiB written by the endpoint (1 MiB cap plus socket buffers)\n")


@pytest.mark.parametrize("fault", FAULTS)
def test_failed_refresh_answers_503_and_changes_no_byte(fault, app, endpoint):
    assert callback(app).status == 303
    status, first = token(app)  # expires_in 30 < the 60 s skew: every call refreshes
    assert status == 200, first
    before = data_files(app)

    endpoint.fault = fault
    status, body = token(app)
    assert (status, body) == (503, {"error": "token_endpoint_unavailable"})
    assert data_files(app) == before
    assert users(app) == ["u-fault"]
    assert_healthy(app)

    endpoint.fault = None
    status, after = token(app)
    assert status == 200, after
    assert endpoint.token_requests[-3:] == ["refresh_token"] * 3


def test_token_endpoint_slower_than_the_time_out(app, endpoint):
    """One case only: it waits out the 15 s total time-out."""
    assert callback(app).status == 303
    assert token(app)[0] == 200
    before = data_files(app)
    endpoint.fault = "slow"
    started = time.monotonic()
    status, body = token(app, timeout=25)
    took = time.monotonic() - started
    with (FIGURES / "figures.txt").open("a") as out:
        out.write(time.strftime("%Y-%m-%d %H:%M:%S ") + f"token endpoint faults: slow endpoint answered 503 after {took:.2f} s\n")
    assert (status, body) == (503, {"error": "token_endpoint_unavailable"})
    assert 14 <= took <= 16.5, took
    assert data_files(app) == before
    assert_healthy(app)
