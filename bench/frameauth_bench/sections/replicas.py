"""The Redis store: bench/replicas.py's own table, after this run's,
printed and appended to the summary; a non-zero exit (its store target
missed, or a failure) counts as one miss."""
import subprocess
import sys

from ..console import log
from ..context import RunContext
from ..targets import REPLICAS_EXIT


def redis_section(context: RunContext) -> None:
    log("the Redis store: bench/replicas.py")
    command = [sys.executable, str(context.paths.side_program("replicas.py"))]
    if context.settings.quick:
        command.append("--quick")
    with context.paths.summary.open("a") as summary:
        replicas = context.processes.start("replicas", command, stdout=subprocess.PIPE, text=True)
        for line in replicas.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            summary.write(line)
        returncode = replicas.wait()
    context.scorecard.verdict(REPLICAS_EXIT, returncode)
