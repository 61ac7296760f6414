"""FrameAuth against nginx on the same paths with the same response shapes:
wrk at each load, alternating the servers (A B A B), with the CPU each
spent per request from /proc and their peak RSS after the load."""
import os
import re
import statistics
import time
from dataclasses import dataclass

from ..console import BenchError, log, note
from ..context import RunContext
from ..formatting import latency_text
from ..parsers import WrkResult, comparable_body, header_value, state_parameter
from ..processes import cpu_ticks, peak_rss_kib, wait_for_port
from ..runners import curl, request_headers, run_wrk, warm_up
from ..servers import frameauth_command, start_frameauth, start_nginx, start_provider
from ..settings import LOADS, ROUTES, TOKEN_PATH
from ..targets import (CPU_PER_REQUEST, FRAMEAUTH_ERRORS, P99_VS_NGINX, REQUESTS_VS_NGINX, Scorecard, Target,
                       http_row, targets_on_row)

CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
RESULTS_COLUMNS = ("path", "conns", "server", "run", "rps", "p50_us", "p99_us", "socket_errors", "non_2xx_3xx",
                   "requests", "cpu_us_per_req")
TABLE_ROW = "{:<28} {:>5}  {:<9}  {:<24} {:>8}  {:<25} {:<9} {:<13} {:<14} {}"
TABLE_COLUMNS = ("path", "conns", "server", "req/s (min-max)", "p50", "p99 (min-max)", "errors", "CPU us/req",
                 "vs nginx req/s", "p99 ratio")


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    cpu_pids: tuple[int, ...]      # what serves: frameauth, or nginx's workers
    memory_pids: tuple[int, ...]   # all of it: frameauth, or nginx's master and workers


@dataclass(frozen=True)
class HttpRun:
    """One measured wrk run against one server."""

    path: str
    connections: int
    server: str
    pair: int
    wrk: WrkResult
    cpu_us_per_request: float

    def tsv_line(self) -> str:
        wrk = self.wrk
        return "\t".join([self.path, str(self.connections), self.server, str(self.pair),
                          f"{wrk.requests_per_second:.10g}", f"{wrk.p50_us:.10g}", f"{wrk.p99_us:.10g}",
                          str(wrk.socket_errors), str(wrk.non_2xx_3xx), str(wrk.requests),
                          f"{self.cpu_us_per_request:.2f}"])

    def progress_line(self) -> str:
        wrk = self.wrk
        return (f"   {self.server:<10} {self.path:<12} c={self.connections:<5} run {self.pair}: "
                f"{wrk.requests_per_second:10.0f} req/s  p50 {wrk.p50_us:8.0f} us  p99 {wrk.p99_us:8.0f} us  "
                f"errors {wrk.errors}  cpu {self.cpu_us_per_request:.2f} us/req")


@dataclass(frozen=True)
class Comparison:
    lines: list[str]
    frameauth_peak_rss_kib: int
    nginx_peak_rss_kib: int


def nginx_comparison_section(context: RunContext) -> Comparison:
    """Starts the stand-in token endpoint, frameauth (with bench-user signed
    in) and nginx; checks they answer alike; measures; stops both servers so
    the start-up section can take their ports."""
    ports, out = context.ports, context.paths.out
    log(f"starting the stand-in token endpoint on 127.0.0.1:{ports.provider}")
    start_provider(context, "provider", ports.provider)
    wait_for_port(ports.provider)
    log(f"starting frameauth on 127.0.0.1:{ports.frameauth}")
    frameauth = start_frameauth(context, frameauth_command(context, out / "data"), out / "frameauth-access.log",
                                out / "frameauth-stderr.log", "/healthz")
    token_body = _sign_in_bench_user(context)
    location, cookie = _login_headers(context)
    log(f"starting nginx on 127.0.0.1:{ports.nginx}")
    nginx, workers = start_nginx(context, {"@LOCATION@": location, "@TOKEN_BODY@": token_body, "@COOKIE@": cookie})
    servers = (Server("frameauth", ports.frameauth_url, (frameauth,), (frameauth,)),
               Server("nginx", ports.nginx_url, tuple(workers), (nginx, *workers)))
    _check_same_responses(context, servers)
    runs = _measure(context, servers)
    frameauth_peak, nginx_peak = (peak_rss_kib(server.memory_pids) for server in servers)
    context.processes.stop("frameauth")
    context.processes.stop("nginx")
    return Comparison(comparison_table(runs, context.scorecard), frameauth_peak, nginx_peak)


