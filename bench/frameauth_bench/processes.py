"""The processes bench/run starts, and the /proc figures it reads of them
(bench/coldstart.py and bench/replicas.py read theirs here too).

Only the pids started here are ever signalled: each server by its Popen, and
nginx's workers (children of nginx, not of us) only while their start time
still matches the one recorded, so a recycled pid is left alone."""
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from . import parsers
from .console import BenchError, note


class Processes:
    """Everything this run starts, by name; stop_all() stops what is left."""

    def __init__(self) -> None:
        self._running: dict[str, subprocess.Popen] = {}
        self._nginx_workers: dict[int, int] = {}   # pid -> start time

    def start(self, name: str, argv: Sequence[str | Path], **popen: Any) -> subprocess.Popen:
        process = subprocess.Popen([str(word) for word in argv], **popen)
        self._running[name] = process
        return process

    def run(self, name: str, argv: Sequence[str | Path], **popen: Any) -> int:
        """Start and wait for it; it stays known meanwhile, so an interrupt stops it."""
        process = self.start(name, argv, **popen)
        returncode = process.wait()
        del self._running[name]
        return returncode

    def stop(self, name: str) -> None:
        """SIGTERM, five seconds' grace, then SIGKILL."""
        process = self._running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        terminate(process)
        status = shell_status(process.returncode)
        # 143 is a plain death by SIGTERM; anything else is worth a look.
        if status not in (0, 143):
            note(f"bench/run: note: {name} exited with status {status} on SIGTERM (>128: signal {status - 128})")

    def watch_nginx_workers(self, start_times: dict[int, int]) -> None:
        """The master normally takes its workers down; if it had to be
        killed they could outlive it, so stop_all() kills these too."""
        self._nginx_workers = dict(start_times)

    def stop_all(self) -> None:
        for name in reversed(list(self._running)):
            self.stop(name)
        for pid, started in self._nginx_workers.items():
            if process_start_time(pid) == started:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass   # it exited since the check


def shell_status(returncode: int) -> int:
    """A Popen return code as the shell reports it (128 + the signal)."""
    return 128 - returncode if returncode < 0 else returncode


def terminate(process: subprocess.Popen) -> None:
    """SIGTERM, five seconds' grace, then SIGKILL; returns once it has exited."""
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- ports and readiness -------------------------------------------------------

def port_accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def free_port(taken: Collection[int] = ()) -> int:
    """A port on 127.0.0.1 nothing is bound to now, as the kernel hands one
    out. (A port picked at random and found not listening could still be
    the local end of a connection, and binding it then fails.)"""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in taken:
            return port


def wait_for_port(port: int) -> None:
    """Up to 5 s for a server to listen (bench/provider.py has no health path)."""
    for _ in range(50):
        if port_accepts(port):
            return
        time.sleep(0.1)


def answers(url: str) -> bool:
    """Any HTTP answer counts (/readyz says 503 while loading)."""
    try:
        urllib.request.urlopen(url, timeout=1).close()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def wait_ready(name: str, process: subprocess.Popen, url: str, out: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise BenchError(f"{name} exited during startup (see {out}/{name}-*.log)")
        if answers(url):
            return
        time.sleep(0.1)
    raise BenchError(f"{name} did not answer {url} within 10 s")


# --- /proc -----------------------------------------------------------------------

def _read_proc(pid: int, name: str) -> str:
    return Path(f"/proc/{pid}/{name}").read_text()


def process_start_time(pid: int) -> int | None:
    """None once the pid is gone."""
    try:
        return parsers.start_time(_read_proc(pid, "stat"))
    except (OSError, parsers.ParseError):
        return None


def cpu_ticks(pids: Iterable[int]) -> int:
    """utime + stime summed over the pids, in clock ticks."""
    return sum(parsers.cpu_ticks(_read_proc(pid, "stat")) for pid in pids)


def peak_rss_kib(pids: Iterable[int]) -> int:
    """VmHWM summed over the pids (shared pages counted more than once)."""
    return sum(parsers.kib_field(_read_proc(pid, "status"), "VmHWM") for pid in pids)


def rss_kib(pid: int) -> int:
    return parsers.kib_field(_read_proc(pid, "status"), "VmRSS")


def children(parent: int) -> list[int]:
    """The pids whose parent is `parent` (from /proc: procps may be missing)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if parsers.parent_pid(_read_proc(int(entry), "stat")) == parent:
                pids.append(int(entry))
        except (OSError, parsers.ParseError):
            continue   # gone since listdir
    return pids
