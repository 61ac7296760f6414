"""Fixtures that run the real `frameauth` binary on a free loopback port."""
import os
import pathlib
import re
import signal
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# scripts/test builds it: release, with the Swift runtime linked in statically, as in the image.
BINARY = pathlib.Path(os.environ.get("FRAMEAUTH_BINARY", ROOT / ".build/release/frameauth")).resolve()


class RunningFrameAuth:
    """A started `frameauth` process, its port, and what it printed."""

    def __init__(self, args, cwd):
        self.stdout_path = cwd / "stdout.log"
        self.stderr_path = cwd / "stderr.log"
        self.process = subprocess.Popen(
            [str(BINARY), "--port", "0", "--public-dir", str(ROOT / "Public"), *args],
            cwd=cwd,
            stdout=self.stdout_path.open("wb"),
            stderr=self.stderr_path.open("wb"),
            env={**os.environ, "SWIFT_BACKTRACE": "enable=no"},
        )
        self.port = self._wait_for_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def _wait_for_port(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", self.stderr_path.read_text())
            if match:
                return int(match.group(1))
            if self.process.poll() is not None:
                raise RuntimeError(f"frameauth exited: {self.stderr_path.read_text()}")
            time.sleep(0.05)
        raise RuntimeError("frameauth did not report its port")

    def stop(self, timeout=15):
        """SIGTERM, then the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    @property
    def access_log(self):
        return self.stdout_path.read_text()

    @property
    def error_log(self):
        return self.stderr_path.read_text()


@pytest.fixture
def frameauth(tmp_path):
    started = []

    def start(*args):
        instance = RunningFrameAuth(args, tmp_path)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        if instance.process.poll() is None:
            instance.process.kill()
            instance.process.wait()
