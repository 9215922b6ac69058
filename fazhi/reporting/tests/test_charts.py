"""Charts of the supervision dashboard and the public report: the data handed to the chart
scripts (json_script), its tables and the drill-down links behind every bar."""

import json
import re
from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.core import indicators as ind
from fazhi.disclosure.tests.factories import received
from fazhi.reporting import annual_reports, charts, report_publication
from fazhi.reporting.report_figures import Figure
from fazhi.reporting.tests.test_indicators import D, served
from fazhi.reporting.tests.test_reports import fill

YEAR = D.year
PAYLOAD = re.compile(r'<script id="(?P<id>[^"]+)" type="application/json">(?P<json>.*?)</script>',
                     re.S)


def login(client, username: str):
    assert client.login(username=username, password=f"pw-{username}-123456")
    return client


def payloads(html: str, prefix: str) -> dict[str, dict]:
    """Every json_script of the page whose id starts with prefix, by id."""
    return {m["id"]: json.loads(m["json"]) for m in PAYLOAD.finditer(html)
            if m["id"].startswith(prefix)}


@pytest.fixture
def two_agencies(agency, other_agency, handler, other_handler):
    """agency: one on time (予以公开), one late (已主动公开); other agency: one still open."""
    served(agency, handler, on=D, after_days=5)
    served(agency, handler, on=D, after_days=60, answer="A1")
    received(other_agency, on=date(YEAR, 5, 6))


def chart_of(boards: dict[str, dict], code: str) -> dict:
    return next(c for c in boards.values() if code in {s["code"] for s in c["series"]})


@pytest.mark.django_db
def test_dashboard_has_one_chart_per_family_never_a_count_beside_a_rate(
        client, supervisor, two_agencies, agency, other_agency):
    html = login(client, "supervisor").get(f"/reporting/dashboard/?year={YEAR}").content.decode()
    boards = payloads(html, "chart-data-")
    assert len(boards) >= 2  # disclosure counts and disclosure rates at least
    for board in boards.values():
        found = [ind.get(s["code"]) for s in board["series"]]
        assert {i.unit for i in found} == {board["unit"]}  # one unit per axis
        assert len({i.code.split(".")[0] for i in found}) == 1  # one module per chart
        assert board["rate"] == (board["unit"] == "%")
        for series in board["series"]:  # one figure per agency label, for every series
            assert len(series["values"]) == len(series["links"]) == len(board["labels"])
    drawn = [s["code"] for b in boards.values() for s in b["series"]]
    assert len(drawn) == len(set(drawn))  # each indicator in exactly one chart

    counts = chart_of(boards, "disclosure.requests")
    assert counts["labels"] == ["市司法局", "市市场监管局"]  # the short names on the axis
    assert counts["titles"] == ["厦门市司法局", "厦门市市场监督管理局"]  # full, for the tooltip
    requests = next(s for s in counts["series"] if s["code"] == "disclosure.requests")
    assert requests["values"] == [2, 1] and requests["city"] == 3
    assert requests["links"] == [
        f"/reporting/indicators/disclosure.requests/?year={YEAR}&scope={agency.pk}",
        f"/reporting/indicators/disclosure.requests/?year={YEAR}&scope={other_agency.pk}"]
    rates = chart_of(boards, "disclosure.on_time_rate")
    on_time = rates["series"][0]
    assert rates["rate"] and rates["unit"] == "%"
    assert rates["titles"] == ["厦门市司法局"]  # the other agency has no reply to rate
    assert (on_time["values"], on_time["notes"], on_time["city"]) == ([50.0], ["1/2"], 50.0)


@pytest.mark.django_db
def test_dashboard_table_keeps_full_names_and_links_each_figure(
        client, supervisor, two_agencies, other_agency):
    html = login(client, "supervisor").get(f"/reporting/dashboard/?year={YEAR}").content.decode()
    assert '<th scope="row">厦门市市场监督管理局</th>' in html
    link = f"/reporting/indicators/disclosure.requests/?year={YEAR}&amp;scope={other_agency.pk}"
    assert f'<a href="{link}">1<span class="visually-hidden">：厦门市市场监督管理局</span></a>' \
        in html
    assert 'role="img" aria-label="政府信息公开：数量（件）' in html


@pytest.mark.django_db
def test_a_bar_drills_down_to_that_agencys_records(client, supervisor, two_agencies,
                                                   other_agency):
    html = login(client, "supervisor").get(f"/reporting/dashboard/?year={YEAR}").content.decode()
    counts = chart_of(payloads(html, "chart-data-"), "disclosure.requests")
    requests = next(s for s in counts["series"] if s["code"] == "disclosure.requests")
    page = client.get(requests["links"][1])
    numbers = [row["label"] for row in page.context["rows"]]
    assert numbers == list(Case.objects.filter(agency=other_agency).values_list("number",
                                                                                 flat=True))
    assert page.context["scope"] == other_agency


