"""Drafting annual reports (法治政府建设年度报告): the draft and its blocks, what is still
unfinished, approval and return. Published reports are never changed: publication and
corrections are in report_publication.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import indicators as ind
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.org import roles as R
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.reporting.access import MAX_TEXT, OFFICE, agency_by_id, checked_text, locked, require
from fazhi.reporting.audit_trail import audit
from fazhi.reporting.models import SECTION_TITLES, AnnualReport, KeyTask, ReportBlock, section_title


def locked_report(report: AnnualReport | int) -> AnnualReport:
    return locked(AnnualReport, report, "报告不存在")


def _draft_only(report: AnnualReport) -> None:
    if report.status != AnnualReport.DRAFT:
        raise NotAllowed(f"报告当前为“{report.get_status_display()}”，不能修改；"
                         "已公布的报告如需更正，请发布更正版")


def may_draft(actor: Actor, report: AnnualReport) -> None:
    if actor.kind == "system":
        return
    if actor.agency_id != report.owner_id or not actor.has_any(OFFICE | {R.HANDLER}):
        raise Forbidden("只有起草机关的工作人员可以编辑报告")


def report_title(year: int, scope: Agency | None, city: str) -> str:
    who = scope.name if scope else f"{city}人民政府"
    return f"{who}关于{year}年法治政府建设情况的报告"


def create_report(actor: Actor, *, year: int, scope_id: Any = None, city: str = "厦门市"
                  ) -> AnnualReport:
    """A draft with the five required sections: figure blocks for every available indicator
    of the section, narrative placeholders, and section 4 prefilled from next year's tasks."""
    require(actor, OFFICE | {R.HANDLER}, "起草年度报告")
    if actor.agency_id is None:
        raise InvalidData("起草报告须以机关工作人员身份进行")
    scope = agency_by_id(scope_id, "报告范围") if scope_id not in (None, "") else None
    if scope is not None and not actor.city_wide and scope.pk != actor.agency_id:
        raise Forbidden("只能起草本机关的年度报告")
    if scope is None and not actor.has_any(OFFICE):
        raise Forbidden("全市年度报告由依法治市办起草")
    with transaction.atomic():
        edition = (AnnualReport.objects.filter(year=year, owner_id=actor.agency_id, scope=scope)
                   .aggregate(m=Max("edition"))["m"] or 0) + 1
        if edition > 1:
            raise NotAllowed(f"{year}年度报告已存在；如需更正已公布的报告，请发布更正版")
        report = AnnualReport.objects.create(
            year=year, scope=scope, owner_id=actor.agency_id, title=report_title(year, scope, city),
            drafted_by=actor.label, drafted_by_user_id=actor.user_id)
        _default_blocks(report)
        audit(report, "create", actor, {"year": year, "title": report.title})
    return report


def _default_blocks(report: AnnualReport) -> None:
    arrangements = _arrangement_blocks(report)
    blocks = []
    for number in SECTION_TITLES:
        # Section 4 opens with its placeholder only when no key task fills it: it must never
        # come out empty, and the placeholder blocks approval until someone writes it.
        if number != 4 or not arrangements:
            blocks.append(ReportBlock(report=report, section=number, position=0,
                                      text=placeholder(number, report.year)))
        for i, indicator in enumerate(ind.available(), 1):
            if indicator.section == number:
                blocks.append(ReportBlock(report=report, section=number, position=i,
                                          kind=ReportBlock.FIGURE, indicator=indicator.code))
    ReportBlock.objects.bulk_create(blocks + arrangements)


def placeholder(section: int, year: int) -> str:
    """The prompt a new draft's narrative block starts with; never approvable as it is."""
    return {
        1: "（请概述本年度推进法治政府建设的主要举措和成效。）",
        2: "（请说明存在的不足及其原因。）",
        3: "（请说明党政主要负责人履行推进法治建设第一责任人职责的情况。）",
        4: f"（{year + 1}年尚无工作要点任务：请在此填写{year + 1}年推进法治政府建设的主要安排。）",
        5: "（如无其他需要报告的事项，可写“无”。）",
    }[section]


def _is_placeholder(text: str, year: int) -> bool:
    return text.strip() in {placeholder(n, year) for n in SECTION_TITLES}


def unfinished(report: AnnualReport) -> list[str]:
    """What still keeps a draft from approval, one Chinese line per section: narrative
    blocks that are empty or still the placeholder, and sections with no content at all."""
    by_section: dict[int, list[ReportBlock]] = {n: [] for n in SECTION_TITLES}
    for block in report.blocks.order_by("section", "position", "id"):
        by_section[block.section].append(block)
    problems = []
    for number, blocks in by_section.items():
        if not blocks:
            issues = ["没有任何内容"]
        else:
            issues = [_block_issue(n, block, report.year) for n, block in enumerate(blocks, 1)]
        issues = [i for i in issues if i]
        if issues:
            problems.append(f"{section_title(number, report.year)}：{'；'.join(issues)}")
    return problems


def _block_issue(n: int, block: ReportBlock, year: int) -> str:
    if block.kind != ReportBlock.NARRATIVE:
        return ""
    name = f"第{n}段" + (f"“{block.heading}”" if block.heading else "")
    if not block.text.strip():
        return f"{name}正文为空"
    if _is_placeholder(block.text, year):
        return f"{name}仍是未修改的提示文字"
    return ""


