"""The lifecycle end to end, and the three unifications (三统一): domain/instruments.md §1.3, §1.6."""

from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, NotAllowed
from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.normative.tests.factories import D0
from fazhi.org.actors import Actor
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db


def test_full_lifecycle_numbers_publishes_and_computes_validity(world):
    case, day = world.published()
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert doc.status == m.IN_FORCE
    assert doc.doc_no == "厦市监规〔2026〕1号"
    assert doc.registration_no == "XMSJGF-2026-001"
    assert doc.disclosure_index_no == "XM00133-12-01-2026-001"
    # §1.8 default 5 years: valid until the day before the fifth anniversary
    assert doc.valid_until == date(day.year + 5, day.month, day.day) - timedelta(days=1)
    record = PublishedRecord.objects.get(kind="normative.document", case=case)
    assert record.data["doc_no"] == doc.doc_no and record.data["status"] == m.IN_FORCE
    assert record.data["effective_from"] == day.isoformat()
    events = list(case.events.values_list("action", "actor"))
    assert [a for a, _ in events] == ["open", "open_comment", "close_comment", "submit_review",
                                      "decide", "deliberate", "register", "publish"]
    assert events[4] == ("decide", "周审核")  # the reviewer, in the document's own history


def test_provisional_document_is_valid_two_years(world):
    case, day = world.published(title="厦门市食品摊贩登记管理暂行规定")
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert doc.is_provisional
    assert doc.valid_until == date(day.year + 2, day.month, day.day) - timedelta(days=1)


def test_future_effective_date_stays_published_until_then(world):
    case, day = world.published(effective_in=30)
    assert Case.objects.get(pk=case.pk).state == m.PUBLISHED
    with pytest.raises(Forbidden):  # a platform step, never a staff button
        s.act(world.drafter, case, "take_effect", {}, today=day)
    with pytest.raises(NotAllowed, match="尚未到施行日期"):
        s.act(Actor.system(), case, "take_effect", {}, today=day)


@pytest.mark.parametrize("action,data", [
    ("register", {"signed_by": "孙局长", "signed_on": D0.isoformat()}),
    ("publish", {"published_at": D0.isoformat(), "effective_from": D0.isoformat()}),
    ("deliberate", {"meeting": "局务会议", "deliberated_on": D0.isoformat(), "minutes": "通过"}),
])
def test_no_number_publication_or_deliberation_without_passed_review(world, action, data):
    """国办发〔2018〕115号 二(七) (未经合法性审核或者经审核不合法的文件，不得提交集体审议);
    三统一 (§1.6): refused with 409 and nothing written."""
    case = world.draft()
    events = case.event_count
    with pytest.raises(NotAllowed) as err:
        s.act(world.head if action == "deliberate" else world.drafter, case, action, data, today=D0)
    assert err.value.status == 409
    assert "未经合法性审核或者经审核不合法的文件，不得" in err.value.message
    assert "国办发〔2018〕115号 二(七)" in err.value.message
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert doc.doc_no == "" and doc.published_at is None and doc.status == m.DRAFT
    assert Case.objects.get(pk=case.pk).event_count == events


def test_failed_review_blocks_numbering_until_resubmitted_and_passed(world):
    case, day = world.under_review()
    world.decide(case, day, outcome="fail")
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert doc.status == m.REVISING
    later = day + timedelta(days=10)
    with pytest.raises(NotAllowed, match="不得统一登记、编号"):
        s.act(world.drafter, case, "register", {"signed_by": "孙局长", "signed_on": later.isoformat()},
              today=later)
    with pytest.raises(NotAllowed, match="不得提交集体审议"):
        s.act(world.head, case, "deliberate", {"meeting": "局务会议", "deliberated_on": later.isoformat(),
                                                "minutes": "通过"}, today=later)
    s.act(world.drafter, case, "revise", __import__(
        "fazhi.normative.tests.factories", fromlist=["draft_data"]).draft_data(
        body="第一条 修改后的正文，删去缺乏上位法依据的登记条件。"), today=later)
    from fazhi.normative.tests.factories import review_package
    s.act(world.drafter, case, "submit_review", review_package(), today=later)
    world.decide(Case.objects.get(pk=case.pk), later, outcome="pass_with_changes")
    doc.refresh_from_db()
    assert doc.status == m.REVIEWED
    assert list(doc.reviews.values_list("round", "outcome")) == [(1, "fail"), (2, "pass_with_changes")]


def test_registration_without_deliberation_is_refused(world):
    case, day = world.reviewed()
    with pytest.raises(NotAllowed, match="集体审议"):
        s.act(world.drafter, case, "register", {"signed_by": "孙局长", "signed_on": day.isoformat()},
              today=day)


def test_publication_before_registration_is_refused(world):
    case, day = world.deliberated()
    with pytest.raises(NotAllowed, match="尚未统一登记编号"):
        s.act(world.drafter, case, "publish", {"published_at": day.isoformat(),
                                               "effective_from": day.isoformat()}, today=day)


def test_registration_needs_configured_series(world):
    m.IssuerSeries.objects.all().delete()
    case, day = world.deliberated()
    with pytest.raises(NotAllowed, match="尚未配置发文编号规则"):
        s.act(world.drafter, case, "register", {"signed_by": "孙局长", "signed_on": day.isoformat()},
              today=day)


def test_numbers_are_sequential_per_issuer(world):
    first, _ = world.published()
    second, _ = world.published(title="厦门市市场监督管理局关于小餐饮备案管理的规定")
    docs = m.NormativeDocument.objects.order_by("pk")
    assert [d.doc_no for d in docs] == ["厦市监规〔2026〕1号", "厦市监规〔2026〕2号"]


def test_script_in_body_is_escaped_on_public_page(world, client):
    case, _ = world.published(body="第一条 <script>alert('x')</script> 本规定自公布之日起施行。")
    page = client.get(f"/normative/documents/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
