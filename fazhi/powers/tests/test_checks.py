"""The registry's answers to the procedures (fazhi.powers.checks), each rule with its article."""

from datetime import date

import pytest

from conftest import make_staff
from fazhi.powers import checks
from fazhi.powers.models import (
    CertificateEvent,
    Delegation,
    EnforcementBody,
    LegalQualification,
    ReviewExperience,
)
from fazhi.powers.tests import factories as F

ON = date(2026, 6, 1)


@pytest.fixture
def pair(other_agency):
    return [F.officer(other_agency, "陈一"), F.officer(other_agency, "林二")]


def test_two_valid_officers_of_the_category_may_investigate(pair):
    """《行政处罚法》第四十二条: two officers with enforcement qualification."""
    assert checks.acting_refusal(pair, category="市场监管", on=ON, minimum=2) is None


def test_a_single_officer_may_not_investigate(pair):
    """《行政处罚法》第四十二条: 执法人员不得少于两人."""
    refusal = checks.acting_refusal(pair[:1], category="市场监管", on=ON, minimum=2)
    assert refusal and "不得少于2人" in refusal and "第四十二条" in refusal
    # the same officer twice is still one officer
    assert checks.acting_refusal([pair[0], pair[0]], category="市场监管", on=ON, minimum=2)


def test_an_expired_certificate_is_refused_naming_the_officer(other_agency, pair):
    """《行政处罚法》第四十二条: only officers with enforcement qualification act."""
    old = F.officer(other_agency, "黄过期", valid_until=date(2026, 5, 31))
    refusal = checks.acting_refusal([pair[0], old], category="市场监管", on=ON, minimum=2)
    assert "黄过期" in refusal and "到期" in refusal and old.cert_no in refusal
    # the last day of validity is still valid
    assert checks.acting_refusal([old], category="市场监管", on=date(2026, 5, 31)) is None


def test_a_certificate_not_yet_in_force_is_refused(other_agency):
    """《行政处罚法》第四十二条."""
    new = F.officer(other_agency, "许新证", valid_from=date(2026, 7, 1))
    assert "生效" in checks.acting_refusal([new], category="市场监管", on=ON)


def test_a_wrong_category_is_refused(other_agency):
    """《行政处罚法》第四十二条: qualification for this kind of enforcement."""
    health = F.officer(other_agency, "郑卫生", categories=("卫生健康",))
    refusal = checks.acting_refusal([health], category="市场监管", on=ON)
    assert "郑卫生" in refusal and "卫生健康" in refusal and "市场监管" in refusal


def test_suspension_applies_for_its_period_and_reinstatement_ends_it(pair):
    """A suspended certificate confers no qualification (《行政处罚法》第四十二条)."""
    CertificateEvent.objects.create(officer=pair[0], kind="suspend", effective_from=date(2026, 5, 1),
                                    until=date(2026, 7, 1), reason="违规执法调查期间", recorded_by="t")
    assert "暂扣" in checks.acting_refusal(pair, category="市场监管", on=ON, minimum=2)
    assert checks.acting_refusal(pair, category="市场监管", on=date(2026, 4, 30)) is None
    assert checks.acting_refusal(pair, category="市场监管", on=date(2026, 7, 1)) is None
    CertificateEvent.objects.create(officer=pair[1], kind="suspend", effective_from=date(2026, 5, 1),
                                    reason="待查", recorded_by="t")
    CertificateEvent.objects.create(officer=pair[1], kind="reinstate",
                                    effective_from=date(2026, 5, 20), reason="查明", recorded_by="t")
    assert checks.acting_refusal(pair[1:], category="市场监管", on=date(2026, 5, 10))
    assert checks.acting_refusal(pair[1:], category="市场监管", on=date(2026, 5, 20)) is None


def test_revocation_is_final(pair):
    CertificateEvent.objects.create(officer=pair[0], kind="revoke", effective_from=date(2026, 3, 1),
                                    reason="严重违法", recorded_by="t")
    CertificateEvent.objects.create(officer=pair[0], kind="reinstate",
                                    effective_from=date(2026, 4, 1), reason="误", recorded_by="t")
    assert "吊销" in checks.acting_refusal(pair[:1], category="市场监管", on=ON)
    assert checks.acting_refusal(pair[:1], category="市场监管", on=date(2026, 2, 28)) is None


