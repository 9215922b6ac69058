"""Results: team members only, the 20-WD publication clock, late publication, referral, credit."""

from datetime import date

import pytest

from conftest import make_staff
from fazhi.core.errors import Forbidden
from fazhi.inspections import inspection_results
from fazhi.inspections.models import (
    CreditRecord,
    InspectionRecord,
    MarketEntity,
    PublicResult,
    Referral,
    Target,
    TeamMember,
)
from fazhi.inspections.tests import factories as f
from fazhi.org.actors import Actor
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(planner, notary, joint, agency):
    return f.drawn(planner, notary, f.rules(joint["items"], [agency]))


def _member_actor(target: Target) -> Actor:
    member = TeamMember.objects.filter(target=target, active=True).select_related(
        "inspector__staff__user").first()
    return Actor.for_user(member.inspector.staff.user)


def _data(plan, result="rectify", completed="2025-06-10", **kw) -> dict:
    return {"items_checked": list(plan.items.values_list("pk", flat=True)),
            "findings": "未按规定公示年度报告", "result": result, "completed_on": completed} | kw


def _assigned(plan) -> Target:
    return Target.objects.filter(plan=plan, status=Target.ASSIGNED).order_by("order").first()


def test_non_member_gets_403(drawn, agency):
    target = _assigned(drawn)
    outsider = make_staff(agency, "outsider", ["handler"], "外人")
    with pytest.raises(Forbidden, match="不是该检查对象的检查组成员"):
        inspection_results.enter_result(outsider, target.pk, _data(drawn), today=date(2025, 6, 11))


def test_non_member_page_post_is_403(client, drawn, agency):
    target = _assigned(drawn)
    make_staff(agency, "outsider", ["handler"], "外人")
    client.login(username="outsider", password="pw-outsider-123456")
    response = client.post(f"/inspections/staff/targets/{target.pk}/result/", _data(drawn))
    assert response.status_code == 403
    assert not InspectionRecord.objects.exists()


def test_result_starts_20_wd_clock_and_makes_credit_record(drawn):
    """国办发〔2018〕118号 二(六): conclusions published within 20 working days; for a market
    regulator also SAMR's double-random notice (article UNVERIFIED)."""
    target = _assigned(drawn)
    record = inspection_results.enter_result(_member_actor(target), target.pk, _data(drawn),
                                   today=date(2025, 6, 11))
    # 2025-06-10 (Tue) + 20 working days, no holiday in between → 2025-07-08.
    assert record.publish_due == date(2025, 7, 8)
    assert "20个工作日（国办发〔2018〕118号 二(六)；《市场监管总局关于全面推进“双随机、一公开”监管工作的通知》" \
        in record.publish_due_explanation
    assert "国发〔2019〕5号" not in record.publish_due_explanation
    assert "企业信息公示暂行条例" not in record.publish_due_explanation
    credit = CreditRecord.objects.get(inspection=record)
    assert credit.severity == CreditRecord.MINOR


def test_other_sectors_publish_under_118_alone(drawn, settings):
    """国办发〔2018〕118号 二(六): the general rule when the lead agency is not a market
    regulator (here: the setting lists none)."""
    settings.FAZHI_INSPECTION_MARKET_REGULATORS = []
    target = _assigned(drawn)
    record = inspection_results.enter_result(_member_actor(target), target.pk, _data(drawn),
                                   today=date(2025, 6, 11))
    assert record.publish_due == date(2025, 7, 8)
    assert "20个工作日（国办发〔2018〕118号 二(六)）" in record.publish_due_explanation
    assert "市场监管总局" not in record.publish_due_explanation


def test_publication_after_the_limit_is_recorded_as_late(drawn, planner):
    target = _assigned(drawn)
    record = inspection_results.enter_result(_member_actor(target), target.pk, _data(drawn),
                                   today=date(2025, 6, 11))
    inspection_results.publish_result(planner, record.pk, today=date(2025, 7, 9))
    record.refresh_from_db()
    assert record.published_late and record.published_on == date(2025, 7, 9)
    public = PublicResult.objects.get(record=record)
    assert public.late and public.result == "发现问题已责令整改"
    assert PublishedRecord.objects.filter(pk=record.public_record_id).exists()


