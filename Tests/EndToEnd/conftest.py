"""Fixtures: the real `frameauth` binary on a loopback port, the stand-in
authorization server, and a headless browser."""
import os
import pathlib
import re
import signal
import subprocess
import time

import pytest

from adobe_ims import AdobeIMS
from authorization_server import IdentityProvider
from browser import Browser
from deployment import ACCESS_TOKEN_LIFETIME, V4_APP_KINDS, Deployment
from replicas import RedisServer, Replicas

ROOT = pathlib.Path(__file__).resolve().parents[2]
# scripts/test builds it: release, with the Swift runtime linked in statically, as in the image.
BINARY = pathlib.Path(os.environ.get("FRAMEAUTH_BINARY", ROOT / ".build/release/frameauth")).resolve()
SCREENSHOTS = ROOT / "test-output/end-to-end"


def _without_frameauth_settings(environment):
    """The environment minus anything FrameAuth would read as a setting, so the
    developer's shell cannot change what a test runs against."""
    def is_setting(name):
        name = name.removesuffix("_FILE")
        return name in {"PORT", "CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URI", "SCOPES"} or (
            name.startswith("FRAMEAUTH_") and name != "FRAMEAUTH_BINARY")
    return {name: value for name, value in environment.items() if not is_setting(name)}


class RunningFrameAuth:
    """A started `frameauth` process, its port, and what it printed."""

    def __init__(self, args, cwd, env=None, port=0, name="frameauth"):
        self.stdout_path = cwd / f"{name}.stdout.log"
        self.stderr_path = cwd / f"{name}.stderr.log"
        self.process = subprocess.Popen(
            [str(BINARY), "--port", str(port), "--public-dir", str(ROOT / "Public"), *args],
            cwd=cwd,
            stdout=self.stdout_path.open("wb"),
            stderr=self.stderr_path.open("wb"),
            env={**_without_frameauth_settings(os.environ), **(env or {}), "SWIFT_BACKTRACE": "enable=no"},
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
    """Starts `frameauth` with extra flags (and `env=`, `port=`); each start logs
    to its own files in the test's folder, and all are killed at the end."""
    started = []

    def start(*args, env=None, port=0):
        instance = RunningFrameAuth(args, tmp_path, env=env, port=port, name=f"frameauth-{len(started) + 1}")
        started.append(instance)
        return instance

    yield start
    for instance in started:
        if instance.process.poll() is None:
            instance.process.kill()
            instance.process.wait()


@pytest.fixture
def idp():
    """The stand-in for Frame.io's legacy (V2) authorization server and API."""
    server = IdentityProvider(access_token_lifetime=ACCESS_TOKEN_LIFETIME).start()
    yield server
    server.stop()


@pytest.fixture
def user(idp):
    """Someone with an account at the stand-in."""
    return idp.add_user("u-ada-1815", "ada@example.com", "Ada Lovelace", "analytical-engine")


@pytest.fixture
def deployment(frameauth, idp, tmp_path):
    """`deployment(confidential=True)` starts FrameAuth as that kind of app, on Frame.io's legacy platform."""
    return lambda confidential: Deployment(frameauth, idp, tmp_path / "data", confidential)


@pytest.fixture
def ims():
    """The stand-in for Adobe IMS, where Frame.io V4 accounts sign in (adobe_ims.py)."""
    server = AdobeIMS(access_token_lifetime=ACCESS_TOKEN_LIFETIME).start()
    yield server
    server.stop()


@pytest.fixture
def adobe_user(ims):
    """Someone with an Adobe ID at the IMS stand-in; like Adobe's, the id holds '@' and '.'."""
    return ims.add_user("5A1C2B3D4E5F607182930A1B@3c4d5e6f7a8b.e", "grace@example.com", "Grace Hopper", "cobol-1959")


@pytest.fixture
def v4_deployment(frameauth, ims, tmp_path):
    """`v4_deployment("web_app")` or `v4_deployment("single_page_app")` starts
    FrameAuth as that kind of Adobe app (with a secret; public with PKCE)."""
    return lambda kind, env=None: Deployment(frameauth, ims, tmp_path / "data", V4_APP_KINDS[kind], env=env)


@pytest.fixture
def redis_server(tmp_path):
    """Debian's redis-server on a loopback port, `appendfsync always` (replicas.py)."""
    server = RedisServer(tmp_path / "redis")
    yield server
    if server.process.poll() is None:
        server.kill()


@pytest.fixture
def replicas(frameauth, ims, redis_server, tmp_path):
    """Three replicas on `redis_server` behind nginx, as one Web App at the IMS stand-in (replicas.py)."""
    started = Replicas(frameauth, ims, redis_server, tmp_path)
    yield started
    started.stop()


@pytest.fixture(scope="session")
def screenshot_dir():
    """test-output/end-to-end at the repository's root, emptied of an earlier run's pictures."""
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def browser(tmp_path, screenshot_dir, request):
    """A fresh headless Chromium; a picture of the page is kept when the test fails."""
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    instance = Browser(profile, screenshot_dir)
    yield instance
    if getattr(request.node, "call_failed", False):
        try:
            instance.screenshot("FAILED-" + re.sub(r"[^\w.-]+", "-", request.node.name))
        except Exception:
            pass
    instance.quit()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report
