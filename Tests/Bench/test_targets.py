"""The targets table, the PASS/MISS check, and the exit status it leads to."""
import pytest

from frameauth_bench.parsers import WrkResult
from frameauth_bench.sections.nginx_comparison import HttpRun, comparison_table
from frameauth_bench.settings import LOGIN_PATH, TOKEN_PATH
from frameauth_bench.targets import (CPU_PER_REQUEST, P99_VS_NGINX, PEAK_RSS, REQUESTS_VS_NGINX, STORE_GROWTH,
                                     STORED_USERS_READY, STORED_USERS_RSS, Scorecard, Target, exit_status, http_row,
                                     targets_on_row)


def test_the_issues_values():
    token, login = targets_on_row(http_row(TOKEN_PATH, 64)), targets_on_row(http_row(LOGIN_PATH, 64))
    assert (token[REQUESTS_VS_NGINX].value, token[CPU_PER_REQUEST].value) == (0.75, 18)
    assert (login[REQUESTS_VS_NGINX].value, login[CPU_PER_REQUEST].value) == (0.8, 15)
    assert targets_on_row(http_row(TOKEN_PATH, 1000))[P99_VS_NGINX].value == 2
    assert targets_on_row(http_row(LOGIN_PATH, 1000))[P99_VS_NGINX].value == 3
    assert targets_on_row(http_row("/healthz", 64)) == {}
    assert [t.value for t in (PEAK_RSS, STORE_GROWTH, STORED_USERS_READY, STORED_USERS_RSS)] == [40, 2, 300, 100]


@pytest.mark.parametrize("comparison, measured, met", [
    ("<=", 2.0, True), ("<=", 2.01, False), (">=", 2.0, True), (">=", 1.99, False),
    ("<", 2.0, False), ("<", 1.99, True), ("==", 2, True), ("==", 3, False),
])
def test_a_target_is_met_at_its_bound_unless_strict(comparison, measured, met):
    assert Target("row", "figure", comparison, 2, "x").met_by(measured) is met


def test_thresholds_read_as_the_table_writes_them():
    assert STORE_GROWTH.describe() == "target <= 2x"
    assert STORED_USERS_READY.describe() == "target <= 300 ms"
    assert STORED_USERS_RSS.describe() == "target <= 100 MiB"


def test_the_scorecard_counts_misses_only():
    scorecard = Scorecard()
    assert scorecard.verdict(PEAK_RSS, 39.9) == "PASS"
    assert scorecard.verdict(PEAK_RSS, 40) == "MISS"
    assert scorecard.verdict_and_target(STORED_USERS_READY, 301) == "MISS (target <= 300 ms)"
    assert scorecard.misses == 2


@pytest.mark.parametrize("misses, fail_on_miss, status", [(0, True, 0), (1, True, 1), (3, False, 0), (0, False, 0)])
def test_exit_status(misses, fail_on_miss, status):
    assert exit_status(misses, fail_on_miss) == status


def run(server, connections, rps, p99_us, cpu_us, errors=0):
    return HttpRun(LOGIN_PATH, connections, server, 1, WrkResult(rps, 500.0, p99_us, errors, 0, 1000), cpu_us)


def test_the_table_judges_only_the_figures_with_targets():
    scorecard = Scorecard()
    lines = comparison_table([
        run("frameauth", 64, 7900.0, 4000.0, 15.0), run("nginx", 64, 10000.0, 2000.0, 10.0),
        run("frameauth", 1000, 5000.0, 3000.0, 20.0), run("nginx", 1000, 10000.0, 1000.0, 10.0, errors=2),
    ], scorecard)
    frameauth_64, nginx_64, frameauth_1000, nginx_1000 = lines[1:5]
    # /login at 64: req/s 0.79x nginx (MISS at 0.8x), CPU 15.0 (PASS at <= 15), p99 not judged.
    assert frameauth_64.split() == ["/login", "64", "frameauth", "7900", "(7900-7900)", "500us", "4.00ms",
                                    "(4.00ms-4.00ms)", "0", "PASS", "15.0", "PASS", "0.79x", "MISS", "2.00x"]
    # At 1000: p99 3.00x nginx (PASS at <= 3x); CPU and req/s not judged.
    assert frameauth_1000.split()[-6:] == ["0", "PASS", "20.0", "0.50x", "3.00x", "PASS"]
    assert nginx_1000.split()[8:10] == ["2", "(!)"]
    assert nginx_64.split()[-2:] == ["-", "-"]
    assert lines[-4:-1] == [
        "targets (/api/users/bench-user/token): at 64 conns req/s >= 0.75x nginx and CPU <= 18 us/req; "
        "at 1000 conns p99 <= 2x nginx",
        "targets (/login): at 64 conns req/s >= 0.8x nginx and CPU <= 15 us/req; at 1000 conns p99 <= 3x nginx",
        "zero errors on every frameauth row",
    ]
    assert lines[-1].startswith("(!) nginx itself had errors")
    assert scorecard.misses == 1
