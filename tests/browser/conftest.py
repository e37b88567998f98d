"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped, with the reason printed, when no Chromium is installed (CI installs it).
"""
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

# pytest-django's live_server and Playwright's sync API share a thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/lib/chromium/chromium",  # the binary itself: avoids the wrapper script's warning
    shutil.which("chromium") or "",
    shutil.which("chromium-browser") or "",
]
CHROMIUM = next((p for p in CHROMIUM_CANDIDATES if p and Path(p).exists()), None)
NO_CHROMIUM = "No Chromium found: install Debian's chromium (apt-get install chromium) to run browser tests."
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": LAUNCH_ARGS,
            "headless": True}


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server.url, "locale": "en-GB",
            "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def browser_page(page):
    """A Playwright page whose relative URLs go to the live server."""
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def login():
    """Sign in through the real form: ``login(page, email, password)``."""
    def sign_in(page, email, password):
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("domcontentloaded")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return sign_in


def assert_accessible(page):
    """Run axe (WCAG 2.x A/AA rules) on the page and fail listing every violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    if results.violations_count:
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:5])
            for v in results.response["violations"]
        )
        raise AssertionError(f"axe found {results.violations_count} violation(s) on {page.url}:\n{details}")


def assert_no_horizontal_scroll(page):
    """The page fits its window's width (WCAG 1.4.10 reflow): nothing makes the document
    scroll sideways. A wide table may scroll inside its own region."""
    width = page.evaluate("document.documentElement.scrollWidth")
    window = page.viewport_size["width"]
    assert width <= window, f"{page.url} is {width} px wide in a {window} px window"
