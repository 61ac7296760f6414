"""Adobe IMS, where Frame.io V4 accounts sign in (CONTRACT §7): the stand-in of
authorization_server.py with IMS's personality.

Authlib does the OpenID Connect work too: its `OpenIDCode` extension of the
code grant puts an id_token in the token response, signed with an RSA key this
server generates (RS256, with a `kid`), and its `IssuerParameter` adds RFC
9207's `iss` to the authorization response. The glue here supplies what they
ask for, IMS's paths, and the identity as Frame.io's V4 API answers it:

| what | path |
| --- | --- |
| authorize | /ims/authorize/v2 |
| token | /ims/token/v3 (an OAuth Web App gets rotating refresh tokens, a Single-Page App none) |
| JWKS | /ims/keys (fetches counted) |
| revocation (RFC 7009) | /ims/revoke (every request recorded) |
| identity | /v4/me, `{"data": {"id", "email", "name"}}` |

The issuer is the server's base URL, `http://localhost:<port>`.

What a test can switch: `id_token_fault` (a name from ID_TOKEN_FAULTS, which
FrameAuth must refuse, or from TOLERATED_ID_TOKENS, which it must accept),
`rotate_keys()`, `redirect_issuer` (the `iss` sent to the callback; None sends
none) and `revocation_fails`.
"""
import secrets
import time
import warnings
from dataclasses import dataclass

from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import OpenIDCode, UserInfo
from flask import request
from joserfc.jwk import KeySet, OctKey, RSAKey

from authorization_server import IdentityProvider, S256Required

ID_TOKEN_LIFETIME = 3600
LEEWAY = 60  # FrameAuth's allowance for clock skew on `exp` and `iat`
UNPUBLISHED_KID = "never-published"

ID_TOKEN_FAULTS = {
    "forged_signature": "signed by another RSA key under the published kid",
    "unknown_kid": "signed by a key whose kid the JWKS never lists",
    "alg_none": "unsigned: alg none",
    "hs256_with_client_secret": "HS256, keyed with the client secret",
    "wrong_audience": "aud names another client",
    "wrong_issuer": "iss is another issuer (the real IMS)",
    "expired": "exp five minutes ago, well past the leeway",
    "issued_in_the_future": "iat five minutes ahead, well past the leeway",
    "wrong_nonce": "a nonce FrameAuth never sent",
    "missing": "no id_token in the token response",
}
TOLERATED_ID_TOKENS = {
    "expired_within_leeway": "exp 30 s ago",
    "issued_ahead_within_leeway": "iat 30 s ahead",
    "audience_as_list": "aud is a list holding the client id",
}


@dataclass
class Revocation:
    """One request the revocation endpoint received."""

    token: str
    hint: str | None
    kind: str         # what the token is here: "refresh_token", "access_token" or "unknown"
    client_auth: str  # "client_secret_basic" (an Authorization: Basic header) or "none"
    client_id: str | None  # from the body
    status: int


def new_signing_key():
    """An RSA key with a fresh kid, published in the JWKS as IMS publishes its keys."""
    parameters = {"kid": "ims-" + secrets.token_hex(4), "alg": "RS256", "use": "sig"}
    return RSAKey.generate_key(2048, parameters=parameters, private=True)


class AdobeIMS(IdentityProvider):
    PROVIDER = "frameio-v4"
    NAME = "Adobe IMS stand-in"
    AUTHORIZE_PATH = "/ims/authorize/v2"
    TOKEN_PATH = "/ims/token/v3"
    USERINFO_PATH = "/v4/me"
    JWKS_PATH = "/ims/keys"
    REVOCATION_PATH = "/ims/revoke"
    SCOPE = "openid email profile offline_access additional_info.roles"

    def __init__(self, access_token_lifetime=3600):
        self.signing_key = new_signing_key()
        self.stranger_key = new_signing_key()  # never published: what a forger signs with
        self.id_token_fault = None
        self.id_tokens = []      # every id_token issued
        self.jwks_fetches = 0
        self.revocation_fails = False
        self.revocations = []
        super().__init__(access_token_lifetime)
        self.issuer = self.base_url
        self.redirect_issuer = self.issuer
        self.jwks_url = self.base_url + self.JWKS_PATH
        self.revocation_url = self.base_url + self.REVOCATION_PATH

    def frameauth_settings(self):
        return {
            **super().frameauth_settings(),
            "FRAMEAUTH_ISSUER": self.issuer,
            "FRAMEAUTH_JWKS_URL": self.jwks_url,
            "FRAMEAUTH_REVOCATION_URL": self.revocation_url,
        }

    def rotate_keys(self):
        """A new signing key with a new kid; the JWKS lists only the new one from now on."""
        self.signing_key = new_signing_key()

    def identity(self, user):
        return {"data": {"id": user.id, "email": user.email, "name": user.name}}

    def _issues_refresh_tokens(self, confidential):
        return confidential  # IMS gives a Single-Page App no refresh token

    def _code_grant_extensions(self):
        return [S256Required(required=True), _OpenIDCode(self)]

    def _add_to(self, app, server):
        ims = self
        server.register_extension(_IssuerOnRedirect(self))

        class Revoke(RevocationEndpoint):
            CLIENT_AUTH_METHODS = ["client_secret_basic", "none"]

            def query_token(self, token_string, token_type_hint):
                return ims.token_by_refresh(token_string) or ims.token(token_string)

            def revoke_token(self, token, req):
                token.revoked = True  # RFC 7009 §2.1: the pair goes, whichever half was named

        server.register_endpoint(Revoke)

        @app.route(self.JWKS_PATH)
        def keys():
            self.jwks_fetches += 1
            return KeySet([self.signing_key]).as_dict(private=False)

        @app.route(self.REVOCATION_PATH, methods=["POST"])
        def revoke():
            token = request.form.get("token", "")
            kind = "refresh_token" if self.token_by_refresh(token) else "access_token" if self.token(token) else "unknown"
            if self.revocation_fails:
                response = app.response_class('{"error":"temporarily_unavailable"}', 503, mimetype="application/json")
            else:
                with self._lock:
                    response = server.create_endpoint_response("revocation")
            basic = (request.headers.get("Authorization") or "").startswith("Basic ")
            self.revocations.append(Revocation(
                token=token, hint=request.form.get("token_type_hint"), kind=kind,
                client_auth="client_secret_basic" if basic else "none", client_id=request.form.get("client_id"),
                status=response.status_code,
            ))
            return response


