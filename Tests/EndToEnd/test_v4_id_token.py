"""The id_token that Adobe IMS returns with the tokens is checked before
anything is stored (CONTRACT §7): RS256 only, signed by the JWKS key its `kid`
names, `iss`, `aud`, `exp` and `iat` (60 s leeway), and the `nonce` sent.
The IMS stand-in (adobe_ims.py) produces each fault on demand;
test_adobe_ims_stand_in.py proves each breaks only what it names.
"""
import pytest

from adobe_ims import ID_TOKEN_FAULTS, TOLERATED_ID_TOKENS
from http_sign_in import sign_in


def fragments(id_token):
    """The id_token, and each of its parts that could identify it in a log (its header is common to many)."""
    return [id_token] + [part for part in id_token.split(".")[1:] if len(part) >= 16]


@pytest.mark.parametrize("fault", ID_TOKEN_FAULTS, ids=list(ID_TOKEN_FAULTS))
def test_callback_refuses_a_bad_id_token_with_502_and_stores_nothing(fault, v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app")
    ims.id_token_fault = fault
    reply = sign_in(app.base, adobe_user)
    assert reply.status == 502, f"{ID_TOKEN_FAULTS[fault]}: {reply.status} {reply.body[:300]!r}"
    assert b"try again" in reply.body.lower() or b"/login" in reply.body, "the page offers to try again"
    assert app.api("/api/users") == (200, {"users": []})
    assert [seen.form.get("grant_type") for seen in ims.token_requests] == ["authorization_code"]

    page, logs = reply.body.decode(errors="replace"), app.logs
    shown = [f for id_token in ims.id_tokens for f in fragments(id_token) if f in page or f in logs]
    assert not shown, "the page or the logs show the id_token"
    tokens = [t.access_token for t in ims.tokens] + [t.refresh_token for t in ims.tokens if t.refresh_token]
    assert not [t for t in tokens if t in page or t in logs]

    # The same app signs in once IMS behaves: the 502 was the id_token's doing.
    ims.id_token_fault = None
    assert sign_in(app.base, adobe_user).status == 303
    assert [user["id"] for user in app.api("/api/users")[1]["users"]] == [adobe_user.id]


@pytest.mark.parametrize("variant", TOLERATED_ID_TOKENS, ids=list(TOLERATED_ID_TOKENS))
def test_callback_accepts_an_id_token_within_the_rules(variant, v4_deployment, ims, adobe_user):
    """Clocks a little apart (within the 60 s leeway), and `aud` as a list."""
    app = v4_deployment("web_app")
    ims.id_token_fault = variant
    reply = sign_in(app.base, adobe_user)
    assert reply.status == 303, f"{TOLERATED_ID_TOKENS[variant]}: {reply.status} {reply.body[:300]!r}"
    assert [user["id"] for user in app.api("/api/users")[1]["users"]] == [adobe_user.id]


def test_the_jwks_is_fetched_once_and_once_more_after_a_key_rotation(v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app")
    for _ in range(3):
        assert sign_in(app.base, adobe_user).status == 303
    assert ims.jwks_fetches == 1, "the JWKS is cached across sign-ins"

    ims.rotate_keys()  # new key, new kid: the cached JWKS does not know it
    assert sign_in(app.base, adobe_user).status == 303
    assert ims.jwks_fetches == 2
    assert sign_in(app.base, adobe_user).status == 303
    assert ims.jwks_fetches == 2


def test_unknown_kids_fetch_the_jwks_once_more_and_then_are_rate_limited(v4_deployment, ims, adobe_user):
    app = v4_deployment("web_app")
    assert sign_in(app.base, adobe_user).status == 303
    assert ims.jwks_fetches == 1
    ims.id_token_fault = "unknown_kid"
    for _ in range(5):
        assert sign_in(app.base, adobe_user).status == 502
    assert ims.jwks_fetches == 2, "a flood of unknown kids must not become a flood of JWKS fetches"
