"""What bench/run says on stderr while it measures, and how it gives up."""
import sys


class BenchError(Exception):
    """Setup failed or the two servers answer differently: bench/run stops with status 2."""


def log(message: str) -> None:
    """A progress line on stderr (the table goes to stdout)."""
    print(f"== {message}", file=sys.stderr, flush=True)


def note(message: str) -> None:
    """A detail on stderr, under the progress line it belongs to."""
    print(message, file=sys.stderr, flush=True)
