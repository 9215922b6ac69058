"""Annual reports: draft, four-eyes approval, publication with a frozen snapshot, correction,
DOCX layout and HTML escaping."""

import io
from datetime import date

import pytest
from docx import Document
from docx.shared import Pt

from conftest import make_staff
from fazhi.core.errors import Forbidden, NotAllowed
from fazhi.disclosure.tests.factories import received
from fazhi.reporting import annual_reports, report_figures, report_publication
from fazhi.reporting.export import build_docx
from fazhi.reporting.models import AnnualReport, FigureSnapshot, KeyTask, ReportBlock
from fazhi.reporting.tests.test_indicators import D, served


@pytest.fixture
def data(agency, handler):
    served(agency, handler, on=D, after_days=5)
    served(agency, handler, on=D, after_days=60)
    received(agency, on=date(2024, 5, 6))


@pytest.fixture
def draft(data, supervisor):
    KeyTask.objects.create(year=2025, text="推进优化营商环境立法", area_number=1,
                           area_title="持续完善依法行政制度体系")
    return annual_reports.create_report(supervisor, year=2024)


def fill(report: AnnualReport, drafter) -> None:
    """Write every narrative block still showing its placeholder (as a drafter would)."""
    for block in report.blocks.filter(kind=ReportBlock.NARRATIVE):
        if block.text.startswith("（"):
            annual_reports.edit_block(drafter, block.pk, heading=block.heading,
                                text=f"第{block.section}部分的正文。")


def published(draft, supervisor, office_head) -> AnnualReport:
    fill(draft, supervisor)
    annual_reports.approve_report(office_head, draft)
    return report_publication.publish_report(supervisor, draft)


@pytest.mark.django_db
def test_draft_has_five_sections_figures_and_next_year_tasks(draft):
    text = report_figures.plain_text(draft)
    for heading in ("一、2024年推进法治政府建设的主要举措和成效", "二、", "三、党政主要负责人",
                    "四、2025年推进法治政府建设的主要安排", "五、其他需要报告的事项"):
        assert heading in text
    assert "依申请公开按时答复率：50%（1/2）。" in text
    arrangement = draft.blocks.get(section=4, heading__startswith="（一）")
    assert arrangement.heading == "（一）持续完善依法行政制度体系"
    assert arrangement.text == "推进优化营商环境立法。"
    assert draft.title == "厦门市人民政府关于2024年法治政府建设情况的报告"


@pytest.mark.django_db
def test_approval_is_four_eyes(draft, supervisor, head, office_head):
    with pytest.raises(Forbidden, match="负责人"):
        annual_reports.approve_report(supervisor, draft)  # not a head
    with pytest.raises(Forbidden, match="负责人"):
        annual_reports.approve_report(head, draft)  # a head of another agency
    from fazhi.org.models import Agency

    office = Agency.objects.get(pk=supervisor.agency_id)
    both = make_staff(office, "both", ["supervisor", "head"], "周双岗")
    report = AnnualReport.objects.create(year=2023, owner=office, title="t", drafted_by="周双岗",
                                         drafted_by_user_id=both.user_id)
    with pytest.raises(Forbidden, match="审批人不能是起草人"):
        annual_reports.approve_report(both, report)
    with pytest.raises(NotAllowed, match="须经审批"):
        report_publication.publish_report(supervisor, draft)
    fill(draft, supervisor)
    annual_reports.approve_report(office_head, draft)
    draft.refresh_from_db()
    assert draft.status == AnnualReport.APPROVED and draft.approved_by == "孙主任"


@pytest.mark.django_db
def test_published_figures_are_frozen_and_drift_is_shown(draft, supervisor, office_head,
                                                        agency, handler, client):
    report = published(draft, supervisor, office_head)
    snap = FigureSnapshot.objects.get(report=report, indicator="disclosure.on_time_rate")
    assert (snap.value, snap.numerator, snap.denominator, snap.record_count) == (50.0, 1, 2, 2)
    assert report.ledger_event_id is not None and report.text_sha256
    assert report_publication.drift(report) == []
    served(agency, handler, on=D, after_days=3)  # data changes after publication
    report.refresh_from_db()
    frozen = report_figures.figures(report)["disclosure.on_time_rate"]
    assert frozen.display == "50%" and "50%（1/2）" in report_figures.plain_text(report)
    changed = {d.code: d for d in report_publication.drift(report)}
    assert changed["disclosure.on_time_rate"].live == "66.67%"
    assert changed["disclosure.on_time_rate"].records_changed
    page = client.get(f"/reporting/public/{report.pk}/").content.decode()
    assert "依申请公开按时答复率：50%（1/2）" in page
    assert "数据在公布后已变化：现为 66.67%" in page


