"""The integrator API and /disconnect with Frame.io V4 (CONTRACT §5 and §7):
Adobe user ids (which hold '@' and '.') in the path, and RFC 7009 revocation
at the IMS stand-in when a user is deleted or disconnects."""
import re
import urllib.parse

import pytest
from prometheus_client.parser import text_string_to_metric_families

from deployment import V4_APP_KINDS, get_json, refresh_at
from http_sign_in import request, sign_in

EVIL_ORIGIN = "https://evil.example"


def user_path(user, encoded=False):
    return "/api/users/" + (urllib.parse.quote(user.id, safe="") if encoded else user.id)


def revocations_counted(app):
    """frameauth_revocations_total by result, from /metrics (FRAMEAUTH_METRICS_PORT=0: a free port, logged)."""
    port = re.search(r"metrics on http://127\.0\.0\.1:(\d+)/metrics", app.server.error_log).group(1)
    text = request(f"http://127.0.0.1:{port}/metrics").body.decode()
    [family] = [f for f in text_string_to_metric_families(text) if f.name == "frameauth_revocations"]
    return {sample.labels["result"]: sample.value for sample in family.samples if sample.name.endswith("_total")}


def test_an_adobe_user_id_with_at_sign_and_dot_works_raw_and_percent_encoded(v4_deployment, ims, adobe_user):
    assert "@" in adobe_user.id and "." in adobe_user.id
    assert "%40" in user_path(adobe_user, encoded=True)
    app = v4_deployment("web_app")
    assert sign_in(app.base, adobe_user).status == 303
    status, listing = app.api("/api/users")
    assert [entry["id"] for entry in listing["users"]] == [adobe_user.id]
    for encoded in (False, True):
        status, token = app.api(user_path(adobe_user, encoded) + "/token")
        assert status == 200, (encoded, token)
        assert get_json(ims.userinfo_url, token["access_token"]) == (200, ims.identity(adobe_user))
    assert app.api(user_path(adobe_user, encoded=True), "DELETE") == (204, None)
    assert app.api(user_path(adobe_user) + "/token")[0] == 404


@pytest.mark.parametrize("kind", V4_APP_KINDS)
def test_delete_revokes_the_refresh_token_then_the_access_token(kind, v4_deployment, ims, adobe_user):
    app = v4_deployment(kind)
    assert sign_in(app.base, adobe_user).status == 303
    status, token = app.api(user_path(adobe_user) + "/token")
    assert status == 200
    pair = ims.token(token["access_token"])

    assert app.api(user_path(adobe_user), "DELETE") == (204, None)
    # A Single-Page App has no refresh token: only its access token is revoked.
    expected = ([(pair.refresh_token, "refresh_token")] if pair.refresh_token else []) + \
        [(pair.access_token, "access_token")]
    assert [(r.token, r.hint) for r in ims.revocations] == expected
    assert [r.kind for r in ims.revocations] == [hint for _, hint in expected]
    # With the token endpoint's client authentication, which IMS accepted.
    if V4_APP_KINDS[kind]:
        assert {(r.client_auth, r.status) for r in ims.revocations} == {("client_secret_basic", 200)}
    else:
        assert {(r.client_auth, r.client_id, r.status) for r in ims.revocations} == {
            ("none", app.client.client_id, 200)}
    assert get_json(ims.userinfo_url, pair.access_token)[0] == 401
    if pair.refresh_token:
        assert refresh_at(ims, app.client, pair.refresh_token) == (400, {"error": "invalid_grant"})
    assert app.api(user_path(adobe_user) + "/token")[0] == 404
    assert app.api("/api/users") == (200, {"users": []})


def test_delete_forgets_the_user_even_when_revocation_fails(v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app", env={"FRAMEAUTH_METRICS_PORT": "0"})
    assert sign_in(app.base, adobe_user).status == 303
    ims.revocation_fails = True
    assert app.api(user_path(adobe_user), "DELETE") == (204, None)
    assert ims.revocations and {r.status for r in ims.revocations} == {503}, "revocation was not even tried"
    counted = revocations_counted(app)  # CONTRACT §5: a failure is logged and counted
    assert counted["failed"] >= 1 and counted["success"] == 0, counted
    assert app.api(user_path(adobe_user) + "/token")[0] == 404
    app.restart()
    assert app.api(user_path(adobe_user) + "/token")[0] == 404
    assert app.api("/api/users") == (200, {"users": []})


def test_an_empty_revocation_url_turns_revocation_off(v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app", env={"FRAMEAUTH_REVOCATION_URL": ""})
    assert sign_in(app.base, adobe_user).status == 303
    assert app.api(user_path(adobe_user), "DELETE") == (204, None)
    assert [s for s in ims.requests if s.path == ims.REVOCATION_PATH] == []
    assert app.api(user_path(adobe_user) + "/token")[0] == 404


def test_disconnect_needs_a_session_and_a_form_from_this_site(v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app")
    assert request(app.base + "/disconnect", "POST").status == 401
    signed_in = sign_in(app.base, adobe_user)
    session = {"frameauth_session": signed_in.cookies()["frameauth_session"]}
    for foreign in ({"Origin": EVIL_ORIGIN}, {"Sec-Fetch-Site": "cross-site"}):
        assert request(app.base + "/disconnect", "POST", headers=foreign, cookies=session).status == 403, foreign
    assert ims.revocations == []
    assert request(app.base + "/session", cookies=session).status == 200

    # Our own button: Origin null (every page is sent with Referrer-Policy: no-referrer).
    done = request(app.base + "/disconnect", "POST", headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
                   cookies=session)
    assert (done.status, done.header("Location")) == (303, "/")
    assert [r.hint for r in ims.revocations] == ["refresh_token", "access_token"]
    assert request(app.base + "/session", cookies=session).status == 401
    assert app.api(user_path(adobe_user) + "/token")[0] == 404
