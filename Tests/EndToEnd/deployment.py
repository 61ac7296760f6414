"""FrameAuth set up against the stand-in authorization server, as an operator
would set it up against Frame.io, and the HTTP calls the tests make around it."""
import base64
import json
import secrets
import socket
import urllib.error
import urllib.parse
import urllib.request

# The stand-in's access tokens live this long, and FrameAuth refreshes them
# when they expire within REFRESH_SKEW: a refresh falls due 3 s after a token
# is issued, so a test can watch it happen.
ACCESS_TOKEN_LIFETIME = 10
REFRESH_SKEW = 7

# Settings that say which provider and app FrameAuth talks to.
PROVIDER_SETTINGS = {
    "CLIENT_ID", "CLIENT_SECRET", "FRAMEAUTH_PROVIDER", "FRAMEAUTH_AUTHORIZE_URL", "FRAMEAUTH_TOKEN_URL",
    "FRAMEAUTH_USERINFO_URL", "FRAMEAUTH_ISSUER", "FRAMEAUTH_JWKS_URL", "FRAMEAUTH_REVOCATION_URL",
}
# Adobe's two kinds of OAuth app, and whether each has a client secret.
V4_APP_KINDS = {"web_app": True, "single_page_app": False}


def free_port():
    """A loopback port nothing listens on now (FrameAuth binds it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Deployment:
    """FrameAuth registered as an app at the stand-in and configured for it:
    a confidential app (CLIENT_SECRET) or a PKCE app (no secret). The stand-in
    says which provider it plays (`FRAMEAUTH_PROVIDER`) and where its
    endpoints are: authorization_server.IdentityProvider is Frame.io's legacy
    platform, adobe_ims.AdobeIMS is Adobe IMS (Frame.io V4)."""

    def __init__(self, frameauth, idp, data_dir, confidential, env=None):
        self.port = free_port()
        self.api_key = secrets.token_urlsafe(32)
        self.data_dir = data_dir
        self.env = {
            "FRAMEAUTH_API_KEY": self.api_key,
            "FRAMEAUTH_REFRESH_SKEW_SECONDS": str(REFRESH_SKEW),
        }
        self._register_at(idp, confidential)
        self.env.update(env or {})
        self._frameauth = frameauth
        self.start()

    def _register_at(self, idp, confidential):
        self.client = idp.add_client(f"http://127.0.0.1:{self.port}/callback", confidential=confidential)
        for name in PROVIDER_SETTINGS:
            self.env.pop(name, None)
        self.env.update(idp.frameauth_settings(), CLIENT_ID=self.client.client_id)
        if confidential:
            self.env["CLIENT_SECRET"] = self.client.client_secret

    def move_to(self, idp, confidential):
        """The operator registers FrameAuth as a new app at `idp` (the same
        stand-in or another), points the settings there and restarts it on the
        same data_dir."""
        self._register_at(idp, confidential)
        self.restart()

    def start(self):
        self.server = self._frameauth("--data-dir", str(self.data_dir), env=self.env, port=self.port)
        self.base = self.server.base

    def restart(self):
        """SIGTERM (which must exit 0), then start again with the same settings and data_dir."""
        assert self.server.stop() == 0
        self.start()

    def crash_and_restart(self):
        """SIGKILL at whatever moment this is, then start again with the same settings and data_dir."""
        self.server.process.kill()
        self.server.process.wait()
        self.start()

    def api(self, path, method="GET"):
        """A call to the integrator API with the API key: (status, JSON body or None)."""
        return _call(urllib.request.Request(self.base + path, method=method,
                                            headers={"Authorization": f"Bearer {self.api_key}"}))

    @property
    def logs(self):
        return self.server.access_log + self.server.error_log


def get_json(url, bearer):
    """GET with a bearer token: (status, JSON body)."""
    return _call(urllib.request.Request(url, headers={"Authorization": f"Bearer {bearer}"}))


def refresh_at(idp, client, refresh_token):
    """Uses a refresh token at the stand-in directly, as `client` would: (status, JSON body)."""
    return post_as(client, idp.token_url, {"grant_type": "refresh_token", "refresh_token": refresh_token})


def post_as(client, url, form):
    """A form POST to a stand-in endpoint with `client`'s authentication: (status, JSON body)."""
    form = dict(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if client.client_secret:
        pair = f"{client.client_id}:{client.client_secret}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    else:
        form["client_id"] = client.client_id
    body = urllib.parse.urlencode(form).encode()
    return _call(urllib.request.Request(url, data=body, headers=headers))


def _call(request):
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
