"""A stand-in for Frame.io's OAuth 2 server, built on Authlib's Flask integration.

Authlib does the OAuth work (authorize and token endpoints, client
authentication, PKCE, bearer-token checks); this module supplies only the glue
Authlib asks for: in-memory models, the sign-in and consent pages, and
`/v2/me`. This is the legacy (V2) platform, `frameio-legacy`; adobe_ims.py
gives the same server the personality of Adobe IMS, where Frame.io V4 signs
in. What it enforces, as Frame.io does:

- a confidential client authenticates with `client_secret_basic` only;
- a public client authenticates with `none` and must use PKCE with S256;
- redirect URIs match exactly; codes are single-use and short-lived;
- refresh tokens rotate: using one revokes it (and its access token) and
  issues a new pair.

It runs in a thread of the test process on 127.0.0.1, and keeps every token
it issued, and every request it received, so a test can look at what
happened on the server's side.
"""
import html
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector, current_token
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from flask import Flask, redirect, request, session
from werkzeug.serving import WSGIRequestHandler, make_server

from authorization_pages import consent_page, login_page, page

CODE_LIFETIME = 60


@dataclass
class User:
    id: str
    email: str
    name: str
    password: str


@dataclass
class Client(ClientMixin):
    client_id: str
    redirect_uri: str
    scope: str
    client_secret: str | None = None
    refresh_tokens: bool = True  # whether the authorization server issues this app refresh tokens

    @property
    def is_public(self):
        return self.client_secret is None

    @property
    def auth_method(self):
        return "none" if self.is_public else "client_secret_basic"

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uri

    def get_allowed_scope(self, scope):
        allowed = set(self.scope.split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret):
        return self.client_secret is not None and secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method == self.auth_method

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        # Authlib asks this about "refresh_token" to decide whether a code exchange gets one.
        return grant_type == "authorization_code" or (grant_type == "refresh_token" and self.refresh_tokens)


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user_id: str
    code_challenge: str | None
    code_challenge_method: str | None
    nonce: str | None = None
    issued_at: float = field(default_factory=time.time)
    used: bool = False

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return int(self.issued_at)


@dataclass
class Token(TokenMixin):
    """One issued token pair, and how it was obtained."""

    access_token: str
    refresh_token: str | None
    client_id: str
    user_id: str
    scope: str
    expires_in: int
    grant_type: str
    auth_method: str
    issued_at: float = field(default_factory=time.time)
    revoked: bool = False

    def check_client(self, client):
        return client.client_id == self.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return self.expires_in

    def is_expired(self):
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self):
        return self.revoked


@dataclass
class Seen:
    """One request the server received, with whatever could carry a token."""

    method: str
    path: str
    query: str
    form: dict
    authorization: str | None

    def carries(self, value):
        return value in self.query or value in (self.authorization or "") or \
            any(value in v for v in self.form.values())


