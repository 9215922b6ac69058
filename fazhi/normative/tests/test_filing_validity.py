"""Filing and filing review (§1.7), validity, links and expiry (§1.8)."""

from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case
from fazhi.core.errors import NotAllowed
from fazhi.core.tick import JOBS
from fazhi.normative import models as m
from fazhi.normative import queries
from fazhi.normative import services as s
from fazhi.normative.tests.factories import D0

pytestmark = pytest.mark.django_db


def _file(world, case, on):
    return s.act(world.drafter, case, "file", {"filed_on": on.isoformat()}, today=on)


def test_filing_goes_to_the_filing_body_and_on_time_counts(world):
    """§1.7 (S24): a department's document is filed with its government's legal office,
    which takes part in the document's case until its review ends."""
    case, day = world.published()
    _file(world, case, day + timedelta(days=3))
    filing = m.Filing.objects.get()
    assert filing.filed_with == world.legal and not filing.is_late and filing.status == "submitted"
    # default 30 days (UNVERIFIED local value); the 30th day is a Sunday, so it rolls to Monday
    assert day + timedelta(days=30) == date(2026, 5, 17) and filing.due_on == date(2026, 5, 18)
    assert list(Case.objects.inbox_for(world.legal_handler).values_list("pk", flat=True)) == [case.pk]


def test_late_filing_is_recorded_as_late_not_refused(world):
    case, day = world.published()
    late = day + timedelta(days=45)
    _file(world, case, late)
    filing = m.Filing.objects.get()
    assert filing.is_late
    clock = Case.objects.get(pk=case.pk).clocks.get(code="normative.filing")
    assert clock.state == "missed"


def test_return_refile_review_correction_and_rates(world):
    case, day = world.published()
    d1 = day + timedelta(days=2)
    _file(world, case, d1)
    with pytest.raises(NotAllowed, match="不能执行“要求纠正”"):  # formal check comes first
        s.act(world.legal_handler, case, "demand_correction",
              {"reviewed_on": d1.isoformat(), "opinion": "问题", "demand": ""}, today=d1)
    s.act(world.legal_handler, case, "return_filing",
          {"checked_on": d1.isoformat(), "reasons": "缺少起草说明和制定依据文本"}, today=d1)
    d2 = d1 + timedelta(days=5)
    _file(world, case, d2)  # re-filing after a return is allowed
    with pytest.raises(NotAllowed, match="正在办理"):
        _file(world, case, d2)
    second = m.Filing.objects.order_by("-id").first()
    s.act(world.legal_handler, case, "receive", {"checked_on": d2.isoformat()}, today=d2)
    d3 = d2 + timedelta(days=10)
    s.act(world.legal_handler, case, "demand_correction", {
        "reviewed_on": d3.isoformat(), "opinion": "第五条与上位法不一致",
        "demand": "删除第五条增设的登记条件"}, today=d3)
    second.refresh_from_db()
    assert second.status == "correction" and second.correction_due == d3 + timedelta(days=30)
    rates = queries.filing_rates(date(2026, 1, 1), date(2026, 12, 31))
    assert (rates.published, rates.filed, rates.reviewed, rates.conforming, rates.corrections) == (1, 1, 1, 0, 1)
    assert rates.filing_rate == 100.0 and rates.compliance_rate == 0.0 and rates.correction_rate == 0.0
    d4 = d3 + timedelta(days=12)
    s.act(world.legal_handler, case, "record_correction",
          {"corrected_on": d4.isoformat(), "report": "已发文删除第五条"}, today=d4)
    assert queries.filing_rates(date(2026, 1, 1), date(2026, 12, 31)).correction_rate == 100.0
    events = Case.objects.get(pk=case.pk).events.filter(action__in=(
        "return_filing", "receive", "demand_correction", "record_correction"))
    assert [(e.action, e.actor) for e in events] == [
        ("return_filing", "吴备案"), ("receive", "吴备案"), ("demand_correction", "吴备案"),
        ("record_correction", "吴备案")]  # the filing body's steps, in the document's history
    assert not Case.objects.inbox_for(world.legal_handler).exists()


def test_three_rates_count_late_and_missing_filings(world):
    a, day = world.published()
    b, _ = world.published(title="厦门市市场监督管理局关于小餐饮备案管理的规定")
    world.published(title="厦门市市场监督管理局关于食品小作坊登记的规定")
    _file(world, a, day + timedelta(days=1))
    _file(world, b, day + timedelta(days=40))
    rates = queries.filing_rates(date(2026, 1, 1), date(2026, 12, 31))
    assert (rates.published, rates.filed, rates.filed_on_time) == (3, 2, 1)
    assert rates.filing_rate == 66.7 and rates.timely_rate == 33.3


