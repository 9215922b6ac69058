"""Approval waits for every narrative block to be written; section 4 is never silently empty;
drill-downs show Chinese labels; histories show local (Asia/Shanghai) time."""

from datetime import UTC, datetime
from unittest import mock

import pytest

from fazhi.cases import procedure
from fazhi.core import indicators as ind
from fazhi.core.errors import NotAllowed
from fazhi.reporting import annual_reports, key_tasks, queries, report_figures
from fazhi.reporting.models import AnnualReport, KeyTask, ReportBlock
from fazhi.reporting.templatetags.reporting_tags import audit_time
from fazhi.reporting.tests.test_indicators import D, served
from fazhi.reporting.tests.test_reports import fill

S4_2024 = "四、2025年推进法治政府建设的主要安排"


def login(client, username: str) -> None:
    assert client.login(username=username, password=f"pw-{username}-123456")


def narrative(report: AnnualReport, section: int) -> ReportBlock:
    return report.blocks.filter(section=section, kind=ReportBlock.NARRATIVE).first()


@pytest.mark.django_db
def test_placeholders_block_approval_and_the_message_lists_each_section(supervisor,
                                                                        office_head):
    KeyTask.objects.create(year=2025, text="推进优化营商环境立法", area_title="完善制度体系")
    report = annual_reports.create_report(supervisor, year=2024)
    annual_reports.edit_block(supervisor, narrative(report, 1).pk, heading="",
                        text="全面推进严格规范公正文明执法。")
    with pytest.raises(NotAllowed) as refused:
        annual_reports.approve_report(office_head, report)
    message = refused.value.message
    assert message.startswith("报告尚未写完，不能审批")
    assert "二、2024年推进法治政府建设存在的不足和原因：第1段仍是未修改的提示文字" in message
    assert "三、党政主要负责人" in message and "五、其他需要报告的事项：第1段" in message
    assert "一、2024年" not in message  # written
    assert S4_2024 not in message  # filled from next year's key tasks
    report.refresh_from_db()
    assert report.status == AnnualReport.DRAFT
    fill(report, supervisor)
    assert annual_reports.approve_report(office_head, report).status == AnnualReport.APPROVED


@pytest.mark.django_db
def test_section_4_without_next_year_tasks_shows_a_placeholder_that_blocks(supervisor,
                                                                          office_head):
    report = annual_reports.create_report(supervisor, year=2024)
    section4 = list(report.blocks.filter(section=4))
    assert len(section4) == 1 and "2025年尚无工作要点任务" in section4[0].text
    assert "2025年尚无工作要点任务" in report_figures.plain_text(report)
    fill(report, supervisor)
    annual_reports.edit_block(supervisor, section4[0].pk, heading="",
                        text="（2025年尚无工作要点任务：请在此填写2025年推进法治政府建设的主要安排。）")
    with pytest.raises(NotAllowed, match=f"{S4_2024}：第1段仍是未修改的提示文字"):
        annual_reports.approve_report(office_head, report)
    annual_reports.edit_block(supervisor, section4[0].pk, heading="",
                        text="2025年将持续推进行政执法规范化建设。")
    annual_reports.approve_report(office_head, report)


@pytest.mark.django_db
def test_empty_blocks_and_empty_sections_block_approval(supervisor, office_head):
    KeyTask.objects.create(year=2025, text="推进优化营商环境立法", area_title="完善制度体系")
    report = annual_reports.create_report(supervisor, year=2024)
    fill(report, supervisor)
    annual_reports.edit_block(supervisor, narrative(report, 2).pk, heading="（一）不足", text="  ")
    for block in report.blocks.filter(section=4):
        annual_reports.delete_block(supervisor, block.pk)
    with pytest.raises(NotAllowed) as refused:
        annual_reports.approve_report(office_head, report)
    assert "第1段“（一）不足”正文为空" in refused.value.message
    assert f"{S4_2024}：没有任何内容" in refused.value.message


@pytest.mark.django_db
def test_report_page_lists_what_is_unfinished_instead_of_the_approve_button(
        client, supervisor, office_head):
    report = annual_reports.create_report(supervisor, year=2024)
    login(client, "officehead")
    html = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert 'id="unfinished"' in html
    assert f"/reporting/reports/{report.pk}/approve/" not in html
    assert "四、2025年推进法治政府建设的主要安排：第1段仍是未修改的提示文字" in html
    response = client.post(f"/reporting/reports/{report.pk}/approve/", follow=True)
    assert "报告尚未写完，不能审批" in response.content.decode()
    report.refresh_from_db()
    assert report.status == AnnualReport.DRAFT


@pytest.mark.django_db
def test_staff_drill_down_shows_chinese_state_and_outcome(client, agency, handler, supervisor):
    case = served(agency, handler, on=D, after_days=5)
    indicator = ind.get("disclosure.requests")
    value = indicator.compute(2024, None)
    row = queries.record_row(indicator, queries.staff_records(indicator, value, supervisor)[0])
    proc = procedure.get("disclosure", case.procedure_version)
    assert row["state"] == proc.state_label(case.state) == "已办结"
    assert row["outcome"] == proc.outcomes[case.outcome] and row["outcome"] != case.outcome
    login(client, "supervisor")
    html = client.get("/reporting/indicators/disclosure.requests/?year=2024").content.decode()
    assert f"<td>{proc.outcomes[case.outcome]}</td>" in html and "<td>closed</td>" not in html


def test_audit_time_is_shanghai_local_time():
    local = audit_time("2024-03-04T23:30:05.123456Z")
    assert (local.date().isoformat(), local.strftime("%H:%M:%S")) == ("2024-03-05", "07:30:05")
    assert local.utcoffset().total_seconds() == 8 * 3600
    assert audit_time("not a time") is None


@pytest.mark.django_db
def test_history_on_the_page_is_in_local_time(client, supervisor):
    with mock.patch("django.utils.timezone.now",
                    return_value=datetime(2024, 3, 4, 23, 30, 5, tzinfo=UTC)):
        task = key_tasks.create_task(supervisor, year=2025, text="推进行政执法三项制度")
    login(client, "supervisor")
    html = client.get(f"/reporting/tasks/{task.pk}/").content.decode()
    assert '<time datetime="2024-03-05T07:30:05+08:00">2024-03-05 07:30:05</time>' in html
    assert "UTC" not in html
