"""The formal documents: 立案审批表, 事先告知书, 听证通知书, 行政处罚决定书 from their events."""

import json

import pytest

from fazhi.cases import documents
from fazhi.enforcement.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def body(case, code: str) -> str:
    template = documents.templates_of(documents.registry.get("penalty")).get(code)
    source = case.events.filter(action=template.action).order_by("-seq").first()
    return "\n".join(template.body(case, json.loads(source.payload)))


def test_the_notice_states_the_rights_and_the_hearing_period(world):
    """《行政处罚法》第四十四条、第六十四条: the notice names the rights and the 5 WD."""
    case = world.notified(fine="150000")
    text = body(case, "advance_notice")
    assert "150000" in text and "陈述和申辩" in text and "5个工作日内要求听证" in text


def test_the_decision_states_payment_surcharge_and_remedies(world):
    """《行政处罚法》第五十九条、第六十七条、第七十二条: contents of the decision."""
    case = world.decided()
    text = body(case, "decision")
    assert "罚款人民币20000元" in text and "15日内" in text and "百分之三" in text
    assert "六十日内申请行政复议" in text
    issued = documents.issue(case, "decision", world.head, DAY0)
    assert issued.attachments.filter(filename__endswith=".pdf").exists()
