"""Headless Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium.

Nothing is downloaded: the browser and its driver are given by path, so
Selenium Manager never runs.
"""
import os
import pathlib
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WAIT_SECONDS = 15


class Browser:
    """One browser with its own profile, and the few things the tests do with it."""

    def __init__(self, profile_dir: pathlib.Path, screenshot_dir: pathlib.Path):
        os.environ["SE_OFFLINE"] = "true"  # belt and braces: Selenium Manager must not reach the network
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in [
            "--headless=new",
            "--no-sandbox",  # the sandbox cannot start as root, as in containers and CI
            "--disable-dev-shm-usage",
            "--window-size=1000,760",
            f"--user-data-dir={profile_dir}",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]:
            options.add_argument(argument)
        service = Service(executable_path=CHROMEDRIVER, log_output=str(profile_dir.parent / "chromedriver.log"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.screenshot_dir = screenshot_dir

    def quit(self):
        self.driver.quit()

    def open(self, url):
        self.driver.get(url)

    def cookies(self):
        """Every cookie of the current site, as Selenium gives them ({"name", "value", …})."""
        return self.driver.get_cookies()

    def reload(self):
        self.driver.refresh()

    @property
    def url(self):
        return self.driver.current_url

    @property
    def path(self):
        """The current path and query, as a server would see them."""
        parts = urlsplit(self.driver.current_url)
        return parts.path + ("?" + parts.query if parts.query else "")

    @property
    def text(self):
        """The page's visible text."""
        return self.driver.find_element(By.TAG_NAME, "body").text

    def element(self, css):
        """The first element matching `css`, waiting for it to appear."""
        return self.wait_until(lambda driver: _first(driver, css), f"no element matches {css!r}")

    def elements(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def click(self, css):
        self.element(css).click()

    def fill(self, css, text):
        field = self.element(css)
        field.clear()
        field.send_keys(text)

    def wait_for_text(self, text):
        self.wait_until(lambda driver: text in _body_text(driver), f"the page never said {text!r}")

    def wait_for_path(self, path):
        self.wait_until(lambda driver: urlsplit(driver.current_url).path == path, f"never reached {path}")

    def wait_until(self, condition, message):
        """Polls `condition(driver)` until it is truthy; a page that is being
        replaced meanwhile (a stale element) just means: look again."""
        wait = WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))
        try:
            return wait.until(condition)
        except TimeoutException as error:
            raise AssertionError(f"{message}; at {self.path!r} the page says:\n{self.text[:800]}") from error

    def cookie_names(self):
        """Names of the cookies the current page's site holds (never their values)."""
        return sorted(cookie["name"] for cookie in self.driver.get_cookies())

    def screenshot(self, name):
        """Saves what the user sees as `<name>.png` in the screenshot folder."""
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        path = self.screenshot_dir / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path


def _first(driver, css):
    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0] if found else False


def _body_text(driver):
    """The page's text, or "" while a navigation replaces the document:
    chromedriver then reports the old body as "does not belong to the
    document", an unknown error rather than a stale element."""
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return ""
        raise
