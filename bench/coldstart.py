#!/usr/bin/env python3
"""Start a server, time it to its first 200, note its memory, stop it.

Usage: coldstart.py URL COMMAND [ARGS...]
Prints "<ms to first 200> <VmRSS KiB of the process and its children>".
The clock starts just before the process is spawned; URL is polled every
millisecond. The process is stopped with SIGTERM by its pid (SIGKILL after
5 s), so only what this script started is touched. Exits 1 if there is no
200 within 30 s or the process exits first.
"""
import subprocess
import sys
import time
import urllib.request

# Run as a script from bench/, so bench/ is on sys.path and its package imports.
from frameauth_bench import processes
from frameauth_bench.parsers import ParseError


def rss_kib(pid):
    """VmRSS of pid plus its direct children (nginx's workers); one gone meanwhile counts 0."""
    total = 0
    for each in (pid, *processes.children(pid)):
        try:
            total += processes.rss_kib(each)
        except (OSError, ParseError):
            pass
    return total


def first_ok(url, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.001)
    return False


def main():
    url, command = sys.argv[1], sys.argv[2:]
    began = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ok = first_ok(url, process, began + 30)
        elapsed_ms = (time.monotonic() - began) * 1e3
        time.sleep(0.2)   # settle: RSS once it idles, not mid-start
        rss = rss_kib(process.pid)
    finally:
        processes.terminate(process)
    if not ok:
        sys.exit(1)
    print(f"{elapsed_ms:.1f} {rss}")


if __name__ == "__main__":
    main()
