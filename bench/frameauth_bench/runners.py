"""The programs bench/run drives and reads back: wrk, bench/coldstart.py,
frameauth-bench-store and curl. Each function runs one and returns what it
printed, parsed."""
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .console import BenchError
from .context import RunContext
from .parsers import ColdStart, ParseError, StoreRun, WrkResult, parse_cold_start, parse_store_output, parse_wrk_output
from .settings import API_KEY, STORE_WINDOW


def request_headers(path: str) -> list[str]:
    """Extra request headers for a path, as curl and wrk both take them: the API key for /api/."""
    return ["-H", f"Authorization: Bearer {API_KEY}"] if path.startswith("/api/") else []


def wrk_command(threads: int, connections: int, duration: str, url: str, headers: list[str],
                latency: bool = True) -> list[str]:
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", *(["--latency"] if latency else []),
            *headers, url]


def run_wrk(context: RunContext, *, threads: int, connections: int, url: str, headers: list[str],
            output: Path, against: str) -> WrkResult:
    """One measured run of the settings' duration; wrk's report is kept in `output`."""
    command = wrk_command(threads, connections, context.settings.duration, url, headers)
    with output.open("w") as report:
        returncode = context.processes.run("wrk", command, stdout=report, stderr=subprocess.STDOUT)
    if returncode != 0:
        raise BenchError(f"wrk failed against {against} (see {output})")
    try:
        return parse_wrk_output(output.read_text())
    except ParseError:
        raise BenchError(f"could not parse {output}") from None


def warm_up(context: RunContext, url: str, headers: list[str]) -> None:
    """A short unrecorded run, so first-touch costs land in neither server's numbers."""
    context.processes.run("wrk", wrk_command(1, 64, "1s", url, headers, latency=False),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@dataclass(frozen=True)
class StartTimes:
    """Several starts of one server: spawn to the first 200, and RSS once idle."""

    median_ms: float
    min_ms: float
    max_ms: float
    median_rss_kib: float

    @classmethod
    def of(cls, starts: list[ColdStart]) -> "StartTimes":
        times = [start.ms for start in starts]
        return cls(statistics.median(times), min(times), max(times),
                   statistics.median(start.rss_kib for start in starts))

    def text(self) -> str:
        """As the table writes it: "18.1 ms (16.9-22.4)"."""
        return f"{self.median_ms:.1f} ms ({self.min_ms:.1f}-{self.max_ms:.1f})"


def start_times(context: RunContext, count: int, url: str,
                command_for_start: Callable[[int], list[str]]) -> StartTimes:
    """bench/coldstart.py `count` times; the command may differ per start (a fresh data dir)."""
    starts = []
    for number in range(1, count + 1):
        command = command_for_start(number)
        # Popen, not subprocess.run: run() SIGKILLs its child on Ctrl-C, and
        # bench/coldstart.py must live to stop the server it spawned.
        process = subprocess.Popen([sys.executable, str(context.paths.side_program("coldstart.py")), url, *command],
                                   stdout=subprocess.PIPE, text=True)
        output, _ = process.communicate()
        if process.returncode != 0:
            raise BenchError(f"no 200 from {url} on start {number}: {' '.join(command)}")
        starts.append(parse_cold_start(output))
    return StartTimes.of(starts)


def sign_in_users(context: RunContext, data_dir: Path, users: int, output: Path) -> StoreRun:
    """frameauth-bench-store signs `users` in to a fresh store in data_dir; its lines are kept in `output`."""
    with output.open("w") as lines:
        finished = subprocess.run([context.paths.store_bench, data_dir, str(users), str(STORE_WINDOW)], stdout=lines)
    if finished.returncode != 0:
        raise BenchError(f"frameauth-bench-store failed ({users} users)")
    return parse_store_output(output.read_text())


def curl(*arguments: str | Path) -> str:
    """curl -s; its stdout (the -w figures, or a body)."""
    return subprocess.run(["curl", "-s", *map(str, arguments)], stdout=subprocess.PIPE, text=True).stdout
