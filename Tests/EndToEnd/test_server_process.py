"""The built binary over real HTTP: what an operator and a browser see."""
import http.client
import json
import socket
import threading
import time


def get(base_port, path, method="GET", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", base_port, timeout=5)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_landing_page_is_served_with_the_security_headers(frameauth):
    server = frameauth()
    response, body = get(server.port, "/")
    assert response.status == 200
    assert b"FrameAuth" in body
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("X-Frame-Options") == "DENY"


def test_unchanged_file_is_revalidated_with_304(frameauth):
    server = frameauth()
    first, _ = get(server.port, "/style.css")
    etag = first.getheader("ETag")
    assert etag
    second, body = get(server.port, "/style.css", headers={"If-None-Match": etag})
    assert second.status == 304
    assert body == b""


def test_paths_outside_the_public_folder_are_refused(frameauth):
    server = frameauth()
    for path in ["/../Package.swift", "/%2e%2e/Package.swift", "/..%2FPackage.swift", "/a%5c..%5cPackage.swift", "/%00"]:
        response, body = get(server.port, path)
        assert response.status in (400, 404), path
        assert b"swift-tools-version" not in body


def test_access_log_has_one_json_line_per_request_without_the_query(frameauth):
    server = frameauth()
    get(server.port, "/?code=the-code&state=the-state")
    get(server.port, "/missing")
    assert server.stop() == 0
    lines = [json.loads(line) for line in server.access_log.splitlines()]
    assert [(line["path"], line["status"]) for line in lines] == [("/", 200), ("/missing", 404)]
    assert "the-code" not in server.access_log and "the-state" not in server.access_log


def test_sigterm_finishes_the_request_in_flight_and_exits_zero(frameauth):
    server = frameauth()
    # A request whose head is still arriving when SIGTERM lands: it must be
    # answered, not cut off, and the process must then exit 0.
    client = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    client.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n")
    time.sleep(0.2)
    stopper = threading.Thread(target=lambda: setattr(stopper, "code", server.stop()))
    stopper.start()
    time.sleep(0.2)
    client.sendall(b"\r\n")
    reply = b""
    while chunk := client.recv(65536):
        reply += chunk
    stopper.join()
    assert reply.startswith(b"HTTP/1.1 200 OK")
    assert b"Connection: close" in reply
    assert stopper.code == 0


def test_new_connections_are_refused_after_sigterm(frameauth):
    server = frameauth()
    assert server.stop() == 0
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        connected = True
    except OSError:
        connected = False
    assert not connected
