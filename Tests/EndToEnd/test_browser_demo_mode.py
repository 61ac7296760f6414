"""Demo mode in a real browser: a bare `frameauth`, with nothing configured,
serves its own Frame.io stand-in under /_demo/ and says on every page that it
is a demo."""

DEMO_EMAIL = "newcomer@example.com"


def assert_says_demo(browser):
    banners = browser.elements(".demo-banner")
    assert banners and "Demo" in banners[0].text, f"no demo banner at {browser.path}"


def start_demo_sign_in(frameauth, browser, pictures=False):
    """From the landing page to the stand-in's consent page, checking each page says demo."""
    server = frameauth()  # no client id anywhere: demo mode
    browser.open(server.base + "/")
    assert_says_demo(browser)
    assert browser.elements("a[href='/login']"), "the landing page offers to sign in"
    if pictures:
        browser.screenshot("demo-1-landing-signed-out")
    browser.click("a[href='/login']")
    browser.element("#demo-email")
    assert browser.url.startswith(server.base + "/_demo/"), "the stand-in is served by the same process"
    assert browser.element("#demo-email").get_attribute("value"), "the email is filled in already"
    assert_says_demo(browser)
    browser.fill("#demo-email", DEMO_EMAIL)
    if pictures:
        browser.screenshot("demo-2-sign-in")
    browser.click("#demo-continue")
    browser.element("#demo-approve")
    assert browser.elements("#demo-deny")
    assert_says_demo(browser)
    if pictures:
        browser.screenshot("demo-3-consent")
    return server


def test_demo_sign_in_from_a_bare_start(frameauth, browser):
    server = start_demo_sign_in(frameauth, browser, pictures=True)
    browser.click("#demo-approve")
    browser.wait_for_text("You are signed in")
    assert browser.url == server.base + "/"
    assert DEMO_EMAIL in browser.text
    assert_says_demo(browser)
    browser.screenshot("demo-4-landing-signed-in")


def test_demo_consent_denied_shows_the_error(frameauth, browser):
    start_demo_sign_in(frameauth, browser)
    browser.click("#demo-deny")
    browser.wait_for_text("access_denied")
    assert "You are signed in" not in browser.text
    assert_says_demo(browser)
    browser.screenshot("demo-consent-denied-error-page")
