"""Changing keys without signing anyone out (CONTRACT §9), following the
README's "Rotating keys" steps as written."""
import base64
import hashlib
import re
import secrets
import threading
import time

from deployment import get_json
from http_sign_in import request, sign_in


def api_calls_by_key(app):
    """frameauth_api_requests_total's samples, {key label: count}, from /metrics."""
    port = re.search(r"metrics on http://127\.0\.0\.1:(\d+)/metrics", app.server.error_log).group(1)
    text = request(f"http://127.0.0.1:{port}/metrics").body.decode()
    return {key: int(float(count)) for key, count in
            re.findall(r'^frameauth_api_requests_total\{key="([^"]+)"\} (\S+)$', text, re.M)}


def test_the_api_key_changes_in_three_restarts_with_no_moment_in_which_neither_works(v4_deployment, adobe_user):
    app = v4_deployment("web_app", env={"FRAMEAUTH_METRICS_PORT": "0"})
    old, new = app.api_key, secrets.token_urlsafe(32)
    assert sign_in(app.base, adobe_user).status == 303
    token_path = app.base + f"/api/users/{adobe_user.id}/token"

    # Step 1: the new key listed after the old one; both work.
    app.env["FRAMEAUTH_API_KEY"] = f"{old},{new}"
    app.restart()
    assert get_json(token_path, old)[0] == 200
    assert get_json(token_path, new)[0] == 200
    assert get_json(token_path, new)[0] == 200
    # Step 2: the operator watches the old key's position stop growing.
    assert api_calls_by_key(app) == {"1": 1, "2": 2, "none": 0}
    assert old not in app.logs and new not in app.logs

    # Step 3: the old key removed; it gets 401 and the user is still signed in.
    app.env["FRAMEAUTH_API_KEY"] = new
    app.restart()
    assert get_json(token_path, old)[0] == 401
    status, token = get_json(token_path, new)
    assert status == 200 and token["access_token"]
    assert api_calls_by_key(app) == {"1": 1, "none": 1}


def test_an_api_key_list_with_a_short_key_stops_start_up_naming_its_place_not_the_key(frameauth, ims, tmp_path):
    settings = {**ims.frameauth_settings(), "CLIENT_ID": "client-x", "FRAMEAUTH_DATA_DIR": str(tmp_path / "data"),
                "FRAMEAUTH_API_KEY": secrets.token_urlsafe(32) + ",tooShortKey"}
    try:
        frameauth(env=settings)
    except RuntimeError as refused:
        message = str(refused)
    else:
        raise AssertionError("frameauth started with a short API key")
    assert "FRAMEAUTH_API_KEY (environment): key 2 of 2 is shorter than 32 characters" in message
    assert "tooShortKey" not in message


def records_needing_previous_keys(app):
    port = re.search(r"metrics on http://127\.0\.0\.1:(\d+)/metrics", app.server.error_log).group(1)
    text = request(f"http://127.0.0.1:{port}/metrics").body.decode()
    return int(re.search(r"^frameauth_records_sealed_with_previous_keys (\d+)$", text, re.M).group(1))


def test_the_encryption_key_of_one_instance_changes_as_the_readme_says_and_nobody_is_signed_out(
        v4_deployment, ims, adobe_user):
    # FrameAuth as most start it: no key configured, one generated into data_dir.
    app = v4_deployment("web_app", env={"FRAMEAUTH_METRICS_PORT": "0"})
    assert sign_in(app.base, adobe_user).status == 303
    token_path = app.base + f"/api/users/{adobe_user.id}/token"
    assert get_json(token_path, app.api_key)[0] == 200
    old = (app.data_dir / "encryption.key").read_text().strip()
    journal_before = (app.data_dir / "sessions.journal").read_bytes()

    # Step 1: a new key. Step 2: start with it, and the old one as previous.
    new = base64.b64encode(secrets.token_bytes(32)).decode()
    app.env.update(FRAMEAUTH_ENCRYPTION_KEY=new, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS=old)
    app.restart()
    assert "1 user and their sessions are sealed with a previous key" in app.logs
    assert "0 records left sealed with a previous key; FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS can be removed" in app.logs
    assert records_needing_previous_keys(app) == 0
    assert (app.data_dir / "sessions.journal").read_bytes()[:4] == b"FAJ3"
    assert (app.data_dir / "sessions.journal").read_bytes()[4:12] != journal_before[4:12]  # another key id
    status, token = get_json(token_path, app.api_key)
    assert status == 200 and ims.token(token["access_token"])

    # Step 3: the previous key removed; still signed in, also in the browser's session.
    del app.env["FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS"]
    app.restart()
    assert get_json(token_path, app.api_key)[0] == 200
    for value in (old, new):
        assert value not in app.logs


def test_a_new_encryption_key_without_the_old_one_stops_start_up_with_the_count_and_changes_nothing(
        v4_deployment, adobe_user, frameauth):
    app = v4_deployment("web_app")
    assert sign_in(app.base, adobe_user).status == 303
    assert app.server.stop() == 0
    journal = (app.data_dir / "sessions.journal").read_bytes()

    app.env["FRAMEAUTH_ENCRYPTION_KEY"] = base64.b64encode(secrets.token_bytes(32)).decode()
    try:
        app.start()
    except RuntimeError as refused:
        line = str(refused)
    else:
        raise AssertionError("frameauth started without the key its journal needs")
    assert "which is neither the encryption key nor one of FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS" in line
    assert re.search(r"its \d+ entries \(every stored session\) need it", line)
    assert (app.data_dir / "sessions.journal").read_bytes() == journal


