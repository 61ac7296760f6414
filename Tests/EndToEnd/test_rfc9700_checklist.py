"""RFC 9700 (OAuth 2.0 Security Best Current Practice), the items that apply
to a client, each proven against the release binary and the Authlib stand-in
(which, like Frame.io, matches redirect URIs exactly and rotates refresh
tokens). Where a Swift test proves the same rule in more depth, the docstring
names it. docs/RELIABILITY.md lists the whole checklist.

Not applicable to FrameAuth as a client: the implicit grant (§2.1.2; it never
asks for response_type=token), resource owner password credentials (§2.4),
mix-up across authorization servers (§4.4; one authorization server is
configured), and the authorization server's own duties (§4.1 validation at
the server, §4.11.2, §4.12, §4.18, §4.19).
"""
import json
import urllib.parse

import pytest

from http_sign_in import authorize, request, sign_in

EVIL = "evil.example"


@pytest.fixture
def app(deployment):
    return deployment(confidential=False)


def query(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def test_sends_exactly_its_configured_redirect_uri(app, idp, user):
    """RFC 9700 §4.1.3 and §2.1: exact redirect URI matching. FrameAuth sends
    its configured redirect_uri byte for byte, and the stand-in, which compares
    exactly, accepts it on the authorize and the token request.
    Swift: AuthorizationRequestTests.url_carriesEveryParameter_encoded."""
    callback, cookies, authorize_url = authorize(app.base, user)
    assert query(authorize_url)["redirect_uri"] == app.client.redirect_uri == f"http://127.0.0.1:{app.port}/callback"
    assert callback.startswith(app.client.redirect_uri + "?")
    assert request(callback, cookies=cookies).status == 303
    [code] = [c for c in idp.codes.values() if c.client_id == app.client.client_id]
    assert code.redirect_uri == app.client.redirect_uri and code.used


@pytest.mark.parametrize("return_to", [
    "//evil.example/", "https://evil.example/", "http:evil.example", "/\\evil.example", "\\\\evil.example",
    "/%2F%2Fevil.example", "/%5Cevil.example", "/\tevil.example", "/\r\nLocation: https://evil.example",
    "javascript:alert(1)", " //evil.example",
])
def test_is_no_open_redirector(return_to, app, user):
    """RFC 9700 §4.11.1: the client is not an open redirector. A return_to that
    is not a local path is dropped: the callback's 303 goes to /.
    Swift: ReturnPathTests.validate_refusesAnythingThatLeavesTheSite,
    SignInFlowTests.returnTo_fallsBackToTheRoot_forAnythingElse."""
    reply = sign_in(app.base, user, return_to=return_to)
    assert reply.status == 303
    assert reply.header("Location") == "/"


def test_keeps_a_local_return_path(app, user):
    """RFC 9700 §4.11.1, the other side: a local path is kept.
    Swift: SignInFlowTests.returnTo_isHonoured_forALocalPath."""
    assert sign_in(app.base, user, return_to="/dashboard?tab=2").header("Location") == "/dashboard?tab=2"


def test_state_is_single_use_and_bound_to_the_browser(app, idp, user):
    """RFC 9700 §2.1 and §4.7.1: one-time CSRF tokens in `state`, bound to the
    user agent, checked before the code is exchanged (§4.5: an injected code
    fails the same way). Swift: SignInFailureTests.reusedState_gets400_andTheCodeIsExchangedOnlyOnce,
    stateFromAnotherBrowser_gets400_andNoTokenRequest, expiredState_gets400_andNoTokenRequest."""
    callback, cookies, _ = authorize(app.base, user)
    # Another browser (its own /login cookie) presenting this browser's code and state.
    other = request(app.base + "/login").cookies()
    assert request(callback, cookies=other).status == 400
    exchanges = len(idp.tokens)
    assert exchanges == 0, "the code went to the token endpoint for a foreign browser"
    # The foreign attempt used the state up: the rightful browser is refused too, nothing was exchanged.
    assert request(callback, cookies=cookies).status == 400
    # A fresh attempt works once, and only once.
    callback, cookies, _ = authorize(app.base, user)
    assert request(callback, cookies=cookies).status == 303
    assert request(callback, cookies=cookies).status == 400
    assert [t.grant_type for t in idp.tokens] == ["authorization_code"]
    state = query(callback)["state"]
    assert len(state) >= 22  # at least 128 bits, base64url


def test_pkce_uses_s256_with_a_fresh_challenge_per_attempt(app, idp, user):
    """RFC 9700 §2.1.1 and §4.8: PKCE with S256 (never `plain`), a fresh
    verifier per attempt; the stand-in verifies it at the exchange.
    Swift: PKCETests.challenge_matchesRFC7636AppendixB, SignInFlowTests.pkceApp_signsIn_withClientIDAndVerifier_andNoAuthorizationHeader."""
    challenges = set()
    for _ in range(3):
        callback, cookies, authorize_url = authorize(app.base, user)
        parameters = query(authorize_url)
        assert parameters["code_challenge_method"] == "S256"
        challenges.add(parameters["code_challenge"])
        assert request(callback, cookies=cookies).status == 303
    assert len(challenges) == 3
    assert {c.code_challenge_method for c in idp.codes.values()} == {"S256"}


def test_confidential_app_can_add_pkce(deployment, idp, user):
    """RFC 9700 §2.1.1: confidential clients SHOULD use PKCE too. FrameAuth
    sends it alongside a secret when `pkce` is true (it is off by default for
    a confidential app: CONTRACT §2). Swift: SignInFlowTests.confidentialAppWithPKCE_sendsBasicAuthAndTheVerifier."""
    app = deployment(confidential=True)
    app.env["FRAMEAUTH_PKCE"] = "true"
    app.restart()
    assert sign_in(app.base, user).status == 303
    [code] = [c for c in idp.codes.values() if c.client_id == app.client.client_id]
    assert code.code_challenge_method == "S256"
    assert [t.auth_method for t in idp.tokens] == ["client_secret_basic"]


def test_callback_answers_no_store_and_no_referrer(app, user):
    """RFC 9700 §4.2.4 and §4.3.1: the page at the callback URL (which holds
    code and state) sends no Referer and is not cached; the success answer is
    a 303 (not 307, §4.12) to a URL without them.
    Swift: SignInFlowTests.confidentialApp_signsIn_withBasicAuthAndNoVerifier (no-store)."""
    callback, cookies, _ = authorize(app.base, user)
    done = request(callback, cookies=cookies)
    assert done.status == 303
    assert done.header("Cache-Control") == "no-store"
    assert "code=" not in done.header("Location") and "state=" not in done.header("Location")
    refused = request(callback, cookies=cookies)  # the error page, still at the callback URL
    assert refused.status == 400
    assert refused.header("Referrer-Policy") == "no-referrer"
    assert refused.header("Cache-Control") == "no-store"
    landing = request(app.base + done.header("Location"))
    assert landing.header("Referrer-Policy") == "no-referrer"


def test_no_token_code_or_state_in_urls_or_logs(app, idp, user):
    """RFC 9700 §4.3.2 and §2.2: no access or refresh token in a URL; with
    CONTRACT §6: no log line holds a token, code or state.
    Swift: SignInFailureTests.logsOfAWholeRun_holdNoTokenCodeStateSecretOrCookie,
    TokenRefreshTests.logOfARunWithRefreshes_holdsNoToken."""
    callback, cookies, authorize_url = authorize(app.base, user)
    done = request(callback, cookies=cookies)
    assert done.status == 303
    status, token = app.api(f"/api/users/{user.id}/token")
    assert status == 200
    tokens = {token["access_token"]} | {t.access_token for t in idp.tokens} | {t.refresh_token for t in idp.tokens if t.refresh_token}
    secrets = tokens | {query(callback)["code"], query(callback)["state"], *cookies.values(), *done.cookies().values()}
    logs = app.logs
    assert not [s for s in secrets if s in logs]
    urls = [authorize_url, done.header("Location")]
    assert not [s for s in tokens if any(s in url for url in urls)]


def test_forwarded_headers_from_an_untrusted_peer_change_nothing(app, user):
    """RFC 9700 §4.13: headers a TLS-terminating proxy sets are believed only
    from that proxy (trusted_proxies, none here). Host, X-Forwarded-* and
    Forwarded from a client change nothing FrameAuth sends: the authorize URL,
    the redirect_uri, cookie flags, the callback's redirect, the logged peer."""
    spoofed = {"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9",
               "Forwarded": f"for=203.0.113.9;proto=https;host={EVIL}"}

    def shape(reply):
        location = urllib.parse.urlsplit(reply.header("Location"))
        parameters = {k: v for k, v in query(reply.header("Location")).items() if k not in ("state", "code_challenge")}
        flags = sorted(line.split(";", 1)[1] for line in reply.set_cookie_lines())
        return location.scheme, location.netloc, location.path, parameters, flags

    plain = request(app.base + "/login")
    forged = request(app.base + "/login", headers=spoofed)
    assert forged.status == plain.status == 302
    assert shape(forged) == shape(plain)
    assert EVIL not in forged.header("Location")
    assert not any("Secure" in line for line in forged.set_cookie_lines())

    callback, cookies, _ = authorize(app.base, user)
    done = request(callback, cookies=cookies, headers=spoofed)
    assert done.status == 303 and done.header("Location") == "/"
    assert not any("Secure" in line or EVIL in line for line in done.set_cookie_lines())
    app.server.stop()
    peers = {json.loads(line).get("peer") for line in app.server.access_log.splitlines()}
    assert "203.0.113.9" not in str(peers) and EVIL not in app.server.access_log


def test_every_sign_in_gets_a_new_session_id(app, user):
    """Session fixation (RFC 9700 does not name it; OWASP session management,
    and RFC 6749 §10.12's login CSRF): every sign-in issues a new session
    cookie, ignoring one the browser brought, and the old one stops working.
    Swift: SignInFlowTests.signingInAgain_givesANewSession_andEndsTheOldOne."""
    planted = {"frameauth_session": "attacker-chosen-session-id"}
    first = sign_in(app.base, user, cookies=planted).cookies()["frameauth_session"]
    assert first != planted["frameauth_session"]
    assert request(app.base + "/session", cookies=planted).status == 401
    assert request(app.base + "/session", cookies={"frameauth_session": first}).status == 200
    second = sign_in(app.base, user, cookies={"frameauth_session": first}).cookies()["frameauth_session"]
    assert second != first
    assert request(app.base + "/session", cookies={"frameauth_session": second}).status == 200
    assert request(app.base + "/session", cookies={"frameauth_session": first}).status == 401


def test_pages_cannot_be_framed(app):
    """RFC 9700 §4.16 (clickjacking): FrameAuth's pages forbid framing."""
    landing = request(app.base + "/")
    assert landing.header("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in landing.header("Content-Security-Policy")
