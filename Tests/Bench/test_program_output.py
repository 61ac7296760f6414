"""What the side programs, curl and df print, as bench/run reads it."""
import pytest

from frameauth_bench.parsers import (ColdStart, ParseError, StoreRun, StoreWindow, comparable_body,
                                     connections_count, filesystem_type, header_value, parse_cold_start,
                                     parse_store_output, parse_store_windows, state_parameter, version_line)


def test_store_output_windows_and_reopen(sample):
    assert parse_store_output(sample("store-100000.tsv")) == StoreRun(
        windows=(StoreWindow(1, 249.398, 360.727, 465), StoreWindow(1000, 210.495, 281.067, 478),
                 StoreWindow(99901, 214.813, 298.068, 484)),
        reopen_ms=634.932603, users=100000)


def test_store_output_without_reopen_is_refused(sample):
    persist_only = "".join(line for line in sample("store-100000.tsv").splitlines(True) if line.startswith("persist"))
    with pytest.raises(ParseError):
        parse_store_output(persist_only)


def test_store_output_on_redis_is_its_windows_alone(sample):
    assert parse_store_windows(sample("store-redis-2000.tsv")) == (
        StoreWindow(1, 199.955, 259.908, 0), StoreWindow(1000, 204.394, 249.709, 0),
        StoreWindow(1901, 204.033, 236.724, 0))


def test_store_windows_of_a_journal_run_leave_out_its_reopen_line(sample):
    assert parse_store_windows(sample("store-100000.tsv")) == parse_store_output(sample("store-100000.tsv")).windows


def test_store_output_without_a_window_is_refused():
    with pytest.raises(ParseError):
        parse_store_windows("reopen\t634.932603\t100000\n")


def test_cold_start_line(sample):
    assert parse_cold_start(sample("coldstart.txt")) == ColdStart(ms=140.7, rss_kib=21352)


def test_provider_connections(sample):
    assert connections_count(sample("provider-connections.json")) == 1


def test_login_location_and_cookie_from_curls_head(sample):
    head = sample("curl-login-head.txt")
    assert header_value(head, "Set-Cookie") == (
        "frameauth_login=_z2OuHTJAflg_DulDFchyVZNbYrqhezLZ2DAGINQH1K1L70jzowTcytgwfa3MnO7j4K8QQ; "
        "Path=/; Max-Age=600; HttpOnly; SameSite=Lax")
    location = header_value(head, "location")
    assert location.startswith("http://127.0.0.1:38612/oauth2/auth?response_type=code&")
    assert location.endswith("&code_challenge_method=S256")
    assert header_value(head, "Retry-After") is None


def test_state_from_the_location(sample):
    location = header_value(sample("curl-login-head.txt"), "Location")
    assert state_parameter(location) == "otsyCWdtRJgaUhFLjuVXk1xiZfi77V5AIOsPLtio4e0"
    assert state_parameter("http://127.0.0.1/oauth2/auth?client_id=x") is None


def test_comparable_body_ignores_only_expires_in():
    frameauth = b'{"access_token":"a","expires_in":3597,"token_type":"bearer"}'
    nginx = b'{"access_token":"a","expires_in":3600,"token_type":"bearer"}'
    comparable = b'{"access_token":"a","expires_in":N,"token_type":"bearer"}'
    assert comparable_body(frameauth) == comparable_body(nginx) == comparable
    assert comparable_body(b'{"access_token":"b","expires_in":3600}') != comparable_body(nginx)


def test_filesystem_type(sample):
    assert filesystem_type(sample("df-fstype.txt")) == "ext4"


def test_tool_versions(sample):
    assert version_line(sample("wrk-version.txt"), words=2) == "wrk debian/4.1.0-3+b2"
    assert version_line(sample("curl-version.txt"), words=2) == "curl 7.88.1"
    assert version_line("nginx version: nginx/1.22.1\n") == "nginx version: nginx/1.22.1"
