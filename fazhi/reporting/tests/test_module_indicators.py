"""Indicators over the normative, inspections and lottery modules, against data built through
those apps' services; each module's tests skip when it is not installed."""

from datetime import date, timedelta

import pytest
from django.apps import apps

from conftest import make_staff
from fazhi.core import indicators as ind
from fazhi.reporting import queries

pytestmark = pytest.mark.django_db


def installed(label: str):
    return pytest.mark.skipif(not apps.is_installed(f"fazhi.{label}"),
                              reason=f"fazhi.{label} is not installed")


def figures(code: str, year: int, scope=None) -> tuple:
    value = ind.get(code).compute(year, scope)
    return value.numerator, value.denominator, value.value


# -- normative: the same rates as the normative app's oversight page --------------------------


@installed("normative")
def test_normative_rates_match_the_normative_app(agency, other_agency):
    from fazhi.normative import queries as nq
    from fazhi.normative import services as s
    from fazhi.normative.tests.factories import World

    world = World(agency, other_agency)

    def file(case, on):
        return s.act(world.drafter, case, "file", {"filed_on": on.isoformat()}, today=on)

    def filing_case(case):  # the filing review is a series of steps of the document's case
        return case

    on_time, day = world.published()
    returned, _ = world.published(title="厦门市市场监督管理局关于小餐饮备案管理的规定")
    late, _ = world.published(title="厦门市市场监督管理局关于食品小作坊登记的规定")
    world.published(title="厦门市市场监督管理局关于网络订餐管理的规定")  # never filed
    d1 = day + timedelta(days=2)
    file(on_time, d1)
    s.act(world.legal_handler, filing_case(on_time), "receive", {"checked_on": d1.isoformat()},
          today=d1)
    s.act(world.legal_handler, filing_case(on_time), "approve",
          {"reviewed_on": d1.isoformat(), "opinion": "审查通过。"}, today=d1)
    file(returned, d1)  # on time, returned, re-filed after the limit: counts as late
    s.act(world.legal_handler, filing_case(returned), "return_filing",
          {"checked_on": d1.isoformat(), "reasons": "缺少起草说明"}, today=d1)
    d2 = day + timedelta(days=45)
    file(returned, d2)
    s.act(world.legal_handler, filing_case(returned), "receive", {"checked_on": d2.isoformat()},
          today=d2)
    s.act(world.legal_handler, filing_case(returned), "demand_correction", {
        "reviewed_on": d2.isoformat(), "opinion": "第五条与上位法不一致",
        "demand": "删除第五条"}, today=d2)
    file(late, d2)

    year = day.year
    rates = nq.filing_rates(date(year, 1, 1), date(year, 12, 31))
    assert figures("normative.filing_rate", year)[:2] == (rates.filed, rates.published) == (3, 4)
    assert figures("normative.filing_timeliness", year)[:2] == (rates.filed_on_time,
                                                                rates.published) == (1, 4)
    assert figures("normative.filing_conformity", year)[:2] == (rates.conforming,
                                                                rates.reviewed) == (1, 2)
    assert figures("normative.correction_rate", year)[:2] == (rates.corrected,
                                                              rates.corrections) == (0, 1)
    assert figures("normative.review_coverage", year) == (4, 4, 100.0)
    assert figures("normative.filing_rate", year, agency)[1] == 0  # issued by other_agency
    timely = ind.get("normative.filing_timeliness")
    value = timely.compute(year, None)
    assert {int(k) for k in value.record_keys()} == set(
        value.records.model.objects.filter(published_at__year=year).values_list("pk", flat=True))
    row = queries.record_row(timely, value.records.get(pk=on_time.pk))
    assert row["agency"] == other_agency.name and row["state"] == "现行有效"


# -- inspections: coverage and publication within 20 working days -----------------------------