def _sign_in_bench_user(context: RunContext) -> str:
    """As a browser would: /login sets the binding cookie and names the
    state; /callback with both exchanges the code at the stand-in. Returns
    the token API's body, which nginx will send back."""
    log("signing bench-user in through /login and /callback")
    base, out = context.ports.frameauth_url, context.paths.out
    jar = out / "cookies.txt"
    state = state_parameter(curl("-c", jar, "-o", "/dev/null", "-w", "%{redirect_url}", f"{base}/login"))
    if not state:
        raise BenchError("no state in /login's Location")
    status = curl("-b", jar, "-c", jar, "-o", "/dev/null", "-w", "%{http_code}",
                  f"{base}/callback?code=bench-code&state={state}")
    if status != "303":
        raise BenchError(f"/callback answered {status}, not 303 (see {out}/frameauth-stderr.log)")
    token_body = curl(*request_headers(TOKEN_PATH), base + TOKEN_PATH).rstrip("\n")
    if '"access_token"' not in token_body:
        raise BenchError(f"{TOKEN_PATH} gave no token: {token_body}")
    return token_body


def _login_headers(context: RunContext) -> tuple[str, str]:
    """frameauth's /login Location and Set-Cookie, for nginx to send back verbatim."""
    head = curl("-o", "/dev/null", "-D", "-", f"{context.ports.frameauth_url}/login")
    location, cookie = header_value(head, "Location"), header_value(head, "Set-Cookie")
    if not location or not cookie:
        raise BenchError("frameauth's /login gave no Location or Set-Cookie")
    return location, cookie


def _file_name_part(path: str) -> str:
    """A path as a file-name fragment: /style.css -> _style.css."""
    return re.sub(r"[^A-Za-z0-9.]", "_", path)


def _check_same_responses(context: RunContext, servers: tuple[Server, ...]) -> None:
    """Status, Content-Type and body bytes must match before anything is
    measured. Header sizes are shown, not compared (nginx adds its own)."""
    log("checking both servers answer the same")
    out = context.paths.out
    for route in ROUTES:
        headers = request_headers(route.path)
        shapes, bodies = [], []
        for server in servers:
            body_file = out / f"shape-{server.name}-{_file_name_part(route.path)}.body"
            url = server.url + route.path
            shapes.append(curl(*headers, "-o", body_file, "-w", "%{http_code} %{content_type}", url))
            bodies.append(body_file.read_bytes())
            header_bytes = curl(*headers, "-o", "/dev/null", "-w", "%{size_header}", url)
            note(f"   {server.name:<10} {route.path:<12} {shapes[-1]}, {len(bodies[-1])} body bytes, "
                 f"{header_bytes} header bytes")
        frameauth_shape, nginx_shape = shapes
        # With no body, only the status has to match (nginx labels even an empty 302).
        if bodies[0]:
            if frameauth_shape != nginx_shape:
                raise BenchError(f"{route.path}: status/Content-Type differ: '{frameauth_shape}' vs '{nginx_shape}'")
        elif frameauth_shape.split(" ")[0] != nginx_shape.split(" ")[0]:
            raise BenchError(f"{route.path}: statuses differ: '{frameauth_shape}' vs '{nginx_shape}'")
        if comparable_body(bodies[0]) != comparable_body(bodies[1]):
            raise BenchError(f"{route.path}: bodies differ (see {out}/shape-*.body)")


def _measure(context: RunContext, servers: tuple[Server, ...]) -> list[HttpRun]:
    """Every route at every load, the servers in turn (A B A B) for the
    settings' pairs; each run is also a line of results.tsv."""
    settings, results = context.settings, context.paths.results
    results.write_text("\t".join(RESULTS_COLUMNS) + "\n")
    log(f"measuring: {len(ROUTES) * len(LOADS) * settings.pairs * len(servers)} wrk runs of {settings.duration}")
    runs = []
    for route in ROUTES:
        for server in servers:
            warm_up(context, server.url + route.path, request_headers(route.path))
        for threads, connections in LOADS:
            for pair in range(1, settings.pairs + 1):
                for server in servers:
                    run = _measure_run(context, server, route.path, threads, connections, pair)
                    with results.open("a") as tsv:
                        tsv.write(run.tsv_line() + "\n")
                    runs.append(run)
    return runs


def _measure_run(context: RunContext, server: Server, path: str, threads: int, connections: int,
                 pair: int) -> HttpRun:
    out = context.paths.out
    report = out / f"wrk-{server.name}-{_file_name_part(path)}-c{connections}-{pair}.txt"
    # Each access log keeps only its server's latest run, so bench/out stays small.
    access_log = out / f"{server.name}-access.log"
    access_log.write_bytes(b"")
    ticks_before = cpu_ticks(server.cpu_pids)
    wrk = run_wrk(context, threads=threads, connections=connections, url=server.url + path,
                  headers=request_headers(path), output=report, against=server.name)
    ticks = cpu_ticks(server.cpu_pids) - ticks_before
    if wrk.requests <= 0:
        raise BenchError(f"no requests completed (see {report})")
    # Both servers must pay for logging, or the comparison is off.
    time.sleep(0.2)
    if access_log.stat().st_size == 0:
        raise BenchError(f"{server.name} wrote no access log lines during the run")
    run = HttpRun(path, connections, server.name, pair, wrk, ticks * 1e6 / CLOCK_TICKS_PER_SECOND / wrk.requests)
    note(run.progress_line())
    time.sleep(1)   # let the previous run's connections close before the next one
    return run