def test_first_time_reviewer_needs_the_legal_profession_qualification(agency):
    """《行政处罚法》第五十八条第二款: 初次从事行政处罚决定法制审核的人员，应当取得法律职业资格."""
    actor = make_staff(agency, "rev", ["reviewer"], "吴审核")
    refusal = checks.reviewer_refusal(actor, on=ON)
    assert "吴审核" in refusal and "第五十八条第二款" in refusal
    staff = agency.staff.get(user_id=actor.user_id)
    LegalQualification.objects.create(staff=staff, number="A20203502001", obtained_on=date(2026, 7, 1))
    assert checks.reviewer_refusal(actor, on=ON)  # not yet obtained on that date
    assert checks.reviewer_refusal(staff.user, on=date(2026, 7, 1)) is None


def test_a_reviewer_from_before_the_revised_law_is_not_first_time(agency):
    """《行政处罚法》第五十八条第二款 applies to first-time reviewers from 2021-07-15 (第八十六条)."""
    actor = make_staff(agency, "old", ["reviewer"], "老审核")
    staff = agency.staff.get(user_id=actor.user_id)
    exp = ReviewExperience.objects.create(staff=staff, since=date(2021, 7, 15), evidence="任命文件")
    assert checks.reviewer_refusal(actor, on=ON)  # began on the day: first-time under the new law
    exp.since = date(2019, 3, 1)
    exp.save()
    assert checks.reviewer_refusal(actor, on=ON) is None


def test_item_versions_by_date(other_agency):
    F.item("330217001000", [other_agency], valid_until=date(2026, 1, 1), fine=("1000", "5000"))
    F.item("330217001000", [other_agency], valid_from=date(2026, 1, 1), fine=("2000", "8000"))
    assert checks.item("330217001000", on=date(2025, 12, 31)).fine_max == 5000
    assert checks.item("330217001000", on=date(2026, 1, 1)).fine_max == 8000
    assert checks.item("330217001000", on=date(2021, 7, 14)) is None
    assert checks.item("nope", on=ON) is None


def test_a_department_exercises_its_own_catalogue_items(other_agency, agency):
    F.item("X1", [other_agency])
    assert checks.exercising(other_agency, "X1", on=ON) == other_agency
    assert checks.exercising(agency, "X1", on=ON) is None  # 第三十八条: not competent


def test_a_comprehensive_team_exercises_the_delegating_departments_power(city, other_agency):
    """《行政处罚法》第十八条第二款: one agency exercises another's penalty power; the
    department no longer exercises the concentrated item itself."""
    team = F.team(city)
    F.item("CG1", [other_agency], category="城市管理")
    F.item("CG2", [other_agency], category="城市管理")
    F.delegate(team, other_agency, codes=("CG1",), valid_from=date(2026, 1, 1))
    assert checks.exercising(team, "CG1", on=ON) == other_agency
    assert checks.exercising(other_agency, "CG1", on=ON) is None
    assert checks.exercising(other_agency, "CG1", on=date(2025, 12, 31)) == other_agency
    assert checks.exercising(team, "CG1", on=date(2025, 12, 31)) is None
    assert checks.exercising(team, "CG2", on=ON) is None  # not delegated


def test_a_township_body_exercises_assigned_powers_by_category(city, other_agency):
    """《行政处罚法》第二十四条 (assigned to a street office) and 第二十条 (entrusted): the
    department keeps its own power."""
    street = F.team(city, "XMSMQLJJD", "厦门市思明区鹭江街道办事处", EnforcementBody.TOWNSHIP)
    F.item("SC1", [other_agency])
    F.delegate(street, other_agency, mode=Delegation.ASSIGNED, categories=("市场监管",),
               valid_until=date(2026, 6, 1))
    assert checks.exercising(street, "SC1", on=date(2026, 5, 31)) == other_agency
    assert checks.exercising(street, "SC1", on=ON) is None  # the assignment ended
    assert checks.exercising(other_agency, "SC1", on=date(2026, 5, 31)) == other_agency


def test_a_delegation_from_a_department_without_the_power_gives_none(city, agency, other_agency):
    team = F.team(city)
    F.item("SC2", [other_agency])
    F.delegate(team, agency, codes=("SC2",))
    assert checks.exercising(team, "SC2", on=ON) is None
