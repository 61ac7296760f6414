"""The table's header: when, which commit, run lengths, and the machine."""
import os
import subprocess
import time
from pathlib import Path

from .. import parsers
from ..context import RunContext


def header_section(context: RunContext, load_at_start: str) -> list[str]:
    settings = context.settings
    meminfo_kib = parsers.kib_field(Path("/proc/meminfo").read_text(), "MemTotal")
    return [
        f"FrameAuth vs nginx: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {_commit()}, "
        f"runs of {settings.duration} x {settings.pairs} per server, load average now {current_load_average()}",
        f"machine: {len(os.sched_getaffinity(0))} cores, {parsers.cpu_model(Path('/proc/cpuinfo').read_text())}, "
        f"{meminfo_kib / 1048576:.1f} GiB RAM, Linux {os.uname().release}",
        f"tools: {_version(['swift', '--version'])}; {_version(['nginx', '-v'])}; "
        f"{_version(['wrk', '-v'], words=2)}; {_version(['curl', '--version'], words=2)}",
        f"load average at start: {load_at_start} (another workload shares this machine: absolute figures are noisy)",
    ]


def current_load_average() -> str:
    return parsers.load_average(Path("/proc/loadavg").read_text())


def _commit() -> str:
    """The short commit, "+dirty" when the work tree differs from it."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    clean = subprocess.run(["git", "diff", "--quiet", "HEAD"], capture_output=True).returncode == 0
    return (commit.stdout.strip() if commit.returncode == 0 else "?") + ("" if clean else "+dirty")


def _version(command: list[str], words: int | None = None) -> str:
    """A tool's version line; some print it on stderr (nginx, wrk)."""
    output = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    return parsers.version_line(output, words)
