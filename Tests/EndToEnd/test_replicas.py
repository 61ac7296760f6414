"""Three FrameAuth replicas of one app on one Redis, behind Debian's nginx as
a round-robin load balancer without stickiness (CONTRACT §8), against the
Adobe IMS stand-in, with Chromium signing in through the balancer.
"""
import json
import os
import signal
import subprocess
import threading
import time

import pytest

from conftest import BINARY, _without_frameauth_settings as without_frameauth_settings
from deployment import get_json
from http_sign_in import authorize, request, sign_in as sign_in_over_http
from sign_in_steps import SIGN_IN_BUTTON, assert_shows_signed_in, sign_in_at_the_server


def token_path(user):
    return f"/api/users/{user.id}/token"


def refreshes(ims):
    return [seen for seen in ims.token_requests if seen.form.get("grant_type") == "refresh_token"]


def wait_until_ready(replicas):
    """Until every replica's /readyz says 200: each reconnects on its own after a back-off."""
    deadline = time.monotonic() + 15
    while [replicas.ready(index) for index in range(3)] != [200, 200, 200]:
        assert time.monotonic() < deadline, "the replicas did not see Redis come back"
        time.sleep(0.2)


def served(replica, route):
    """How many GETs of `route` one replica's access log (JSON lines) shows."""
    lines = [json.loads(line) for line in replica.access_log.splitlines() if line.startswith("{")]
    return sum(1 for line in lines if line["method"] == "GET" and line["path"] == route)


def test_a_browser_signs_in_through_the_balancer_and_every_replica_serves_the_user(replicas, ims, adobe_user, browser):
    browser.open(replicas.base + "/")
    browser.wait_for_text("Sign in with Frame.io")
    browser.click(SIGN_IN_BUTTON)
    sign_in_at_the_server(browser, adobe_user)
    browser.wait_for_text("You are signed in")
    assert_shows_signed_in(browser, adobe_user)

    # Round robin: the landing page, /login and the callback went to more
    # than one replica, and the sign-in held across them. (Access logs are
    # written in batches, a moment after the answers.)
    time.sleep(0.5)
    logins = [served(r, "/login") for r in replicas.servers]
    callbacks = [served(r, "/callback") for r in replicas.servers]
    assert sum(logins) == 1 and sum(callbacks) == 1
    assert sum(1 for r in replicas.servers if served(r, "/") + served(r, "/login") + served(r, "/callback")) >= 2

    # Every replica hands out the same token, with no refresh.
    answers = [replicas.api(index, token_path(adobe_user)) for index in range(3)]
    assert [status for status, _ in answers] == [200, 200, 200]
    assert len({body["access_token"] for _, body in answers}) == 1
    assert refreshes(ims) == []


def test_fifty_token_calls_at_once_over_three_replicas_for_a_due_token_make_one_refresh(replicas, ims, adobe_user):
    assert sign_in_over_http(replicas.base, adobe_user).status == 303
    status, first = replicas.api(0, token_path(adobe_user))
    assert status == 200
    time.sleep(max(0, first["expires_in"] - 7 + 1.5))  # within the refresh skew: due

    answers = []
    lock = threading.Lock()

    def ask(index):
        answer = replicas.api(index % 3, token_path(adobe_user))
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=ask, args=(index,)) for index in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _ in answers] == [200] * 50
    assert len({body["access_token"] for _, body in answers}) == 1
    assert answers[0][1]["access_token"] != first["access_token"]
    assert len(refreshes(ims)) == 1