def test_publication_in_time_is_not_late(drawn, planner):
    target = _assigned(drawn)
    record = inspection_results.enter_result(_member_actor(target), target.pk,
                                   _data(drawn, result="no_problem"), today=date(2025, 6, 11))
    inspection_results.publish_result(planner, record.pk, today=date(2025, 7, 8))
    record.refresh_from_db()
    assert not record.published_late
    assert not CreditRecord.objects.exists()


def test_referral_made_for_enforcement_creates_no_credit_record(drawn):
    """国家发展和改革委员会令第36号《信用修复管理办法》（2026-04-01施行）第四条: dishonesty
    information is catalogued information such as a penalty decision; a referral for a
    penalty decides nothing, so it makes no credit record and leaves the class alone."""
    target = _assigned(drawn)
    before = MarketEntity.objects.get(pk=target.entity_id).credit_class
    record = inspection_results.enter_result(_member_actor(target), target.pk,
                                   _data(drawn, result="refer", referral_reason="涉嫌虚假宣传"),
                                   today=date(2025, 6, 11))
    referral = Referral.objects.get(record=record)
    # enforcement registered a penalty lead (fazhi.subjects.signals.referral_made)
    assert referral.status == "accepted" and referral.reason == "涉嫌虚假宣传"
    assert "-XZCF-" in referral.enforcement_ref
    assert not CreditRecord.objects.exists()
    assert MarketEntity.objects.get(pk=target.entity_id).credit_class == before


def test_deadline_list_and_indicator_cite_118_not_5_or_the_interim_regulation():
    """The 20-WD publication rests on 国办发〔2018〕118号 二(六) (and SAMR's notice for market
    regulators), not on 国发〔2019〕5号 or 企业信息公示暂行条例 Art. 6."""
    from io import StringIO

    from django.core.management import call_command

    from fazhi.core import indicators

    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    rows = {line.split("\t")[0]: line.split("\t") for line in out.getvalue().splitlines()}
    assert rows["inspections.publication"][2:4] == ["20个工作日", "国办发〔2018〕118号 二(六)"]
    market = rows["inspections.publication.market"][3]
    assert market.startswith("国办发〔2018〕118号 二(六)；") and "市场监管总局" in market
    for code in ("inspections.publication", "inspections.publication.market"):
        assert "2019〕5号" not in rows[code][3] and "企业信息公示暂行条例" not in rows[code][3]
    basis = indicators.get("inspections.publication_timeliness").basis
    assert basis.startswith("国办发〔2018〕118号 二(六)")


def test_result_form_shows_every_problem_at_its_field(client, drawn):
    """国办发〔2018〕118号 二(六): a result names the items checked and its conclusion; the
    result form is ResultInput itself (ADR 0019), so each problem shows at its field at
    once, a refused date included, and nothing is recorded."""
    target = _assigned(drawn)
    member = TeamMember.objects.filter(target=target, active=True).select_related(
        "inspector__staff__user").first()
    client.force_login(member.inspector.staff.user)
    url = f"/inspections/staff/targets/{target.pk}/result/"
    form = client.get(url).content.decode()
    assert 'type="checkbox" name="items_checked"' in form and "移交事由（移交处罚时必填）" in form

    response = client.post(url, {"findings": "无", "result": "refer",
                                 "completed_on": "2025-13-01"})
    html = response.content.decode()
    assert response.status_code == 422
    for name, message in (("items_checked", "检查事项：必须填写"),
                          ("findings", "检查情况：至少需要2个字符"),
                          ("completed_on", "检查完成日期：日期格式不正确")):
        assert message in html.split(f'id="id_{name}_error"')[1].split("</ul>")[0], name
    assert not InspectionRecord.objects.exists()

    future = client.post(url, _data(drawn, completed="2999-01-01"))
    assert future.status_code == 422
    assert "检查完成日期不能晚于今天" in future.content.decode().split(
        'id="id_completed_on_error"')[1].split("</ul>")[0]
    referral = client.post(url, _data(drawn, result="refer"))
    assert "须填写移交事由" in referral.content.decode()
    assert not InspectionRecord.objects.exists()
