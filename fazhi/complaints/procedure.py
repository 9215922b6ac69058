"""Consumer complaints and reports to the market regulator (市场监管投诉举报), as declared data:
two procedures.

* `complaint` (投诉): intake online or registered by staff (12315 phone, letter, visit), the
  acceptance decision within 7 working days with the complainant told, mediation (sessions,
  an agreement, or ending without one — at the latest 45 working days after acceptance —
  and telling both parties within 7 working days), and withdrawal.
* `consumer_report` (举报): a report of a violation is a lead under the penalty procedure
  rules: verified within 15 working days (+15 with the head's approval) and either a case
  opened — the lead goes to enforcement through `fazhi.subjects.signals.report_to_lead`,
  never by import — or no case.

A submission that is both a complaint and a report splits in `services.receive`: the
complaint case and the report case open in one transaction.

Basis: 《市场监督管理投诉举报处理暂行办法》 (2019, amended 2022; articles as restated by
domain/addendum-2026-12.md §B, UNVERIFIED) and 《市场监督管理行政处罚程序规定》第十八条. Every
gate is a guard or an effect refusal run by the engine.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.complaints import effects, guards
from fazhi.complaints import models as m
from fazhi.complaints.limits import IN_FORCE, LAW, LIMITS, REPORT_LIMITS
from fazhi.law import uscc as uscc_rules

STATES = {
    "received": "已登记待决定是否受理", "mediating": "已受理调解中", "not_accepted": "不予受理",
    "agreed": "调解达成协议", "ended": "已终止调解待告知双方", "closed": "已办结（调解不成）",
    "withdrawn": "投诉人已撤回",
}
OUTCOMES = {"not_accepted": "不予受理", "agreed": "调解成功", "failed": "调解不成，终止调解",
            "withdrawn": "投诉人撤回投诉"}
FINAL = frozenset({"not_accepted", "agreed", "closed", "withdrawn"})

REPORT_STATES = {"received": "已登记核查中", "opened": "已立案（移送执法办案）",
                 "not_opened": "不予立案"}
REPORT_OUTCOMES = {"opened": "立案", "not_opened": "不予立案"}

HANDLER = frozenset({"handler"})
HEAD = frozenset({"head"})
STAFF = frozenset({"handler", "head"})
PARTY = frozenset({"applicant", "handler"})  # online by the complainant, or recorded by staff
ENDER = frozenset({"handler", "system"})  # staff, or the tick when the 45 working days lapse

Channel = Literal["online", "phone", "letter", "visit"]
NO_BUSINESS = (f"须写明被投诉、举报的经营者：从市场主体名录中选择（统一社会信用代码），"
               f"或者写明经营者名称和经营地址（{LAW}第九条）")


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


def _uscc(value: str) -> str:
    """Already NFKC-normalised by the engine (`uscc` is an identifier field); checked here."""
    if not value:
        return ""
    try:
        return uscc_rules.validate(value)
    except uscc_rules.USCCError as exc:
        raise ValueError(f"统一社会信用代码{exc}") from None


class BusinessNamed(BaseModel):
    """The business complained about or reported: its USCC from the directory, or its name
    and address."""

    uscc: str = Field(default="", max_length=40, title="经营者统一社会信用代码",
                      description="已在市场主体名录中的，填写统一社会信用代码即可")
    business_name: str = Field(default="", max_length=200, title="经营者名称")
    business_address: str = Field(default="", max_length=200, title="经营地址")

    _code = field_validator("uscc")(_uscc)

    @model_validator(mode="after")
    def named(self) -> "BusinessNamed":
        self.business_name = self.business_name.strip()
        self.business_address = self.business_address.strip()
        if not self.uscc and not (self.business_name and self.business_address):
            raise ValueError(NO_BUSINESS)
        return self


class Submission(BusinessNamed):
    """What a consumer submits (第九条: who, against whom, the request and the facts); a
    report names the violation (第二十四条)."""

    kind: Literal["complaint", "report", "both"] = Field(default="complaint", title="类型")
    complainant_name: str = Field(min_length=1, max_length=100, title="姓名")
    applicant_id: str = Field(min_length=6, max_length=40, title="身份证件号码")
    complainant_contact: str = Field(default="", max_length=100, title="联系电话")
    subject: str = Field(min_length=2, max_length=200, title="投诉举报事项")
    facts: str = Field(min_length=2, max_length=20000, title="事实和理由")
    request: str = Field(default="", max_length=5000, title="投诉请求")
    amount: Decimal | None = Field(default=None, ge=0, le=Decimal("9999999999"), decimal_places=2,
                                   title="涉及金额（元）")
    violation: str = Field(default="", max_length=500, title="举报的违法行为")

    _strip = field_validator("complainant_name", "applicant_id", "subject", "facts")(_text)

    @model_validator(mode="after")
    def parts(self) -> "Submission":
        if self.kind in ("complaint", "both") and len(self.request.strip()) < 2:
            raise ValueError(f"投诉的，须写明具体的投诉请求（{LAW}第九条）")
        if self.kind in ("report", "both") and len(self.violation.strip()) < 2:
            raise ValueError("举报的，须写明涉嫌违法的行为")
        return self


class Intake(Submission):
    channel: Channel = Field(default="online", title="投诉举报形式")


class ReportIntake(BusinessNamed):
    """The report part of a submission (opened by `services.receive`)."""

    channel: Channel = Field(default="online", title="举报形式")
    complainant_name: str = Field(min_length=1, max_length=100, title="举报人姓名")
    applicant_id: str = Field(min_length=6, max_length=40, title="举报人身份证件号码")
    complainant_contact: str = Field(default="", max_length=100, title="联系电话")
    violation: str = Field(min_length=2, max_length=500, title="举报的违法行为")
    facts: str = Field(min_length=2, max_length=20000, title="事实和证据线索")
    complaint_case: int | None = Field(default=None, title="同时提出的投诉")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


class Refusal(BaseModel):
    ground: Literal["not_consumer", "no_jurisdiction", "court", "handled", "no_business", "late",
                    "other"] = Field(title="不予受理的情形")
    reason: str = Field(min_length=2, max_length=2000, title="告知投诉人的理由")


class SessionRecord(BaseModel):
    held_on: date = Field(title="调解日期")
    record: str = Field(min_length=2, max_length=20000, title="调解情况")


class Agreement(BaseModel):
    terms: str = Field(min_length=2, max_length=20000, title="调解协议内容")
    agreed_on: date = Field(title="达成协议日期")


class Ending(BaseModel):
    ground: Literal["no_agreement_45", "refused", "no_agreement", "other_end"] = \
        Field(title="终止调解的情形")
    reason: str = Field(default="", max_length=2000, title="说明")


class Told(BaseModel):
    told_on: date = Field(title="告知双方日期")
    note: str = Field(default="", max_length=2000, title="告知方式")


class Reason(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, title="理由")


class Opening(BaseModel):
    """The head decides to open a case (第十八条): the lead goes to enforcement."""

    uscc: str = Field(default="", max_length=40, title="经营者统一社会信用代码",
                      description="登记时未确定的，立案时填写")
    legal_basis: str = Field(min_length=2, max_length=500, title="涉嫌违反的规定")
    act_date: date = Field(title="违法行为发生日期")
    note: str = Field(default="", max_length=2000, title="核查情况")

    _code = field_validator("uscc")(_uscc)


LABELS = {
    "channel": dict(m.CHANNELS), "kind": dict(m.KINDS),
    "ground": dict(m.REFUSALS) | dict(m.ENDINGS), "decision": dict(m.DECISIONS),
}
PAYLOAD_LABELS = {"business": "经营者", "report": "同时提出的举报", "complaint": "同时提出的投诉",
                  "lead": "执法案件线索编号", "sessions": "调解次数", "told": "告知"}

T = Transition
COMPLAINT = register(Procedure(
    code="complaint", version="2022", title="消费投诉处理", effective_from=IN_FORCE,
    number_prefix="TS", states=STATES, final=FINAL, outcomes=OUTCOMES, limits=LIMITS,
    labels=LABELS, detail="complaint",
    transitions=(
        T(OPEN, "登记投诉", frozenset({""}), "received", PARTY, Intake, effects.register),
        T("accept", "受理投诉并告知", frozenset({"received"}), "mediating", HANDLER, Note,
          effects.accept, primary=True),
        T("decline", "不予受理并告知", frozenset({"received"}), "not_accepted", HANDLER, Refusal,
          effects.decline, outcome="not_accepted"),
        T("hold_session", "记录调解", frozenset({"mediating"}), None, HANDLER, SessionRecord,
          effects.hold_session),
        T("agree", "达成调解协议", frozenset({"mediating"}), "agreed", HANDLER, Agreement,
          effects.agree, primary=True, outcome="agreed", guard=guards.agree_refusal),
        T("end", "终止调解", frozenset({"mediating"}), "ended", ENDER, Ending, effects.end),
        T("tell_end", "告知双方终止调解", frozenset({"ended"}), "closed", HANDLER, Told,
          effects.tell_end, primary=True, outcome="failed"),
        T("withdraw", "撤回投诉", frozenset({"received", "mediating"}), "withdrawn", PARTY, Note,
          effects.withdraw, outcome="withdrawn"),
    ),
))

REPORT = register(Procedure(
    code="consumer_report", version="2022", title="举报核查处理", effective_from=IN_FORCE,
    number_prefix="JB", states=REPORT_STATES, final=frozenset({"opened", "not_opened"}),
    outcomes=REPORT_OUTCOMES, limits=REPORT_LIMITS, labels=LABELS, detail="consumer_report",
    transitions=(
        T(OPEN, "登记举报", frozenset({""}), "received", PARTY, ReportIntake, effects.register_report),
        T("extend", "延长核查期限（负责人批准）", frozenset({"received"}), None, HEAD, Reason,
          effects.extend, guard=guards.extension_refusal),
        T("open_case", "决定立案并移送执法办案", frozenset({"received"}), "opened", HEAD, Opening,
          effects.open_case, primary=True, outcome="opened"),
        T("no_case", "决定不予立案", frozenset({"received"}), "not_opened", HEAD, Reason,
          effects.no_case, outcome="not_opened"),
    ),
))
