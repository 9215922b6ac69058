"""Importing a rule-of-law work report (法治政府建设年度报告) as key tasks, and the lead
rules that suggest each task's lead agency from keywords (ADR 0004).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from fazhi.core.errors import InvalidData, NotFound
from fazhi.law.reportparse import DEFAULT_LEAD_RULES, ImportResult, NotAReport, import_report
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.reporting.access import OFFICE, agency_by_id, checked_text, require
from fazhi.reporting.audit_trail import audit
from fazhi.reporting.models import ImportedReport, KeyTask, LeadRule


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
    require(actor, OFFICE, "导入年度报告")
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
    require(actor, OFFICE, "维护牵头单位规则")
    keyword = checked_text(keyword, "关键词", minimum=1, maximum=40)
    agency = agency_by_id(agency_id, "牵头单位")
    rule, _ = LeadRule.objects.update_or_create(keyword=keyword,
                                                defaults={"agency": agency, "active": True})
    return rule


def delete_lead_rule(actor: Actor, rule_id: int) -> None:
    require(actor, OFFICE, "维护牵头单位规则")
    if not LeadRule.objects.filter(pk=rule_id).delete()[0]:
        raise NotFound("规则不存在")
