"""A litigation response from the papers to closing; the challenged case told through
`fazhi.cases.signals.act_challenged`; the indicators; `fazhi deadline --list`."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.cases.signals import act_challenged
from fazhi.core.errors import InvalidData
from fazhi.core.indicators import REGISTRY, load
from fazhi.litigation.tests.factories import DAY0, days

pytestmark = pytest.mark.django_db


def test_the_whole_flow_papers_to_closing(world):
    """《行政诉讼法》第六十七条 (defence), 第三条第三款 (head in court), 第八十五条 (appeal period),
    第九十四条 (performance)."""
    case = world.effective("revoked")
    world.act(case, "perform", {"performed_on": (DAY0 + days(85)).isoformat(),
                                "content": "已撤销原答复并重新答复"}, DAY0 + days(85))
    case = world.act(case, "close", {}, DAY0 + days(86))
    assert (case.state, case.outcome) == ("closed", "revoked")
    row = case.litigation
    assert (row.lost, row.corrected, row.head_appeared, row.hearings) == (True, True, True, 1)


def challenged(world) -> Case:
    """A bare case of another procedure (a disclosure reply) of the defendant agency; this
    app does not import that one (ADR 0023), so the row stands in for it."""
    return Case.objects.create(procedure="disclosure", procedure_version="2019",
                               agency=world.agency, number="XMSFJ-GK-2025-00001",
                               title="政府信息公开申请", received_on=DAY0 - days(90),
                               state="closed", is_open=False)


def test_the_challenged_case_shows_the_suit_and_its_outcome(world, client):
    """The challenged case's history records the suit and the effective judgment, and
    `act_challenged` tells receivers, without either app importing the other (ADR 0023)."""
    original = challenged(world)
    heard = []

    def receiver(sender, **kwargs):
        heard.append((kwargs["number"], kwargs["stage"], kwargs["outcome"], kwargs["lost"]))
        return "已记录"

    act_challenged.connect(receiver, dispatch_uid="test-litigation")
    try:
        case = world.effective("revoked", challenged_case=original.number)
    finally:
        act_challenged.disconnect(dispatch_uid="test-litigation")
    assert heard == [(original.number, "registered", "", False),
                     (original.number, "decided", "revoked", True)]
    assert "已记录" in case.events.last().payload
    actions = list(original.events.order_by("seq").values_list("action", flat=True))
    assert actions == ["litigation:registered", "litigation:decided"]
    client.force_login(User.objects.get(pk=world.handler.user_id))
    page = client.get(reverse("workspace:case", args=[original.pk])).content.decode()
    assert "被诉至人民法院（行政应诉）" in page and "行政诉讼结果" in page
    assert "判决撤销或者部分撤销" in page


def test_a_challenged_case_that_is_not_the_agencys_is_refused(world, other_agency):
    """The reference names a case of the defendant agency; nothing is written otherwise."""
    with pytest.raises(InvalidData, match="被诉行为所在案件不存在"):
        world.registered(challenged_case="XMSFJ-GK-2099-00009")
    assert not Case.objects.filter(procedure="litigation").exists()


def test_the_indicators(world, other_agency):
    """Cases; lost rate and corrected rate over the cases concluded in the year; the
    head-in-court rate over the cases first heard in the year (第三条第三款)."""
    world.effective("revoked")
    world.effective("upheld", court_case_no="（2025）闽0203行初18号")
    year = DAY0.year
    load()
    values = {code: REGISTRY[code].fn(year, None).value for code in
              ("litigation.cases", "litigation.lost_rate", "litigation.corrected_rate",
               "litigation.head_in_court_rate")}
    assert values == {"litigation.cases": 2, "litigation.lost_rate": 50.0,
                      "litigation.corrected_rate": 50.0, "litigation.head_in_court_rate": 100.0}
    assert REGISTRY["litigation.lost_rate"].fn(year, other_agency).value is None


def test_deadline_list_shows_every_litigation_limit_with_its_article():
    """`fazhi deadline --list`: each limit cites the law and its article."""
    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    rows = {line.split("\t")[0]: line.split("\t") for line in out.getvalue().splitlines()
            if line.startswith("litigation.")}
    assert set(rows) == {"litigation.defence", "litigation.appeal_judgment",
                         "litigation.appeal_ruling", "litigation.suggestion"}
    assert rows["litigation.defence"][3] == "《行政诉讼法》第六十七条第一款"
    assert rows["litigation.appeal_judgment"][3] == "《行政诉讼法》第八十五条"
    assert rows["litigation.appeal_ruling"][2] == "10日"
    assert "UNVERIFIED" in rows["litigation.suggestion"][3]
