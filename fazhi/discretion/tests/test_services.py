"""assess / deviation / exemption: the interface the penalty procedure uses (§3.3, §3.4)."""

from datetime import date
from decimal import Decimal as D

import pytest

from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.discretion import services
from fazhi.discretion.models import FIRST_OFFENCE, MINOR
from fazhi.discretion.tests.factories import facts, published
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db


def test_assess_gives_tier_range_and_conditions(other_agency) -> None:
    b = published(other_agency)
    a = services.assess(other_agency, "SP-126", facts(), on=date(2024, 6, 1))
    assert a is not None
    assert (a.benchmark_id, a.version, a.tier_code, a.tier_label) == (b.pk, "2024", "L", "从轻")
    assert (a.fine_min, a.fine_max) == (D(1000), D(5000))
    assert a.kinds == ("warning", "fine")
    assert a.conditions == ("涉案金额不满10000元", "已及时改正")
    assert "2024版“从轻”档" in a.summary


def test_unpublished_or_unknown_benchmark_gives_none(other_agency) -> None:
    """Only published benchmarks apply (《行政处罚法》第三十四条)."""
    from fazhi.discretion.tests.factories import KB, LAW, tiers
    services.save_benchmarks(other_agency, [(KB("DRAFT-1", tiers()), "草稿", LAW)], version="1",
                             effective_from=date(2024, 1, 1), actor=Actor.system())
    assert services.assess(other_agency, "DRAFT-1", facts(), on=date(2024, 6, 1)) is None
    assert services.assess(other_agency, "NOPE", facts(), on=date(2024, 6, 1)) is None


def test_a_new_version_supersedes_from_its_date_and_old_cases_keep_theirs(other_agency) -> None:
    published(other_agency, version="2024", effective_from=date(2024, 1, 1))
    published(other_agency, version="2025", effective_from=date(2025, 3, 1), light_max=D(3000))
    assert services.assess(other_agency, "SP-126", facts(), on=date(2023, 12, 31)) is None
    old = services.assess(other_agency, "SP-126", facts(), on=date(2025, 2, 28))
    new = services.assess(other_agency, "SP-126", facts(), on=date(2025, 3, 1))
    assert (old.version, old.fine_max) == ("2024", D(5000))
    assert (new.version, new.fine_max) == ("2025", D(3000))


def test_two_versions_starting_the_same_day_are_refused(other_agency) -> None:
    published(other_agency, version="A")
    from fazhi.discretion.tests.factories import KB, LAW, tiers
    (b,) = services.save_benchmarks(other_agency, [(KB("SP-126", tiers()), "x", LAW)], version="B",
                                    effective_from=date(2024, 1, 1), actor=Actor.system())
    with pytest.raises(NotAllowed, match="已有自2024-01-01起施行"):
        services.publish(b, Actor.system(), on=date(2024, 1, 1))


def test_missing_fact_is_a_422_naming_it(other_agency) -> None:
    published(other_agency)
    with pytest.raises(InvalidData, match="涉案金额") as e:
        services.assess(other_agency, "SP-126", {"corrected": True}, on=date(2024, 6, 1))
    assert e.value.status == 422


def test_deviation_outside_the_tier(other_agency) -> None:
    published(other_agency)
    a = services.assess(other_agency, "SP-126", facts(), on=date(2024, 6, 1))
    assert services.deviation(a, D(2000), ["fine"]) is None
    assert services.deviation(a, D(8000), ["fine"]) == "拟罚款8000元，高于“从轻”档上限5000元"
    assert "责令停产停业" in services.deviation(a, D(2000), ["fine", "suspend_business"])


def test_exemption_from_the_agency_lists(other_agency) -> None:
    """首违不罚 and 轻微违法不予处罚 lists (《行政处罚法》第三十三条第一款) held as data."""
    entry = {"violation_code": "SP-126", "violation_name": "未按规定查验进货", "conditions": "",
             "basis": "", "max_amount_involved": D(1000), "max_illegal_income": None}
    first = services.save_list(other_agency, FIRST_OFFENCE, title="首违不罚清单", version="2024",
                               effective_from=date(2024, 1, 1), entries=[entry])
    services.publish_list(first, Actor.system(), on=date(2024, 1, 1))
    on = date(2024, 6, 1)
    found = services.exemption(other_agency, "SP-126", facts(harm="minor"), on=on)
    assert found is not None and found.kind == "first_offence" and not found.mandatory
    assert found.basis.startswith("《行政处罚法》第三十三条第一款")
    assert found.list_version == "2024"
    assert services.exemption(other_agency, "SP-126", facts(harm="minor"), on=date(2023, 6, 1)) is None
    minor = services.save_list(other_agency, MINOR, title="轻微违法不予处罚清单", version="2024",
                               effective_from=date(2024, 1, 1), entries=[entry])
    assert services.exemption(other_agency, "SP-126", facts(), on=on).kind == "first_offence"
    services.publish_list(minor, Actor.system(), on=date(2024, 1, 1))
    assert services.exemption(other_agency, "SP-126", facts(), on=on).kind == "minor"


def test_statutory_exemptions_need_no_list(other_agency) -> None:
    """《行政处罚法》第三十条 (under 14) applies whatever the agency's lists."""
    found = services.exemption(other_agency, "ANY", facts(age=12, corrected=False), on=date(2024, 1, 1))
    assert (found.kind, found.basis, found.list_version) == ("no_penalty", "《行政处罚法》第三十条", "")
