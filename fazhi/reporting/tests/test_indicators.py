"""Indicators over disclosure cases built through the engine; drill-down = records counted."""

from datetime import date, timedelta

import pytest

from fazhi.cases.models import Case
from fazhi.core import indicators as ind
from fazhi.disclosure.services import act
from fazhi.disclosure.tests.factories import received
from fazhi.reporting import queries

D = date(2024, 3, 4)  # a Monday


def served(agency, handler, *, on: date, after_days: int, answer: str = "A2") -> Case:
    case = received(agency, on=on)
    day = on + timedelta(days=after_days)
    act(handler, case, "reply", {"answer_type": answer, "ground": "",
                                 "text": "经审查，现将所申请的信息提供给您。"}, today=day)
    return act(handler, case, "serve", {"method": "direct", "served_on": day.isoformat()},
               today=day)


@pytest.fixture
def city_year(agency, other_agency, handler, gio_head, other_handler):
    """agency: 2 on time, 1 late, 1 extended and open, 1 overdue open; other: 1 on time."""
    cases = {
        "on_time": [served(agency, handler, on=D, after_days=5),
                    served(agency, handler, on=D, after_days=10)],
        "late": [served(agency, handler, on=D, after_days=60)],
        "other": [served(other_agency, other_handler, on=D, after_days=3)],
    }
    extended = received(agency, on=date(2024, 12, 2))
    act(gio_head, extended, "extend", {"reason": "需要调取档案", "approved_on": "2024-12-03",
                                       "notified_on": "2024-12-03"}, today=date(2024, 12, 3))
    cases["extended"] = [extended]
    cases["overdue"] = [received(agency, on=date(2024, 11, 1))]
    cases["old"] = [received(agency, on=date(2023, 6, 1))]  # received in 2023, still open
    return cases


def ids(cases) -> set[int]:
    return {c.pk for c in cases}


@pytest.mark.django_db
def test_requests_count_by_year_and_scope(city_year, agency, other_agency):
    value = ind.get("disclosure.requests").compute(2024, None)
    assert value.value == 6
    assert ind.get("disclosure.requests").compute(2024, other_agency).value == 1
    counted = sum((v for k, v in city_year.items() if k != "old"), [])
    assert {int(k) for k in value.record_keys()} == ids(counted)


@pytest.mark.django_db
def test_on_time_rate_counts_met_against_met_plus_missed(city_year, agency):
    value = ind.get("disclosure.on_time_rate").compute(2024, agency)
    assert (value.numerator, value.denominator, value.value) == (2, 3, 66.67)
    assert set(value.records.values_list("pk", flat=True)) == ids(city_year["on_time"]
                                                                   + city_year["late"])
    city = ind.get("disclosure.on_time_rate").compute(2024, None)
    assert (city.numerator, city.denominator) == (3, 4)


@pytest.mark.django_db
def test_closed_by_outcome_breakdown_sums_to_value(city_year):
    from fazhi.disclosure.answers import ANSWERS

    value = ind.get("disclosure.closed_by_outcome").compute(2024, None)
    assert value.value == 4
    assert value.breakdown == {ANSWERS["A2"].label: 4}


@pytest.mark.django_db
def test_extensions_and_overdue(city_year, agency):
    ext = ind.get("disclosure.extensions").compute(2024, None)
    assert ext.value == 1 and set(ext.records) == set(city_year["extended"])
    overdue = ind.get("disclosure.overdue_open").compute(2024, agency)
    # open and past due at the end of 2024, whenever received; the extended one is not due yet
    assert set(overdue.records) == set(city_year["overdue"] + city_year["old"])


@pytest.mark.django_db
def test_by_agency_matches_scoped_values(city_year, agency, other_agency):
    value = ind.get("disclosure.on_time_rate").compute(2024, None)
    grouped = ind.by_agency(value)
    assert grouped[agency.pk] == (66.67, 3, 2)
    assert grouped[other_agency.pk] == (100.0, 1, 1)


@pytest.mark.django_db
def test_staff_drill_down_is_the_visible_part_of_the_records(city_year, agency, handler,
                                                            other_handler, supervisor):
    indicator = ind.get("disclosure.requests")
    value = indicator.compute(2024, None)
    assert set(queries.staff_records(indicator, value, supervisor)) == set(value.records)
    mine = set(queries.staff_records(indicator, value, other_handler))
    assert mine == set(city_year["other"])


@pytest.mark.django_db
def test_public_rows_show_numbers_and_published_replies_only(city_year):
    indicator = ind.get("disclosure.on_time_rate")
    value = indicator.compute(2024, None)
    rows = queries.public_rows(indicator, value.records)
    assert {r["key"] for r in rows} == {int(k) for k in value.record_keys()}
    assert all(r["published"] for r in rows)  # served replies are published
    assert all("张三" not in str(r) for r in rows)


@pytest.mark.django_db
def test_an_indicator_is_a_few_lines_and_absent_modules_are_reported():
    @ind.indicator(code="test.cases", name="全部案件", unit="件", requires=("cases.Case",))
    def all_cases(year, scope):
        return ind.count(Case.objects.filter(received_on__year=year), scope)

    @ind.indicator(code="test.absent", name="不存在", unit="件", requires=("nowhere.Thing",))
    def absent(year, scope):
        raise AssertionError("never computed")

    try:
        assert ind.get("test.cases").compute(2024, None).value == 0
        missing = dict((i.code, why) for i, why in ind.unavailable())
        assert missing["test.absent"] == "模块“nowhere”未安装"
        assert "test.absent" not in {i.code for i in ind.available()}
    finally:
        ind.REGISTRY.pop("test.cases")
        ind.REGISTRY.pop("test.absent")


@pytest.mark.django_db
def test_normative_and_lottery_indicators_compute_or_explain():
    for indicator in ind.registered():
        why = indicator.missing()
        if why is None:
            value = indicator.compute(2024, None)
            assert value.value in (0, None)  # no data of theirs in this test
        else:
            assert why  # a Chinese reason shown on the indicator pages
