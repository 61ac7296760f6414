"""What bench/run measures and for how long: its options, the routes, the
wrk loads, run lengths, and where its programs and output live."""
from dataclasses import dataclass
from pathlib import Path

USAGE = """\
bench/run: FrameAuth against nginx under wrk, on the same machine, same paths,
same response shapes. Prints one table and checks the targets from our issues.
Usage: bench/run [--quick] [--no-fail] [--million] [--no-redis]   (see bench/README.md)
  --quick    3 s runs, one pair (smoke test)
  --no-fail  exit 0 even if a target is missed
  --million  also start and serve 1,000,000 stored users (about 5 more minutes)
  --no-redis leave out bench/replicas.py (the Redis store's figures, about 9 minutes)"""

API_KEY = "frameauth-bench-api-key-0123456789"
TOKEN_PATH = "/api/users/bench-user/token"
LOGIN_PATH = "/login"


@dataclass(frozen=True)
class Route:
    """A path both servers answer, and the nginx server-block snippet that
    answers it with frameauth's status, Content-Type and body bytes (checked
    before measuring). The server block already sets `root` to Public/,
    `charset utf-8` and `default_type text/plain`, so a static file needs
    only an empty location. @LOCATION@, @COOKIE@ and @TOKEN_BODY@ become
    frameauth's own values, read from it at start-up."""

    path: str
    nginx_snippet: str


ROUTES = (
    Route("/healthz", 'location = /healthz { default_type text/plain; return 200 "ok\\n"; }'),
    # A static file, for comparison (not in the issue; adds 80 s to a full run):
    # Route("/style.css", "location = /style.css { add_header Cache-Control no-cache; }"),
    # The integrator API with a fresh cached token (a user signed in at start-up
    # against bench/provider.py); nginx sends frameauth's own body. Requests to
    # /api/ carry the API key (wrk -H) for both servers.
    Route(TOKEN_PATH, f"location = {TOKEN_PATH} {{ default_type application/json; "
                      "add_header Cache-Control no-store always; return 200 '@TOKEN_BODY@'; }"),
    # /login answers with a fresh state each time; nginx sends the same shape: a
    # 302 with frameauth's own Location and Set-Cookie and an empty body (the
    # error_page detour avoids the HTML body nginx's own `return 302` carries).
    Route(LOGIN_PATH, "location = /login { error_page 418 =302 /_login302; return 418; } "
                      'location = /_login302 { internal; add_header Location "@LOCATION@" always; '
                      'add_header Set-Cookie "@COOKIE@" always; add_header Cache-Control no-store always; '
                      'return 200 ""; }'),
)

LOADS = ((1, 64), (2, 1000))   # wrk threads, connections
STORE_WINDOW = 100             # sign-ins per timed window (at 1, 1,000 and the last)
EXCHANGES = 50                 # code exchanges per TLS run (frameauth-bench-exchange)
MILLION_USERS = 1_000_000      # --million's stored users


class UsageError(Exception):
    """An option bench/run does not know."""


class HelpRequested(Exception):
    """-h or --help."""


@dataclass(frozen=True)
class Settings:
    """One run's options, and the run lengths and counts they imply."""

    quick: bool = False
    fail_on_miss: bool = True
    million: bool = False
    with_redis: bool = True

    @property
    def duration(self) -> str:
        """Per wrk run."""
        return "3s" if self.quick else "10s"

    @property
    def pairs(self) -> int:
        """Each pair is one frameauth run then one nginx run. Three, so a
        row's median is one run's figure: of two it is their mean, which one
        outlying run moves (nginx once served the token API at 114,000 req/s
        in one run and 87,000 in the other)."""
        return 1 if self.quick else 3

    @property
    def store_users(self) -> int:
        """Users the store benchmark signs in."""
        return 10_000 if self.quick else 100_000

    @property
    def cold_starts(self) -> int:
        """Cold starts per server (median)."""
        return 3 if self.quick else 5

    @property
    def ready_starts(self) -> int:
        """Starts on the stored users' data dir (median)."""
        return 1 if self.quick else 5


# Each option and the Settings field it sets.
OPTIONS = {
    "--quick": ("quick", True),
    "--no-fail": ("fail_on_miss", False),
    "--million": ("million", True),
    "--no-redis": ("with_redis", False),
}


def parse_arguments(arguments: list[str]) -> Settings:
    """bench/run's command line, read in order as the shell script did."""
    fields = {}
    for argument in arguments:
        if argument in ("-h", "--help"):
            raise HelpRequested
        if argument not in OPTIONS:
            raise UsageError(f"unknown option {argument}")
        name, value = OPTIONS[argument]
        fields[name] = value
    return Settings(**fields)


@dataclass(frozen=True)
class Paths:
    """The repository's programs bench/run uses, and its output directory."""

    root: Path

    @property
    def out(self) -> Path:
        return self.root / "bench/out"

    @property
    def public_dir(self) -> Path:
        return self.root / "Public"

    @property
    def results(self) -> Path:
        """One line per wrk run of the nginx comparison."""
        return self.out / "results.tsv"

    @property
    def summary(self) -> Path:
        return self.out / "summary.txt"

    @property
    def store_data(self) -> Path:
        """The store benchmark's data dir, reused to start frameauth with its users."""
        return self.out / "store-data"

    @property
    def frameauth(self) -> Path:
        return self.root / ".build/release/frameauth"

    @property
    def store_bench(self) -> Path:
        return self.root / ".build/release/frameauth-bench-store"

    @property
    def exchange_bench(self) -> Path:
        return self.root / ".build/release/frameauth-bench-exchange"

    def side_program(self, name: str) -> Path:
        """bench/provider.py, bench/coldstart.py, bench/replicas.py."""
        return self.root / "bench" / name


ROOT = Path(__file__).resolve().parents[2]