@pytest.mark.django_db
def test_published_reports_have_no_edit_path(draft, supervisor, office_head):
    report = published(draft, supervisor, office_head)
    block = report.blocks.first()
    with pytest.raises(NotAllowed, match="不能修改"):
        annual_reports.edit_block(supervisor, block.pk, heading="", text="改写")
    with pytest.raises(NotAllowed):
        annual_reports.add_block(supervisor, report, section=1, kind="narrative", text="新增")
    with pytest.raises(NotAllowed):
        annual_reports.delete_block(supervisor, block.pk)
    with pytest.raises(NotAllowed):
        annual_reports.approve_report(office_head, report)


@pytest.mark.django_db
def test_public_drill_down_lists_exactly_the_frozen_records(draft, supervisor, office_head,
                                                           agency, handler, client):
    report = published(draft, supervisor, office_head)
    snap = report.figures.get(indicator="disclosure.on_time_rate")
    served(agency, handler, on=D, after_days=4)
    page = client.get(f"/reporting/public/{report.pk}/figures/disclosure.on_time_rate/")
    html = page.content.decode()
    from fazhi.cases.models import Case

    numbers = list(Case.objects.filter(pk__in=snap.record_keys).values_list("number", flat=True))
    assert len(numbers) == 2 and all(n in html for n in numbers)
    assert "XMSFJ-GK-2024-00004" not in html  # the case served after publication
    assert "张三" not in html


@pytest.mark.django_db
def test_corrected_edition_shows_text_and_figure_diff(draft, supervisor, office_head, agency,
                                                      handler, client):
    first = published(draft, supervisor, office_head)
    served(agency, handler, on=D, after_days=4)
    second = report_publication.issue_correction(supervisor, first, reason="补录一件按时答复的申请")
    with pytest.raises(NotAllowed, match="已有更正版"):
        report_publication.issue_correction(supervisor, first, reason="再次更正")
    block = second.blocks.get(section=2, kind=ReportBlock.NARRATIVE, heading="")
    annual_reports.edit_block(supervisor, block.pk, heading="", text="个别申请答复超期。")
    annual_reports.approve_report(office_head, second)
    report_publication.publish_report(supervisor, second)
    second.refresh_from_db()
    assert second.edition == 2 and second.previous == first
    diff, changes = report_publication.edition_diff(second)
    assert "+个别申请答复超期。" in diff
    assert any(line.startswith("-依申请公开按时答复率：50%") for line in diff)
    on_time = next(c for c in changes if c.code == "disclosure.on_time_rate")
    assert (on_time.before, on_time.after) == ("50%", "66.67%")
    first.refresh_from_db()
    assert first.status == AnnualReport.PUBLISHED  # the original edition stays as published
    page = client.get(f"/reporting/public/{first.pk}/").content.decode()
    assert "本版已被更正" in page
    page = client.get(f"/reporting/public/{second.pk}/").content.decode()
    assert "补录一件按时答复的申请" in page and "66.67%" in page


@pytest.mark.django_db
def test_docx_layout_gb_t_9704(draft):
    doc = Document(io.BytesIO(build_docx(draft)))
    section = doc.sections[0]
    def mm(length) -> float:  # stored in twips: compare to 0.1 mm
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
    title = doc.paragraphs[0]
    assert title.text == draft.title and title.alignment == 1  # centred
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("依申请公开按时答复率"))
    assert body.runs[0].font.size == Pt(16) and body.runs[0].font.name == "仿宋_GB2312"
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、2024年"))
    assert heading.runs[0].font.name == "黑体"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._element.xml


@pytest.mark.django_db
def test_html_escapes_narrative_text(draft, supervisor, client):
    block = draft.blocks.filter(kind=ReportBlock.NARRATIVE).first()
    annual_reports.edit_block(supervisor, block.pk, heading="<b>标题</b>",
                        text="<script>alert(1)</script>")
    client.login(username="supervisor", password="pw-supervisor-123456")
    html = client.get(f"/reporting/reports/{draft.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;标题" in html


@pytest.mark.django_db
def test_drafts_are_not_public(draft, client):
    assert client.get(f"/reporting/public/{draft.pk}/").status_code == 404
    assert client.get(f"/reporting/public/{draft.pk}/docx/").status_code == 404
