"""/readyz and /metrics from the built binary, read by Prometheus's own parser."""
import http.client
import json
import re
import socket
import time

from prometheus_client.parser import text_string_to_metric_families

API_KEY = "e2e-api-key-0123456789abcdef0123456789"


def request(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def start_with_metrics(frameauth, tmp_path):
    """A configured FrameAuth (so it has a session store) with metrics on a free port,
    pinned to Frame.io's legacy platform, which it was written for (V4 is the default)."""
    config = tmp_path / "frameauth.json"
    config.write_text(json.dumps({"client_id": "e2e-client", "api_key": API_KEY}))
    server = frameauth("--config", str(config), "--metrics-port", "0", env={"FRAMEAUTH_PROVIDER": "frameio-legacy"})
    deadline = time.monotonic() + 10
    while not (match := re.search(r"metrics on http://127\.0\.0\.1:(\d+)/metrics", server.error_log)):
        assert time.monotonic() < deadline, server.error_log
        time.sleep(0.05)
    return server, int(match.group(1))


def scrape(metrics_port):
    response, body = request(metrics_port, "/metrics")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/plain; version=0.0.4; charset=utf-8"
    text = body.decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    return text, families


def sample_value(family, name, **labels):
    matches = [sample.value for sample in family.samples if sample.name == name and sample.labels == labels]
    assert len(matches) == 1, (name, labels, family.samples)
    return matches[0]


def test_readyz_is_200_once_the_store_is_loaded(frameauth, tmp_path):
    server, _ = start_with_metrics(frameauth, tmp_path)
    response, body = request(server.port, "/readyz")
    assert response.status == 200
    assert body == b"ready\n"


def test_metrics_are_served_on_their_own_port_only(frameauth, tmp_path):
    server, metrics_port = start_with_metrics(frameauth, tmp_path)
    assert metrics_port != server.port
    assert request(server.port, "/metrics")[0].status == 404
    assert request(metrics_port, "/healthz")[0].status == 404


def test_metrics_count_requests_logins_and_report_gauges(frameauth, tmp_path):
    server, metrics_port = start_with_metrics(frameauth, tmp_path)
    for path in ["/healthz", "/healthz", "/readyz", "/missing", "/callback?code=c&state=forged-state"]:
        request(server.port, path)
    assert request(server.port, "/login")[0].status == 302
    token = request(server.port, "/api/users/user-9b1f/token", {"Authorization": f"Bearer {API_KEY}"})
    assert token[0].status == 404
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
        raw.sendall(b"NOT HTTP\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.1 400")

    text, families = scrape(metrics_port)
    assert set(families) == {
        "frameauth_http_requests", "frameauth_logins", "frameauth_token_refreshes",
        "frameauth_token_endpoint_duration_seconds", "frameauth_live_sessions", "frameauth_open_connections",
        "frameauth_revocations", "frameauth_api_requests", "frameauth_records_sealed_with_previous_keys",
    }
    # The one configured key carried the token call; nothing needs a previous key.
    assert sample_value(families["frameauth_api_requests"], "frameauth_api_requests_total", key="1") == 1
    assert sample_value(families["frameauth_api_requests"], "frameauth_api_requests_total", key="none") == 0
    assert sample_value(families["frameauth_records_sealed_with_previous_keys"],
                        "frameauth_records_sealed_with_previous_keys") == 0
    requests = families["frameauth_http_requests"]
    assert requests.type == "counter"
    counted = {(s.labels["route"], s.labels["status"]): s.value for s in requests.samples if s.name.endswith("_total")}
    assert counted == {
        ("/healthz", "200"): 2, ("/readyz", "200"): 1, ("other", "404"): 1, ("/callback", "400"): 1,
        ("/login", "302"): 1, ("/api/users/{id}/token", "404"): 1, ("refused", "400"): 1,
    }

    logins = families["frameauth_logins"]
    assert sample_value(logins, "frameauth_logins_total", result="invalid_state") == 1
    assert sample_value(logins, "frameauth_logins_total", result="success") == 0
    refreshes = families["frameauth_token_refreshes"]
    assert {s.labels["result"] for s in refreshes.samples if s.name.endswith("_total")} == {
        "success", "rejected", "expired", "unavailable", "storage_failed", "client_refused"}

    revocations = families["frameauth_revocations"]
    assert revocations.type == "counter"
    assert {s.labels["result"]: s.value for s in revocations.samples if s.name.endswith("_total")} == {
        "success": 0, "failed": 0}

    latency = families["frameauth_token_endpoint_duration_seconds"]
    assert latency.type == "histogram"
    for grant in ["authorization_code", "refresh_token"]:
        buckets = [s for s in latency.samples if s.name.endswith("_bucket") and s.labels["grant_type"] == grant]
        assert buckets[-1].labels["le"] == "+Inf"
        assert [float(b.labels["le"]) for b in buckets] == sorted(float(b.labels["le"]) for b in buckets)
        assert sample_value(latency, "frameauth_token_endpoint_duration_seconds_count", grant_type=grant) == 0

    assert families["frameauth_live_sessions"].type == "gauge"
    assert sample_value(families["frameauth_live_sessions"], "frameauth_live_sessions") == 0
    assert families["frameauth_open_connections"].type == "gauge"
    assert sample_value(families["frameauth_open_connections"], "frameauth_open_connections") >= 0
    for secret in ["user-9b1f", "forged-state", API_KEY, "/missing"]:
        assert secret not in text
