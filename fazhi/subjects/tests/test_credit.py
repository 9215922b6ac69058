"""Credit without inspections: what enforcement and licensing call directly.

A credit record follows a formal decision: 国家发展和改革委员会令第36号《信用修复管理办法》
(in force 2026-04-01) Art. 4; publication periods by severity 国办发〔2025〕22号 (general:
at least 3 months, at most 1 year from the decision)."""

from datetime import date

import pytest

from fazhi.core.errors import InvalidData, NotFound
from fazhi.subjects import credit
from fazhi.subjects.models import CreditRecord, MarketEntity

pytestmark = pytest.mark.django_db
USCC = "91350203MA0000001X"


@pytest.fixture
def entity(city) -> MarketEntity:
    return MarketEntity.objects.create(uscc=USCC, name="厦门鹭岛贸易有限公司",
                                       entity_type="有限责任公司", base_class="A",
                                       credit_class="A")


def _decide(agency, who=USCC, **overrides) -> CreditRecord:
    args = {"decision_no": "厦市监罚〔2026〕12号", "decided_on": date(2026, 5, 8),
            "agency": agency, "severity": CreditRecord.GENERAL, "summary": "虚假宣传，罚款5万元",
            "legal_basis": "《中华人民共和国反不正当竞争法》第二十条",
            "today": date(2026, 5, 9)} | overrides
    return credit.record_penalty_decision(who, **args)


def test_a_penalty_decision_makes_a_record_and_raises_the_class(entity, other_agency):
    """Typed with full-width characters, the USCC is found after NFKC (fazhi.law.inputs)."""
    wide = USCC.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789MAX"})
    record = _decide(other_agency, wide)
    assert record.entity == entity and record.category == "penalty"
    assert (record.min_publish_until, record.max_publish_until) == (date(2026, 8, 8),
                                                                    date(2027, 5, 8))
    assert record.legal_basis.endswith(credit.ORDER_36)
    entity.refresh_from_db()
    assert (entity.base_class, entity.credit_class) == ("A", "C")


@pytest.mark.parametrize(("overrides", "error", "message"), [
    ({"decision_no": "\u202e厦市监罚"}, InvalidData, "处罚决定书文号"),
    ({"decided_on": date(2026, 5, 10)}, InvalidData, "不能晚于今天"),
    ({"severity": "grave"}, InvalidData, "失信程度"),
    ({"who": "91350203MA0009999Y"}, NotFound, "检查对象名录中没有"),
])
def test_a_bad_decision_writes_nothing(entity, other_agency, overrides, error, message):
    who = overrides.pop("who", USCC)
    with pytest.raises(error, match=message):
        _decide(other_agency, who, **overrides)
    assert not CreditRecord.objects.exists()
    entity.refresh_from_db()
    assert entity.credit_class == "A"
