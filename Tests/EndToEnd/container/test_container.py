"""The image as an operator runs it (README "Running the image"): built from
the Dockerfile by scripts/test-image, started with podman, configured through
environment variables and secret files, its data on a named volume, signed in
to end to end against the Adobe IMS stand-in.

The container shares the machine's network (`--network host`) so that it can
reach the stand-in, which listens on loopback only, and listens on
127.0.0.1; the published-port test runs it on podman's own network instead.
"""
import base64
import os
import secrets
import subprocess

import pytest

from deployment import free_port, get_json
from http_sign_in import request, sign_in
from podman import IMAGE, IMAGE_USER, Container, environment_options, podman

GRACE_SECONDS = 10
# The bound for the stripped release binary.
BINARY_LIMIT = 20 * 1024 * 1024


@pytest.fixture
def secret_files(tmp_path):
    """A folder of secret files, each readable by the image's user only, as
    an operator's secrets folder or Docker's secrets are."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    values = {
        "api_key": secrets.token_urlsafe(32),
        "encryption_key": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    for name, value in values.items():
        (folder / name).write_text(value + "\n")
    return folder, values


def write_secret(folder, name, value):
    path = folder / name
    path.write_text(value + "\n")
    os.chown(path, IMAGE_USER, IMAGE_USER)
    path.chmod(0o400)


@pytest.fixture
def containers():
    """`start(options, environment, arguments=())` runs one; each is removed at the end."""
    started = []

    def start(options, environment, arguments=()):
        started.append(Container(options, environment, arguments))
        return started[-1]

    yield start
    for container in started:
        container.remove()


@pytest.fixture
def volume():
    """A new named volume, as `docker volume create` makes one; removed at the end."""
    name = "frameauth-test-" + secrets.token_hex(4)
    podman("volume", "create", name)
    yield name
    podman("volume", "rm", "--force", name, check=False)


class Deployed:
    """FrameAuth's image registered at the IMS stand-in as an OAuth Web App and
    configured as README shows: the client secret, API key and encryption key
    in mounted files named by the `_FILE` variables."""

    def __init__(self, ims, secret_files, volume):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.client = ims.add_client(self.base + "/callback", confidential=True)
        folder, self.secrets = secret_files
        self.secrets["client_secret"] = self.client.client_secret
        for name, value in self.secrets.items():
            write_secret(folder, name, value)
        self.options = ["--network", "host", "-v", f"{volume}:/data", "-v", f"{folder}:/run/secrets:ro"]
        self.environment = {
            **ims.frameauth_settings(),
            "FRAMEAUTH_HOST": "127.0.0.1",
            "FRAMEAUTH_PORT": str(self.port),
            "CLIENT_ID": self.client.client_id,
            "CLIENT_SECRET_FILE": "/run/secrets/client_secret",
            "FRAMEAUTH_API_KEY_FILE": "/run/secrets/api_key",
            "FRAMEAUTH_ENCRYPTION_KEY_FILE": "/run/secrets/encryption_key",
        }

    def start(self, containers):
        self.container = containers(self.options, self.environment)
        self.container.wait_until_serving(self.base)
        return self.container

    def api(self, path):
        """A call to the integrator API with the key from the secret file: (status, JSON body)."""
        return get_json(self.base + path, self.secrets["api_key"])


@pytest.fixture
def deployed(ims, secret_files, volume, containers):
    app = Deployed(ims, secret_files, volume)
    app.start(containers)
    return app


def test_the_server_runs_as_uid_65532_not_root(deployed):
    status = deployed.container.execute("cat", "/proc/1/status")
    ids = {line.split(":")[0]: line.split()[1:] for line in status.splitlines() if line.startswith(("Uid:", "Gid:"))}
    # Real, effective, saved and file-system ids, all four.
    assert ids == {"Uid": [str(IMAGE_USER)] * 4, "Gid": [str(IMAGE_USER)] * 4}
    assert "frameauth" in deployed.container.execute("cat", "/proc/1/cmdline")


def test_sign_in_end_to_end_through_the_container_with_secrets_from_files(deployed, ims, adobe_user):
    assert sign_in(deployed.base, adobe_user).status == 303
    status, body = deployed.api(f"/api/users/{adobe_user.id}/token")
    assert status == 200, body
    token = ims.token(body["access_token"])
    # The client secret came from its file: the stand-in authenticated the client with it.
    assert (token.client_id, token.auth_method) == (deployed.client.client_id, "client_secret_basic")
    logs = deployed.container.logs()
    assert "listening on http://127.0.0.1" in logs
    for value in [*deployed.secrets.values(), token.access_token, token.refresh_token]:
        assert value not in logs


def test_data_dir_is_the_volume_owner_only(deployed, adobe_user):
    assert sign_in(deployed.base, adobe_user).status == 303
    folder = deployed.container.execute("stat", "-c", "%a %u %g", "/data").split()
    assert folder == ["700", str(IMAGE_USER), str(IMAGE_USER)]
    files = deployed.container.execute("find", "/data", "-mindepth", "1", "-printf", "%y %m %U %p\n").splitlines()
    assert any(line.startswith("f ") for line in files), files
    for line in files:
        kind, mode, owner, path = line.split(" ", 3)
        assert (mode, owner) == (("600" if kind == "f" else "700"), str(IMAGE_USER)), line


def test_the_health_check_reports_healthy(deployed):
    result = podman("healthcheck", "run", deployed.container.name, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() in ("", "healthy")


def test_sigterm_exits_zero_within_the_grace_period_and_a_new_container_keeps_every_user(
        deployed, ims, adobe_user, containers):
    second = ims.add_user("6B2D3C4E5F60718293A4B5C6@3c4d5e6f7a8b.e", "alan@example.com", "Alan Turing", "enigma-1941")
    for user in (adobe_user, second):
        assert sign_in(deployed.base, user).status == 303

    exit_code, seconds = deployed.container.stop(GRACE_SECONDS)
    assert exit_code == 0
    assert seconds < GRACE_SECONDS  # it exited on SIGTERM rather than being killed

    deployed.start(containers)
    status, listing = deployed.api("/api/users")
    assert status == 200
    assert sorted(entry["id"] for entry in listing["users"]) == sorted(user.id for user in (adobe_user, second))
    for user in (adobe_user, second):
        assert deployed.api(f"/api/users/{user.id}/token")[0] == 200


def test_without_a_client_id_the_container_refuses_to_start_with_its_line():
    result = podman("run", "--rm", IMAGE, check=False)
    assert result.returncode == 2
    assert "set CLIENT_ID to your Frame.io app's client id" in result.stderr


def test_check_config_through_podman_run_masks_every_secret(ims, secret_files, volume):
    app = Deployed(ims, secret_files, volume)
    result = podman("run", "--rm", *app.options, *environment_options(app.environment), IMAGE, "--check-config",
                    check=False)
    assert result.returncode == 0, result.stderr
    shown = result.stdout + result.stderr
    assert app.client.client_id in shown
    for value in app.secrets.values():
        assert value not in shown


def test_the_published_port_serves_on_podmans_own_network(ims, containers):
    port = free_port()
    client = ims.add_client(f"http://127.0.0.1:{port}/callback", confidential=False)
    environment = {**ims.frameauth_settings(), "CLIENT_ID": client.client_id,
                   "REDIRECT_URI": f"http://127.0.0.1:{port}/callback"}
    container = containers(["-p", f"127.0.0.1:{port}:8080"], environment)
    container.wait_until_serving(f"http://127.0.0.1:{port}")
    login = request(f"http://127.0.0.1:{port}/login")
    assert login.status == 302
    assert login.header("Location").startswith(ims.authorize_url + "?")


def test_the_binary_in_the_image_is_stripped_and_under_20_mib(tmp_path):
    created = podman("create", IMAGE).stdout.strip()
    try:
        podman("cp", f"{created}:/usr/local/bin/frameauth", str(tmp_path / "frameauth"))
    finally:
        podman("rm", "--volumes", created, check=False)
    binary = tmp_path / "frameauth"
    assert binary.stat().st_size < BINARY_LIMIT
    sections = subprocess.run(["readelf", "-S", "-W", str(binary)], check=True, capture_output=True, text=True)
    assert ".symtab" not in sections.stdout
