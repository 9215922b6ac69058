"""Effects ending a document's validity: repeal, declaration of invalidity, expiry and
withdrawal of a draft; an open filing stops with it. Sources: domain/instruments.md §1.
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.cases.step import Step
from fazhi.normative import models as m
from fazhi.normative.documents import document_of, not_before, not_future, set_status, stop_filing
from fazhi.normative.publishing import republish


def end_validity(step: Step, status: str, effective_on: date | None = None,
         field: str = "effective_on") -> None:
    doc = document_of(step)
    effective_on = effective_on or step.data.effective_on
    not_future(effective_on, step, "生效日期", field)
    not_before(effective_on, doc.published_at, "生效日期", "公布日期", field)
    set_status(doc, status, ended_on=effective_on)
    stop_filing(step)
    republish(doc)


def repeal(step: Step) -> None:
    end_validity(step, m.REPEALED)


def declare_invalid(step: Step) -> None:
    end_validity(step, m.INVALID)


def expire(step: Step) -> None:
    doc = document_of(step)
    set_status(doc, m.EXPIRED, ended_on=doc.valid_until + timedelta(days=1))
    stop_filing(step)
    republish(doc)
    step.payload |= {"valid_until": doc.valid_until.isoformat()}


def withdraw(step: Step) -> None:
    set_status(document_of(step), m.WITHDRAWN)
