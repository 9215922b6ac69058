"""The site frame in Chromium: on a 390 px phone the header navigation folds behind a menu
button and no page scrolls sideways; the large-text mode (适老化模式) makes body text at
least 20 px, persists across pages and meets the AAA contrast ratio; the footer links open
their pages; without JavaScript the menu is a plain list and the mode still switches. Every
page is screenshotted and checked with axe-core in both modes."""


import pytest
from django.utils import timezone

from conftest import make_staff
from fazhi.disclosure.tests.factories import received
from fazhi.lottery.tests.factories import opened
from tests.browser import signin
from tests.browser.signin import SESSION_ONLY

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
WIDTH = "document.documentElement.scrollWidth"
BODY_FONT = "parseFloat(getComputedStyle(document.body).fontSize)"
BODY_LINE = ("parseFloat(getComputedStyle(document.body).lineHeight)"
             " / parseFloat(getComputedStyle(document.body).fontSize)")


@pytest.fixture
def sample(agency, city, supervisor):
    """A case with a long description in the inbox, an open lottery, and a supervisor whose
    pages have wide tables by agency."""
    make_staff(agency, "handler", ["handler"], "王承办")
    admin = make_staff(agency, "lotadmin", ["admin"], "陈管理")
    case = received(agency, on=timezone.localdate(), description=(
        "请公开2025年厦门市思明区筼筜湖片区旧村改造项目的征收补偿安置方案、批准文件及其附件"
        "（含项目编号XMSMQ-2025-ZS-000123-BCAZFA）"))
    lottery = opened(admin)
    return {"case": case.pk, "lottery": lottery.pk}


def public_pages(sample: dict) -> list[str]:
    return ["/", "/track/", "/library/", f"/lottery/{sample['lottery']}/",
            "/disclosure/replies/", "/contacts/", "/sitemap/", "/accessibility/",
            "/no-such-page/"]


STAFF_PAGES = {"handler": ["/workspace/", "/workspace/cases/{case}/"],
               "supervisor": ["/workspace/supervision/", "/reporting/dashboard/"]}


def sign_in(page, username: str) -> None:
    signin.sign_in(page, username, clear=SESSION_ONLY)


def slug(url: str) -> str:
    return url.strip("/").replace("/", "-") or "home"


def check_aaa_contrast(page, label: str) -> None:
    """In the large-text mode, text meets the enhanced (AAA, 7:1) contrast ratio."""
    page.add_script_tag(url="/static/vendor/axe.min.js")
    result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: "rule",
        values: ["color-contrast-enhanced"]}})""")
    nodes = [n["target"] for v in result["violations"] for n in v["nodes"]]
    assert not nodes, f"contrast below 7:1 on {label} ({page.url}): {nodes[:5]}"


def switch_mode(page) -> None:
    with page.expect_navigation():
        page.locator(".site-tools button[name=mode]").click()


def test_phone_menu_and_no_sideways_scroll_in_both_modes(page, shots, sample):
    page.set_viewport_size(PHONE)
    page.goto("/")
    toggle = page.locator(".menu-toggle")
    nav = page.locator("header nav[aria-label='主导航']")
    assert toggle.is_visible() and not nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and nav.is_visible()
    shots("menu-open")
    page.keyboard.press("Escape")
    assert not nav.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    toggle.click()
    with page.expect_navigation():
        nav.get_by_role("link", name="查询进度").click()
    assert page.url.endswith("/track/")

    for mode in ("standard", "large"):
        page.context.clear_cookies()
        page.goto("/")
        if mode == "large":
            switch_mode(page)
        for url in public_pages(sample):
            page.goto(url)
            assert page.evaluate(WIDTH) <= PHONE["width"], f"{url} scrolls sideways ({mode})"
            shots(f"{mode}-{slug(url)}")
            if mode == "large":
                check_aaa_contrast(page, url)
        for user, urls in STAFF_PAGES.items():
            sign_in(page, user)
            for url in (u.format(**sample) for u in urls):
                check_staff_page(page, shots, url, mode)


def check_staff_page(page, shots, url: str, mode: str) -> None:
    page.goto(url)
    assert page.evaluate(WIDTH) <= PHONE["width"], f"{url} scrolls sideways ({mode})"
    assert page.locator(".menu-toggle").is_visible()
    shots(f"{mode}-{slug(url)}")
    if mode == "large":
        check_aaa_contrast(page, url)


def test_large_text_mode_persists_across_pages(page, shots, sample):
    page.goto("/")
    assert page.evaluate(BODY_FONT) == 16
    switch_mode(page)
    assert page.url.endswith("/")
    for url in ("/", "/track/", f"/lottery/{sample['lottery']}/", "/contacts/"):
        page.goto(url)
        assert page.evaluate(BODY_FONT) >= 20, url
        assert page.evaluate(BODY_LINE) == pytest.approx(1.8, abs=0.01)
        button = page.locator(".site-tools button[name=mode]")
        assert button.get_attribute("aria-pressed") == "true"
    shots("large-contacts")
    check_aaa_contrast(page, "contacts")
    switch_mode(page)  # and back
    assert page.url.endswith("/contacts/") and page.evaluate(BODY_FONT) == 16


def test_footer_links_open_their_pages(page, shots, db):
    for name, heading in (("网站地图", "网站地图"), ("机关联系方式", "机关联系方式"),
                          ("适老化及无障碍声明", "适老化及无障碍声明")):
        page.goto("/")
        with page.expect_navigation():
            page.locator("footer").get_by_role("link", name=name).click()
        assert page.locator("h1").inner_text() == heading
    shots("accessibility-statement")
    page.goto("/sitemap/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="摇号公告").click()
    assert page.url.endswith("/lottery/")


def test_without_javascript_the_menu_is_a_list_and_the_mode_still_switches(browser, live_server,
                                                                           db):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url,
                                  viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        assert not page.locator(".menu-toggle").is_visible()
        assert page.locator("header nav[aria-label='主导航'] a").first.is_visible()
        with page.expect_navigation():
            page.locator(".site-tools button[name=mode]").click()
        assert page.locator("html.large-text").count() == 1
        page.goto("/contacts/")
        assert page.locator("html.large-text").count() == 1
    finally:
        context.close()