def test_revocation_after_failed_correction_invalidates_document(world):
    case, day = world.published()
    _file(world, case, day)
    s.act(world.legal_handler, case, "receive", {"checked_on": day.isoformat()}, today=day)
    s.act(world.legal_handler, case, "demand_correction", {"reviewed_on": day.isoformat(),
          "opinion": "违法", "demand": "删除违法设定的许可"}, today=day)
    later = day + timedelta(days=40)
    s.act(world.legal_handler, case, "revoke", {"decided_on": later.isoformat(), "reason": "逾期未纠正",
          "cited_as": "厦府〔2026〕9号"}, today=later)
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert doc.status == m.INVALID and doc.ended_on == later


def test_point_in_time_and_repeal_by_replacement(world):
    old, day = world.published()
    old_doc = m.NormativeDocument.objects.get(pk=old.pk)
    later = day + timedelta(days=100)
    new, _ = world.published(today=later, title="厦门市市场监督管理局关于食品摊贩登记管理的新规定")
    # the new document replaces the old one from its effective date
    new_doc = m.NormativeDocument.objects.get(pk=new.pk)
    assert new_doc.status == m.IN_FORCE
    case_new = s.register_draft(world.drafter, __import__(
        "fazhi.normative.tests.factories", fromlist=["draft_data"]).draft_data(title="替代文件草案示例"),
        today=later)
    assert case_new  # drafts never reach the library
    repl, pub_day = world.registered(today=later, title="厦门市市场监督管理局食品摊贩登记办法")
    s.act(world.drafter, repl, "publish", {
        "published_at": pub_day.isoformat(), "effective_from": (pub_day + timedelta(days=10)).isoformat(),
        "replaces": [old_doc.doc_no]}, today=pub_day)
    old_doc.refresh_from_db()
    assert old_doc.status == m.IN_FORCE  # not yet: the replacement is not in force
    effective = pub_day + timedelta(days=10)
    JOBS["normative.take_effect"](effective)
    old_doc.refresh_from_db()
    assert old_doc.status == m.REPEALED and old_doc.ended_on == effective
    link = m.DocumentLink.objects.get(target=old_doc)
    assert link.kind == m.REPLACES and link.source.pk == repl.pk
    assert old_doc.pk in queries.in_force_on(effective - timedelta(days=1)).values_list("pk", flat=True)
    assert old_doc.pk not in queries.in_force_on(effective).values_list("pk", flat=True)
    assert old_doc.pk not in queries.in_force_on(day - timedelta(days=1)).values_list("pk", flat=True)
    assert not queries.in_force_on(day).filter(status=m.DRAFT).exists()


def test_unknown_link_target_is_refused_without_writes(world):
    case, day = world.registered()
    with pytest.raises(Exception, match="未找到发文字号为“厦市监规〔2020〕99号”的现行有效文件"):
        s.act(world.drafter, case, "publish", {"published_at": day.isoformat(),
              "effective_from": day.isoformat(), "repeals": ["厦市监规〔2020〕99号"]}, today=day)
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert doc.status == m.REGISTERED and doc.published_at is None


def test_expiry_tick_is_idempotent_and_warnings_list_upcoming(world):
    case, day = world.published(title="厦门市食品摊贩登记管理暂行规定")
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    warn_day = doc.valid_until - timedelta(days=30)
    assert list(queries.expiring(world.drafter, warn_day, 180)) == [doc]
    assert list(queries.expiring(world.drafter, doc.valid_until - timedelta(days=200), 180)) == []
    JOBS["normative.expire"](doc.valid_until)  # last valid day: nothing happens
    assert m.NormativeDocument.objects.get(pk=case.pk).status == m.IN_FORCE
    after = doc.valid_until + timedelta(days=1)
    assert JOBS["normative.expire"](after).startswith("1 ")
    assert JOBS["normative.expire"](after).startswith("0 ")  # second run: nothing left to do
    doc.refresh_from_db()
    c = Case.objects.get(pk=case.pk)
    assert doc.status == m.EXPIRED and doc.ended_on == after and not c.is_open
    assert list(c.events.values_list("action", flat=True)).count("expire") == 1


def test_comment_close_tick(world):
    case = world.commented()
    closes = case.normative.comment_closes_on
    JOBS["normative.comment_close"](closes)
    assert m.NormativeDocument.objects.get(pk=case.pk).status == m.COMMENTING
    JOBS["normative.comment_close"](closes + timedelta(days=1))
    JOBS["normative.comment_close"](closes + timedelta(days=1))
    assert m.NormativeDocument.objects.get(pk=case.pk).status == m.COMMENT_CLOSED
    assert closes > D0
