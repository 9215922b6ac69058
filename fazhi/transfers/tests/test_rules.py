"""Refusals through the screens and the parameters' statutory ceilings."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotFound
from fazhi.core.indicators import REGISTRY, load
from fazhi.transfers import config, services
from fazhi.transfers.tests.conftest import DAY
from fazhi.transfers.tests.test_flow import TEAM, opened, sent
from fazhi.transfers.tests.test_pages import login

pytestmark = pytest.mark.django_db


def test_the_case_page_refuses_a_transfer_without_its_package(world, officer, chief):
    """第六条: the package goes with the transfer; the refusal is a 422, nothing written."""
    case = opened(officer)
    services.act(case, "approve", chief, {}, on=DAY)
    response = login(officer).post(reverse("workspace:act", args=[case.pk, "send"]),
                                   {"letter_number": "厦市监移〔2026〕3号"})
    assert response.status_code == 422
    assert "须上传移送材料" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "approved" and case.transfer.transferred_on is None


def test_the_police_cannot_touch_a_transfer_not_sent_to_them(world, officer, liaison):
    case = opened(officer)
    with pytest.raises(NotFound):
        services.act(case, "police_file", liaison, {}, on=DAY)


def test_the_agency_cannot_take_the_police_decision(world, officer, chief):
    case = sent(world, officer, chief)
    with pytest.raises(Forbidden):
        services.act(case, "police_file", officer, {}, on=DAY)


def test_a_source_case_of_another_agency_is_refused(world, officer, liaison, disclosure_case):
    with pytest.raises(Forbidden):
        services.open_transfer(disclosure_case, actor=liaison, report="当事人涉嫌犯罪，报请批准移送。",
                               officers=TEAM, on=DAY)
    assert not Case.objects.filter(procedure="transfer").exists()


def test_an_approved_transfer_settles_its_source(world, officer, chief, disclosure_case):
    """第十一条: no penalty instead of a transfer — the decision to transfer settles it."""
    case = services.open_transfer(disclosure_case, actor=officer, on=DAY, officers=TEAM,
                                  report="当事人涉嫌犯罪，报请批准移送。")
    assert case.transfer.source == disclosure_case
    assert not services.settled(disclosure_case)
    services.act(case, "approve", chief, {}, on=DAY)
    assert services.settled(disclosure_case)


def test_the_limits_are_ceilings_an_operator_may_only_shorten():
    """《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款: 3日内作出决定 — a city may not make it 5."""
    assert config.build({"head_days": 2}, environ={}).head_days == 2
    with pytest.raises(ImproperlyConfigured, match="head_days"):
        config.build({"head_days": 5}, environ={})
    # the police's period for complex cases (UNVERIFIED) may be longer, up to 30 days
    assert config.build({}, environ={"FAZHI_TRANSFERS_POLICE_DAYS": "10"}).police_days == 10
    with pytest.raises(ImproperlyConfigured):
        config.build({"police_days": 31}, environ={})
    assert config.build({"working_days": "true"}, environ={}).working_days is True
    assert config.build({}, environ={}).effective_from == date(2020, 8, 7)


def test_the_indicators_count_transfers(world, officer, chief, liaison):
    case = sent(world, officer, chief)
    services.act(case, "police_file", liaison, {}, on=DAY)
    load()
    assert REGISTRY["transfers.sent"].fn(DAY.year, None).value == 1
    assert REGISTRY["transfers.filed_rate"].fn(DAY.year, None).value == 100.0
    assert REGISTRY["transfers.refused"].fn(DAY.year, None).value == 0
    # 第十二条: the items not handed over 3 days after the notice (long ago): not on time
    assert REGISTRY["transfers.on_time_rate"].fn(DAY.year, None).value == 0.0
    services.act(case, "hand_over", officer, {"receipt": "签收"}, on=DAY)
    assert REGISTRY["transfers.on_time_rate"].fn(DAY.year, None).value == 100.0


def test_a_missing_police_organ_is_a_clear_refusal(market, officer, rules):
    with pytest.raises(InvalidData, match="公安机关"):
        services.open_transfer(None, actor=officer, report="当事人涉嫌犯罪，报请批准移送。",
                               officers=TEAM, on=DAY, reference="X")
    assert not Case.objects.filter(procedure="transfer").exists()