def _arrangement_blocks(report: AnnualReport) -> list[ReportBlock]:
    """Section 4 from the next year's key tasks, one block per area, in order."""
    tasks = KeyTask.objects.filter(year=report.year + 1).order_by("area_number", "id")
    if report.scope_id:
        tasks = tasks.filter(lead_agency_id=report.scope_id)
    areas: dict[str, list[str]] = {}
    for task in tasks:
        areas.setdefault(task.area_title or "其他工作", []).append(task.text.rstrip("。；;") + "。")
    return [ReportBlock(report=report, section=4, position=100 + n,
                        heading=f"（{_cn(n)}）{title}", text="".join(texts))
            for n, (title, texts) in enumerate(areas.items(), 1)]


def _cn(n: int) -> str:
    digits = "一二三四五六七八九"
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[units - 1] if units else "")


def _draft_block(actor: Actor, block_id: int) -> tuple[ReportBlock, AnnualReport]:
    """A block of a draft report this actor may draft, its report locked (in a transaction)."""
    block = ReportBlock.objects.filter(pk=block_id).first()
    if block is None:
        raise NotFound("段落不存在")
    report = locked_report(block.report_id)
    may_draft(actor, report)
    _draft_only(report)
    return block, report


def edit_block(actor: Actor, block_id: int, *, heading: str, text: str) -> ReportBlock:
    with transaction.atomic():
        block, report = _draft_block(actor, block_id)
        block.heading = (heading or "").strip()[:200]
        block.text = (text or "").strip()[:MAX_TEXT]
        block.save(update_fields=["heading", "text"])
        audit(report, "edit_block", actor, {
            "block": block.pk, "heading": block.heading, "text": block.text})
    return block


def add_block(actor: Actor, report: AnnualReport | int, *, section: int, kind: str,
              heading: str = "", text: str = "", indicator: str = "") -> ReportBlock:
    if section not in SECTION_TITLES:
        raise InvalidData("章节应为 1 到 5", field="section")
    if kind == ReportBlock.FIGURE:
        found = ind.get(indicator)
        if found is None:
            raise InvalidData(f"指标“{indicator}”不存在", field="indicator")
        if (why := found.missing()) is not None:
            raise InvalidData(f"指标“{found.name}”暂不可用：{why}", field="indicator")
    elif kind != ReportBlock.NARRATIVE:
        raise InvalidData("段落类型无效", field="kind")
    with transaction.atomic():
        report = locked_report(report)
        may_draft(actor, report)
        _draft_only(report)
        position = (report.blocks.filter(section=section).aggregate(m=Max("position"))["m"]
                    or 0) + 1
        block = ReportBlock.objects.create(
            report=report, section=section, position=position, kind=kind,
            heading=heading.strip()[:200], text=text.strip()[:MAX_TEXT],
            indicator=indicator if kind == ReportBlock.FIGURE else "")
        audit(report, "add_block", actor, {
            "block": block.pk, "section": section, "kind": kind, "indicator": block.indicator,
            "text": block.text})
    return block


def delete_block(actor: Actor, block_id: int) -> None:
    with transaction.atomic():
        block, report = _draft_block(actor, block_id)
        audit(report, "delete_block", actor, {"block": block.pk})
        block.delete()


def approve_report(actor: Actor, report: AnnualReport | int) -> AnnualReport:
    """Approval by the head of the drafting agency; never by the person who drafted it."""
    with transaction.atomic():
        report = locked_report(report)
        if not actor.has_any(frozenset({R.HEAD})) or actor.agency_id != report.owner_id:
            raise Forbidden("年度报告须由起草机关负责人审批")
        if actor.user_id is not None and actor.user_id == report.drafted_by_user_id:
            raise Forbidden("审批人不能是起草人（双人复核）")
        if report.status != AnnualReport.DRAFT:
            raise NotAllowed(f"报告当前为“{report.get_status_display()}”，不能审批")
        if problems := unfinished(report):
            raise NotAllowed("报告尚未写完，不能审批。请起草人修改或删除以下段落后再提交审批："
                             + "。".join(problems) + "。", field="blocks")
        report.status, report.approved_at = AnnualReport.APPROVED, timezone.now()
        report.approved_by, report.approved_by_user_id = actor.label, actor.user_id
        report.save(update_fields=["status", "approved_at", "approved_by", "approved_by_user_id"])
        audit(report, "approve", actor, {})
    return report


def return_report(actor: Actor, report: AnnualReport | int, *, reason: str) -> AnnualReport:
    """The head sends an approved (not yet published) report back to draft."""
    reason = checked_text(reason, "退回理由")
    with transaction.atomic():
        report = locked_report(report)
        if not actor.has_any(frozenset({R.HEAD})) or actor.agency_id != report.owner_id:
            raise Forbidden("只有起草机关负责人可以退回报告")
        if report.status != AnnualReport.APPROVED:
            raise NotAllowed("只有已审批、未公布的报告可以退回修改")
        report.status, report.approved_at, report.approved_by = AnnualReport.DRAFT, None, ""
        report.approved_by_user_id = None
        report.save(update_fields=["status", "approved_at", "approved_by", "approved_by_user_id"])
        audit(report, "return", actor, {"reason": reason})
    return report
