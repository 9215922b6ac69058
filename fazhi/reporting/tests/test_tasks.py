"""Key tasks: assignment by the office, progress by agencies, derived overdue, history."""

from datetime import date

import pytest
from django.utils import timezone

from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.core.models import Event
from fazhi.core.tick import JOBS
from fazhi.reporting import audit_trail, key_tasks, queries, report_import, supervision_findings
from fazhi.reporting.models import KeyTask

PDF = ("evidence.pdf", b"%PDF-1.4 minimal")


@pytest.fixture
def task(supervisor):
    return key_tasks.create_task(supervisor, year=2021, text="强化重点领域立法", area_title="制度体系")


@pytest.mark.django_db
def test_assign_to_missing_agency_is_a_clear_error(task, supervisor, agency):
    with pytest.raises(InvalidData, match=r"牵头单位（编号 999999）不存在"):
        key_tasks.assign_task(supervisor, task, lead_agency_id=999999)
    with pytest.raises(InvalidData, match=r"配合单位（编号 424242）不存在"):
        key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk,
                             co_agency_ids=[424242])
    task.refresh_from_db()
    assert task.status == KeyTask.UNASSIGNED and task.lead_agency is None


@pytest.mark.django_db
def test_only_the_office_assigns(task, handler, agency):
    with pytest.raises(Forbidden):
        key_tasks.assign_task(handler, task, lead_agency_id=agency.pk)


@pytest.mark.django_db
def test_assign_progress_complete_with_audit_chain(task, supervisor, agency, other_agency,
                                                   handler, head, other_handler):
    key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk,
                         co_agency_ids=[other_agency.pk, agency.pk], due_on=date(2021, 12, 31))
    task.refresh_from_db()
    assert task.status == KeyTask.ASSIGNED and task.lead_agency == agency
    assert list(task.co_agencies.all()) == [other_agency]  # the lead is not its own co-agency
    key_tasks.report_progress(other_handler, task, text="配合完成调研", percent=30)
    task.refresh_from_db()
    assert task.percent == 0  # a co-agency's report does not set the lead's percentage
    progress = key_tasks.report_progress(handler, task, text="草案已提请审议", percent=80,
                                        files=[PDF])
    assert progress.evidence[0]["filename"] == "evidence.pdf"
    task.refresh_from_db()
    assert task.status == KeyTask.IN_PROGRESS and task.percent == 80
    with pytest.raises(Forbidden):
        key_tasks.complete_task(handler, task)  # handler is not the head
    key_tasks.complete_task(head, task, today=date(2021, 11, 1))
    task.refresh_from_db()
    assert task.status == KeyTask.DONE and task.completed_on == date(2021, 11, 1)
    with pytest.raises(NotAllowed):
        key_tasks.report_progress(handler, task, text="再次报送", percent=100)
    actions = list(task.events
                   .values_list("action", flat=True))
    assert actions == ["create", "assign", "report_progress", "report_progress", "complete"]
    assert audit_trail.verify_audit("task", task.pk)
    task.events.filter(seq=2).update(
        payload='{"lead":"改动"}')
    assert not audit_trail.verify_audit("task", task.pk)


@pytest.mark.django_db
def test_progress_needs_assignment_membership_and_valid_files(task, supervisor, agency,
                                                             handler, other_handler):
    with pytest.raises(NotAllowed, match="尚未分解"):
        key_tasks.report_progress(handler, task, text="进展", percent=10)
    key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk)
    with pytest.raises(Forbidden):
        key_tasks.report_progress(other_handler, task, text="进展", percent=10)
    with pytest.raises(InvalidData, match="0 到 100"):
        key_tasks.report_progress(handler, task, text="进展", percent=101)
    with pytest.raises(InvalidData, match="内容与扩展名"):
        key_tasks.report_progress(handler, task, text="进展", percent=10,
                                 files=[("fake.pdf", b"not a pdf")])
    assert not task.progress.exists()


@pytest.mark.django_db
def test_overdue_is_derived_and_noted_once(task, supervisor, agency, handler):
    key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk, due_on=date(2021, 3, 31))
    today = date(2021, 4, 1)
    assert list(queries.overdue_tasks(None, today)) == [task]
    assert not queries.overdue_tasks(None, date(2021, 3, 31)).exists()
    JOBS["reporting.overdue_tasks"](today)
    JOBS["reporting.overdue_tasks"](today)  # idempotent
    assert Event.objects.filter(kind="task", action="overdue").count() == 1
    key_tasks.report_progress(handler, task, text="完成", percent=100)
    key_tasks.complete_task(supervisor, task)
    assert not queries.overdue_tasks(None, today).exists()
    assert queries.tasks(2021, status="overdue", today=today).count() == 0


@pytest.mark.django_db
def test_reopen_needs_reason_and_office(task, supervisor, agency, handler):
    key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk)
    key_tasks.report_progress(handler, task, text="完成", percent=100)
    key_tasks.complete_task(supervisor, task)
    with pytest.raises(Forbidden):
        key_tasks.reopen_task(handler, task, reason="未完成")
    with pytest.raises(InvalidData):
        key_tasks.reopen_task(supervisor, task, reason="")
    key_tasks.reopen_task(supervisor, task, reason="督察发现未落实")
    task.refresh_from_db()
    assert task.status == KeyTask.IN_PROGRESS and task.completed_on is None


@pytest.mark.django_db
def test_findings_tracked_to_closure_with_evidence(supervisor, agency, handler, other_handler):
    today = timezone.localdate()
    finding = supervision_findings.create_finding(supervisor, agency_id=agency.pk, text="行政执法公示不全",
                                      rectify_by=today)
    with pytest.raises(InvalidData, match="被督察单位（编号 77777）不存在"):
        supervision_findings.create_finding(supervisor, agency_id=77777, text="问题", rectify_by=today)
    with pytest.raises(Forbidden):
        supervision_findings.submit_rectification(other_handler, finding, text="已整改", files=[PDF])
    with pytest.raises(InvalidData, match="佐证材料"):
        supervision_findings.submit_rectification(handler, finding, text="已整改", files=[])
    first = supervision_findings.submit_rectification(handler, finding, text="已补充公示", files=[PDF])
    with pytest.raises(InvalidData, match="理由"):
        supervision_findings.decide_rectification(supervisor, first, accept=False)
    supervision_findings.decide_rectification(supervisor, first, accept=False, note="公示仍缺执法结果")
    finding.refresh_from_db()
    assert finding.status == finding.OPEN
    second = supervision_findings.submit_rectification(handler, finding, text="已补全执法结果",
                                           files=[("photo.png", b"\x89PNG\r\n\x1a\nxx")])
    with pytest.raises(Forbidden):
        supervision_findings.decide_rectification(handler, second, accept=True)
    supervision_findings.decide_rectification(supervisor, second, accept=True)
    finding.refresh_from_db()
    assert finding.status == finding.CLOSED and finding.closed_on == today
    assert [e.action for e in audit_trail.history("finding", finding.pk)] == [
        "create", "rectify", "reject", "rectify", "accept"]
    assert audit_trail.verify_audit("finding", finding.pk)


@pytest.mark.django_db
def test_seeded_rules_report_missing_agencies(agency):
    created, problems = report_import.seed_lead_rules({"立法": "市司法局", "信访": "市信访局"})
    assert created == ["立法"]
    assert problems == ["关键词“信访”→“市信访局”：系统中没有该机关，未建立规则"]


@pytest.mark.django_db
def test_staff_cannot_save_an_import(handler, seed_bytes):
    with pytest.raises(Forbidden):
        report_import.save_import(handler, seed_bytes, "seed.txt")