@installed("inspections")
def test_inspection_coverage_and_publication_timeliness(city, agency, other_agency, supervisor,
                                                       client):
    from fazhi.inspections import inspection_results
    from fazhi.inspections.models import InspectionRecord, Target, TeamMember
    from fazhi.inspections.tests import factories as f
    from fazhi.org.actors import Actor

    planner = make_staff(other_agency, "planner", ["handler"], "周计划")
    office = type(agency).objects.create(code="XMJW", name="驻市市场监管局纪检监察组",
                                         short_name="驻局纪检组", region=city, kind="other")
    notary = make_staff(office, "notary", ["notary"], "吴监督")
    items = [f.item(other_agency, "SJ-1"), f.item(agency, "SF-1")]
    f.entities(40, f.district(city))
    for n in range(1, 4):
        f.inspector(other_agency, f"M{n}", username=f"m{n}")
        f.inspector(agency, f"J{n}", username=f"j{n}")
    plan = f.drawn(planner, notary, f.rules(items, [agency]))
    targets = list(Target.objects.filter(plan=plan, status=Target.ASSIGNED).order_by("order"))
    assert len(targets) >= 3

    def enter(target: Target) -> InspectionRecord:
        member = TeamMember.objects.filter(target=target, active=True).select_related(
            "inspector__staff__user").first()
        return inspection_results.enter_result(Actor.for_user(member.inspector.staff.user), target.pk, {
            "items_checked": [i.pk for i in items], "findings": "未发现问题",
            "result": "no_problem", "completed_on": "2025-06-10"}, today=date(2025, 6, 11))

    on_time, late, unpublished = (enter(t) for t in targets[:3])
    inspection_results.publish_result(planner, on_time.pk, today=date(2025, 6, 20))
    inspection_results.publish_result(planner, late.pk, today=date(2025, 7, 9))  # due 2025-07-08

    total = Target.objects.filter(plan=plan).count()
    assert figures("inspections.coverage", 2025) == (3, total, round(300 / total, 2))
    assert figures("inspections.coverage", 2025, agency)[1] == 0  # led by other_agency
    assert figures("inspections.coverage", 2024)[1] == 0
    # the unpublished one is past its limit, so it counts, as late
    assert figures("inspections.publication_timeliness", 2025) == (1, 3, 33.33)

    timeliness = ind.get("inspections.publication_timeliness")
    value = timeliness.compute(2025, None)
    rows = {r["key"]: r for r in (queries.record_row(timeliness, rec)
                                  for rec in queries.staff_records(timeliness, value, planner))}
    assert rows[late.pk]["state"] == "2025-07-09 公示（逾期）"
    assert rows[unpublished.pk]["state"] == "未公示"
    assert rows[on_time.pk]["outcome"] == "未发现问题"
    public = {r["key"]: r["label"] for r in queries.public_rows(timeliness, value.records)}
    assert public[unpublished.pk] == f"{plan.draw_id}（检查结果尚未公示）"
    assert targets[0].entity.name in public[on_time.pk]

    # Staff see the records behind a figure by the app's own rule (inspections.queries.
    # for_staff): a joint plan's participating agency sees them; an agency outside it not.
    coverage = ind.get("inspections.coverage")
    every = coverage.compute(2025, None)
    participant = make_staff(agency, "participant", ["handler"], "郑参与")
    assert set(queries.staff_records(coverage, every, participant)) == set(
        Target.objects.filter(plan=plan))
    outsider = make_staff(office, "outsider", ["handler"], "冯局外")
    assert not queries.staff_records(coverage, every, outsider).exists()

    assert client.login(username="supervisor", password="pw-supervisor-123456")
    page = client.get("/reporting/indicators/inspections.coverage/?year=2025")
    assert page.status_code == 200 and targets[0].entity.name in page.content.decode()
    board = client.get("/reporting/dashboard/?year=2025").content.decode()
    assert "双随机抽查结果按时公示率" in board and "33.33" in board


# -- lottery: draws whose result is published with a verifiable bundle -------------------------


@installed("lottery")
def test_lottery_published_verifiable_draws(agency, city):
    from django.core.cache import cache

    from fazhi.lottery import artefacts, notary_steps
    from fazhi.lottery.tests import factories as f
    from fazhi.org.models import Agency

    cache.clear()  # registration throttles live in the cache
    admin = make_staff(agency, "lotadmin", ["admin"], "陈管理")
    office = Agency.objects.create(code="XMLJGZC", name="厦门市鹭江公证处",
                                   short_name="鹭江公证处", region=city, kind="other")
    notary = make_staff(office, "notary", ["notary"], "林公证")
    published = f.published(admin, notary)
    f.drawn(admin, notary, title="厦门市口罩预约摇号（第二期）")  # drawn, not yet published
    voided = f.drawn(admin, notary, title="厦门市口罩预约摇号（第三期）")
    notary_steps.void(admin, voided.pk, "摇号现场设备故障")
    f.committed(admin, notary, title="厦门市口罩预约摇号（第四期）")  # not drawn: not counted

    assert figures("lottery.draws", 2025)[2] == 3
    assert figures("lottery.published_verifiable", 2025) == (1, 3, 33.33)
    value = ind.get("lottery.published_verifiable").compute(2025, None)
    assert set(value.records.filter(value.numerator_q).values_list("pk", flat=True)) == {
        published.pk}
    assert artefacts.bundle(published)  # what the figure promises is there
    row = queries.record_row(ind.get("lottery.published_verifiable"), value.records.get(
        pk=voided.pk))
    assert row["state"] == "摇号无效" and row["agency"] == agency.name
