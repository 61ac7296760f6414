"""Tokens go only to the issuer that issued them (CONTRACT §7).

- RFC 9207: a callback whose `iss` is not the configured issuer, byte for
  byte, is refused before anything reaches the token endpoint (a mix-up
  attack would have the code sent to the wrong server).
- A user signed in under one provider, issuer, token URL or client id, after
  FrameAuth restarts on the same data_dir with any of them changed, answers
  409 login_required, and none of their tokens is sent anywhere: not to the
  new token endpoint, not to the old one, not to revocation.
"""
import time
import urllib.parse

import pytest

from adobe_ims import AdobeIMS
from deployment import ACCESS_TOKEN_LIFETIME, REFRESH_SKEW, Deployment
from http_sign_in import sign_in

MIX_UPS = {
    "another_issuer": lambda ims: "https://ims-na1.adobelogin.com",
    "trailing_slash": lambda ims: ims.issuer + "/",
    "other_case": lambda ims: ims.issuer.replace("localhost", "LOCALHOST"),
}
SWITCHES = ["legacy_to_v4", "v4_to_legacy", "v4_to_another_client_id", "v4_to_another_issuer",
            "v4_to_another_token_url"]


@pytest.mark.parametrize("mix_up", MIX_UPS)
def test_a_callback_naming_another_issuer_gets_400_and_no_token_request(mix_up, v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app")
    ims.redirect_issuer = MIX_UPS[mix_up](ims)
    reply = sign_in(app.base, adobe_user)
    assert reply.status == 400, reply.body[:300]
    assert ims.token_requests == [], "the code went to the token endpoint"
    assert app.api("/api/users") == (200, {"users": []})


def test_a_callback_without_iss_is_accepted(v4_deployment, ims, adobe_user):
    """RFC 9207 binds a client only where the server sends `iss`."""
    app = v4_deployment("web_app")
    ims.redirect_issuer = None
    assert sign_in(app.base, adobe_user).status == 303


@pytest.fixture
def other_ims():
    """A second IMS: another issuer, with its own endpoints and keys."""
    server = AdobeIMS(access_token_lifetime=ACCESS_TOKEN_LIFETIME).start()
    yield server
    server.stop()


def token_path(person):
    return f"/api/users/{urllib.parse.quote(person.id, safe='')}/token"


@pytest.mark.parametrize("switch", SWITCHES)
def test_tokens_stored_under_other_settings_are_never_sent_anywhere(switch, frameauth, idp, user, ims, adobe_user,
                                                                    other_ims, tmp_path):
    other_person = other_ims.add_user(adobe_user.id, adobe_user.email, adobe_user.name, adobe_user.password)
    before, person, after, person_after = {
        "legacy_to_v4": (idp, user, ims, adobe_user),
        "v4_to_legacy": (ims, adobe_user, idp, user),
        "v4_to_another_client_id": (ims, adobe_user, ims, adobe_user),
        "v4_to_another_issuer": (ims, adobe_user, other_ims, other_person),
        "v4_to_another_token_url": (ims, adobe_user, ims, adobe_user),
    }[switch]
    app = Deployment(frameauth, before, tmp_path / "data", confidential=True)
    assert sign_in(app.base, person).status == 303
    assert app.api(token_path(person))[0] == 200
    old_tokens = [t.access_token for t in before.tokens] + [t.refresh_token for t in before.tokens]
    servers = [idp, ims, other_ims]
    seen_before = [len(server.requests) for server in servers]

    if switch == "v4_to_another_token_url":
        app.env["FRAMEAUTH_TOKEN_URL"] = ims.token_url.replace("localhost", "127.0.0.1")  # the same server, another URL
        app.restart()
    else:
        app.move_to(after, confidential=True)
    assert app.api(token_path(person)) == (409, {"error": "login_required"})
    # Once the old access token is due for a refresh, still nothing goes out.
    due = before.tokens[-1].issued_at + ACCESS_TOKEN_LIFETIME - REFRESH_SKEW + 1
    time.sleep(max(0, due - time.time()))
    assert app.api(token_path(person)) == (409, {"error": "login_required"})
    status, _ = app.api(token_path(person).removesuffix("/token"), "DELETE")
    assert status in (204, 404)

    carried = {server.base_url: [(seen.method, seen.path) for seen in server.requests_carrying(old_tokens, since=n)]
               for server, n in zip(servers, seen_before)}
    assert not any(carried.values()), f"old tokens were sent: {carried}"

    # Signing in under the new settings works.
    assert sign_in(app.base, person_after).status == 303
    assert app.api(token_path(person_after))[0] == 200