def test_redis_stopped_gives_503s_and_service_returns_without_restarting_frameauth(replicas, redis_server, ims, adobe_user):
    assert sign_in_over_http(replicas.base, adobe_user).status == 303
    status, before = replicas.api(1, token_path(adobe_user))
    assert status == 200

    redis_server.kill()
    assert [replicas.ready(index) for index in range(3)] == [503, 503, 503]
    for index in range(3):
        assert replicas.api(index, token_path(adobe_user)) == (503, {"error": "store_unavailable"})
        assert replicas.api(index, "/api/users") == (503, {"error": "store_unavailable"})
    # A sign-in cannot even start: /login has nowhere to keep its state.
    assert request(replicas.base + "/login").status == 503
    for replica in replicas.servers:
        assert replica.process.poll() is None

    redis_server.start()
    wait_until_ready(replicas)
    # What was acknowledged before the kill is there (appendfsync always).
    for index in range(3):
        assert replicas.api(index, token_path(adobe_user)) == (200, before)


def test_no_redis_key_value_or_file_holds_a_token_an_email_a_code_or_a_cookie(replicas, redis_server, ims, adobe_user,
                                                                           browser):
    browser.open(replicas.base + "/login")
    sign_in_at_the_server(browser, adobe_user)
    browser.wait_for_text("You are signed in")
    status, token = replicas.api(2, token_path(adobe_user))
    assert status == 200
    # A refresh too, so the rotated tokens are checked as well.
    time.sleep(max(0, token["expires_in"] - 7 + 1.5))
    assert replicas.api(0, token_path(adobe_user))[0] == 200
    assert len(refreshes(ims)) == 1

    secrets_seen = [adobe_user.email, adobe_user.name]
    for issued in ims.tokens:
        secrets_seen += [issued.access_token, issued.refresh_token]
    secrets_seen += list(ims.codes)
    secrets_seen += [cookie["value"] for cookie in browser.cookies() if len(cookie["value"]) >= 16]
    assert len(secrets_seen) >= 7
    everything, files = redis_server.everything(), redis_server.files()
    assert b"frameauth:user:" in everything and len(files) > 1000
    for secret in secrets_seen:
        assert secret.encode() not in everything, f"Redis holds {secret[:6]}…"
        assert secret.encode() not in files, f"Redis's files hold {secret[:6]}…"


def test_a_callback_while_redis_is_down_is_refused_and_nothing_is_kept(replicas, redis_server, ims, adobe_user):
    callback, cookies, _ = authorize(replicas.base, adobe_user)
    redis_server.kill()
    refused = request(callback, cookies=cookies)
    assert refused.status == 503 and b"try again" in refused.body
    assert not [seen for seen in ims.token_requests if seen.form.get("grant_type") == "authorization_code"], \
        "no code is exchanged while nothing could be kept"

    redis_server.start()
    wait_until_ready(replicas)
    assert replicas.api(0, "/api/users") == (200, {"users": []})
    # The browser's retry of the same callback, now that Redis is back, signs in.
    assert request(callback, cookies=cookies).status == 303
    assert [user["id"] for user in replicas.api(1, "/api/users")[1]["users"]] == [adobe_user.id]


def call_in_background(function):
    """Runs `function` on a thread; the returned list gets its result (or the exception)."""
    result = []

    def run():
        try:
            result.append(function())
        except Exception as error:  # a killed replica's caller sees its connection reset
            result.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def due_after_sign_in(replicas, adobe_user):
    """Signs in through the balancer and waits until the access token is due; returns it."""
    assert sign_in_over_http(replicas.base, adobe_user).status == 303
    status, first = replicas.api(0, token_path(adobe_user))
    assert status == 200
    time.sleep(max(0, first["expires_in"] - 7 + 1.5))
    return first


def test_a_replica_killed_holding_the_refresh_lease_holds_its_user_up_no_longer_than_the_lease(
        replicas, ims, adobe_user):
    first = due_after_sign_in(replicas, adobe_user)
    arrived = ims.hold_next_refresh()
    thread, _ = call_in_background(lambda: replicas.api(0, token_path(adobe_user)))
    assert arrived.wait(timeout=10), "replica 1 did not start its refresh"
    # Replica 1 holds the lease and its request is on its way: kill -9.
    replicas.servers[0].process.kill()
    replicas.servers[0].process.wait()
    ims.release_held_refresh(drop=True)  # it never reached the server
    thread.join(timeout=10)

    started = time.monotonic()
    status, body = replicas.api(1, token_path(adobe_user))
    waited = time.monotonic() - started
    assert status == 200 and body["access_token"] != first["access_token"]
    assert waited <= 10 + 3, f"held up {waited:.1f} s, more than the 10 s lease"
    # Nothing lost: the user, with the new token, on every replica still running.
    assert replicas.api(2, token_path(adobe_user))[1]["access_token"] == body["access_token"]
    assert [user["id"] for user in replicas.api(2, "/api/users")[1]["users"]] == [adobe_user.id]