class S256Required(CodeChallenge):
    """PKCE with S256 only; a public client may not leave it out."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri):
        super().validate_code_challenge(grant, redirect_uri)
        data = grant.request.payload.data
        if grant.request.client.is_public and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("A public client must send an S256 'code_challenge'.")


class IdentityProvider:
    """The server, its registrations and everything it issued and received.

    A personality (adobe_ims.AdobeIMS) changes the class constants and the
    hooks at the end of the class."""

    PROVIDER = "frameio-legacy"  # FrameAuth's `provider` setting for this server
    NAME = "Frame.io stand-in"
    AUTHORIZE_PATH = "/oauth2/auth"
    TOKEN_PATH = "/oauth2/token"
    USERINFO_PATH = "/v2/me"
    SCOPE = "offline account.read asset.read"

    def __init__(self, access_token_lifetime=3600):
        self.users = {}
        self.clients = {}
        self.codes = {}
        self.tokens = []
        self.requests = []
        # Whether a refresh token stops working once used (RFC 9700 §4.14.2).
        self.rotates_refresh_tokens = True
        self._held_refresh = None
        self._lock = threading.Lock()
        self._app = self._make_app(access_token_lifetime)
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True, request_handler=_QuietHandler)
        # `localhost`, not 127.0.0.1: a different site from FrameAuth's, as Frame.io is.
        self.base_url = f"http://localhost:{self._server.server_port}"
        self.authorize_url = self.base_url + self.AUTHORIZE_PATH
        self.token_url = self.base_url + self.TOKEN_PATH
        self.userinfo_url = self.base_url + self.USERINFO_PATH
        # A short poll, so stop() returns at once rather than after half a second.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._thread.join()

    def frameauth_settings(self):
        """The environment that points FrameAuth at this server."""
        return {
            "FRAMEAUTH_PROVIDER": self.PROVIDER,
            "FRAMEAUTH_AUTHORIZE_URL": self.authorize_url,
            "FRAMEAUTH_TOKEN_URL": self.token_url,
            "FRAMEAUTH_USERINFO_URL": self.userinfo_url,
        }

    def add_user(self, user_id, email, name, password):
        self.users[email] = User(user_id, email, name, password)
        return self.users[email]

    def add_client(self, redirect_uri, confidential):
        """A new registration: confidential (with a secret) or public (PKCE)."""
        client = Client(
            client_id="client-" + secrets.token_hex(6),
            redirect_uri=redirect_uri,
            scope=self.SCOPE,
            client_secret=secrets.token_urlsafe(24) if confidential else None,
            refresh_tokens=self._issues_refresh_tokens(confidential),
        )
        self.clients[client.client_id] = client
        return client

    def hold_next_refresh(self):
        """The next refresh request waits, unprocessed, until `release_held_refresh`:
        a request on its way, held up in the network. Returns an Event set
        once that request has arrived."""
        arrived, release = threading.Event(), threading.Event()
        self._held_refresh = (arrived, release, {"drop": False})
        return arrived

    def release_held_refresh(self, drop=False):
        """Lets the held request through; with `drop`, it is answered 503 unprocessed,
        as if it had never reached the server."""
        arrived, release, choice = self._held_refresh
        choice["drop"] = drop
        release.set()

    def token(self, access_token):
        """The record of an issued access token, or None."""
        return next((t for t in self.tokens if t.access_token == access_token), None)

    def token_by_refresh(self, refresh_token):
        """The record of the pair a refresh token belongs to, or None."""
        return next((t for t in self.tokens if refresh_token and t.refresh_token == refresh_token), None)

    @property
    def token_requests(self):
        """Every request the token endpoint received, answered or refused."""
        return [seen for seen in self.requests if seen.path == self.TOKEN_PATH]

    def requests_carrying(self, values, since=0):
        """The requests (from the `since`-th on) that carry any of `values`."""
        values = [v for v in values if v]
        return [seen for seen in self.requests[since:] if any(seen.carries(v) for v in values)]

    def identity(self, user):
        """What the identity endpoint answers for `user`."""
        return {"id": user.id, "email": user.email, "name": user.name}

    def _user(self, user_id):
        # A copy: tests add users from other threads while requests are served.
        return next((u for u in list(self.users.values()) if u.id == user_id), None)

    # What a personality changes

    def _issues_refresh_tokens(self, confidential):
        return True

    def _code_grant_extensions(self):
        return [S256Required(required=True)]

    def _add_to(self, app, server):
        """Further routes and Authlib extensions."""

    # Authlib's glue

    def _make_app(self, access_token_lifetime):
        app = Flask(__name__)
        app.secret_key = secrets.token_bytes(32)
        app.config.update(
            SESSION_COOKIE_NAME="idp_session",
            OAUTH2_REFRESH_TOKEN_GENERATOR=True,
            OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": access_token_lifetime, "refresh_token": access_token_lifetime},
        )
        provider = self

        def save_token(token, req):
            provider.tokens.append(Token(
                access_token=token["access_token"], refresh_token=token.get("refresh_token"),
                client_id=req.client.client_id, user_id=req.user.id, scope=token.get("scope", ""),
                expires_in=token["expires_in"], grant_type=req.payload.grant_type, auth_method=req.auth_method,
            ))

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "none"]

            def save_authorization_code(self, code, req):
                data = req.payload.data
                provider.codes[code] = AuthorizationCode(
                    code=code, client_id=req.client.client_id, redirect_uri=req.payload.redirect_uri,
                    scope=req.scope, user_id=req.user.id,
                    code_challenge=data.get("code_challenge"), code_challenge_method=data.get("code_challenge_method"),
                    nonce=data.get("nonce"),
                )

            def query_authorization_code(self, code, client):
                item = provider.codes.get(code)
                fresh = item and not item.used and time.time() < item.issued_at + CODE_LIFETIME
                return item if fresh and item.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                authorization_code.used = True  # kept, so a test can see how it was issued

            def authenticate_user(self, authorization_code):
                return provider._user(authorization_code.user_id)

        class RefreshGrant(grants.RefreshTokenGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "none"]
            INCLUDE_NEW_REFRESH_TOKEN = True

            def authenticate_refresh_token(self, refresh_token):
                item = provider.token_by_refresh(refresh_token)
                return item if item and not item.revoked else None

            def authenticate_user(self, refresh_token):
                return provider._user(refresh_token.user_id)

            def revoke_old_credential(self, refresh_token):
                refresh_token.revoked = provider.rotates_refresh_tokens

        class Validator(BearerTokenValidator):
            def authenticate_token(self, token_string):
                return provider.token(token_string)

        server = AuthorizationServer(app, query_client=self.clients.get, save_token=save_token)
        server.register_grant(CodeGrant, self._code_grant_extensions())
        server.register_grant(RefreshGrant)
        require_token = ResourceProtector()
        require_token.register_token_validator(Validator())

        @app.before_request
        def remember():
            self.requests.append(Seen(
                method=request.method, path=request.path, query=request.query_string.decode(),
                form=dict(request.form), authorization=request.headers.get("Authorization"),
            ))

        @app.route(self.AUTHORIZE_PATH, methods=["GET", "POST"])
        def authorize():
            user = self.users.get(session.get("email"))
            try:
                grant = server.get_consent_grant(end_user=user)
            except OAuth2Error as error:
                if error.redirect_uri:  # a known client and redirect URI: the client is told
                    return server.handle_error_response(None, error)
                return page(self.NAME, "Authorization failed", f'<p id="error">{html.escape(error.error)}</p>'), 400
            if user is None:
                return redirect("/login?" + urlencode({"next": request.full_path}))
            if request.method == "GET":
                return consent_page(self.NAME, user, grant.client, grant.request.scope, request.full_path)
            approved = request.form.get("decision") == "approve"
            with self._lock:
                return server.create_authorization_response(grant=grant, grant_user=user if approved else None)

        @app.route("/login", methods=["GET", "POST"])
        def login():
            next_path = request.values.get("next", "")
            if not next_path.startswith(self.AUTHORIZE_PATH + "?"):
                return page(self.NAME, "Sign in", "<p>Nothing to sign in to.</p>"), 400
            problem = ""
            if request.method == "POST":
                user = self.users.get(request.form.get("email", ""))
                if user and secrets.compare_digest(request.form.get("password", ""), user.password):
                    session["email"] = user.email
                    return redirect(next_path)
                problem = '<p id="login-error" class="error">Wrong email or password.</p>'
            return login_page(self.NAME, next_path, problem)

        @app.route(self.TOKEN_PATH, methods=["POST"])
        def issue_token():
            held = self._held_refresh
            if held and request.form.get("grant_type") == "refresh_token" and not held[0].is_set():
                arrived, release, choice = held
                arrived.set()
                release.wait(timeout=120)
                if choice["drop"]:
                    return {"error": "temporarily_unavailable"}, 503
            with self._lock:  # one exchange at a time, so a code is used once
                return server.create_token_response()

        @app.route(self.USERINFO_PATH)
        @require_token()
        def me():
            return self.identity(self._user(current_token.user_id))

        self._add_to(app, server)
        return app


class _QuietHandler(WSGIRequestHandler):
    """Logs nothing: request lines carry codes and state in their queries."""

    def log_request(self, *args, **kwargs):
        pass