# --- the table -------------------------------------------------------------------

@dataclass(frozen=True)
class RowFigures:
    """One row of the table: the medians over its runs, with the spread of req/s and p99."""

    requests_per_second: float
    requests_per_second_min: float
    requests_per_second_max: float
    p50_us: float
    p99_us: float
    p99_min_us: float
    p99_max_us: float
    cpu_us_per_request: float
    errors: int   # summed over the runs

    @classmethod
    def of(cls, runs: list[HttpRun]) -> "RowFigures":
        rps = [run.wrk.requests_per_second for run in runs]
        p99 = [run.wrk.p99_us for run in runs]
        return cls(statistics.median(rps), min(rps), max(rps),
                   statistics.median(run.wrk.p50_us for run in runs),
                   statistics.median(p99), min(p99), max(p99),
                   statistics.median(run.cpu_us_per_request for run in runs),
                   sum(run.wrk.errors for run in runs))


def comparison_table(runs: list[HttpRun], scorecard: Scorecard) -> list[str]:
    """The table's rows in the order they were first measured, then the targets."""
    runs_by_row: dict[tuple[str, int, str], list[HttpRun]] = {}
    for run in runs:
        runs_by_row.setdefault((run.path, run.connections, run.server), []).append(run)
    rows = {key: RowFigures.of(row_runs) for key, row_runs in runs_by_row.items()}
    lines = [TABLE_ROW.format(*TABLE_COLUMNS)]
    for (path, connections, server), figures in rows.items():
        nginx = rows.get((path, connections, "nginx"))
        lines.append(_table_line(path, connections, server, figures, nginx, scorecard))
    lines += _target_lines()
    if any(figures.errors for (_, _, server), figures in rows.items() if server == "nginx"):
        lines.append("(!) nginx itself had errors: the load, not frameauth, may be the limit; "
                     "treat those rows with care")
    return lines


def _table_line(path: str, connections: int, server: str, figures: RowFigures, nginx: RowFigures | None,
                scorecard: Scorecard) -> str:
    """A row; on frameauth's, the ratios to nginx and a verdict after each figure with a target."""
    errors, cpu = str(figures.errors), f"{figures.cpu_us_per_request:.1f}"
    requests_ratio = p99_ratio = "-"
    if server == "frameauth":
        targets = targets_on_row(http_row(path, connections))
        errors += _verdict(scorecard, FRAMEAUTH_ERRORS, figures.errors)
        cpu += _verdict(scorecard, targets.get(CPU_PER_REQUEST), figures.cpu_us_per_request)
        if nginx is not None:
            ratio = figures.requests_per_second / nginx.requests_per_second
            requests_ratio = f"{ratio:.2f}x" + _verdict(scorecard, targets.get(REQUESTS_VS_NGINX), ratio)
            ratio = figures.p99_us / nginx.p99_us
            p99_ratio = f"{ratio:.2f}x" + _verdict(scorecard, targets.get(P99_VS_NGINX), ratio)
    elif figures.errors:
        errors += " (!)"   # the load generator or the machine was the limit
    requests = (f"{figures.requests_per_second:.0f} "
                f"({figures.requests_per_second_min:.0f}-{figures.requests_per_second_max:.0f})")
    p99 = f"{latency_text(figures.p99_us)} ({latency_text(figures.p99_min_us)}-{latency_text(figures.p99_max_us)})"
    return TABLE_ROW.format(path, connections, server, requests, latency_text(figures.p50_us), p99, errors, cpu,
                            requests_ratio, p99_ratio)


def _verdict(scorecard: Scorecard, target: Target | None, measured: float) -> str:
    """" PASS" or " MISS" after a figure with a target; nothing after one without."""
    return f" {scorecard.verdict(target, measured)}" if target else ""


def _target_lines() -> list[str]:
    """The speed targets of each judged path, then the one for errors."""
    lines = []
    for route in ROUTES:
        light, heavy = targets_on_row(http_row(route.path, 64)), targets_on_row(http_row(route.path, 1000))
        if not light:
            continue   # there to compare
        rps, cpu, p99 = light[REQUESTS_VS_NGINX], light[CPU_PER_REQUEST], heavy[P99_VS_NGINX]
        lines.append(f"targets ({route.path}): at 64 conns req/s {rps.comparison} {rps.threshold} nginx and "
                     f"CPU {cpu.comparison} {cpu.threshold}; at 1000 conns p99 {p99.comparison} {p99.threshold} nginx")
    lines.append("zero errors on every frameauth row")
    return lines
