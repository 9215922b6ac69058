"""A decision revoking a disclosure reply with an order to reply again reopens the
disclosure case (《行政复议法》第六十四条), through `fazhi.cases.signals.act_reviewed`: the two
procedure apps do not import each other."""

from datetime import date

import pytest

from fazhi.cases.models import Case, Clock
from fazhi.core.errors import InvalidData
from fazhi.disclosure.tests import factories as disclosure
from fazhi.reconsideration import services
from fazhi.reconsideration.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def served_reply(world):
    case = disclosure.replied(world.respondent_agency, world.respondent, on=date(2025, 2, 3))
    return disclosure.act(world.respondent, case, "serve",
                          {"method": "direct", "served_on": "2025-02-04"}, today=date(2025, 2, 4))


def decide(world, case, **decision):
    world.propose(case, **decision)
    services.act(case, "decide", world.head, {"decision_no": "厦府复〔2025〕9号"}, today=DAY0)
    return services.act(case, "serve", world.handler,
                        {"served_on": "2025-03-03", "channel": "direct"}, today=DAY0)


def test_revocation_with_an_order_to_reply_again_reopens_the_disclosure_case_art64(world):
    from fazhi.publication.models import PublishedRecord

    reply = served_reply(world)
    assert reply.state == "closed" and PublishedRecord.objects.filter(case=reply).exists()
    case = world.heard(act_kind="gio", amount=None, disclosure_case=reply.number)
    decide(world, case, kind="revoke", redo=True, redo_days=20, content="撤销答复，责令重新答复")
    reply = Case.objects.get(pk=reply.pk)
    assert reply.state == "processing" and reply.is_open and reply.outcome == ""
    clock = reply.clocks.get(code="disclosure.reply", state=Clock.RUNNING)
    assert clock.started_on == date(2025, 3, 3)
    assert PublishedRecord.objects.get(case=reply).withdrawn_at is not None
    assert reply.disclosure.answer_type == ""
    from fazhi.cases.tracking import last_payload

    assert "已重新办理" in last_payload(case, "serve")["linked"]


def test_an_upheld_reply_stays_closed(world):
    reply = served_reply(world)
    case = world.heard(act_kind="gio", amount=None, disclosure_case=reply.number)
    decide(world, case, kind="uphold", content="维持")
    assert Case.objects.get(pk=reply.pk).state == "closed"


def test_the_disclosure_case_must_be_the_respondents(world):
    with pytest.raises(InvalidData) as caught:
        world.apply(act_kind="gio", amount=None, disclosure_case="XMSJJ-GK-2099-1")
    assert "原政府信息公开案件编号" in str(caught.value)
