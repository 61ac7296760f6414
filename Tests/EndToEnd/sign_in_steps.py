"""What the browser tests do on FrameAuth's landing page and the stand-in's
pages (authorization_pages.py), and the token call that follows a refresh."""
import time

from deployment import REFRESH_SKEW

SIGN_IN_BUTTON = "a.button[href='/login']"
SIGN_OUT_BUTTON = "form[action='/logout'] button[type=submit]"
DISCONNECT_BUTTON = "form[action='/disconnect'] button[type=submit]"


def sign_in_at_the_server(browser, user, pictures=None):
    """The stand-in's sign-in form, then its consent page, approved."""
    browser.fill("#email", user.email)
    browser.fill("#password", user.password)
    if pictures:
        browser.screenshot(f"{pictures}-2-authorization-server-sign-in")
    browser.click("#sign-in")
    browser.element("#approve")
    if pictures:
        browser.screenshot(f"{pictures}-3-authorization-server-consent")
    browser.click("#approve")


def sign_in(browser, app, user):
    browser.open(app.base + "/login")
    sign_in_at_the_server(browser, user)
    browser.wait_for_text("You are signed in")


def assert_shows_signed_in(browser, user):
    text = browser.text
    assert "You are signed in" in text
    assert user.name in text and user.email in text and user.id in text


def token_once_due(app, user, previous):
    """Waits until `previous` falls within the refresh skew, then asks for a token again."""
    time.sleep(max(0, previous["expires_in"] - REFRESH_SKEW + 1.5))
    status, token = app.api(f"/api/users/{user.id}/token")
    assert status == 200, token
    return token
