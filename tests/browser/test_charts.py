"""Charts with the demo city's 34 agencies, on a desktop (1280 px) and a phone (390 px): the
supervision dashboard and the workspace supervision page draw one horizontal bar per agency,
tall enough that no two agency labels overlap; a bar, and for keyboard users its table link,
leads to the records behind it. Every page is screenshotted and checked with axe-core."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.disclosure.tests.factories import received
from fazhi.org.demo_city import ALL_AGENCIES, NOTARY_OFFICE, RULE_OF_LAW_OFFICE
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 390)


@pytest.fixture
def city_agencies(city, supervisor):
    """The demo city's 34 administrative agencies besides the rule-of-law office (the
    supervisor's; the notary office is not an administrative agency and is left out), each
    with one to three requests, two of every three with one past its reply deadline."""
    from fazhi.org.models import Agency

    today = timezone.localdate()
    agencies = []
    for i, spec in enumerate(s for s in ALL_AGENCIES
                             if s not in (RULE_OF_LAW_OFFICE, NOTARY_OFFICE)):
        agency = Agency.objects.create(code=spec.code, name=spec.name,
                                       short_name=spec.short_name, kind=spec.kind, region=city)
        if i % 3:
            received(agency, on=today - timedelta(days=60))  # overdue now
        for _ in range(i % 2 + 1):
            received(agency, on=today - timedelta(days=60 + i % 5))
        agencies.append(agency)
    assert len(agencies) == 34
    return agencies


def sign_in(page, username: str) -> None:
    signin.sign_in(page, username, clear=False)


LABEL_BOXES = """(chart, labels) => {
  const wanted = new Set(labels);
  return [...chart.querySelectorAll("svg text")]
    .filter((t) => wanted.has(t.textContent.trim()))
    .map((t) => { const r = t.getBoundingClientRect();
                  return {text: t.textContent.trim(), top: r.top, bottom: r.bottom, right: r.right}; });
}"""


def check_bars(page, chart, labels: list[str]) -> list[dict]:
    """The chart is drawn as SVG, taller than 200 px, with every label shown, none overlapping."""
    chart.locator("svg").wait_for()
    assert chart.bounding_box()["height"] > 200
    assert chart.get_attribute("data-bars") == str(len(labels))
    boxes = sorted(chart.evaluate(LABEL_BOXES, labels), key=lambda b: b["top"])
    assert sorted(b["text"] for b in boxes) == sorted(labels)  # all shown, none skipped
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert below["top"] >= above["bottom"] - 0.5, f"{above['text']} overlaps {below['text']}"
    return boxes


def click_bar_of(page, chart, label: str) -> None:
    """Click the bar just right of an agency's label, and wait for the page it opens."""
    chart.evaluate("""(chart, label) => [...chart.querySelectorAll("svg text")]
        .find((t) => t.textContent.trim() === label).scrollIntoView({block: "center"})""", label)
    box = next(b for b in chart.evaluate(LABEL_BOXES, [label]))
    with page.expect_navigation():
        page.mouse.click(box["right"] + 14, (box["top"] + box["bottom"]) / 2)


def test_dashboard_draws_readable_bars_that_drill_down(page, shots, city_agencies):
    bureau = next(a for a in city_agencies if a.code == "XMSFJ")
    year = (timezone.localdate() - timedelta(days=60)).year
    sign_in(page, "supervisor")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/reporting/dashboard/?year={year}")
        chart = page.locator(".chart[data-chart]").first
        data = json.loads(page.locator(f"#{chart.get_attribute('data-chart')}").text_content())
        assert data["series"][0]["code"] == "disclosure.requests" and not data["rate"]
        assert len(data["labels"]) == 34
        check_bars(page, chart, data["labels"])
        assert page.locator("label", has_text="图中显示的指标").count() == 1
        shots(f"dashboard-{width}")

        click_bar_of(page, chart, bureau.short_name)
        assert page.url.endswith(f"/reporting/indicators/disclosure.requests/?year={year}"
                                 f"&scope={bureau.pk}")
        agencies = page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()
        assert agencies and set(agencies) == {bureau.name}
        shots(f"drill-down-{width}")

    # Keyboard users reach the same records through the table beside the chart.
    page.goto(f"/reporting/dashboard/?year={year}")
    link = page.locator("table.by-agency tr", has=page.locator("th", has_text=bureau.name)) \
        .locator("td a").first
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"scope={bureau.pk}" in page.url


def test_supervision_bars_open_the_agencys_overdue_cases(page, shots, city_agencies):
    sign_in(page, "supervisor")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/workspace/supervision/")
        chart = page.locator("#supervision-chart")
        data = json.loads(page.locator("#supervision-data").text_content())
        assert len(data["labels"]) == 34
        check_bars(page, chart, data["labels"])
        shots(f"supervision-{width}")

        first, overdue = data["labels"][0], data["series"][0]["values"][0]
        assert overdue > 0  # sorted by overdue cases: the first bar has some
        click_bar_of(page, chart, first)
        assert re.search(r"/workspace/\?agency=\d+&overdue=1$", page.url)
        agencies = page.locator("table.inbox tbody tr td:last-child").all_inner_texts()
        assert agencies == [first] * overdue
        assert page.locator("#f-agency option:checked").inner_text() == first
        shots(f"supervision-inbox-{width}")
