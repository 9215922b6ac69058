"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Screenshots go to test-artifacts/screenshots/ (kept by CI as artifacts). Every page a flow
visits is checked with axe-core (from the npm registry, served locally) for serious or
critical accessibility violations.
"""

import fcntl
import hashlib
import os
import shutil
import uuid
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")



def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts():
    """Screenshots of this run only: stale numbered files would mislead a reviewer.

    Under pytest-xdist every worker has its own session: the first to get here empties the
    folder for the run (PYTEST_XDIST_TESTRUNUID, the same in all workers), under a lock, and
    marks it, so a later worker keeps the screenshots the first has already taken."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS.parent / ".screenshots.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = ARTIFACTS / ".run"
        if not marker.exists() or marker.read_text() != run:
            shutil.rmtree(ARTIFACTS, ignore_errors=True)
            ARTIFACTS.mkdir(parents=True)
            marker.write_text(run)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself (fixtures, assertions) are still plain synchronous code. Set only while
    # browser tests run, so no other test (or subprocess) inherits it: one browser per
    # module, closed when its module ends, whatever order pytest-randomly or pytest-xdist
    # give the tests (a session browser would keep the loop and the variable for every
    # test run after the first browser test in its process).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    # Anything the Content-Security-Policy blocked (an inline script or style) fails the test.
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


class Shots:
    """Numbered screenshots per test, plus an axe check of the page shown."""

    def __init__(self, page, name: str):
        self.page, self.name, self.n = page, name, 0
        self.checked: set[str] = set()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, label: str) -> None:
        self.n += 1
        # JPEG: a full-page PNG of a long Chinese page costs about twice as much to encode
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.n:02d}-{label}.jpg"),
                             full_page=True, type="jpeg", quality=70)
        self.check_accessibility(label)

    def check_accessibility(self, label: str) -> None:
        # A page whose markup was already checked in this test gives the same result: skip it.
        markup = self.page.evaluate("document.documentElement.outerHTML")
        digest = hashlib.sha256(markup.encode()).hexdigest()
        if digest in self.checked:
            return
        # by URL, not inlined: the CSP (script-src 'self') refuses inline scripts; once per page
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.add_script_tag(url="/static/vendor/axe.min.js")
        # only the violations are needed: axe then skips building the passes (about half its time)
        result = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = [f"{v['id']} ({v['impact']}): {v['help']} — "
                   f"{[n['target'] for n in v['nodes']][:3]}" for v in bad]
        assert not bad, f"axe on {label} ({self.page.url}):\n" + "\n".join(details)
        self.checked.add(digest)


@pytest.fixture
def shots(page, request):
    return Shots(page, request.node.name)
