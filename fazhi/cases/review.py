"""Legality review (法制审核 / 合法性审核) as a shared legal part.

Normative documents use it now; major enforcement decisions (重大执法决定法制审核), major
administrative decisions (重大行政决策合法性审查) and legislation will use it next. A
procedure brings its own checklist and limits; this module gives it:

* the review body: the legal office of the agency's region (`legal_office_for`), which
  takes part in the case in the part `REVIEW_BODY`;
* four-eyes: a user who recorded one of the drafting actions on the case may not decide
  the review (`refuse_drafter`);
* the decision schema: one answer per checklist item, the conclusion, the opinion, the
  reasons a conclusion other than "lawful" needs, and an emergency that shortens the time
  (`decision_schema`);
* the review time: a maximum that is a clock of the case, and a minimum that protects the
  reviewer: an opinion before it is accepted with a recorded warning (`time_warning`;
  ADR 0011), never refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, Field, create_model, model_validator

from fazhi.core.errors import Forbidden, NotAllowed
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits

REVIEW_BODY = "review_body"
PASS, PASS_WITH_CHANGES, FAIL = "pass", "pass_with_changes", "fail"
OUTCOMES = {PASS: "合法", PASS_WITH_CHANGES: "修改后合法", FAIL: "不合法"}
EMERGENCIES = {"": "无", "emergency_response": "应对突发事件", "urgent_order": "执行上级紧急命令"}
ANSWERS = {"ok": "无问题", "problem": "存在问题"}


def legal_office_for(agency):  # noqa: ANN001, ANN201 - org.Agency in, org.Agency out
    """The review body: the agency itself if it is a legal office, else the legal office of
    its region, else of the nearest enclosing region (国办发〔2018〕115号 二(四))."""
    from fazhi.org.models import Agency

    if agency.is_legal_office:
        return agency
    region = agency.region
    while region is not None:
        office = Agency.objects.filter(region=region, is_legal_office=True).order_by("id").first()
        if office is not None:
            return office
        region = region.parent
    raise NotAllowed(f"未找到“{agency.name}”所在地区的法制审核机构，请先在机构设置中指定法制机构")


def drafter_ids(case, drafting_actions: Iterable[str], *also: int | None) -> set[int]:  # noqa: ANN001
    """Users who drafted: everyone who recorded one of `drafting_actions` on the case, and
    `also` (e.g. who registered the draft)."""
    ids = set(case.events.filter(action__in=list(drafting_actions), actor_user_id__isnull=False)
              .values_list("actor_user_id", flat=True))
    return ids | {i for i in also if i}


def refuse_drafter(user_id: int | None, drafters: set[int], basis: str) -> None:
    """Four-eyes (审核与起草分离): a drafter may not decide the review, whatever roles they
    hold in the legal office."""
    if user_id is not None and user_id in drafters:
        raise Forbidden("审核人不能是本文件的起草人：合法性审核须由起草人以外的审核人员进行"
                        f"（审核与起草分离，{basis}）")


Answer = Literal["ok", "problem"]
# The conclusion every checklist ends with, after one ok/problem answer per item.
CONCLUSION = {
    "outcome": (Literal["pass", "pass_with_changes", "fail"], Field(title="审核结论")),
    "opinion": (str, Field(min_length=4, max_length=20000, title="审核意见")),
    "reasons": (str, Field(default="", max_length=20000, title="不合法或需修改的理由")),
    "emergency": (Literal["", "emergency_response", "urgent_order"], Field(
        default="", title="紧急情形",
        description="为预防、应对和处置突发事件或执行上级机关紧急命令需要立即制发")),
}


class Decision(BaseModel):
    """A review decision; `decision_schema` adds a procedure's checklist and the conclusion."""

    items: ClassVar[dict[str, str]] = {}

    @property
    def checklist(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in self.items}

    @model_validator(mode="after")
    def consistent(self) -> Decision:
        problems = [label for key, label in self.items.items() if getattr(self, key) == "problem"]
        if problems and self.outcome == PASS:
            raise ValueError(f"审核事项存在问题（{problems[0]}），审核结论不能为“合法”")
        if self.outcome != PASS and len(self.reasons.strip()) < 4:
            raise ValueError("审核结论为“修改后合法”或“不合法”的，须写明理由")
        return self


def decision_schema(name: str, checklist: dict[str, str]) -> type[Decision]:
    """The decision schema of one checklist: the items first, then the conclusion."""
    fields = {key: (Answer, Field(title=label)) for key, label in checklist.items()}
    schema = create_model(name, __base__=Decision, **fields, **CONCLUSION)
    schema.items = dict(checklist)
    return schema


def earliest_opinion(minimum: timelimits.Limit, submitted_on: date) -> timelimits.Deadline:
    """The day the minimum review time has run (e.g. the 5th working day after the package
    arrived): shown before the checklist."""
    return timelimits.evaluate(minimum, current_calendar(), submitted_on)


def time_warning(minimum: timelimits.Limit, submitted_on: date, completed_on: date | None,
                 emergency: str) -> str:
    """"审核时间不足N个工作日…" for an opinion given before the minimum without an emergency
    reason; "" otherwise. Derived from the current calendar, never stored, so it follows a
    newly loaded holiday notice (the decide event keeps what was said then)."""
    if completed_on is None or emergency:
        return ""
    earliest = earliest_opinion(minimum, submitted_on).due
    if completed_on >= earliest:
        return ""
    return (f"审核时间不足{minimum.value}个工作日（{minimum.citation}），"
            f"最早可出具审核意见日期为{earliest:%Y-%m-%d}")


def labels(checklist: dict[str, str]) -> dict[str, dict[str, str]]:
    """Chinese labels of the coded values a decision records (forms, timelines)."""
    return {"outcome": OUTCOMES, "emergency": EMERGENCIES,
            **{key: ANSWERS for key in checklist}}