def refreshes(ims):
    return [seen for seen in ims.token_requests if seen.form.get("grant_type") == "refresh_token"]


def key_id(encoded_key):
    """The id a sealed value starts with: 8 bytes of SHA-256 over a label and the key."""
    return hashlib.sha256(b"frameauth-key-id\0" + base64.b64decode(encoded_key)).digest()[:8]


def test_a_rolling_change_of_the_encryption_key_over_three_replicas_on_redis_signs_nobody_out(
        replicas, redis_server, ims, adobe_user):
    callback = sign_in(replicas.base, adobe_user)
    assert callback.status == 303
    browser_cookies = callback.cookies()
    token_path = f"{replicas.base}/api/users/{adobe_user.id}/token"
    old, new = replicas.env["FRAMEAUTH_ENCRYPTION_KEY"], base64.b64encode(secrets.token_bytes(32)).decode()
    assert {value[:8] for value in redis_server.sealed_values().values()} == {key_id(old)}

    # The integrator keeps asking through the balancer all along; tokens fall due every few seconds.
    statuses, stop = [], threading.Event()

    def integrator():
        while not stop.is_set():
            statuses.append(get_json(token_path, replicas.api_key)[0])
            time.sleep(0.1)

    asking = threading.Thread(target=integrator)
    asking.start()
    try:
        for index in range(3):  # Step 1
            replicas.restart(index, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS=new)
        for index in range(3):  # Step 2
            replicas.restart(index, FRAMEAUTH_ENCRYPTION_KEY=new, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS=old)
            if index == 0:
                # Replicas with either key as current serve the integrator
                # while a refresh falls due and is written back.
                before, deadline = len(refreshes(ims)), time.monotonic() + 15
                while len(refreshes(ims)) == before:
                    assert time.monotonic() < deadline, "no refresh fell due"
                    time.sleep(0.1)
        # Step 3, once a replica with the new key says nothing needs the old one.
        deadline = time.monotonic() + 30
        while not any("0 records left sealed with a previous key" in server.error_log for server in replicas.servers):
            assert time.monotonic() < deadline, [server.error_log for server in replicas.servers]
            time.sleep(0.2)
        assert {value[:8] for value in redis_server.sealed_values().values()} == {key_id(new)}
        for index in range(3):
            replicas.restart(index, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS=None)
    finally:
        stop.set()
        asking.join()

    assert statuses and set(statuses) == {200}, statuses
    assert request(replicas.base + "/session", cookies=browser_cookies).status == 200
    assert get_json(token_path, replicas.api_key)[0] == 200
    assert {value[:8] for value in redis_server.sealed_values().values()} == {key_id(new)}
    for server in replicas.servers:
        assert old not in server.error_log and new not in server.error_log


def test_a_replica_started_without_a_key_redis_values_need_stops_with_the_count(replicas, redis_server, adobe_user):
    assert sign_in(replicas.base, adobe_user).status == 303
    needed = len(redis_server.sealed_values())
    try:
        replicas.restart(0, FRAMEAUTH_ENCRYPTION_KEY=base64.b64encode(secrets.token_bytes(32)).decode())
    except RuntimeError as refused:
        line = str(refused)
    else:
        raise AssertionError("a replica started without the key Redis's values need")
    old_id = key_id(replicas.env["FRAMEAUTH_ENCRYPTION_KEY"]).hex()
    assert f"Redis holds {needed} sealed records this replica has no key for ({needed} with key id {old_id})" in line


def test_a_replica_killed_while_sealing_again_loses_nothing_and_the_next_start_finishes(replicas, redis_server, ims,
                                                                                          adobe_user):
    # 150 browsers signed in: enough values that sealing them again takes a moment.
    browsers = []
    for _ in range(150):
        callback = sign_in(replicas.base, adobe_user)
        assert callback.status == 303
        browsers.append(callback.cookies())
    old, new = replicas.env["FRAMEAUTH_ENCRYPTION_KEY"], base64.b64encode(secrets.token_bytes(32)).decode()
    for index in range(3):
        replicas.restart(index, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS=new)

    replicas.restart(0, FRAMEAUTH_ENCRYPTION_KEY=new, FRAMEAUTH_PREVIOUS_ENCRYPTION_KEYS=old)
    deadline = time.monotonic() + 10
    while "sealing them again" not in replicas.servers[0].error_log:
        assert time.monotonic() < deadline
        time.sleep(0.002)

    def while_it_is_down():
        assert {value[:8] for value in redis_server.sealed_values().values()} <= {key_id(old), key_id(new)}
        # Every browser is still signed in, through the replicas still running.
        for cookies in browsers:
            assert request(replicas.servers[1].base + "/session", cookies=cookies).status == 200

    replicas.kill_and_restart(0, before_restart=while_it_is_down)
    deadline = time.monotonic() + 30
    while {value[:8] for value in redis_server.sealed_values().values()} != {key_id(new)}:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    for cookies in browsers:
        assert request(replicas.base + "/session", cookies=cookies).status == 200
