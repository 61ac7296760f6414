"""wrk's --latency report -> req/s, p50, p99, errors and requests."""
import pytest

from frameauth_bench.parsers import ParseError, WrkResult, latency_us, parse_wrk_output


def test_a_clean_run_against_nginx(sample):
    assert parse_wrk_output(sample("wrk-nginx-healthz.txt")) == WrkResult(
        requests_per_second=76066.87, p50_us=530.0, p99_us=4580.0, socket_errors=0, non_2xx_3xx=0,
        requests=760831)


def test_non_2xx_responses_are_errors(sample):
    result = parse_wrk_output(sample("wrk-http-server-404.txt"))
    assert (result.requests, result.non_2xx_3xx, result.socket_errors, result.errors) == (1582, 1582, 0, 1582)
    assert (result.requests_per_second, result.p50_us, result.p99_us) == (790.47, 3290.0, 12220.0)


def test_socket_errors_add_up_connect_read_write_and_timeout(sample):
    result = parse_wrk_output(sample("wrk-http-server-timeouts.txt"))
    assert (result.socket_errors, result.non_2xx_3xx, result.errors) == (5, 0, 5)
    assert (result.requests, result.requests_per_second) == (2501, 825.77)
    assert (result.p50_us, result.p99_us) == (6470.0, 214970.0)


def test_latencies_in_seconds_with_trailing_spaces(sample):
    result = parse_wrk_output(sample("wrk-slow-server.txt"))
    assert (result.p50_us, result.p99_us) == (1_200_000.0, 1_210_000.0)
    assert (result.requests, result.requests_per_second) == (22, 5.49)


def test_a_failed_run_is_not_parsed(sample):
    with pytest.raises(ParseError):
        parse_wrk_output(sample("wrk-connection-refused.txt"))


def test_a_report_without_its_latency_distribution_is_not_parsed(sample):
    without_latency = "\n".join(line for line in sample("wrk-nginx-healthz.txt").splitlines() if "%  " not in line)
    with pytest.raises(ParseError):
        parse_wrk_output(without_latency)


@pytest.mark.parametrize("text, microseconds", [
    ("530.00us", 530.0), ("4.58ms", 4580.0), ("1.20s", 1_200_000.0), ("2.00m", 120_000_000.0),
    ("1.00h", 3_600_000_000.0),
])
def test_latency_units(text, microseconds):
    assert latency_us(text) == pytest.approx(microseconds)


def test_a_latency_without_a_unit_is_refused():
    with pytest.raises(ParseError):
        latency_us("530.00")
