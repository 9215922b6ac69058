"""Cleanup campaigns (§1.9) and public review suggestions (§1.7, S13 #27)."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def two_docs(world):
    a, day = world.published(legal_basis="《中华人民共和国民法典》\n《中华人民共和国食品安全法》")
    b, _ = world.published(title="厦门市市场监督管理局关于小餐饮备案管理的规定")
    return a, b, day


def test_campaign_selects_documents_mentioning_a_law(world, two_docs):
    a, b, day = two_docs
    campaign = s.create_campaign(world.legal_handler, title="民法典涉及文件专项清理",
                                 trigger="《民法典》施行，清理不一致的文件", scope_term="民法典")
    assert list(campaign.items.values_list("document_id", flat=True)) == [a.pk]


def test_only_legal_office_organises_cleanup(world, two_docs):
    with pytest.raises(Forbidden, match="法制机构"):
        s.create_campaign(world.drafter, title="民法典涉及文件专项清理", trigger="民法典施行",
                          scope_term="民法典")


def test_apply_repeal_changes_status_links_and_publishes(world, two_docs, client):
    a, b, day = two_docs
    campaign = s.create_campaign(world.legal_handler, title="全面清理规范性文件",
                                 trigger="定期全面清理", scope_term="")
    items = {i.document_id: i for i in campaign.items.all()}
    with pytest.raises(InvalidData, match="请写明清理理由"):
        s.decide_item(world.legal_handler, items[a.pk].pk, outcome=m.REPEAL, reason="",
                      responsible_agency="XMSJJ")
    with pytest.raises(NotAllowed, match="尚有2件文件未确定清理结果"):
        s.apply_campaign(world.legal_handler, campaign.pk, decision_no="厦府〔2026〕278号")
    s.decide_item(world.legal_handler, items[a.pk].pk, outcome=m.REPEAL,
                  reason="与《民法典》第X条不一致", responsible_agency="XMSJJ")
    s.decide_item(world.legal_handler, items[b.pk].pk, outcome=m.KEEP, reason="符合上位法",
                  responsible_agency="XMSJJ")
    with pytest.raises(NotAllowed, match="尚未决定执行"):
        s.publish_campaign(world.legal_handler, campaign.pk)
    applied_on = day + timedelta(days=60)
    s.apply_campaign(world.legal_handler, campaign.pk, decision_no="厦府〔2026〕278号",
                     applied_on=applied_on, today=applied_on)
    doc_a = m.NormativeDocument.objects.get(pk=a.pk)
    assert doc_a.status == m.REPEALED and doc_a.ended_on == applied_on
    assert not Case.objects.get(pk=a.pk).is_open
    link = doc_a.links_in.get()
    assert link.kind == m.REPEALS and link.cited_as == "厦府〔2026〕278号" and link.cleanup_item_id
    assert m.NormativeDocument.objects.get(pk=b.pk).status == m.IN_FORCE
    assert client.get(f"/normative/cleanups/{campaign.pk}/").status_code == 404  # not yet public
    s.publish_campaign(world.legal_handler, campaign.pk, today=applied_on)
    page = client.get(f"/normative/cleanups/{campaign.pk}/").content.decode()
    assert "废止的文件（1件）" in page and "继续有效的文件（1件）" in page
    doc_page = client.get(f"/normative/documents/{a.pk}/").content.decode()
    assert "已废止" in doc_page and "厦府〔2026〕278号" in doc_page


def test_failed_apply_changes_nothing(world, two_docs):
    a, b, day = two_docs
    campaign = s.create_campaign(world.legal_handler, title="全面清理规范性文件", trigger="定期全面清理",
                                 scope_term="")
    for item in campaign.items.all():
        s.decide_item(world.legal_handler, item.pk, outcome=m.REPEAL, reason="已过时",
                      responsible_agency="XMSJJ")
    # b is repealed by its issuer meanwhile → applying the campaign must fail as a whole
    s.act(world.head, b, "repeal", {"reason": "任务已完成", "effective_on": day.isoformat()}, today=day)
    with pytest.raises(NotAllowed, match="不能再废止"):
        s.apply_campaign(world.legal_handler, campaign.pk, decision_no="厦府〔2026〕278号", today=day)
    assert m.NormativeDocument.objects.get(pk=a.pk).status == m.IN_FORCE
    assert not m.DocumentLink.objects.exists()
    assert m.CleanupCampaign.objects.get(pk=campaign.pk).applied_on is None


SUGGESTION = {"suggester_name": "陈某", "contact": "13900001111",
              "grounds": "第三条设定登记条件，没有法律依据，增加了摊贩的义务。"}


def test_suggestion_is_routed_answered_published_and_linked(world, two_docs):
    a, b, day = two_docs
    case = s.submit_suggestion(SUGGESTION | {"document_id": a.pk}, ip="10.1.1.1", today=day)
    assert case.procedure == "normative_suggestion" and case.agency == world.legal
    assert case.clocks.get().code == "normative.suggestion_reply"
    assert case.normative_suggestion.document_id == a.pk
    assert "陈某" not in case.events.get().payload  # no personal data in the ledger payload
    s.act(world.reviewer, case, "answer", {"finding": "lawful",
          "answer": "经审查，该规定第三条有《食品安全法》依据，未发现违法情形。"}, today=day)
    record = PublishedRecord.objects.get(kind="normative.suggestion_answer", case=case)
    assert record.data["doc_no"] == m.NormativeDocument.objects.get(pk=a.pk).doc_no
    assert Case.objects.get(pk=case.pk).outcome == "lawful"


def test_suggestion_on_unpublished_draft_is_refused(world):
    draft = world.draft()
    with pytest.raises(InvalidData, match="不存在或尚未公布"):
        s.submit_suggestion(SUGGESTION | {"document_id": draft.pk}, ip="10.1.1.1")
    assert not Case.objects.filter(procedure="normative_suggestion").exists()


def test_suggestion_form_validates_and_throttles(world, two_docs, client):
    a, b, day = two_docs
    bad = client.post(f"/normative/documents/{a.pk}/suggest/", SUGGESTION | {"grounds": "短"})
    assert bad.status_code == 422 and "建议审查的理由" in bad.content.decode()
    s.COMMENT_RATE = "1/h"
    try:
        ok = client.post(f"/normative/documents/{a.pk}/suggest/", SUGGESTION)
        assert ok.status_code == 200 and "查询码" in ok.content.decode()
        again = client.post(f"/normative/documents/{a.pk}/suggest/", SUGGESTION)
        assert again.status_code == 429 and "提交过于频繁" in again.content.decode()
    finally:
        s.COMMENT_RATE = "10/h"
