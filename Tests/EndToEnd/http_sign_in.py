"""Signing in over plain HTTP, without a browser: what Chromium does in
test_browser_sign_in.py, as four requests, so a test can drive hundreds.

FrameAuth's /login (302 and its binding cookie), the stand-in's sign-in form
(POST /login), its consent form (POST to the authorize URL, approved), then
FrameAuth's callback with the binding cookie.
"""
import http.client
import urllib.parse

TIMEOUT = 10


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # [(name, value)], as sent
        self.body = body

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def cookies(self):
        """name → value of every Set-Cookie (attributes left out)."""
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                found[name.strip()] = rest.split(";", 1)[0]
        return found

    def set_cookie_lines(self):
        return [value for key, value in self.headers if key.lower() == "set-cookie"]


def request(url, method="GET", headers=None, body=None, cookies=None, timeout=TIMEOUT):
    """One request, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        headers = dict(headers or {})
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        path = parts.path + ("?" + parts.query if parts.query else "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


class SignInFailed(AssertionError):
    pass


def authorize(base, user, return_to=None, cookies=None):
    """FrameAuth's /login and the stand-in's pages, approved: (callback URL, FrameAuth's cookies)."""
    login = request(base + "/login" + (f"?return_to={urllib.parse.quote(return_to)}" if return_to else ""),
                    cookies=cookies)
    if login.status != 302:
        raise SignInFailed(f"/login answered {login.status}")
    authorize_url = login.header("Location")
    at_idp = urllib.parse.urlsplit(authorize_url)
    idp_base = f"{at_idp.scheme}://{at_idp.netloc}"
    authorize_path = at_idp.path + "?" + at_idp.query
    signed_in = request(idp_base + "/login", "POST",
                        body={"next": authorize_path, "email": user.email, "password": user.password})
    if signed_in.status != 302:
        raise SignInFailed(f"the stand-in's sign-in answered {signed_in.status}")
    approved = request(idp_base + authorize_path, "POST", body={"decision": "approve"}, cookies=signed_in.cookies())
    if approved.status != 302:
        raise SignInFailed(f"the stand-in's consent answered {approved.status}")
    return approved.header("Location"), {**(cookies or {}), **login.cookies()}, authorize_url


def sign_in(base, user, return_to=None, cookies=None):
    """The whole flow; returns FrameAuth's answer to the callback (a 303 when it worked)."""
    callback, cookies, _ = authorize(base, user, return_to, cookies)
    return request(callback, cookies=cookies)
