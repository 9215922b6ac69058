"""Commands of the reporting app: import, key tasks, supervision, annual reports.

Every command takes an Actor, checks the role, changes rows in one transaction and appends a
hash-chained event (core.Event) to the history of the task, finding or report it touched.
Published reports are never changed: there is no command that edits one.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from fazhi.cases.files import store_attachment
from fazhi.core.chains import append_event, chain_problems, history_models
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.core.models import Checkpoint, Event
from fazhi.law.reportparse import DEFAULT_LEAD_RULES, ImportResult, NotAReport, import_report
from fazhi.org import roles as R
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.reporting import indicators as ind
from fazhi.reporting.models import (
    SECTION_TITLES,
    AnnualReport,
    FigureSnapshot,
    ImportedReport,
    KeyTask,
    LeadRule,
    ProgressReport,
    Rectification,
    ReportBlock,
    SupervisionFinding,
    section_title,
)

OFFICE = frozenset({R.SUPERVISOR, R.ADMIN})  # the rule-of-law office (依法治市办)
AGENCY_STAFF = frozenset({R.HANDLER, R.HEAD, R.REVIEWER})
MAX_TEXT = 20000


# -- audit trail -------------------------------------------------------------------------------


def audit(owner: KeyTask | SupervisionFinding | AnnualReport, action: str, actor: Actor,
          payload: Mapping[str, Any] | None = None) -> Event:
    """Append one hash-chained event to the owner's history and store its new head (call
    inside the transaction that made the change, with the owner row locked and saved)."""
    event = append_event(owner, action, actor, dict(payload or {}))
    owner.save(update_fields=["event_count", "head_hash"])
    return event


def verify_audit(subject: str, subject_id: int) -> bool:
    """Re-check one history's chain, head and state."""
    owner = history_models()[subject].objects.filter(pk=subject_id).first()
    return owner is not None and not chain_problems(owner)


def history(subject: str, subject_id: int) -> list[Event]:
    return list(Event.objects.filter(kind=subject, owner_id=subject_id).order_by("seq"))


def _require(actor: Actor, roles: frozenset[str], what: str) -> None:
    if actor.kind != "system" and not actor.has_any(roles):
        raise Forbidden(f"您没有{what}的权限")


def _agency(agency_id: Any, what: str) -> Agency:
    try:
        pk = int(agency_id)
    except (TypeError, ValueError):
        raise InvalidData(f"{what}编号“{agency_id}”无效", field="agency") from None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise InvalidData(f"{what}（编号 {pk}）不存在", field="agency")
    return agency


