"""The legality review as a shared part (fazhi.cases.review), with a checklist of its own
(a major enforcement decision's, 《行政处罚法》第五十八条), as the procedures after
normative documents will use it."""

from datetime import date

import pytest

from fazhi.cases import review
from fazhi.cases.validation import validate
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.law.timelimits import Limit, Unit
from fazhi.org.models import Agency, Region

ITEMS = {"subject": "执法主体是否合法", "facts": "案件事实是否清楚、证据是否确凿",
         "law": "适用法律是否准确"}
Decision = review.decision_schema("EnforcementDecision", ITEMS)
MINIMUM = Limit(code="test.review_min", label="审核最短时间", value=3, unit=Unit.WD,
                trigger="收到之日", citation="测试规则第二条", effective_from=date(2020, 1, 1))


def _data(**changes) -> dict:
    return {key: "ok" for key in ITEMS} | {"outcome": "pass", "opinion": "经审核，合法。"} | changes


def test_the_checklist_comes_first_and_a_problem_cannot_be_passed():
    """《行政处罚法》第五十八条: the review checks each item; a found problem cannot end in
    "lawful", and any other conclusion gives its reasons."""
    assert list(Decision.model_fields)[:3] == list(ITEMS)
    with pytest.raises(InvalidData, match="案件事实是否清楚.*不能为“合法”"):
        validate(Decision, _data(facts="problem"))
    with pytest.raises(InvalidData, match="须写明理由"):
        validate(Decision, _data(facts="problem", outcome="fail"))
    decided = validate(Decision, _data(facts="problem", outcome="fail", reasons="证据不足以认定"))
    assert decided.checklist == {"subject": "ok", "facts": "problem", "law": "ok"}


def test_a_drafter_may_not_decide():
    """Four-eyes (国办发〔2018〕115号 二(四)): whoever drafted does not review."""
    review.refuse_drafter(7, {3, 4}, "测试")
    review.refuse_drafter(None, {3}, "测试")
    with pytest.raises(Forbidden, match="审核人不能是本文件的起草人"):
        review.refuse_drafter(3, {3, 4}, "测试")


@pytest.mark.django_db  # the calendar in force (built-in years plus loaded ones)
def test_an_opinion_before_the_minimum_is_warned_unless_urgent():
    """The minimum protects the reviewer (ADR 0011): warned, never refused; an emergency is
    not warned. Mon 6 Jan 2025 + 3 working days = Thu 9 Jan."""
    start = date(2025, 1, 6)
    assert review.earliest_opinion(MINIMUM, start).due == date(2025, 1, 9)
    warning = review.time_warning(MINIMUM, start, date(2025, 1, 8), "")
    assert warning == "审核时间不足3个工作日（测试规则第二条），最早可出具审核意见日期为2025-01-09"
    assert review.time_warning(MINIMUM, start, date(2025, 1, 8), "urgent_order") == ""
    assert review.time_warning(MINIMUM, start, date(2025, 1, 9), "") == ""
    assert review.time_warning(MINIMUM, start, None, "") == ""


@pytest.mark.django_db
def test_the_review_body_is_the_legal_office_of_the_region_or_above(city):
    district = Region.objects.create(code="350203", name="思明区", level="district", parent=city)
    dept = Agency.objects.create(code="SMSJJ", name="思明区市场监督管理局", short_name="思明市监",
                                 region=district)
    with pytest.raises(NotAllowed, match="未找到“思明区市场监督管理局”所在地区的法制审核机构"):
        review.legal_office_for(dept)
    city_office = Agency.objects.create(code="XMSFJ", name="厦门市司法局", short_name="市司法局",
                                        region=city, is_legal_office=True)
    assert review.legal_office_for(dept) == city_office
    district_office = Agency.objects.create(code="SMSFJ", name="思明区司法局", short_name="思明司法",
                                            region=district, is_legal_office=True)
    assert review.legal_office_for(dept) == district_office
    assert review.legal_office_for(city_office) == city_office