class _IssuerOnRedirect(IssuerParameter):
    """RFC 9207 §2: the authorization response names its issuer."""

    def __init__(self, ims):
        self.ims = ims

    def get_issuer(self):
        return self.ims.redirect_issuer


class _OpenIDCode(OpenIDCode):
    """The id_token as IMS issues it (RS256, `kid`, `sub` = the user id), or
    with the fault a test switched on."""

    def __init__(self, ims):
        super().__init__(require_nonce=False)
        self.ims = ims

    @property
    def fault(self):
        return self.ims.id_token_fault

    def exists_nonce(self, nonce, req):
        # OpenID Connect Core §15.5.2: a nonce seen before from this client is a replay.
        client_id = req.payload.client_id
        return any(code.nonce == nonce and code.client_id == client_id for code in list(self.ims.codes.values()))

    def generate_user_info(self, user, scope):
        return UserInfo(sub=user.id, email=user.email, email_verified=True, name=user.name)

    def get_client_algorithm(self, client):
        return {"alg_none": "none", "hs256_with_client_secret": "HS256"}.get(self.fault, "RS256")

    def get_encode_header(self, client):
        kid = UNPUBLISHED_KID if self.fault == "unknown_kid" else self.ims.signing_key.kid
        return {"alg": self.get_client_algorithm(client), "kid": kid}

    def resolve_client_private_key(self, client):
        if self.fault == "hs256_with_client_secret":
            return OctKey.import_key(client.client_secret)
        if self.fault in ("forged_signature", "unknown_kid"):
            return self.ims.stranger_key
        return self.ims.signing_key

    def get_client_claims(self, client):
        now = int(time.time())
        claims = {"iss": self.ims.issuer, "aud": client.client_id, "iat": now, "exp": now + ID_TOKEN_LIFETIME}
        match self.fault:
            case "wrong_audience":
                claims["aud"] = "client-someone-else"
            case "audience_as_list":
                claims["aud"] = [client.client_id]
            case "wrong_issuer":
                claims["iss"] = "https://ims-na1.adobelogin.com"
            case "expired":
                claims.update(iat=now - ID_TOKEN_LIFETIME - 300, exp=now - 300)
            case "expired_within_leeway":
                claims.update(iat=now - ID_TOKEN_LIFETIME - LEEWAY // 2, exp=now - LEEWAY // 2)
            case "issued_in_the_future":
                claims.update(iat=now + 300, exp=now + 300 + ID_TOKEN_LIFETIME)
            case "issued_ahead_within_leeway":
                claims.update(iat=now + LEEWAY // 2, exp=now + LEEWAY // 2 + ID_TOKEN_LIFETIME)
        return claims

    def get_authorization_code_claims(self, authorization_code):
        claims = super().get_authorization_code_claims(authorization_code)
        if self.fault == "wrong_nonce":
            claims["nonce"] = secrets.token_urlsafe(16)
        return claims

    def process_token(self, grant, response):
        token = response[1]
        if self.fault == "missing":
            return token
        with warnings.catch_warnings():  # joserfc warns that alg none is deprecated: that is the point
            warnings.simplefilter("ignore")
            token = super().process_token(grant, response)
        if "id_token" in token:
            self.ims.id_tokens.append(token["id_token"])
        return token