def _text(value: str, what: str, *, minimum: int = 2, maximum: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise InvalidData(f"{what}：至少需要{minimum}个字符", field="text")
    if len(value) > maximum:
        raise InvalidData(f"{what}：不能超过{maximum}个字符", field="text")
    return value


def _evidence(files: Iterable[tuple[str, bytes]] | None) -> list[dict]:
    """Store uploads (type, size and leading bytes checked by fazhi.cases.files)."""
    stored = [store_attachment(f, "evidence") for f in (files or [])]
    return [{"filename": s.filename, "sha256": s.sha256, "size": s.size,
             "content_type": s.content_type, "path": s.path} for s in stored]


# -- 1. report import ------------------------------------------------------------------------


def lead_rules() -> dict[str, str]:
    """keyword → agency short name: the editable table, or the defaults before it is seeded."""
    rows = LeadRule.objects.filter(active=True).select_related("agency")
    try:
        found = {r.keyword: r.agency.short_name for r in rows}
    except DatabaseError:  # not migrated yet: a preview needs no database
        found = {}
    return found or dict(DEFAULT_LEAD_RULES)


def parse_file(data: bytes, filename: str, year: int | None = None) -> ImportResult:
    """Read a report without writing anything. `year` is the report's year; its tasks
    belong to the next year. Raises InvalidData with the importer's Chinese message."""
    try:
        return import_report(data, filename, year + 1 if year else None, lead_rules())
    except NotAReport as exc:
        raise InvalidData(exc.message, field="file") from exc


def _agency_by_name(name: str) -> tuple[Agency | None, str]:
    """An agency by exact short name or name; ("", reason) when absent or ambiguous."""
    found = list(Agency.objects.filter(Q(short_name=name) | Q(name=name))[:2])
    if len(found) == 1:
        return found[0], ""
    return None, ("有多个机关同名" if found else "系统中没有该机关")


@dataclass
class SavedImport:
    report: ImportedReport
    tasks: list[KeyTask]
    unmatched: list[str] = field(default_factory=list)  # suggested leads not found


def save_import(actor: Actor, data: bytes, filename: str, year: int | None = None,
                result: ImportResult | None = None) -> SavedImport:
    """Store the imported report and create its tasks (year = report year + 1), atomically.
    The report year is `year` when given, else the one the report states (title, headings)."""
    _require(actor, OFFICE, "导入年度报告")
    result = result or parse_file(data, filename, year)
    digest = hashlib.sha256(data).hexdigest()
    year = year or result.metadata.year
    task_year = year + 1 if year else next((t.year for t in result.tasks if t.year), None)
    if task_year is None:
        raise InvalidData("无法确定报告年度：请指定报告年度（--year）", field="year")
    existing = ImportedReport.objects.filter(sha256=digest).first()
    if existing:
        raise InvalidData(f"该文件已于 {timezone.localtime(existing.imported_at):%Y-%m-%d %H:%M}"
                          f" 导入（记录 {existing.pk}），不重复导入", field="file")
    rules = {r.keyword: r.agency for r in LeadRule.objects.select_related("agency")}
    payload = result.to_dict()
    with transaction.atomic():
        report = ImportedReport.objects.create(
            filename=filename[:200], sha256=digest, encoding=result.encoding,
            report_year=task_year - 1, text=result.text, pinyin_removed=result.pinyin_removed,
            flags=payload["flags"], tree=payload["headings"], warnings=payload["warnings"],
            metadata=payload["metadata"], imported_by=actor.label)
        saved, unmatched = [], []
        for draft in result.tasks:
            lead, why = _suggested(draft.lead_keyword, draft.lead_agency, rules)
            if why:
                unmatched.append(f"{draft.lead_agency}（关键词“{draft.lead_keyword}”）：{why}")
            task = KeyTask.objects.create(
                year=task_year, text=draft.text, area_number=draft.area_number,
                area_title=draft.area_title[:200], source_path=draft.source_path,
                source_report=report, source_line=draft.line, suggested_lead=lead,
                suggested_keyword=draft.lead_keyword or "")
            audit(task, "import", actor, {"report": report.pk, "line": draft.line,
                                                     "text": task.text})
            saved.append(task)
    return SavedImport(report, saved, sorted(set(unmatched)))


def _suggested(keyword: str | None, name: str | None,
               rules: Mapping[str, Agency]) -> tuple[Agency | None, str]:
    if not name:
        return None, ""
    if keyword and keyword in rules:
        return rules[keyword], ""
    return _agency_by_name(name)


def seed_lead_rules(defaults: Mapping[str, str] = DEFAULT_LEAD_RULES
                    ) -> tuple[list[str], list[str]]:
    """Create LeadRules from the importer defaults by agency short name. Returns (created
    keywords, problems); a rule whose agency is absent or ambiguous is reported, not guessed."""
    created, problems = [], []
    for keyword, name in defaults.items():
        if LeadRule.objects.filter(keyword=keyword).exists():
            continue
        agency, why = _agency_by_name(name)
        if agency is None:
            problems.append(f"关键词“{keyword}”→“{name}”：{why}，未建立规则")
            continue
        LeadRule.objects.create(keyword=keyword, agency=agency)
        created.append(keyword)
    return created, problems


def save_lead_rule(actor: Actor, keyword: str, agency_id: Any) -> LeadRule:
    _require(actor, OFFICE, "维护牵头单位规则")
    keyword = _text(keyword, "关键词", minimum=1, maximum=40)
    agency = _agency(agency_id, "牵头单位")
    rule, _ = LeadRule.objects.update_or_create(keyword=keyword,
                                                defaults={"agency": agency, "active": True})
    return rule


def delete_lead_rule(actor: Actor, rule_id: int) -> None:
    _require(actor, OFFICE, "维护牵头单位规则")
    if not LeadRule.objects.filter(pk=rule_id).delete()[0]:
        raise NotFound("规则不存在")


# -- 2. key tasks ------------------------------------------------------------------------------


def _locked_task(task: KeyTask | int) -> KeyTask:
    pk = task.pk if isinstance(task, KeyTask) else task
    found = KeyTask.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("任务不存在")
    return found


def create_task(actor: Actor, *, year: int, text: str, area_title: str = "") -> KeyTask:
    _require(actor, OFFICE, "新增工作要点任务")
    with transaction.atomic():
        task = KeyTask.objects.create(year=year, text=_text(text, "任务内容"),
                                      area_title=area_title[:200])
        audit(task, "create", actor, {"text": task.text, "year": year})
    return task


def assign_task(actor: Actor, task: KeyTask | int, *, lead_agency_id: Any,
                co_agency_ids: Iterable[Any] = (), due_on: date | None = None) -> KeyTask:
    """任务分解: the rule-of-law office sets the lead and co-agencies and the due date."""
    _require(actor, OFFICE, "分解任务")
    lead = _agency(lead_agency_id, "牵头单位")
    co = [_agency(pk, "配合单位") for pk in co_agency_ids]
    co = [a for a in {a.pk: a for a in co}.values() if a.pk != lead.pk]
    with transaction.atomic():
        task = _locked_task(task)
        if task.status == KeyTask.DONE:
            raise NotAllowed("任务已完成，不能重新分解；如需继续推进请先重新打开")
        task.lead_agency, task.due_on = lead, due_on
        if task.status == KeyTask.UNASSIGNED:
            task.status = KeyTask.ASSIGNED
        task.save()
        task.co_agencies.set(co)
        audit(task, "assign", actor, {
            "lead": lead.name, "co": [a.name for a in co],
            "due_on": due_on.isoformat() if due_on else None})
    return task


def _may_report(actor: Actor, task: KeyTask) -> bool:
    if actor.kind == "system":
        return True
    if actor.kind != "staff" or not actor.has_any(AGENCY_STAFF):
        return False
    return actor.agency_id == task.lead_agency_id or task.co_agencies.filter(
        pk=actor.agency_id).exists()


def report_progress(actor: Actor, task: KeyTask | int, *, text: str, percent: int,
                    files: Iterable[tuple[str, bytes]] | None = None,
                    today: date | None = None) -> ProgressReport:
    """An agency (lead or co-agency) files progress with optional evidence files."""
    today = today or timezone.localdate()
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidData("完成进度应为 0 到 100 之间的整数", field="percent")
    with transaction.atomic():
        task = _locked_task(task)
        if task.status == KeyTask.UNASSIGNED:
            raise NotAllowed("任务尚未分解到牵头单位，不能报送进展")
        if task.status == KeyTask.DONE:
            raise NotAllowed("任务已完成，不能再报送进展")
        if not _may_report(actor, task):
            raise Forbidden("只有牵头单位或配合单位的工作人员可以报送进展")
        evidence = _evidence(files)
        agency_id = actor.agency_id or task.lead_agency_id
        progress = ProgressReport.objects.create(
            task=task, agency_id=agency_id, text=_text(text, "进展情况"), percent=percent,
            reported_on=today, reported_by=actor.label, evidence=evidence)
        task.status = KeyTask.IN_PROGRESS
        if agency_id == task.lead_agency_id:
            task.percent = percent
        task.save(update_fields=["status", "percent"])
        audit(task, "report_progress", actor, {
            "progress": progress.pk, "percent": percent, "text": progress.text,
            "evidence": [{"filename": e["filename"], "sha256": e["sha256"]} for e in evidence]})
    return progress


def complete_task(actor: Actor, task: KeyTask | int, *, today: date | None = None) -> KeyTask:
    """The lead agency's head, or the office, marks a task done after progress is on file."""
    today = today or timezone.localdate()
    with transaction.atomic():
        task = _locked_task(task)
        office = actor.has_any(OFFICE) or actor.kind == "system"
        if not office and not (actor.has_any(frozenset({R.HEAD}))
                               and actor.agency_id == task.lead_agency_id):
            raise Forbidden("只有牵头单位负责人或依法治市办可以确认任务完成")
        if task.status == KeyTask.DONE:
            raise NotAllowed("任务已经完成")
        if not task.progress.exists():
            raise NotAllowed("尚无进展报告，不能确认完成")
        task.status, task.completed_on, task.percent = KeyTask.DONE, today, 100
        task.save(update_fields=["status", "completed_on", "percent"])
        audit(task, "complete", actor, {"on": today.isoformat()})
    return task


def reopen_task(actor: Actor, task: KeyTask | int, *, reason: str) -> KeyTask:
    _require(actor, OFFICE, "重新打开任务")
    reason = _text(reason, "重新打开理由")
    with transaction.atomic():
        task = _locked_task(task)
        if task.status != KeyTask.DONE:
            raise NotAllowed("只有已完成的任务可以重新打开")
        task.status, task.completed_on = KeyTask.IN_PROGRESS, None
        task.save(update_fields=["status", "completed_on"])
        audit(task, "reopen", actor, {"reason": reason})
    return task


# -- supervision findings and rectification ---------------------------------------------------


def create_finding(actor: Actor, *, agency_id: Any, text: str, rectify_by: date,
                   task_id: Any = None, today: date | None = None) -> SupervisionFinding:
    _require(actor, OFFICE, "登记督察发现的问题")
    today = today or timezone.localdate()
    agency = _agency(agency_id, "被督察单位")
    task = None
    if task_id not in (None, ""):
        task = KeyTask.objects.filter(pk=task_id).first()
        if task is None:
            raise InvalidData(f"任务（编号 {task_id}）不存在", field="task")
    if rectify_by < today:
        raise InvalidData("整改期限不能早于今天", field="rectify_by")
    with transaction.atomic():
        finding = SupervisionFinding.objects.create(
            year=today.year, agency=agency, task=task, text=_text(text, "问题描述"),
            found_on=today, rectify_by=rectify_by, created_by=actor.label)
        audit(finding, "create", actor, {
            "agency": agency.name, "task": task.pk if task else None, "text": finding.text,
            "rectify_by": rectify_by.isoformat()})
    return finding


def _locked_finding(finding: SupervisionFinding | int) -> SupervisionFinding:
    pk = finding.pk if isinstance(finding, SupervisionFinding) else finding
    found = SupervisionFinding.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("督察问题不存在")
    return found


def submit_rectification(actor: Actor, finding: SupervisionFinding | int, *, text: str,
                         files: Iterable[tuple[str, bytes]] | None,
                         today: date | None = None) -> Rectification:
    """The agency reports its rectification; evidence is required for closure."""
    today = today or timezone.localdate()
    with transaction.atomic():
        finding = _locked_finding(finding)
        if actor.kind != "system" and (actor.agency_id != finding.agency_id
                                       or not actor.has_any(AGENCY_STAFF)):
            raise Forbidden("只有被督察单位的工作人员可以报送整改情况")
        if finding.status != SupervisionFinding.OPEN:
            raise NotAllowed(f"该问题当前为“{finding.get_status_display()}”，不能报送整改情况")
        evidence = _evidence(files)
        if not evidence:
            raise InvalidData("请上传整改佐证材料", field="file")
        rect = Rectification.objects.create(finding=finding, text=_text(text, "整改情况"),
                                            evidence=evidence, submitted_on=today,
                                            submitted_by=actor.label)
        finding.status = SupervisionFinding.RECTIFYING
        finding.save(update_fields=["status"])
        audit(finding, "rectify", actor, {
            "rectification": rect.pk, "text": rect.text,
            "evidence": [{"filename": e["filename"], "sha256": e["sha256"]} for e in evidence]})
    return rect


def decide_rectification(actor: Actor, rect: Rectification | int, *, accept: bool,
                         note: str = "", today: date | None = None) -> Rectification:
    """The office accepts (the finding is closed, 销号) or sends back a rectification."""
    _require(actor, OFFICE, "审核整改情况")
    today = today or timezone.localdate()
    pk = rect.pk if isinstance(rect, Rectification) else rect
    with transaction.atomic():
        rect = Rectification.objects.select_for_update().filter(pk=pk).first()
        if rect is None:
            raise NotFound("整改记录不存在")
        finding = _locked_finding(rect.finding_id)
        if rect.decision != Rectification.PENDING:
            raise NotAllowed("该整改情况已经审核")
        if not accept and len(note.strip()) < 2:
            raise InvalidData("退回整改须说明理由", field="note")
        rect.decision = Rectification.ACCEPTED if accept else Rectification.REJECTED
        rect.decision_note, rect.decided_by = note.strip()[:500], actor.label
        rect.save(update_fields=["decision", "decision_note", "decided_by"])
        finding.status = SupervisionFinding.CLOSED if accept else SupervisionFinding.OPEN
        finding.closed_on = today if accept else None
        finding.save(update_fields=["status", "closed_on"])
        audit(finding, "accept" if accept else "reject", actor,
              {"rectification": rect.pk, "note": rect.decision_note})
    return rect


# -- 4. annual reports --------------------------------------------------------------------------


def _locked_report(report: AnnualReport | int) -> AnnualReport:
    pk = report.pk if isinstance(report, AnnualReport) else report
    found = AnnualReport.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("报告不存在")
    return found


def _draft_only(report: AnnualReport) -> None:
    if report.status != AnnualReport.DRAFT:
        raise NotAllowed(f"报告当前为“{report.get_status_display()}”，不能修改；"
                         "已公布的报告如需更正，请发布更正版")


def _may_draft(actor: Actor, report: AnnualReport) -> None:
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
    _require(actor, OFFICE | {R.HANDLER}, "起草年度报告")
    if actor.agency_id is None:
        raise InvalidData("起草报告须以机关工作人员身份进行")
    scope = _agency(scope_id, "报告范围") if scope_id not in (None, "") else None
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


def edit_block(actor: Actor, block_id: int, *, heading: str, text: str) -> ReportBlock:
    with transaction.atomic():
        block = ReportBlock.objects.filter(pk=block_id).first()
        if block is None:
            raise NotFound("段落不存在")
        report = _locked_report(block.report_id)
        _may_draft(actor, report)
        _draft_only(report)
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
        report = _locked_report(report)
        _may_draft(actor, report)
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
        block = ReportBlock.objects.filter(pk=block_id).first()
        if block is None:
            raise NotFound("段落不存在")
        report = _locked_report(block.report_id)
        _may_draft(actor, report)
        _draft_only(report)
        audit(report, "delete_block", actor, {"block": block.pk})
        block.delete()


def approve_report(actor: Actor, report: AnnualReport | int) -> AnnualReport:
    """Approval by the head of the drafting agency; never by the person who drafted it."""
    with transaction.atomic():
        report = _locked_report(report)
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
    reason = _text(reason, "退回理由")
    with transaction.atomic():
        report = _locked_report(report)
        if not actor.has_any(frozenset({R.HEAD})) or actor.agency_id != report.owner_id:
            raise Forbidden("只有起草机关负责人可以退回报告")
        if report.status != AnnualReport.APPROVED:
            raise NotAllowed("只有已审批、未公布的报告可以退回修改")
        report.status, report.approved_at, report.approved_by = AnnualReport.DRAFT, None, ""
        report.approved_by_user_id = None
        report.save(update_fields=["status", "approved_at", "approved_by", "approved_by_user_id"])
        audit(report, "return", actor, {"reason": reason})
    return report


@dataclass
class Figure:
    """A figure block's value: live for drafts, frozen for published reports."""

    code: str
    name: str
    unit: str
    basis: str
    value: float | None
    numerator: int | None
    denominator: int | None
    breakdown: dict[str, int]
    record_count: int | None = None
    record_sha256: str = ""
    missing: str = ""

    @property
    def display(self) -> str:
        if self.missing:
            return local("暂无数据（{}）").format(local(self.missing))
        if self.value is None:
            return local("无可计算的记录")
        number = f"{self.value:g}" if isinstance(self.value, float) else str(self.value)
        return local("{number}{unit}").format(number=number, unit=local(self.unit))

    @property
    def sentence(self) -> str:
        text = local("{name}：{value}").format(name=local(self.name), value=self.display)
        if self.denominator is not None and not self.missing:
            text += f"（{self.numerator}/{self.denominator}）" if local("（") == "（" else (
                f" ({self.numerator}/{self.denominator})")
        if self.breakdown:
            text += local("，其中") + local("，").join(
                local("{kind}{count}件").format(kind=local(k), count=v)
                for k, v in self.breakdown.items())
        return text + local("。")


def live_figure(code: str, year: int, scope: Agency | None) -> tuple[Figure, ind.IndicatorValue | None]:
    found = ind.get(code)
    if found is None:
        return Figure(code, code, "", "", None, None, None, {}, missing="指标不存在"), None
    if (why := found.missing()) is not None:
        return Figure(code, found.name, found.unit, found.basis, None, None, None, {},
                      missing=why), None
    value = found.compute(year, scope)
    return Figure(code, found.name, found.unit, found.basis, value.value, value.numerator,
                  value.denominator, value.breakdown), value


def frozen_figure(snap: FigureSnapshot) -> Figure:
    value = snap.value
    if value is not None and float(value).is_integer() and snap.unit != "%":
        value = int(value)
    return Figure(snap.indicator, snap.name, snap.unit, snap.basis, value, snap.numerator,
                  snap.denominator, snap.breakdown, snap.record_count, snap.record_sha256)


def figures(report: AnnualReport) -> dict[str, Figure]:
    """code → figure: frozen snapshots for a published report, live values otherwise."""
    if report.is_frozen:
        return {s.indicator: frozen_figure(s) for s in report.figures.all()}
    codes = dict.fromkeys(b.indicator for b in report.blocks.all() if b.kind == ReportBlock.FIGURE)
    return {code: live_figure(code, report.year, report.scope)[0] for code in codes}


@dataclass
class Section:
    number: int
    title: str
    blocks: list[tuple[ReportBlock, Figure | None]]


def outline(report: AnnualReport) -> list[Section]:
    figs = figures(report)
    sections = {n: Section(n, section_title(n, report.year), []) for n in SECTION_TITLES}
    for block in report.blocks.all():
        sections[block.section].blocks.append(
            (block, figs.get(block.indicator) if block.kind == ReportBlock.FIGURE else None))
    return list(sections.values())


def plain_text(report: AnnualReport) -> str:
    """The report as plain text: what is hashed at publication and diffed between editions."""
    lines = [report.title, ""]
    for section in outline(report):
        lines.append(section.title)
        for block, figure in section.blocks:
            if block.heading:
                lines.append(block.heading)
            if figure is not None:
                lines.append(figure.sentence)
            elif block.text:
                lines.extend(p.strip() for p in block.text.splitlines() if p.strip())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def ledger_position() -> dict[str, Any]:
    """The newest event of every history, and the newest checkpoint anchoring them."""
    last_event = Event.objects.aggregate(m=Max("id"))["m"]
    checkpoint = Checkpoint.objects.order_by("-upto_event_id").first()
    return {"event_id": last_event,
            "checkpoint": checkpoint.upto_event_id if checkpoint else None,
            "root": checkpoint.root if checkpoint else ""}


def publish_report(actor: Actor, report: AnnualReport | int) -> AnnualReport:
    """Publish an approved report with a frozen snapshot of every figure: value, numerator,
    denominator, the sha256 of its sorted record keys, and the ledger position."""
    with transaction.atomic():
        report = _locked_report(report)
        if not actor.has_any(frozenset({R.HEAD}) | OFFICE) or actor.agency_id != report.owner_id:
            raise Forbidden("只有起草机关负责人或依法治市办可以公布报告")
        if report.status != AnnualReport.APPROVED:
            raise NotAllowed(f"报告当前为“{report.get_status_display()}”，须经审批后才能公布")
        _snapshot_figures(report)
        position = ledger_position()
        report.status, report.published_at = AnnualReport.PUBLISHED, timezone.now()
        report.ledger_event_id = position["event_id"]
        report.ledger_checkpoint_id = position["checkpoint"]
        report.ledger_root = position["root"]
        report.save()
        report.published_text = plain_text(report)
        report.text_sha256 = hashlib.sha256(report.published_text.encode()).hexdigest()
        report.save(update_fields=["published_text", "text_sha256"])
        audit(report, "publish", actor, {
            "text_sha256": report.text_sha256, "ledger": position,
            "figures": {f.indicator: [f.value, f.record_sha256]
                        for f in report.figures.order_by("indicator")}})
    return report


def _snapshot_figures(report: AnnualReport) -> None:
    codes = dict.fromkeys(b.indicator for b in report.blocks.all() if b.kind == ReportBlock.FIGURE)
    for code in codes:
        figure, value = live_figure(code, report.year, report.scope)
        keys = value.record_keys() if value is not None else []
        FigureSnapshot.objects.create(
            report=report, indicator=code, name=figure.name, unit=figure.unit,
            basis=figure.basis[:200], value=figure.value, numerator=figure.numerator,
            denominator=figure.denominator, breakdown=figure.breakdown, record_count=len(keys),
            record_sha256=hashlib.sha256("\n".join(keys).encode()).hexdigest(),
            record_keys=keys, public_rows=_public_rows(code, value) if value is not None else [])


def _public_rows(code: str, value: ind.IndicatorValue) -> list[dict]:
    from fazhi.reporting.queries import public_rows

    return public_rows(ind.get(code), value.records)


def issue_correction(actor: Actor, report: AnnualReport | int, *, reason: str) -> AnnualReport:
    """A corrected edition: a new draft copying the published one; the original stays."""
    reason = _text(reason, "更正原因")
    with transaction.atomic():
        original = _locked_report(report)
        _may_draft(actor, original)
        if original.status != AnnualReport.PUBLISHED:
            raise NotAllowed("只有已公布的报告可以发布更正版")
        if AnnualReport.objects.filter(previous=original).exists():
            raise NotAllowed("该版本已有更正版，请在最新版本上更正")
        new = AnnualReport.objects.create(
            year=original.year, scope=original.scope, owner=original.owner,
            edition=original.edition + 1, previous=original, correction_reason=reason,
            title=original.title, drafted_by=actor.label, drafted_by_user_id=actor.user_id)
        ReportBlock.objects.bulk_create([
            ReportBlock(report=new, section=b.section, position=b.position, kind=b.kind,
                        heading=b.heading, text=b.text, indicator=b.indicator)
            for b in original.blocks.all()])
        audit(new, "correct", actor, {"previous": original.pk, "reason": reason})
    return new


@dataclass
class FigureChange:
    code: str
    name: str
    before: str
    after: str


def edition_diff(report: AnnualReport) -> tuple[list[str], list[FigureChange]]:
    """Unified diff of the text and the figures that changed, against the previous edition."""
    previous = report.previous
    if previous is None:
        return [], []
    new_text = report.published_text or plain_text(report)
    diff = list(difflib.unified_diff(previous.published_text.splitlines(),
                                     new_text.splitlines(), f"第{previous.edition}版",
                                     f"第{report.edition}版", lineterm=""))
    old, new = figures(previous), figures(report)
    changes = [FigureChange(code, (new.get(code) or old.get(code)).name,
                            old[code].display if code in old else "（无）",
                            new[code].display if code in new else "（删除）")
               for code in sorted(set(old) | set(new))
               if code not in old or code not in new or old[code].display != new[code].display]
    return diff, changes


@dataclass
class Drift:
    code: str
    name: str
    published: str
    live: str
    records_changed: bool


def drift(report: AnnualReport) -> list[Drift]:
    """Published figures whose live value or record set now differs."""
    found = []
    for snap in report.figures.all():
        figure, value = live_figure(snap.indicator, report.year, report.scope)
        if value is None:
            continue
        changed_records = value.record_hash() != snap.record_sha256
        frozen = frozen_figure(snap)
        if figure.sentence != frozen.sentence or changed_records:
            found.append(Drift(snap.indicator, snap.name, frozen.display, figure.display,
                               changed_records))
    return found
