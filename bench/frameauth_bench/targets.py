"""The performance targets from issues #8 and #18, as one table of data, and
the check that marks a figure PASS or MISS and counts the misses."""
import operator
from dataclasses import dataclass

from .settings import LOGIN_PATH, TOKEN_PATH

COMPARISONS = {"<": operator.lt, "<=": operator.le, ">=": operator.ge, "==": operator.eq}


@dataclass(frozen=True)
class Target:
    """A figure on a row of the table passes if `measured <comparison> value`."""

    row: str
    figure: str
    comparison: str
    value: float
    unit: str   # "x" for a ratio

    def met_by(self, measured: float) -> bool:
        return COMPARISONS[self.comparison](measured, self.value)

    @property
    def threshold(self) -> str:
        """The value as the table writes it: a ratio "2x", a quantity "300 ms"."""
        return f"{self.value:g}x" if self.unit == "x" else f"{self.value:g} {self.unit}"

    def describe(self) -> str:
        return f"target {self.comparison} {self.threshold}"


def http_row(path: str, connections: int) -> str:
    """The name of a frameauth row in the nginx comparison."""
    return f"{path} at {connections} conns"


# The figures the nginx comparison judges on a frameauth row.
REQUESTS_VS_NGINX = "req/s vs nginx"
CPU_PER_REQUEST = "CPU per request"
P99_VS_NGINX = "p99 vs nginx"

HTTP_TARGETS = (
    # #18: the token API.
    Target(http_row(TOKEN_PATH, 64), REQUESTS_VS_NGINX, ">=", 0.75, "x"),
    Target(http_row(TOKEN_PATH, 64), CPU_PER_REQUEST, "<=", 18, "us/req"),
    Target(http_row(TOKEN_PATH, 1000), P99_VS_NGINX, "<=", 2, "x"),
    # #8 and #18: /login.
    Target(http_row(LOGIN_PATH, 64), REQUESTS_VS_NGINX, ">=", 0.8, "x"),
    Target(http_row(LOGIN_PATH, 64), CPU_PER_REQUEST, "<=", 15, "us/req"),
    Target(http_row(LOGIN_PATH, 1000), P99_VS_NGINX, "<=", 3, "x"),
)
FRAMEAUTH_ERRORS = Target("every frameauth row", "socket errors + non-2xx/3xx", "==", 0, "errors")
PEAK_RSS = Target("frameauth after the load", "peak RSS (VmHWM)", "<", 40, "MiB")
STORE_GROWTH = Target("store", "last window's median sign-in vs the first's", "<=", 2, "x")
STORED_USERS_READY = Target("frameauth with the stored users", "start to first 200 on /readyz", "<=", 300, "ms")
STORED_USERS_RSS = Target("frameauth with the stored users", "RSS then", "<=", 100, "MiB")
STORED_USERS_ERRORS = Target("frameauth with the stored users", "token API errors", "==", 0, "errors")
# bench/replicas.py judges its own target (the Redis store's growth); a
# non-zero exit counts as one miss here.
REPLICAS_EXIT = Target("bench/replicas.py", "exit status", "==", 0, "")

TARGETS = (*HTTP_TARGETS, FRAMEAUTH_ERRORS, PEAK_RSS, STORE_GROWTH,
           STORED_USERS_READY, STORED_USERS_RSS, STORED_USERS_ERRORS, REPLICAS_EXIT)


def targets_on_row(row: str) -> dict[str, Target]:
    """The targets a row has, by figure (none for a row there to compare)."""
    return {target.figure: target for target in TARGETS if target.row == row}


class Scorecard:
    """Judges figures against their targets and counts the misses."""

    def __init__(self) -> None:
        self.misses = 0

    def verdict(self, target: Target, measured: float) -> str:
        if target.met_by(measured):
            return "PASS"
        self.misses += 1
        return "MISS"

    def verdict_and_target(self, target: Target, measured: float) -> str:
        """"PASS (target <= 300 ms)", as a figure's verdict reads where the
        table has no targets line of its own."""
        return f"{self.verdict(target, measured)} ({target.describe()})"


def exit_status(misses: int, fail_on_miss: bool) -> int:
    """1 if a target was missed (unless --no-fail), else 0."""
    return 1 if misses and fail_on_miss else 0
