"""Links: an inspection referral opens a lead; a penalty makes a credit record (双公示)."""

from datetime import date

import pytest

from fazhi.core.errors import InvalidData
from fazhi.enforcement import services
from fazhi.enforcement.models import PenaltyCase
from fazhi.enforcement.tests.factories import DAY0
from fazhi.subjects.signals import penalty_decided, referral_made

pytestmark = pytest.mark.django_db
USCC = "91350200MA2Y0000XX"


def test_a_referral_opens_a_lead_whose_code_and_category_are_fixed_at_opening(world):
    numbers = [n for _, n in referral_made.send(
        sender=None, referral_id=41, agency=world.agency, uscc=USCC, name="厦门某某食品有限公司",
        reason="涉嫌经营超过保质期的食品（《食品安全法》第三十四条）", found_on=DAY0)]
    p = PenaltyCase.objects.get(referral_id=41)
    assert numbers == [p.case.number] and p.case.state == "lead" and p.source == "inspection"
    with pytest.raises(InvalidData, match="立案时须确定违法行为代码和执法类别"):
        services.act(p.case, "initiate", world.head, {"officer_ids": world.two}, today=DAY0)
    case = services.act(p.case, "initiate", world.head,
                        {"officer_ids": world.two, "violation_code": "SP-034-1",
                         "category": "市场监管"}, today=DAY0)
    assert case.state == "investigating"


def test_a_decision_on_a_referral_is_told_to_inspections(world):
    heard = []

    def receiver(sender, **info):
        heard.append(info)

    penalty_decided.connect(receiver, dispatch_uid="test.heard")
    try:
        world.decided(referral_id=42, source="inspection")
    finally:
        penalty_decided.disconnect(dispatch_uid="test.heard")
    assert heard and heard[0]["referral_id"] == 42 and heard[0]["uscc"] == USCC
    assert heard[0]["decision_no"].startswith("XMSCJ罚决")


def test_a_penalty_on_a_directory_entity_makes_its_credit_record(world):
    """双公示 (国办发〔2018〕118号): the decision is a public credit record of the entity."""
    from fazhi.subjects.models import CreditRecord, MarketEntity

    entity = MarketEntity.objects.create(uscc="91350200MA31T9AU5H", name="厦门某某食品有限公司",
                                         entity_type="有限责任公司", base_class="B",
                                         credit_class="B")
    case = world.decided(party_id=entity.uscc)
    record = CreditRecord.objects.get(entity=entity, category="penalty")
    assert record.decision_no == case.penalty.decision_no
    assert record.act_date == date(2025, 3, 3)