# -- the public report ----------------------------------------------------------------------


def figure(code: str, name: str, unit: str, value, breakdown=None, n=None, d=None) -> Figure:
    return Figure(code, name, unit, "", value, n, d, breakdown or {})


def test_report_charts_keep_rates_and_each_unit_apart():
    figures = [figure("a.requests", "新收申请", "件", 5, {"予以公开": 3, "不予公开": 1}),
               figure("a.closed", "办结", "件", 4),
               figure("a.on_time", "按时答复率", "%", 75.0, n=3, d=4),
               figure("b.filing", "报备率", "%", 90.0, n=9, d=10),
               figure("b.empty", "纠错率", "%", None, n=0, d=0),
               figure("c.draws", "摇号次数", "次", 2)]
    rows = {"a.requests": [{"agency": "甲局"}, {"agency": "乙局"}, {"agency": "甲局"}],
            "a.closed": [{"agency": "甲局"}], "c.draws": [{"agency": "甲局"}, {"agency": ""}]}
    found = charts.report_charts(figures, rows, lambda code, agency: f"/{code}/{agency}")
    by_title = {c.title: c for c in found}
    rates = by_title["本报告中的比率（%）"]
    assert rates.rate and [label for label, _ in rates.rows] == ["按时答复率", "报备率"]
    assert [c.fraction for _, c in rates.rows] == ["3/4", "9/10"]
    assert [label for label, _ in by_title["本报告中的数量（件）"].rows] == ["新收申请", "办结"]
    assert "本报告中的数量（次）" not in by_title  # a single figure reads better as its sentence
    outcome = by_title["新收申请：分类情况（件）"]
    assert [(label, c.value) for label, c in outcome.rows] == [("予以公开", 3), ("不予公开", 1)]
    agencies = by_title["新收申请：按单位（件）"]
    assert agencies.by_agency and [(label, c.value, c.url) for label, c in agencies.rows] == [
        ("甲局", 2, "/a.requests/甲局"), ("乙局", 1, "/a.requests/乙局")]
    assert [label for label, _ in by_title["摇号次数：按单位（次）"].rows] == ["未指定单位", "甲局"]
    assert not any(c.title.startswith(("按时答复率", "报备率")) for c in found)  # no rate by agency
    for chart in found:
        data = chart.chart()
        assert data["rate"] == (data["unit"] == "%")
        assert len(data["labels"]) == len(data["series"][0]["values"]) == len(chart.rows) >= 2


@pytest.fixture
def public_report(two_agencies, supervisor, office_head):
    report = annual_reports.create_report(supervisor, year=YEAR)
    fill(report, supervisor)
    annual_reports.approve_report(office_head, report)
    return report_publication.publish_report(supervisor, report)


@pytest.mark.django_db
def test_public_report_charts_read_the_frozen_figures(client, public_report, agency,
                                                      other_agency):
    received(agency, on=date(YEAR, 6, 3))  # data changes after publication
    html = client.get(f"/reporting/public/{public_report.pk}/").content.decode()
    found = {c["title"]: c for c in payloads(html, "report-chart-data-").values()}
    counts = found["本报告中的数量（件）"]
    frozen = {f.name: f.value for f in public_report.figures.all()}
    assert dict(zip(counts["labels"], counts["series"][0]["values"], strict=True)) == {
        name: frozen[name] for name in counts["labels"]}
    assert dict(zip(counts["labels"], counts["series"][0]["values"], strict=True))[
        "新收政府信息公开申请"] == 3  # frozen, not the 4 there are now
    by_agency = found["新收政府信息公开申请：按单位（件）"]
    assert by_agency["titles"] == ["厦门市司法局", "厦门市市场监督管理局"]
    assert by_agency["series"][0]["values"] == [2, 1]
    outcomes = found["办结的政府信息公开申请（按结果）：分类情况（件）"]
    assert sorted(outcomes["labels"]) == ["予以公开", "已主动公开"]
    assert all(not c["rate"] or c["unit"] == "%" for c in found.values())
    assert "张三" not in html and "13912345678" not in html  # no applicant data


@pytest.mark.django_db
def test_public_figure_lists_one_agencys_frozen_records(client, public_report, other_agency):
    html = client.get(f"/reporting/public/{public_report.pk}/").content.decode()
    found = {c["title"]: c for c in payloads(html, "report-chart-data-").values()}
    link = found["新收政府信息公开申请：按单位（件）"]["series"][0]["links"][1]
    page = client.get(link)
    assert page.status_code == 200
    assert [r["agency"] for r in page.context["page"].object_list] == ["厦门市市场监督管理局"]
    assert "仅列出“厦门市市场监督管理局”的记录，共 1 条" in page.content.decode()
