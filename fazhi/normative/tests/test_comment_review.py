"""Public comment (§1.4) and legality review (§1.5, 国办发〔2018〕115号 二(四)–二(七))."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.normative.tests.factories import D0, checklist, review_package

pytestmark = pytest.mark.django_db
COMMENT = {"author_kind": "enterprise", "author_name": "厦门某食品有限公司", "text": "建议放宽登记条件。"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_comment_period_below_seven_working_days_is_refused(world):
    """市县法治政府建设示范指标体系第24项: generally ≥ 7 working days."""
    case = world.draft()
    with pytest.raises(InvalidData, match="不少于7个工作日") as err:
        s.act(world.drafter, case, "open_comment", {
            "opens_on": D0.isoformat(), "closes_on": (D0 + timedelta(days=5)).isoformat()}, today=D0)
    assert err.value.field == "closes_on"
    assert m.NormativeDocument.objects.get(pk=case.pk).status == m.DRAFT


def test_market_related_document_needs_thirty_days(world):
    """《优化营商环境条例》第六十二条: generally ≥ 30 days."""
    case = world.draft(market_related=True)
    with pytest.raises(InvalidData, match="不少于30日"):
        s.act(world.drafter, case, "open_comment", {
            "opens_on": D0.isoformat(), "closes_on": (D0 + timedelta(days=20)).isoformat()}, today=D0)
    s.act(world.drafter, case, "open_comment", {
        "opens_on": D0.isoformat(), "closes_on": (D0 + timedelta(days=30)).isoformat()}, today=D0)


def test_document_burdening_rights_cannot_skip_public_comment(world):
    case = world.draft()
    with pytest.raises(NotAllowed, match="应当先公开征求意见"):
        s.act(world.drafter, case, "submit_review", review_package(), today=D0)


def test_comments_accepted_only_while_open_and_moderated(world):
    case = world.commented()
    doc = case.normative
    c = s.submit_comment(doc.pk, COMMENT, ip="10.0.0.1", today=D0 + timedelta(days=1))
    assert c.moderation == m.PENDING and c.source_hash and "10.0.0.1" not in c.source_hash
    with pytest.raises(NotAllowed, match="征求意见已于.*截止，不再接收意见") as err:
        s.submit_comment(doc.pk, COMMENT, ip="10.0.0.2", today=doc.comment_closes_on + timedelta(days=1))
    assert err.value.status == 409
    assert m.Comment.objects.count() == 1


def test_comment_with_missing_text_gives_chinese_message(world):
    doc = world.commented().normative
    with pytest.raises(InvalidData) as err:
        s.submit_comment(doc.pk, COMMENT | {"text": ""}, ip="10.0.0.1", today=D0)
    assert "意见内容" in str(err.value.errors) and m.Comment.objects.count() == 0


def test_comments_are_throttled_per_address(world, settings):
    doc = world.commented().normative
    s.COMMENT_RATE = "2/h"
    try:
        for _ in range(2):
            s.submit_comment(doc.pk, COMMENT, ip="10.9.9.9", today=D0)
        with pytest.raises(s.Throttled) as err:
            s.submit_comment(doc.pk, COMMENT, ip="10.9.9.9", today=D0)
        assert err.value.status == 429
        s.submit_comment(doc.pk, COMMENT, ip="10.9.9.10", today=D0)  # another address is fine
    finally:
        s.COMMENT_RATE = "10/h"
    assert m.Comment.objects.count() == 3


def test_handling_is_recorded_and_summary_published(world):
    case = world.commented()
    doc = case.normative
    c = s.submit_comment(doc.pk, COMMENT, ip="10.0.0.1", today=D0)
    spam = s.submit_comment(doc.pk, COMMENT | {"text": "广告广告广告"}, ip="10.0.0.3", today=D0)
    after = doc.comment_closes_on + timedelta(days=1)
    case = s.act(world.drafter, case, "close_comment", {}, today=after)
    with pytest.raises(NotAllowed, match="2条意见未审核或未记录处理情况"):
        s.act(world.drafter, case, "submit_review", review_package(), today=after)
    with pytest.raises(NotAllowed, match="只能对审核通过的意见"):
        s.handle_comment(world.drafter, c.pk, "adopted")
    s.moderate_comment(world.drafter, c.pk, m.APPROVED)
    with pytest.raises(InvalidData, match="请写明理由"):
        s.moderate_comment(world.drafter, spam.pk, m.REJECTED)
    s.moderate_comment(world.drafter, spam.pk, m.REJECTED, "与文件无关的广告")
    with pytest.raises(InvalidData, match="须说明理由"):
        s.handle_comment(world.drafter, c.pk, "not_adopted")
    s.handle_comment(world.drafter, c.pk, "not_adopted", "登记条件系上位法规定，不能放宽")
    s.act(world.drafter, case, "publish_comment_summary",
          {"summary": "共收到有效意见1条，未采纳1条，理由已逐条说明。"}, today=after)
    from fazhi.publication.models import PublishedRecord
    record = PublishedRecord.objects.get(kind="normative.comment_summary", case=case)
    assert record.data["total"] == 1 and record.data["not_adopted"] == 1
    s.act(world.drafter, case, "submit_review", review_package(), today=after)


def test_submission_moderation_and_handling_are_the_comments_history(world):
    """§1.4 (public comment): every change to a comment is an event of its hash-chained
    history, with the state it produced; no name or contact enters the ledger."""
    from fazhi.core.chains import chain_problems
    from fazhi.core.ledger import verify

    doc = world.commented().normative
    c = s.submit_comment(doc.pk, COMMENT, ip="10.0.0.1", today=D0)
    s.moderate_comment(world.drafter, c.pk, m.APPROVED)
    s.handle_comment(world.drafter, c.pk, "not_adopted", "登记条件系上位法规定，不能放宽")
    c.refresh_from_db()
    events = list(c.events)
    assert [e.action for e in events] == ["submit", "moderate", "handle"]
    assert events[1].actor == world.drafter.label and '"moderation":"approved"' in events[1].state
    assert '"handling":"not_adopted"' in events[2].state and c.event_count == 3
    assert COMMENT["author_name"] not in "".join(e.payload for e in events)
    assert chain_problems(c) == [] and verify().ok
    m.Comment.objects.filter(pk=c.pk).update(moderation=m.REJECTED)  # behind the services' back
    c.refresh_from_db()
    assert chain_problems(c) and not verify().ok


def test_other_agency_cannot_moderate(world, handler):
    doc = world.commented().normative
    c = s.submit_comment(doc.pk, COMMENT, ip="10.0.0.1", today=D0)
    with pytest.raises(Exception, match="意见不存在"):
        s.moderate_comment(handler, c.pk, m.APPROVED)


def test_review_goes_to_the_legal_office_with_its_clock(world):
    """115号 二(四), 二(五): the legal office reviews; the case is in its inbox with the review
    clock (15 WD at most) as its due date, and leaves it when the opinion is given."""
    case, day = world.under_review()
    review = case.normative.reviews.get()
    assert review.reviewer_agency == world.legal and case.state == m.UNDER_REVIEW
    clock = case.clocks.get(code="normative.review")
    assert "国办发〔2018〕115号 二(五)" in clock.explanation and case.due_on == clock.due_on
    assert list(Case.objects.inbox_for(world.reviewer).values_list("pk", flat=True)) == [case.pk]
    world.decide(case, day)
    assert not Case.objects.inbox_for(world.reviewer).exists()
    assert Case.objects.visible_to(world.reviewer).filter(pk=case.pk).exists()


def test_reviewer_cannot_be_the_drafter(world):
    """Four-eyes: a legal-office user who drafted (e.g. revised) the document may not review it."""
    from conftest import make_staff
    dual = make_staff(world.legal, "dual", ["handler", "reviewer"], "郑双岗")
    m.IssuerSeries.objects.create(issuer=world.legal, doc_no_prefix="厦司规",
                                  registration_prefix="XMSFGF", index_prefix="XM00101-12-01")
    case = s.register_draft(dual, {
        "title": "厦门市司法局关于公职律师管理的规定", "doc_type": "departmental",
        "drafting_unit": "市司法局律师工作处", "legal_basis": "《中华人民共和国律师法》",
        "subject": "公职律师管理", "body": "第一条 为加强公职律师管理，制定本规定。",
        "drafting_explanation": "为加强公职律师管理起草本规定。"}, today=D0)
    s.act(dual, case, "submit_review", review_package(), today=D0)
    review = case.normative.reviews.get()
    data = checklist() | {"outcome": "pass", "opinion": "经审核合法。"}
    with pytest.raises(Forbidden, match="审核人不能是本文件的起草人"):
        s.act(dual, case, "decide", data, today=D0 + timedelta(days=10))
    assert Case.objects.get(pk=case.pk).state == m.UNDER_REVIEW
    assert m.LegalityReview.objects.get(pk=review.pk).completed_on is None
    s.act(world.reviewer, case, "decide", data, today=D0 + timedelta(days=10))


def test_drafting_department_staff_cannot_decide_the_review(world):
    """115号 二(四): the legal office reviews; the drafting agency's staff cannot decide even
    with the reviewer role (their agency is not the review body on this case)."""
    from conftest import make_staff

    case, day = world.under_review()
    data = checklist() | {"outcome": "pass", "opinion": "经审核合法。"}
    own_reviewer = make_staff(world.dept, "deptreviewer", ["reviewer"], "赵审核")
    with pytest.raises(Forbidden, match="由本案的合法性审核机构办理"):
        s.act(own_reviewer, case, "decide", data, today=day + timedelta(days=10))
    with pytest.raises(Forbidden, match="权限"):
        s.act(world.drafter, case, "decide", data, today=day + timedelta(days=10))


def test_checklist_problem_cannot_be_passed_and_is_recorded(world):
    case, day = world.under_review()
    review = case.normative.reviews.get()
    bad = checklist(c4_no_new_powers="problem") | {"outcome": "pass", "opinion": "经审核。"}
    with pytest.raises(InvalidData, match="审核结论不能为“合法”"):
        s.act(world.reviewer, case, "decide", bad, today=day + timedelta(days=10))
    with pytest.raises(InvalidData, match="须写明理由"):
        s.act(world.reviewer, case, "decide", bad | {"outcome": "fail"},
              today=day + timedelta(days=10))
    s.act(world.reviewer, case, "decide",
          bad | {"outcome": "fail", "reasons": "第三条违法设定行政许可。"}, today=day + timedelta(days=10))
    review.refresh_from_db()
    assert review.checklist["c4_no_new_powers"] == "problem" and len(review.checklist) == 7
    assert review.outcome == m.FAIL and review.reviewer == "周审核"
    assert m.NormativeDocument.objects.get(pk=case.pk).status == m.REVISING
