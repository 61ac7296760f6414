"""Frame.io V4 in a real browser: headless Chromium signs in through the Adobe
IMS stand-in (adobe_ims.py) with FrameAuth's default provider, `frameio-v4`,
as an OAuth Web App (client secret) and as a Single-Page App (PKCE, no
refresh token), and disconnects. Pictures go to test-output/end-to-end/.
"""
import time
import urllib.parse

import pytest

from deployment import REFRESH_SKEW, V4_APP_KINDS, get_json, refresh_at
from http_sign_in import request, sign_in as sign_in_over_http
from sign_in_steps import DISCONNECT_BUTTON, SIGN_IN_BUTTON, assert_shows_signed_in, sign_in, sign_in_at_the_server, \
    token_once_due


def token_path(user):
    return f"/api/users/{user.id}/token"


def first_authorize_request(ims):
    """The query of the browser's first visit to IMS's authorize URL."""
    seen = next(s for s in ims.requests if s.path == ims.AUTHORIZE_PATH and s.method == "GET")
    return dict(urllib.parse.parse_qsl(seen.query))


def refresh_requests(ims):
    return [seen for seen in ims.token_requests if seen.form.get("grant_type") == "refresh_token"]


@pytest.mark.parametrize("kind", V4_APP_KINDS)
def test_v4_sign_in_ends_signed_in_with_a_token_that_works_at_v4_me(kind, v4_deployment, ims, adobe_user, browser):
    app = v4_deployment(kind)
    web_app = V4_APP_KINDS[kind]

    browser.open(app.base + "/")
    browser.wait_for_text("Sign in with Frame.io")
    browser.click(SIGN_IN_BUTTON)
    sign_in_at_the_server(browser, adobe_user, pictures=f"v4-{kind}")
    browser.wait_for_text("You are signed in")
    assert browser.path == "/", "code, state and iss must leave the address bar"
    assert_shows_signed_in(browser, adobe_user)
    browser.screenshot(f"v4-{kind}-4-landing-signed-in")

    # What IMS saw: V4's default scopes, a fresh nonce, PKCE (S256) for the
    # Single-Page App, and the client authentication of each kind of app.
    asked = first_authorize_request(ims)
    assert asked["scope"] == "openid email profile offline_access additional_info.roles"
    assert (asked["response_type"], asked["client_id"], asked["redirect_uri"]) == (
        "code", app.client.client_id, app.client.redirect_uri)
    assert len(asked["nonce"]) >= 22, "a nonce of at least 128 bits, base64url"
    assert asked.get("code_challenge_method") == (None if web_app else "S256")
    [code] = [c for c in ims.codes.values() if c.client_id == app.client.client_id]
    assert code.used and code.nonce == asked["nonce"]
    assert [(t.grant_type, t.auth_method) for t in ims.tokens] == [("authorization_code", app.client.auth_method)]
    assert len(ims.id_tokens) == 1 and ims.jwks_fetches == 1

    # The integrator API: who signed in, and a token that works at /v4/me.
    status, listing = app.api("/api/users")
    assert status == 200
    [listed] = listing["users"]
    assert (listed["id"], listed["email"], listed["name"]) == (adobe_user.id, adobe_user.email, adobe_user.name)
    status, first = app.api(token_path(adobe_user))
    assert status == 200 and first["token_type"].lower() == "bearer"
    assert get_json(ims.userinfo_url, first["access_token"]) == (200, ims.identity(adobe_user))

    if web_app:
        # Due: refreshed with the scope, and IMS rotated the refresh token, so the old one is refused.
        second = token_once_due(app, adobe_user, first)
        assert second["access_token"] != first["access_token"], "the access token was not refreshed"
        assert get_json(ims.userinfo_url, second["access_token"])[0] == 200
        [refresh] = refresh_requests(ims)
        assert refresh.form.get("scope") == asked["scope"]
        assert refresh.authorization and refresh.authorization.startswith("Basic ")
        used = ims.token(first["access_token"])
        assert refresh_at(ims, app.client, used.refresh_token) == (400, {"error": "invalid_grant"})
        # Again: this works only if FrameAuth kept the rotated refresh token.
        third = token_once_due(app, adobe_user, second)
        assert third["access_token"] != second["access_token"], "the access token was not refreshed again"
        assert get_json(ims.userinfo_url, third["access_token"])[0] == 200
    else:
        # No refresh token: the access token is handed out until it expires,
        # even once a refresh would be due, then the session needs a sign-in.
        assert ims.tokens[0].refresh_token is None
        time.sleep(max(0, first["expires_in"] - REFRESH_SKEW + 1.5))
        status, due = app.api(token_path(adobe_user))
        assert status == 200 and due["access_token"] == first["access_token"], due
        time.sleep(due["expires_in"] + 1.5)
        assert app.api(token_path(adobe_user)) == (409, {"error": "login_required"})
        assert refresh_requests(ims) == [], "a refresh was asked for with no refresh token"

    # Nothing secret reached FrameAuth's logs.
    secrets_seen = [app.api_key, code.code, *ims.id_tokens] + [t.access_token for t in ims.tokens] + \
        [t.refresh_token for t in ims.tokens if t.refresh_token]
    if app.client.client_secret:
        secrets_seen.append(app.client.client_secret)
    leaked = [value for value in secrets_seen if value in app.logs]
    assert not leaked, f"{len(leaked)} secret value(s) appear in FrameAuth's logs"


def test_disconnect_signs_every_browser_out_revokes_and_forgets_the_user(v4_deployment, ims, adobe_user, browser):
    app = v4_deployment("web_app")
    sign_in(browser, app, adobe_user)
    # The same person signed in from a second browser too.
    other = sign_in_over_http(app.base, adobe_user)
    assert other.status == 303
    other_session = {"frameauth_session": other.cookies()["frameauth_session"]}
    status, token = app.api(token_path(adobe_user))
    assert status == 200
    pair = ims.token(token["access_token"])

    browser.reload()
    browser.screenshot("v4-disconnect-1-landing-with-disconnect")
    browser.click(DISCONNECT_BUTTON)
    browser.wait_for_text("Sign in with Frame.io")
    assert browser.path == "/"
    assert "frameauth_session" not in browser.cookie_names()
    browser.screenshot("v4-disconnect-2-landing-after-disconnect")

    # RFC 7009 at IMS: the refresh token, then the access token, as the Web App.
    assert [(r.token, r.hint, r.kind) for r in ims.revocations] == [
        (pair.refresh_token, "refresh_token", "refresh_token"), (pair.access_token, "access_token", "access_token")]
    assert {(r.client_auth, r.status) for r in ims.revocations} == {("client_secret_basic", 200)}
    assert get_json(ims.userinfo_url, pair.access_token)[0] == 401
    # FrameAuth forgot the user, and the other browser's session ended with it.
    assert app.api(token_path(adobe_user))[0] == 404
    assert app.api("/api/users") == (200, {"users": []})
    assert request(app.base + "/session", cookies=other_session).status == 401
    browser.reload()
    assert "You are signed in" not in browser.text
