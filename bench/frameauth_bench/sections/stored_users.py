"""Stored users: frameauth started on the store benchmark's data dir, timed
to its first 200 on /readyz, its RSS then, and the token API serving one
of those users; with --million, the same for 1,000,000 users."""
from dataclasses import dataclass
from pathlib import Path

from ..console import log
from ..context import RunContext
from ..formatting import mib
from ..parsers import StoreRun, WrkResult
from ..processes import rss_kib
from ..runners import StartTimes, request_headers, run_wrk, sign_in_users, start_times
from ..servers import start_frameauth, stored_users_command
from ..settings import MILLION_USERS
from ..targets import STORED_USERS_ERRORS, STORED_USERS_READY, STORED_USERS_RSS
from .store import store_window_lines


@dataclass(frozen=True)
class StoredUsers:
    ready: StartTimes
    token_api: WrkResult
    rss_after_kib: int


def stored_users_section(context: RunContext, store: StoreRun, idle_rss_kib: float) -> list[str]:
    """The store's users judged against #18's targets; a million reported only."""
    settings, out = context.settings, context.paths.out
    log(f"start-up with {settings.store_users} stored users: {settings.ready_starts} starts, then the token API")
    stored = _serve_stored_users(context, context.paths.store_data, settings.store_users, settings.ready_starts)
    lines = _stored_users_lines(context, store.users, settings.ready_starts, stored, idle_rss_kib, judged=True)
    if settings.million:
        log("1,000,000 stored users: signing them in (frameauth-bench-store), one start, then the token API")
        million_dir = out / "million-data"
        million_store = sign_in_users(context, million_dir, MILLION_USERS, out / "million-store.tsv")
        million = _serve_stored_users(context, million_dir, MILLION_USERS, 1)
        lines += ["", "1,000,000 users (frameauth-bench-store, then one start; reported, no target)",
                  *store_window_lines(million_store),
                  *_stored_users_lines(context, MILLION_USERS, 1, million, idle_rss_kib, judged=False)]
    return lines


def _serve_stored_users(context: RunContext, data_dir: Path, users: int, starts: int) -> StoredUsers:
    """`starts` timed starts, then one more serving the token API for a user in the middle."""
    base, out = context.ports.frameauth_url, context.paths.out
    command = stored_users_command(context, data_dir)
    ready = start_times(context, starts, f"{base}/readyz", lambda _: command)
    log_file = out / f"stored-users-{users}.log"
    pid = start_frameauth(context, command, log_file, log_file, "/readyz")
    path = f"/api/users/bench-user-{users // 2}/token"
    token_api = run_wrk(context, threads=1, connections=64, url=base + path, headers=request_headers(path),
                        output=out / f"wrk-stored-users-{users}.txt", against=f"frameauth with {users} users")
    rss_after = rss_kib(pid)
    context.processes.stop("frameauth")
    return StoredUsers(ready, token_api, rss_after)


def _stored_users_lines(context: RunContext, users: int, starts: int, stored: StoredUsers, idle_rss_kib: float,
                        judged: bool) -> list[str]:
    ready, token_api, scorecard = stored.ready, stored.token_api, context.scorecard
    bytes_per_user = (ready.median_rss_kib - idle_rss_kib) * 1024 / users
    ready_verdict = rss_verdict = ""
    if judged:
        ready_verdict = " " + scorecard.verdict_and_target(STORED_USERS_READY, ready.median_ms)
        rss_verdict = " " + scorecard.verdict_and_target(STORED_USERS_RSS, ready.median_rss_kib / 1024)
        scorecard.verdict(STORED_USERS_ERRORS, token_api.errors)   # counted; the line shows the errors
    return [
        f"frameauth with {users} users, start to first 200 on /readyz (x{starts}): {ready.text()}{ready_verdict}",
        f"  RSS then {mib(ready.median_rss_kib)}{rss_verdict}: {bytes_per_user:.0f} bytes per user above the idle RSS",
        f"  token API for one of them, 64 conns: {token_api.requests_per_second:.0f} req/s, "
        f"p99 {token_api.p99_us / 1000:.2f} ms, {token_api.errors} errors; RSS after {mib(stored.rss_after_kib)}",
    ]
