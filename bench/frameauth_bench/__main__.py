"""bench/run's entry: read the options, prepare the machine, run the
sections in the order that keeps their figures clean, print the table, then
bench/replicas.py's. Exit status: 0 if every target passes, 1 if one is
missed (0 with --no-fail), 2 if setup fails or the servers answer differently."""
import os
import signal
import sys
import time

from .console import BenchError
from .context import Ports, RunContext
from .machine import build_products, install_missing_tools, raise_open_file_limit, reset_output
from .processes import Processes
from .sections.header import current_load_average, header_section
from .sections.nginx_comparison import nginx_comparison_section
from .sections.replicas import redis_section
from .sections.startup_and_size import startup_and_size_section
from .sections.store import store_section
from .sections.stored_users import stored_users_section
from .sections.tls import tls_section
from .settings import ROOT, USAGE, HelpRequested, Paths, Settings, UsageError, parse_arguments
from .targets import Scorecard, exit_status


def main(arguments: list[str]) -> int:
    try:
        settings = parse_arguments(arguments)
    except HelpRequested:
        print(USAGE)
        return 0
    except UsageError as error:
        print(f"bench/run: {error}\n{USAGE}", file=sys.stderr)
        return 2
    # SystemExit, so the finally blocks stop what was started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.chdir(ROOT)
    os.environ["SWIFT_BACKTRACE"] = "enable=no"
    os.environ["PATH"] += ":/usr/sbin:/sbin"   # nginx lives in /usr/sbin, not always on a user's PATH
    try:
        return run(settings, Paths(ROOT))
    except BenchError as error:
        print(f"bench/run: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run(settings: Settings, paths: Paths) -> int:
    install_missing_tools(settings.with_redis)
    raise_open_file_limit()
    started, load_at_start = time.monotonic(), current_load_average()
    build_products()
    reset_output(paths)
    processes = Processes()
    context = RunContext(settings, paths, processes, Scorecard(), Ports.pick())
    try:
        summary = "\n".join(measure(context, started, load_at_start)) + "\n"
        sys.stdout.write(summary)
        sys.stdout.flush()
        paths.summary.write_text(summary)
        if settings.with_redis:
            redis_section(context)
    finally:
        processes.stop_all()
    misses = context.scorecard.misses
    if misses:
        print(f"bench/run: {misses} target(s) missed", file=sys.stderr)
    return exit_status(misses, settings.fail_on_miss)


def measure(context: RunContext, started: float, load_at_start: str) -> list[str]:
    """Every section of this run's table, measured in an order that keeps
    them apart, returned in the order the table shows them."""
    # The store first, before anything else loads the machine.
    store_lines, store = store_section(context)
    comparison = nginx_comparison_section(context)
    # After the load, with both servers stopped.
    startup_lines, idle_rss_kib = startup_and_size_section(context, comparison)
    stored_users_lines = stored_users_section(context, store, idle_rss_kib)
    tls_lines = tls_section(context)
    paths = context.paths
    return [
        "", *header_section(context, load_at_start),
        "", *comparison.lines,
        "", "", *startup_lines,
        "", *store_lines, *stored_users_lines,
        "", *tls_lines,
        "", f"whole run: {int(time.monotonic() - started)} s; raw runs: {paths.results}; "
            f"wrk output, logs and nginx.conf: {paths.out}/",
    ]


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:
        # stdout was closed (`bench/run --help | head -2`): what started is
        # stopped by now; point stdout at /dev/null so the flush at exit does
        # not fail again, and exit as a program killed by SIGPIPE would.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 128 + signal.SIGPIPE
    sys.exit(status)
