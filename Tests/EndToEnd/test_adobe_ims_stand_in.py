"""The Adobe IMS stand-in (adobe_ims.py) checked on its own, with no FrameAuth:
a client written here with joserfc does what FrameAuth must do, so the
FrameAuth tests can trust that a valid id_token is valid and that each fault
breaks exactly what it names, nothing else. Without this, a knob that broke
the signature along with the nonce would let FrameAuth pass the nonce test
for the wrong reason."""
import base64
import json
import secrets
import time
import urllib.parse

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError
from joserfc.jwk import KeySet, OctKey

from adobe_ims import ID_TOKEN_FAULTS, LEEWAY, TOLERATED_ID_TOKENS, UNPUBLISHED_KID
from deployment import V4_APP_KINDS, get_json, post_as, refresh_at
from http_sign_in import request

REDIRECT_URI = "http://127.0.0.1:9/callback"


class Client:
    """What FrameAuth does at IMS, by hand."""

    def __init__(self, ims, kind):
        self.ims = ims
        self.registration = ims.add_client(REDIRECT_URI, confidential=V4_APP_KINDS[kind])

    def sign_in(self, user):
        """Authorize (with nonce, and PKCE for a public app), sign in, consent:
        (the callback's query, the token response's status and body, the nonce)."""
        nonce, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(48)
        parameters = {"response_type": "code", "client_id": self.registration.client_id, "redirect_uri": REDIRECT_URI,
                      "scope": self.ims.SCOPE, "state": secrets.token_urlsafe(16), "nonce": nonce}
        if self.registration.is_public:
            parameters.update(code_challenge=create_s256_code_challenge(verifier), code_challenge_method="S256")
        path = self.ims.AUTHORIZE_PATH + "?" + urllib.parse.urlencode(parameters)
        signed_in = request(self.ims.base_url + "/login", "POST",
                            body={"next": path, "email": user.email, "password": user.password})
        approved = request(self.ims.base_url + path, "POST", body={"decision": "approve"}, cookies=signed_in.cookies())
        assert approved.status == 302, approved.body[:300]
        callback = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(approved.header("Location")).query))
        assert callback["state"] == parameters["state"]
        form = {"grant_type": "authorization_code", "code": callback["code"], "redirect_uri": REDIRECT_URI}
        if self.registration.is_public:
            form["code_verifier"] = verifier
        status, token = post_as(self.registration, self.ims.token_url, form)
        return callback, (status, token), nonce

    def keys(self):
        status, jwks = get_json(self.ims.jwks_url, "unused")
        assert status == 200
        return KeySet.import_key_set(jwks)

    def verify(self, id_token, nonce, leeway=LEEWAY, key=None, algorithm="RS256", **expected):
        """FrameAuth's rules (CONTRACT §7): RS256 only, the JWKS key named by
        kid, then the claims; `key`, `algorithm` and `expected` (iss, aud) put
        back what a fault changed."""
        decoded = jwt.decode(id_token, key or self.keys(), algorithms=[algorithm])
        expected = {"iss": self.ims.issuer, "aud": self.registration.client_id, **expected}
        jwt.JWTClaimsRegistry(
            leeway=leeway, iss={"essential": True, "value": expected["iss"]},
            aud={"essential": True, "value": expected["aud"]},
            nonce={"essential": True, "value": nonce}, exp={"essential": True}, iat={"essential": True},
        ).validate(decoded.claims)
        if decoded.claims["iat"] > time.time() + leeway:  # joserfc checks iat's type, not that it is past
            raise InvalidClaimError("iat")
        return decoded


def unverified(id_token):
    """Header and claims, read without checking anything."""
    header, claims, _ = id_token.split(".")
    return [json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in (header, claims)]


@pytest.mark.parametrize("kind", V4_APP_KINDS)
def test_issues_an_id_token_its_jwks_verifies_and_iss_on_the_redirect(kind, ims, adobe_user):
    client = Client(ims, kind)
    callback, (status, token), nonce = client.sign_in(adobe_user)
    assert callback["iss"] == ims.issuer == ims.base_url
    assert status == 200, token
    decoded = client.verify(token["id_token"], nonce)
    assert decoded.header["kid"] == ims.signing_key.kid
    assert decoded.claims["sub"] == adobe_user.id and decoded.claims["aud"] == client.registration.client_id
    assert ims.jwks_fetches == 1
    # A Web App gets a refresh token, a Single-Page App none (as at Adobe).
    assert ("refresh_token" in token) == V4_APP_KINDS[kind]
    assert get_json(ims.userinfo_url, token["access_token"]) == (
        200, {"data": {"id": adobe_user.id, "email": adobe_user.email, "name": adobe_user.name}})


