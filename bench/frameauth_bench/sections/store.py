"""The session store on its own: frameauth-bench-store signs in the users,
each one durable append to the journal, timing windows of sign-ins at 1,
1,000 and the last, then reopens the store with all of them."""
import subprocess

from ..console import log
from ..context import RunContext
from ..parsers import StoreRun, filesystem_type
from ..runners import sign_in_users
from ..settings import STORE_WINDOW
from ..targets import STORE_GROWTH

WINDOW_ROW = "{:<24} {:>12} {:>12} {:>24}"


def store_section(context: RunContext) -> tuple[list[str], StoreRun]:
    """The lines, and the run (its data dir is started with all its users later)."""
    users = context.settings.store_users
    out = context.paths.out
    log(f"store: signing in {users} users (frameauth-bench-store)")
    run = sign_in_users(context, context.paths.store_data, users, out / "store.tsv")
    growth = run.windows[-1].median_us / run.windows[0].median_us
    filesystem = filesystem_type(subprocess.run(["df", "--output=fstype", out], stdout=subprocess.PIPE,
                                                text=True).stdout)
    return [
        f"store: {run.users} sign-ins, each one durable append (fdatasync) to the sealed journal on {filesystem}; "
        "frameauth-bench-store",
        WINDOW_ROW.format("sign-ins", "median us", "p90 us", "journal bytes/sign-in"),
        *store_window_lines(run),
        f"last window vs first: {growth:.2f}x {context.scorecard.verdict_and_target(STORE_GROWTH, growth)}",
        f"open the store with {run.users} users (in process): {run.reopen_ms:.0f} ms",
    ], run


def store_window_lines(run: StoreRun) -> list[str]:
    """One line per timed window: sign-ins, median and p90 us, journal bytes per sign-in."""
    return [WINDOW_ROW.format(f"{window.first_sign_in}-{window.first_sign_in + STORE_WINDOW - 1}",
                              f"{window.median_us:.0f}", f"{window.p90_us:.0f}", window.journal_bytes_per_sign_in)
            for window in run.windows]
