"""访调对接 (domain §6.3): a petition referred to mediation is closed as settled when the
agreement is reached (《信访工作条例》第三十三条), through `fazhi.cases.signals.mediation_concluded`:
the two procedure apps do not import each other."""

import pytest

from fazhi.cases.models import Case
from fazhi.cases.tracking import last_payload
from fazhi.mediation import services
from fazhi.mediation.tests.factories import AGREEMENT, DAY0, application, days
from fazhi.petitions import services as petitions
from fazhi.petitions.tests.factories import intake

pytestmark = pytest.mark.django_db


def accepted_petition(world):
    case = petitions.receive(world.street, world.handler, intake(), received_on=DAY0, today=DAY0)
    return petitions.act(case, "accept", world.handler, {"route": "petition"}, today=DAY0)


def referred(world, number: str, kind: str = "petition"):
    data = application(world.committee, source="referral", referrer_kind=kind,
                       referrer_body="鹭江街道信访办", referrer_number=number)
    case = services.receive(world.handler, data, received_on=DAY0, today=DAY0)
    for action, payload in (("accept", {}), ("assign", {"mediator_ids": [world.mediators[0].pk]})):
        case = services.act(case, action, world.handler, payload, today=DAY0 + days(1))
    return case


def test_an_agreement_closes_the_referring_petition_as_settled_art_33(world):
    """《信访工作条例》第三十三条 through the signal: the petition is settled in the same step."""
    petition = accepted_petition(world)
    case = referred(world, petition.number)
    assert case.mediation.referrer_number == petition.number
    case = services.act(case, "agree", world.handler,
                        AGREEMENT | {"effective_on": (DAY0 + days(2)).isoformat()},
                        today=DAY0 + days(2))
    petition = Case.objects.get(pk=petition.pk)
    assert (petition.state, petition.outcome) == ("closed", "settled")
    assert "已以调解协议办结" in last_payload(case, "agree")["linked"]
    assert "已以调解协议办结" in case.mediation.referral_result


def test_a_failed_mediation_leaves_the_petition_open_art_26(world):
    """《人民调解法》第二十六条: failure sends the parties elsewhere; the petition goes on."""
    petition = accepted_petition(world)
    case = referred(world, petition.number)
    services.act(case, "fail", world.handler, {"route": "litigation", "reason": "分歧大"},
                 today=DAY0 + days(2))
    assert Case.objects.get(pk=petition.pk).state == "accepted"


def test_a_police_referral_records_the_body_and_its_number(world):
    """警调对接: the referring body and its number are kept; nothing to close here."""
    case = referred(world, "鹭公调字〔2025〕3号", kind="police")
    assert (case.mediation.referrer_kind, case.mediation.referrer_number) == \
        ("police", "鹭公调字〔2025〕3号")
