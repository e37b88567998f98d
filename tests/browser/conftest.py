"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped, with the reason printed, when no Chromium is installed (CI installs it).
Every page ``browser_page`` visits is watched: a Content-Security-Policy violation, a console
error or an uncaught script error fails the test when it ends.
"""
import os
import re
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


# Chromium reports a blocked inline script or style on the console, but a violation can also be
# reported only as an event (e.g. a blocked font or frame), so the page reports those too.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked "
                + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


SECURITY_HEADERS = ("Permissions-Policy", "Content-Security-Policy")


def watch_console(page, problems: list[str] | None = None) -> list[str]:
    """Collect the page's console errors, CSP violations and uncaught script errors into
    ``problems`` (a new list if none is given), one line each naming the page, and return it.
    """
    problems = [] if problems is None else problems

    def on_console(message):
        # A header the browser cannot read comes as a warning, not an error ("Unrecognized
        # feature" in Permissions-Policy): a fault of ours all the same.
        if message.type == "error" or (message.type == "warning" and any(
                header in message.text for header in SECURITY_HEADERS)):
            problems.append(f"console {message.type} on {page.url}: {message.text}")

    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error on {page.url}: {error}"))
    return problems


@pytest.fixture
def console_problems() -> list[str]:
    """The problems ``browser_page`` has seen so far. A test that provokes an error on purpose
    (a failed save, say) removes the entries it expects; anything left fails the test."""
    return []


@pytest.fixture
def browser_page(page, console_problems):
    """A Playwright page whose relative URLs go to the live server, watched for console errors
    and Content-Security-Policy violations (reported when the test ends)."""
    page.set_default_timeout(15_000)
    watch_console(page, console_problems)
    yield page
    if console_problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(f"- {p}" for p in console_problems),
                    pytrace=False)


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


def fill_date(page, legend: str, day) -> None:
    """Type ``day`` into the GOV.UK date input whose legend is ``legend``: its Day, Month and
    Year boxes, as a person would."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def emailed_link(to: str) -> str:
    """Run the worker (as ``db_worker --batch`` does) and return the path the newest
    invitation email to ``to`` links to."""
    from django.core import mail
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False,
                 verbosity=0)
    [*_, message] = [m for m in mail.outbox if m.to == [to]]
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body).group(1)
