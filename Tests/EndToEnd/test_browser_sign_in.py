"""Signing in through a real browser against a real OAuth server.

Headless Chromium drives the release binary, which is configured against an
Authlib authorization server standing in for Frame.io's legacy platform
(authorization_server.py); test_v4_browser_sign_in.py does the same against
Adobe IMS, where Frame.io V4 signs in. Pictures of what the user sees are kept in test-output/end-to-end/.
"""
import json
import urllib.parse

import pytest

from deployment import get_json, refresh_at
from sign_in_steps import SIGN_IN_BUTTON, SIGN_OUT_BUTTON, assert_shows_signed_in, sign_in, sign_in_at_the_server, \
    token_once_due

APP_KINDS = {"confidential": True, "pkce": False}


def identity_at_the_server(idp, token):
    """What the stand-in's /v2/me answers for this access token: (status, JSON)."""
    return get_json(idp.userinfo_url, token["access_token"])


@pytest.mark.parametrize("kind", APP_KINDS)
def test_sign_in_then_the_backend_gets_tokens_that_refresh_and_rotate(kind, deployment, idp, user, browser):
    app = deployment(confidential=APP_KINDS[kind])

    # The browser: landing page, the authorization server's pages, back signed in.
    browser.open(app.base + "/")
    browser.wait_for_text("Sign in with Frame.io")
    browser.screenshot(f"{kind}-1-landing-signed-out")
    browser.click(SIGN_IN_BUTTON)
    sign_in_at_the_server(browser, user, pictures=kind)
    browser.wait_for_text("You are signed in")
    assert browser.path == "/", "code and state must leave the address bar"
    assert_shows_signed_in(browser, user)
    browser.screenshot(f"{kind}-4-landing-signed-in")

    # What the authorization server saw: this app's client authentication,
    # and PKCE (S256) exactly when the app has no secret.
    [code] = [c for c in idp.codes.values() if c.client_id == app.client.client_id]
    assert code.used
    assert code.code_challenge_method == (None if APP_KINDS[kind] else "S256")
    assert [(t.grant_type, t.auth_method) for t in idp.tokens] == [("authorization_code", app.client.auth_method)]

    # The integrator API: who signed in, and a token that works at /v2/me.
    status, listing = app.api("/api/users")
    assert status == 200
    [listed] = listing["users"]
    assert (listed["id"], listed["email"], listed["name"]) == (user.id, user.email, user.name)
    status, first = app.api(f"/api/users/{user.id}/token")
    assert status == 200 and first["token_type"].lower() == "bearer"
    assert identity_at_the_server(idp, first) == (200, {"id": user.id, "email": user.email, "name": user.name})

    # Once due, it is refreshed: a new access token that works, and the
    # server rotated the refresh token, revoking the one FrameAuth used.
    second = token_once_due(app, user, first)
    assert second["access_token"] != first["access_token"], "the access token was not refreshed"
    assert identity_at_the_server(idp, second)[0] == 200
    used = idp.token(first["access_token"])
    assert used.revoked
    assert refresh_at(idp, app.client, used.refresh_token) == (400, {"error": "invalid_grant"})

    # And again: this refresh only works if FrameAuth kept the rotated refresh token.
    third = token_once_due(app, user, second)
    assert third["access_token"] != second["access_token"], "the access token was not refreshed again"
    assert identity_at_the_server(idp, third)[0] == 200
    grants = [(t.grant_type, t.auth_method) for t in idp.tokens]
    assert grants[0] == ("authorization_code", app.client.auth_method)
    assert len(grants) >= 3 and set(grants[1:]) == {("refresh_token", app.client.auth_method)}

    # Nothing secret reached FrameAuth's logs.
    secrets_seen = [app.api_key, code.code] + [t.access_token for t in idp.tokens] + [t.refresh_token for t in idp.tokens]
    if app.client.client_secret:
        secrets_seen.append(app.client.client_secret)
    leaked = [value for value in secrets_seen if value in app.logs]
    assert not leaked, f"{len(leaked)} secret value(s) appear in FrameAuth's logs"


def test_denied_consent_ends_on_an_error_page_naming_the_error(deployment, idp, user, browser):
    app = deployment(confidential=True)
    browser.open(app.base + "/login")
    browser.fill("#email", user.email)
    browser.fill("#password", user.password)
    browser.click("#sign-in")
    browser.click("#deny")
    browser.wait_for_text("access_denied")
    assert browser.path.startswith("/callback")
    assert browser.elements("h1") and browser.elements("a[href='/login']"), "the page offers to try again"
    browser.screenshot("consent-denied-error-page")

    assert idp.tokens == [], "no token may be asked for"
    assert app.api("/api/users") == (200, {"users": []})
    browser.open(app.base + "/")
    browser.wait_for_text("Sign in with Frame.io")


@pytest.mark.parametrize("return_to, lands_on", [
    ("/session", "/session"),
    ("//elsewhere.example/phish", "/"),
])
def test_return_to_is_honoured_only_for_a_local_path(return_to, lands_on, deployment, user, browser):
    app = deployment(confidential=True)
    browser.open(app.base + "/login?" + urllib.parse.urlencode({"return_to": return_to}))
    sign_in_at_the_server(browser, user)
    browser.wait_for_path(lands_on)
    assert browser.url.startswith(app.base)
    if lands_on == "/session":
        session = json.loads(browser.element("pre").text)
        assert session["user"] == {"id": user.id, "email": user.email, "name": user.name}
        browser.screenshot("return-to-session")
    else:
        assert_shows_signed_in(browser, user)


def test_sign_out_returns_to_the_signed_out_landing_page(deployment, user, browser):
    app = deployment(confidential=False)
    sign_in(browser, app, user)
    assert "frameauth_session" in browser.cookie_names()
    browser.click(SIGN_OUT_BUTTON)
    browser.wait_for_text("Sign in with Frame.io")
    assert browser.path == "/"
    assert "frameauth_session" not in browser.cookie_names()
    browser.screenshot("landing-after-sign-out")

    browser.reload()
    assert "You are signed in" not in browser.text
    browser.open(app.base + "/session")
    assert user.email not in browser.text


def test_a_restart_keeps_the_browser_signed_in(deployment, idp, user, browser):
    app = deployment(confidential=True)
    sign_in(browser, app, user)
    key = (app.data_dir / "encryption.key").read_bytes()

    app.restart()
    browser.reload()
    assert_shows_signed_in(browser, user)
    browser.screenshot("landing-signed-in-after-restart")
    assert (app.data_dir / "encryption.key").read_bytes() == key
    status, token = app.api(f"/api/users/{user.id}/token")
    assert status == 200
    assert identity_at_the_server(idp, token)[0] == 200
