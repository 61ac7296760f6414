"""Start-up and size: each server spawned to its first 200 on /healthz
(bench/coldstart.py), idle RSS then, frameauth's peak RSS after the load,
and the binary's size."""
import os
import shutil
import subprocess
from pathlib import Path

from ..console import log
from ..context import RunContext
from ..formatting import mib
from ..runners import start_times
from ..servers import NGINX_WORKERS, frameauth_command, nginx_command
from ..targets import PEAK_RSS
from .nginx_comparison import Comparison

ROW = "{:<48} {:<25} {}"


def startup_and_size_section(context: RunContext, comparison: Comparison) -> tuple[list[str], float]:
    """The lines, and frameauth's median idle RSS in KiB (the stored users' baseline)."""
    settings, paths, ports = context.settings, context.paths, context.ports
    log(f"cold starts: {settings.cold_starts} each")
    # frameauth on a fresh, empty data dir each time.
    frameauth = start_times(context, settings.cold_starts, f"{ports.frameauth_url}/healthz",
                            lambda number: frameauth_command(context, paths.out / f"cold-data-{number}"))
    nginx = start_times(context, settings.cold_starts, f"{ports.nginx_url}/healthz",
                        lambda _: nginx_command(paths))
    peak_verdict = context.scorecard.verdict(PEAK_RSS, comparison.frameauth_peak_rss_kib / 1024)
    stripped = paths.out / "frameauth.stripped"
    subprocess.run(["strip", "-o", stripped, paths.frameauth], check=True)
    return [
        ROW.format("start-up and size", "frameauth", "nginx"),
        ROW.format(f"cold start to first 200 on /healthz (x{settings.cold_starts})", frameauth.text(), nginx.text()),
        ROW.format("idle RSS after start (median)", mib(frameauth.median_rss_kib),
                   f"{mib(nginx.median_rss_kib)} (master + {NGINX_WORKERS} workers)"),
        ROW.format("peak RSS after the load (VmHWM)", f"{mib(comparison.frameauth_peak_rss_kib)} {peak_verdict}",
                   mib(comparison.nginx_peak_rss_kib)),
        ROW.format("binary size (static Swift stdlib; stripped)",
                   f"{_size_mib(paths.frameauth)}; {_size_mib(stripped)}",
                   f"{_size_mib(shutil.which('nginx'))} (dynamic)"),
    ], frameauth.median_rss_kib


def _size_mib(path: str | Path) -> str:
    """A file's size (through a symlink), rounded down to whole KiB first, as the shell script did."""
    return mib(os.stat(path).st_size // 1024)
