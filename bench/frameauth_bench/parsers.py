"""Pure parsers for the text bench/run and bench/replicas.py read back: wrk's
report, /proc files, curl's output, and what bench/coldstart.py,
bench/provider.py and frameauth-bench-store print. No I/O: each takes text
and returns values."""
import json
import re
from dataclasses import dataclass


class ParseError(ValueError):
    """The text is not in the shape the parser expects."""


# --- wrk ---------------------------------------------------------------------

MICROSECONDS_PER_UNIT = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 6e7, "h": 3.6e9}


@dataclass(frozen=True)
class WrkResult:
    """The figures of one wrk --latency run."""

    requests_per_second: float
    p50_us: float
    p99_us: float
    socket_errors: int   # connect + read + write + timeout
    non_2xx_3xx: int
    requests: int

    @property
    def errors(self) -> int:
        return self.socket_errors + self.non_2xx_3xx


def latency_us(text: str) -> float:
    """A latency as wrk prints it ("530.00us", "4.58ms", "1.20s") in microseconds."""
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m|h)", text)
    if match is None:
        raise ParseError(f"not a wrk latency: {text!r}")
    return float(match[1]) * MICROSECONDS_PER_UNIT[match[2]]


def _search(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern, text, re.MULTILINE)


def parse_wrk_output(report: str) -> WrkResult:
    """wrk --latency's report; the error lines are there only when non-zero."""
    percentiles = dict(re.findall(r"^\s*(\d+)%\s+(\S+)", report, re.MULTILINE))
    requests = _search(r"^\s*(\d+) requests in ", report)
    requests_per_second = _search(r"^Requests/sec:\s+([0-9.]+)", report)
    if requests is None or requests_per_second is None or not {"50", "99"} <= percentiles.keys():
        raise ParseError("no requests, Requests/sec or 50%/99% latency in wrk's report")
    socket_errors = _search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    non_2xx_3xx = _search(r"Non-2xx or 3xx responses: (\d+)", report)
    return WrkResult(
        requests_per_second=float(requests_per_second[1]),
        p50_us=latency_us(percentiles["50"]),
        p99_us=latency_us(percentiles["99"]),
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
        non_2xx_3xx=int(non_2xx_3xx[1]) if non_2xx_3xx else 0,
        requests=int(requests[1]),
    )


# --- /proc ---------------------------------------------------------------------

def stat_field(stat: str, number: int) -> int:
    """Field `number` (numbered as in proc(5), from 3) of /proc/PID/stat. The
    text after the last ')' is split, since comm may hold spaces and ')'."""
    fields = stat.rpartition(")")[2].split()
    if number < 3 or number - 3 >= len(fields):
        raise ParseError(f"/proc/PID/stat has no field {number}")
    return int(fields[number - 3])


def cpu_ticks(stat: str) -> int:
    """utime + stime (fields 14 and 15), in clock ticks."""
    return stat_field(stat, 14) + stat_field(stat, 15)


def parent_pid(stat: str) -> int:
    return stat_field(stat, 4)


def start_time(stat: str) -> int:
    """Field 22: tells a pid we recorded from a recycled one."""
    return stat_field(stat, 22)


def kib_field(text: str, key: str) -> int:
    """A "Key:   1234 kB" line of /proc/PID/status or /proc/meminfo, in KiB."""
    match = _search(rf"^{re.escape(key)}:\s+(\d+) kB$", text)
    if match is None:
        raise ParseError(f"no {key} line")
    return int(match[1])


def cpu_model(cpuinfo: str) -> str:
    """The first "model name" of /proc/cpuinfo."""
    match = _search(r"^model name\s*: (.*)$", cpuinfo)
    if match is None:
        raise ParseError("no model name in /proc/cpuinfo")
    return match[1]


def load_average(loadavg: str) -> str:
    """/proc/loadavg's 1, 5 and 15 minute figures."""
    return " ".join(loadavg.split()[:3])


def version_line(output: str, words: int | None = None) -> str:
    """A tool's version: the first line of its output, or its first `words` words."""
    first_line = output.splitlines()[0] if output else ""
    return " ".join(first_line.split(" ")[:words])


# --- the side programs ---------------------------------------------------------

@dataclass(frozen=True)
class StoreWindow:
    """A window of sign-ins timed by frameauth-bench-store."""

    first_sign_in: int
    median_us: float
    p90_us: float
    journal_bytes_per_sign_in: int


@dataclass(frozen=True)
class StoreRun:
    """frameauth-bench-store's output: its windows, then reopening the store."""

    windows: tuple[StoreWindow, ...]
    reopen_ms: float
    users: int


def _store_lines(tsv: str, kind: str) -> list[list[str]]:
    """The values of frameauth-bench-store's tab-separated lines of one kind."""
    return [values for line_kind, *values in (line.split("\t") for line in tsv.splitlines()) if line_kind == kind]


def parse_store_windows(tsv: str) -> tuple[StoreWindow, ...]:
    """Its lines "persist FIRST MEDIAN_US P90_US JOURNAL_BYTES": all it prints
    for a Redis store (bench/replicas.py), where JOURNAL_BYTES is 0."""
    windows = tuple(StoreWindow(int(first), float(median), float(p90), int(journal_bytes))
                    for first, median, p90, journal_bytes in _store_lines(tsv, "persist"))
    if not windows:
        raise ParseError("frameauth-bench-store printed no persist line")
    return windows


def parse_store_output(tsv: str) -> StoreRun:
    """A journal store's: the persist lines, then one "reopen MS USERS"."""
    windows = parse_store_windows(tsv)
    reopen = _store_lines(tsv, "reopen")
    if not reopen:
        raise ParseError("frameauth-bench-store printed no reopen line")
    ms, users = reopen[0]
    return StoreRun(windows, float(ms), int(users))


@dataclass(frozen=True)
class ColdStart:
    """bench/coldstart.py's line: time to the first 200, and RSS then."""

    ms: float
    rss_kib: int


def parse_cold_start(line: str) -> ColdStart:
    ms, rss_kib = line.split()
    return ColdStart(float(ms), int(rss_kib))


def connections_count(body: str) -> int:
    """bench/provider.py's /connections: {"connections": n}."""
    return int(json.loads(body)["connections"])


def header_value(headers: str, name: str) -> str | None:
    """The first `name` header of a response head as `curl -D -` prints it."""
    for line in headers.splitlines():
        field, separator, value = line.rstrip("\r").partition(": ")
        if separator and field.lower() == name.lower():
            return value
    return None


def state_parameter(url: str) -> str | None:
    """The `state` query parameter of /login's Location."""
    match = re.search(r"[?&]state=([^&]*)", url)
    return match[1] if match else None


def comparable_body(body: bytes) -> bytes:
    """A body as the shape check compares it: frameauth counts expires_in down
    each second, and nginx's copy of its token body is fixed."""
    return re.sub(rb'"expires_in":[0-9]*', b'"expires_in":N', body)


def filesystem_type(df_output: str) -> str:
    """`df --output=fstype DIR`: a "Type" heading, then the type."""
    lines = df_output.split()
    if len(lines) != 2:
        raise ParseError(f"not df --output=fstype's output: {df_output!r}")
    return lines[1]
