"""The document told of an incidental review in an administrative reconsideration
(规范性文件附带审查, 《行政复议法》第十三条、第五十六条至第六十条;
`fazhi.cases.signals.document_reviewed`, sent by the reconsideration app, which this app does
not import). The document is found by its unified registration number (统一登记号); each
stage is an entry in the document's history, and the finding a visible note on its staff
and public pages. An unlawful finding stops the clause's application and orders the issuer
to correct it (第五十九条): the note says so, and the issuer corrects through this module's
own amendment or repeal steps, which link back to it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fazhi.cases.engine import record
from fazhi.normative import models as m
from fazhi.org.actors import Actor

CONCLUDED = "reconsideration:review_concluded"
STAGES = {"requested": "reconsideration:review_requested",
          "transferred": "reconsideration:review_transferred", "concluded": CONCLUDED}


def find(number: str) -> m.NormativeDocument | None:
    if not number:
        return None
    return (m.NormativeDocument.objects.filter(registration_no__iexact=number,
                                               status__in=m.PUBLIC_STATUSES)
            .select_related("issuer", "case").first())


def on_document_reviewed(sender: Any, *, stage: str, number: str, case: str,
                         today: date | None = None, **kwargs: Any) -> dict | str | None:
    doc = find(number)
    if doc is None:
        return None
    if stage == "lookup":
        return {"title": doc.title, "doc_no": doc.doc_no, "issuer_code": doc.issuer.code,
                "issuer_name": doc.issuer.name}
    action = STAGES.get(stage)
    if action is None:
        return None
    entry = {"reconsideration_case": case} | {
        key: str(kwargs[key]) for key in ("clauses", "body", "to", "finding_label", "opinion",
                                          "decided_by", "consequence") if kwargs.get(key)}
    if stage == "concluded":
        entry["finding"] = kwargs.get("finding", "")
    record(doc.case, action, Actor.system("行政复议"), lambda _: (entry, []))
    if stage == "concluded":
        return f"规范性文件{doc.registration_no}已记录附带审查结论：{kwargs.get('finding_label', '')}"
    return f"规范性文件{doc.registration_no}已记录"


def review_notes(doc: m.NormativeDocument) -> list[dict]:
    """The findings of incidental reviews on the document, newest first (its pages show
    them: an unlawful finding means its clause no longer applies until corrected)."""
    rows = doc.case.events.filter(action=CONCLUDED).order_by("-seq")
    return [{"payload": json.loads(e.payload), "at": e.at_datetime} for e in rows]
