"""Publishing an annual report with its figures frozen and the ledger position it
anchors, issuing a correction as a new edition, and what changed between editions or
since publication (drift).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import indicators as ind
from fazhi.core.errors import Forbidden, NotAllowed
from fazhi.core.models import Checkpoint, Event
from fazhi.org import roles as R
from fazhi.org.actors import Actor
from fazhi.reporting.access import OFFICE, checked_text
from fazhi.reporting.annual_reports import locked_report, may_draft
from fazhi.reporting.audit_trail import audit
from fazhi.reporting.models import AnnualReport, FigureSnapshot, ReportBlock
from fazhi.reporting.report_figures import figures, frozen_figure, live_figure, plain_text


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
        report = locked_report(report)
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
    reason = checked_text(reason, "更正原因")
    with transaction.atomic():
        original = locked_report(report)
        may_draft(actor, original)
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