@pytest.mark.parametrize("fault", ID_TOKEN_FAULTS)
def test_each_id_token_fault_breaks_only_what_it_names(fault, ims, adobe_user):
    client = Client(ims, "web_app")
    ims.id_token_fault = fault
    _, (status, token), nonce = client.sign_in(adobe_user)
    assert status == 200
    if fault == "missing":
        assert "id_token" not in token and token["access_token"]
        return
    id_token = token["id_token"]
    header, claims = unverified(id_token)
    with pytest.raises(JoseError):
        client.verify(id_token, nonce)
    # With what the fault changed put back, it verifies: nothing else is wrong with it.
    match fault:
        case "forged_signature":
            assert header["kid"] == ims.signing_key.kid
            client.verify(id_token, nonce, key=ims.stranger_key)
        case "unknown_kid":
            assert header["kid"] == UNPUBLISHED_KID
            client.verify(id_token, nonce, key=ims.stranger_key)
        case "alg_none":
            assert header["alg"] == "none" and id_token.endswith(".")
            assert (claims["iss"], claims["aud"], claims["nonce"]) == (ims.issuer, client.registration.client_id, nonce)
        case "hs256_with_client_secret":
            client.verify(id_token, nonce, key=OctKey.import_key(client.registration.client_secret), algorithm="HS256")
        case "wrong_audience":
            client.verify(id_token, nonce, aud=claims["aud"])
        case "wrong_issuer":
            client.verify(id_token, nonce, iss=claims["iss"])
        case "wrong_nonce":
            client.verify(id_token, claims["nonce"])
        case "expired":
            assert claims["exp"] < time.time() - LEEWAY
            client.verify(id_token, nonce, leeway=400)
        case "issued_in_the_future":
            assert claims["iat"] > time.time() + LEEWAY
            client.verify(id_token, nonce, leeway=400)


@pytest.mark.parametrize("variant", TOLERATED_ID_TOKENS)
def test_tolerated_id_tokens_verify_within_the_leeway(variant, ims, adobe_user):
    client = Client(ims, "web_app")
    ims.id_token_fault = variant
    _, (_, token), nonce = client.sign_in(adobe_user)
    client.verify(token["id_token"], nonce)
    if variant != "audience_as_list":  # only the leeway lets them through
        with pytest.raises((InvalidClaimError, ExpiredTokenError)):
            client.verify(token["id_token"], nonce, leeway=0)


def test_a_key_rotation_publishes_only_the_new_key(ims, adobe_user):
    client = Client(ims, "web_app")
    _, (_, before), nonce = client.sign_in(adobe_user)
    old_kid = ims.signing_key.kid
    ims.rotate_keys()
    assert [key.kid for key in client.keys()] == [ims.signing_key.kid] != [old_kid]
    with pytest.raises(JoseError):  # the old token's kid is gone from the JWKS
        client.verify(before["id_token"], nonce)
    _, (_, after), nonce = client.sign_in(adobe_user)
    assert client.verify(after["id_token"], nonce).header["kid"] == ims.signing_key.kid


def test_redirect_issuer_can_differ_or_be_left_out(ims, adobe_user):
    client = Client(ims, "web_app")
    ims.redirect_issuer = "https://ims-na1.adobelogin.com"
    assert client.sign_in(adobe_user)[0]["iss"] == "https://ims-na1.adobelogin.com"
    ims.redirect_issuer = None
    assert "iss" not in client.sign_in(adobe_user)[0]


def test_refresh_tokens_rotate_and_only_a_web_app_may_refresh(ims, adobe_user):
    web = Client(ims, "web_app")
    _, (_, first), _ = web.sign_in(adobe_user)
    status, second = refresh_at(ims, web.registration, first["refresh_token"])
    assert status == 200 and second["refresh_token"] != first["refresh_token"]
    assert refresh_at(ims, web.registration, first["refresh_token"]) == (400, {"error": "invalid_grant"})
    spa = Client(ims, "single_page_app")
    _, (_, token), _ = spa.sign_in(adobe_user)
    assert refresh_at(ims, spa.registration, "anything")[1]["error"] == "unauthorized_client"
    assert len(ims.token_requests) == 5


def test_revocation_is_recorded_revokes_and_can_fail(ims, adobe_user):
    web = Client(ims, "web_app")
    _, (_, token), _ = web.sign_in(adobe_user)
    for value, hint in [(token["refresh_token"], "refresh_token"), (token["access_token"], "access_token")]:
        assert post_as(web.registration, ims.revocation_url, {"token": value, "token_type_hint": hint}) == (200, {})
    assert [(r.kind, r.hint, r.client_auth, r.status) for r in ims.revocations] == [
        ("refresh_token", "refresh_token", "client_secret_basic", 200),
        ("access_token", "access_token", "client_secret_basic", 200)]
    assert get_json(ims.userinfo_url, token["access_token"])[0] == 401
    assert refresh_at(ims, web.registration, token["refresh_token"]) == (400, {"error": "invalid_grant"})

    spa = Client(ims, "single_page_app")
    _, (_, token), _ = spa.sign_in(adobe_user)
    ims.revocation_fails = True
    status, _ = post_as(spa.registration, ims.revocation_url, {"token": token["access_token"]})
    assert status == 503
    assert (ims.revocations[-1].client_auth, ims.revocations[-1].client_id) == ("none", spa.registration.client_id)
    assert get_json(ims.userinfo_url, token["access_token"])[0] == 200