def test_a_replica_paused_past_its_lease_cannot_overwrite_the_newer_tokens_when_it_wakes(replicas, ims, adobe_user):
    # Refresh tokens that stay valid after use, so the paused replica's late
    # refresh succeeds too: only FrameAuth's fenced write can keep its tokens out.
    ims.rotates_refresh_tokens = False
    due_after_sign_in(replicas, adobe_user)
    arrived = ims.hold_next_refresh()
    paused = replicas.servers[0].process
    thread, late = call_in_background(lambda: replicas.api(0, token_path(adobe_user)))
    assert arrived.wait(timeout=10)
    paused.send_signal(signal.SIGSTOP)
    try:
        time.sleep(10 + 1.5)  # past the lease, which a stopped process cannot renew
        status, newer = replicas.api(1, token_path(adobe_user))
        assert status == 200
        issued_before = len(ims.tokens)
        ims.release_held_refresh()  # the paused replica's refresh goes through now
        deadline = time.monotonic() + 10
        while len(ims.tokens) == issued_before:
            assert time.monotonic() < deadline, "the held refresh was never answered"
            time.sleep(0.05)
        late_tokens = ims.tokens[-1]
    finally:
        paused.send_signal(signal.SIGCONT)
    thread.join(timeout=20)

    assert late_tokens.access_token != newer["access_token"]
    # The woken replica's write was refused: it hands out the newer tokens, and so does everyone.
    [(status, answer)] = late
    assert status == 200 and answer["access_token"] == newer["access_token"], late
    for index in range(3):
        assert replicas.api(index, token_path(adobe_user))[1]["access_token"] == newer["access_token"]


def test_a_single_instance_grows_into_replicas_with_import_journal_and_nobody_signs_in_again(
        frameauth, v4_deployment, ims, adobe_user, redis_server, tmp_path):
    # One instance on its journal, with the key it generated into data_dir.
    # No refresh falls due during the test: the token the instance handed out is the one to find again.
    single = v4_deployment("web_app", env={"FRAMEAUTH_REFRESH_SKEW_SECONDS": "0"})
    assert sign_in_over_http(single.base, adobe_user).status == 303
    status, before = single.api(token_path(adobe_user))
    assert status == 200
    assert single.server.stop() == 0

    key_file = single.data_dir / "encryption.key"
    env = {**single.env, "FRAMEAUTH_STORE_URL": redis_server.url, "FRAMEAUTH_ENCRYPTION_KEY_FILE": str(key_file)}
    command = [str(BINARY), "--import-journal", "--data-dir", str(single.data_dir)]
    run = lambda: subprocess.run(command, env={**without_frameauth_settings(os.environ), **env},
                                 capture_output=True, text=True, timeout=60)
    imported = run()
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 users (0 already in Redis, kept as they are), 1 browser sessions" in imported.stdout
    again = run()
    assert again.returncode == 0 and "imported 0 users (1 already in Redis" in again.stdout

    # Two replicas on Redis now serve the user, with the same tokens, and no new sign-in.
    replicas = [frameauth("--data-dir", str(tmp_path / f"replica-{index}"), env=env) for index in range(2)]
    for replica in replicas:
        status, token = get_json(replica.base + token_path(adobe_user), single.api_key)
        assert status == 200 and token["access_token"] == before["access_token"]
    assert [t.grant_type for t in ims.tokens] == ["authorization_code"]
