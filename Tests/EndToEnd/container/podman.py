"""The image under test, run with podman the way an operator runs it with
Docker: `podman run` with environment variables, a named volume on /data and
secrets in a mounted folder. scripts/test-image builds the image and names it
in FRAMEAUTH_IMAGE."""
import os
import pathlib
import secrets
import subprocess
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[3]
IMAGE = os.environ.get("FRAMEAUTH_IMAGE", "localhost/frameauth:test")
# The uid and gid the image runs as (the Dockerfile's USER).
IMAGE_USER = 65532
# podman's settings for these machines (runc, no rlimits), not the machine's own.
ENVIRONMENT = {**os.environ, "CONTAINERS_CONF": str(ROOT / "scripts/image/containers.conf")}


def podman(*args, timeout=60, check=True):
    """`podman ARGS`: the finished process, its output as text."""
    result = subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout, env=ENVIRONMENT)
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result


def environment_options(environment):
    return [option for name, value in environment.items() for option in ("-e", f"{name}={value}")]


class Container:
    """One `podman run -d` of the image; `podman rm -f` at the end of the test."""

    def __init__(self, options, environment, arguments=()):
        self.name = "frameauth-test-" + secrets.token_hex(4)
        podman("run", "-d", "--name", self.name, *options, *environment_options(environment), IMAGE, *arguments)

    def wait_until_serving(self, base, seconds=20):
        """Polls base/healthz until it answers 200."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass
            if self.state("Running") != "true":
                raise AssertionError(f"the container stopped: {self.logs()}")
            time.sleep(0.1)
        raise AssertionError(f"{base}/healthz did not answer 200 within {seconds} s: {self.logs()}")

    def execute(self, *command):
        """`podman exec` as the image's user: its standard output."""
        return podman("exec", self.name, *command).stdout

    def state(self, field):
        return podman("inspect", "--format", "{{.State." + field + "}}", self.name).stdout.strip()

    def stop(self, grace_seconds):
        """`podman stop` (SIGTERM, then SIGKILL after the grace period): (exit code, seconds it took)."""
        started = time.monotonic()
        podman("stop", "--time", str(grace_seconds), self.name, timeout=grace_seconds + 30)
        return int(self.state("ExitCode")), time.monotonic() - started

    def logs(self):
        """What FrameAuth printed: the access log (stdout) and its own lines (stderr)."""
        result = podman("logs", self.name)
        return result.stdout + result.stderr

    def remove(self):
        # --volumes: also the anonymous volume the image's VOLUME /data makes when none is mounted.
        podman("rm", "--force", "--volumes", "--time", "0", self.name, check=False)
