"""Dates of normative documents that depend on a year whose holiday notice is not loaded are
provisional, flagged, and recomputed when the year is loaded (DESIGN.md §2 principle 4;
domain/procedures.md §8.1 item 3). 2027 is not loaded in the built-in calendar; the notices
loaded here are hypothetical."""

import json
from datetime import date

import pytest

from fazhi.cases.models import Case, Clock
from fazhi.holidays import services as calendar
from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.normative.tests.factories import review_package
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


def _load_2027(*holidays: str) -> None:
    calendar.load_year(2027, [{"date": d, "kind": "holiday"} for d in holidays],
                       source="测试通知", actor_label="测试")


def _open_comment(world, closes_on: str, title: str = "厦门市市场监督管理局关于规范食品摊贩登记管理的规定"):
    case = world.draft(today=date(2026, 12, 28), title=title)
    return s.act(world.drafter, case, "open_comment",
                 {"opens_on": "2026-12-28", "closes_on": closes_on}, today=date(2026, 12, 28))


def _line(client, url: str, label: str) -> str:
    page = client.get(url).content.decode()
    start = page.index(label)
    return page[start:page.index("</dd>", start)]


def test_comment_period_checked_on_an_estimate_is_extended_when_the_year_loads(world, client):
    """Indicator #24 (市县法治政府建设示范指标体系（2021年版）第24项): at least 7 working days.
    Opened Mon 28 Dec 2026, the estimate's 7th working day is Thu 7 Jan 2027 (1 Jan off); a
    notice that also gives Mon 4 Jan off makes that period 6 working days, so the last day
    moves to Fri 8 Jan, through the engine, and the public notice follows."""
    short = _open_comment(world, "2027-01-07")
    longer = _open_comment(world, "2027-01-20", title="厦门市市场监督管理局关于小餐饮备案管理的规定")
    for case in (short, longer):
        assert m.NormativeDocument.objects.get(pk=case.pk).comment_close_provisional
    assert client.login(username="drafter", password="pw-drafter-123456")
    staff_page = f"/normative/staff/{short.pk}/"
    assert "临时" in _line(client, staff_page, "征求意见期")
    _load_2027("2027-01-01", "2027-01-04")
    assert "2027-01-08" in (line := _line(client, staff_page, "征求意见期")) and "临时" not in line
    doc = m.NormativeDocument.objects.get(pk=short.pk)
    assert doc.comment_closes_on == date(2027, 1, 8) and not doc.comment_close_provisional
    event = Case.objects.get(pk=short.pk).events.order_by("-seq").first()
    assert event.action == "extend_comment"
    assert json.loads(event.payload)["closes_on"] == "2027-01-08"
    notice = PublishedRecord.objects.get(kind="normative.draft", case_id=short.pk)
    assert notice.data["closes_on"] == "2027-01-08"
    untouched = m.NormativeDocument.objects.get(pk=longer.pk)
    assert untouched.comment_closes_on == date(2027, 1, 20)
    assert not untouched.comment_close_provisional
    assert Case.objects.get(pk=longer.pk).events.filter(action="extend_comment").count() == 0


def test_filing_due_date_and_lateness_follow_the_loaded_year(world, client):
    """Filing within 30 days of publication (本地参数, UNVERIFIED), the last day rolled to a
    working day: published 15 Dec 2026, day 30 is Thu 14 Jan 2027, so a filing on 15 Jan is
    late on the estimate; a notice that gives 14 Jan off moves the limit to 15 Jan and the
    filing is on time. The date is the document's filing clock, not a second copy."""
    case, day = world.published(today=date(2026, 10, 30))
    assert day == date(2026, 12, 15)
    on = date(2027, 1, 15)
    s.act(world.drafter, case, "file", {"filed_on": on.isoformat()}, today=on)
    filing = m.Filing.objects.get()
    assert filing.due_on == date(2027, 1, 14) and filing.due_provisional and filing.is_late
    s.act(world.legal_handler, case, "receive", {"checked_on": on.isoformat()}, today=on)
    s.act(world.legal_handler, case, "demand_correction", {
        "reviewed_on": on.isoformat(), "opinion": "第五条与上位法不一致",
        "demand": "删除第五条增设的登记条件"}, today=on)
    filing = m.Filing.objects.get()
    # 30 days from 15 Jan: Sun 14 Feb, rolled to Mon 15 Feb on the estimate
    assert filing.correction_due == date(2027, 2, 15) and filing.correction_provisional
    assert client.login(username="legalhandler", password="pw-legalhandler-123456")
    filing_page = f"/workspace/cases/{case.pk}/"  # the filing body's view of the document
    assert "临时" in (line := _line(client, filing_page, "报备期限</dt>")) and "逾期报备" in line

    _load_2027("2027-01-01", "2027-01-14", *(f"2027-02-{d:02d}" for d in range(5, 16)))
    filing = m.Filing.objects.get()
    assert filing.due_on == date(2027, 1, 15) and not filing.due_provisional
    assert not filing.is_late
    clock = Clock.objects.get(case_id=case.pk, code="normative.filing")
    assert clock.state == Clock.MET and not clock.provisional
    assert filing.correction_due == date(2027, 2, 16) and not filing.correction_provisional
    line = _line(client, filing_page, "报备期限</dt>")
    assert "2027-01-15" in line and "临时" not in line and "按期报备" in line


def test_review_page_earliest_date_follows_the_loaded_year(world, client):
    """国办发〔2018〕115号 二(五): the earliest date for an opinion, 5 working days after the
    package arrives (Mon 28 Dec 2026 → Tue 5 Jan 2027 on the estimate), is provisional until
    2027 is loaded; with 4 Jan off it is Wed 6 Jan."""
    case = world.draft(today=date(2026, 12, 28), burdens_rights=False)
    s.act(world.drafter, case, "submit_review", review_package(), today=date(2026, 12, 28))
    review = m.LegalityReview.objects.get()
    assert client.login(username="reviewer", password="pw-reviewer-123456")
    assert "2027-01-05" in (line := _earliest_line(client, review)) and "临时" in line
    _load_2027("2027-01-01", "2027-01-04")
    assert "2027-01-06" in (line := _earliest_line(client, review)) and "临时" not in line


def _earliest_line(client, review) -> str:
    page = client.get(f"/workspace/cases/{review.document_id}/").content.decode()
    start = page.index("最早可出具审核意见日期")
    return page[start:page.index("</p>", start)]
