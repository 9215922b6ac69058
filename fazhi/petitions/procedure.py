"""Petitions (信访), as declared data: intake, registration and transfer by the 信访 office,
the receiving body's objection, the six-way classification of 第三十一条 (matters of
litigation, arbitration, reconsideration and other statutory procedures routed there: 诉访分离),
handling and the written opinion, review and re-review to finality, supervision and the
petitioner's rating.

Basis: 《信访工作条例》 (2022-02-25, in force 2022-05-01), domain/procedures.md §5. Every gate is a
guard or an effect refusal run by the engine, so no direct API call can skip one. Several
agencies act on one case (ADR 0022): the agency that received the matter (the 信访 office,
owner), the competent body it transferred or assigned it to, and the review and re-review
bodies, each one level up.
"""

from datetime import date
from typing import Literal

from django.conf import settings
from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.petitions import effects, guards
from fazhi.petitions import models as m
from fazhi.petitions.limits import IN_FORCE, LIMITS, overridden

STATES = {
    "received": "已登记待转送交办", "transferred": "已转送交办待受理", "objected": "办理机关提出异议",
    "accepted": "已受理办理中", "answered": "已出具处理意见", "review": "复查中",
    "reviewed": "已出具复查意见", "rereview": "复核中", "routed": "已导入法定途径",
    "not_accepted": "不予受理", "closed": "已办结", "final": "复核终结",
}
OUTCOMES = {"routed": "导入诉讼、仲裁、复议等法定途径", "not_accepted": "不予受理",
            "settled": "调解、和解结案", "answered": "出具处理意见后办结",
            "reviewed": "复查后办结", "final": "复核终结"}
FINAL = frozenset({"routed", "not_accepted", "closed", "final"})
OPEN_STATES = frozenset(STATES) - FINAL
INTAKE = frozenset({"received", "transferred"})
SUPERVISED = frozenset({"transferred", "objected", "accepted", "review", "rereview"})
RATED = frozenset({"answered", "review", "reviewed", "rereview"})

HANDLER = frozenset({"handler"})
HEAD = frozenset({"head"})
STAFF = frozenset({"handler", "head"})
PETITIONER = frozenset({"applicant", "handler"})  # online by the petitioner, or recorded by staff
CLOSER = frozenset({"handler", "system"})
HANDLING = frozenset({"owner", "competent"})
PARTIES = {"competent": "有权处理的机关、单位", "review_body": "复查机关", "rereview_body": "复核机关"}

Channel = Literal["online", "letter", "visit", "phone", "fax"]


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


class Submission(BaseModel):
    """What a petitioner writes (第十九条: name, address, request, facts and reasons)."""

    petitioner_name: str = Field(min_length=1, max_length=100, title="信访人姓名")
    petitioner_id: str = Field(min_length=6, max_length=40, title="身份证件号码")
    petitioner_contact: str = Field(default="", max_length=100, title="联系电话")
    petitioner_address: str = Field(default="", max_length=200, title="通信地址")
    subject: str = Field(min_length=2, max_length=200, title="信访事项")
    request: str = Field(min_length=2, max_length=5000, title="信访请求")
    facts: str = Field(min_length=2, max_length=20000, title="事实和理由")
    about: str = Field(default="", max_length=200, title="反映对象")

    _strip = field_validator("petitioner_name", "petitioner_id", "subject", "request", "facts")(_text)


class Intake(Submission):
    """A matter received by the office (第十七条: online, letter, phone, fax, visit); an oral
    submission is recorded by staff. A group visit names its representatives (第二十条)."""

    channel: Channel = Field(default="online", title="信访形式")
    group_size: int = Field(default=1, ge=1, le=10000, title="来访人数")
    representatives: list[str] = Field(default_factory=list, max_length=100, title="来访代表")
    related_number: str = Field(default="", max_length=60, title="关联的在先信访事项编号",
                                description="同一事实和理由的在先事项；填写后按该事项识别重复信访")

    @model_validator(mode="after")
    def group(self) -> "Intake":
        if self.representatives and self.channel != "visit":
            raise ValueError("只有走访形式才推选来访代表")
        if self.group_size > 1 and self.channel == "visit" and not self.representatives:
            raise ValueError("多人走访的，须登记推选的代表")
        return self


class Transfer(BaseModel):
    agency_id: int = Field(title="有权处理的机关、单位")
    mode: Literal["transfer", "assign"] = Field(title="转交方式")
    report_required: bool = Field(default=False, title="要求报送办理结果")
    note: str = Field(default="", max_length=2000, title="转送交办意见")


class Reason(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, title="理由")


class Objection(BaseModel):
    agree: bool = Field(title="同意异议")
    reason: str = Field(default="", max_length=2000, title="说明")


class Classification(BaseModel):
    """第三十一条: which of the six ways; (1)–(5) go to their own procedures."""

    route: Literal["litigation", "arbitration", "party", "administrative", "duty", "petition"] = \
        Field(title="分类处理")
    routed_to: str = Field(default="", max_length=200, title="导入的程序及机关",
                           description="导入其他法定途径的，写明程序和有权处理的机关")
    note: str = Field(default="", max_length=2000, title="告知信访人的内容")

    @model_validator(mode="after")
    def destination(self) -> "Classification":
        if self.route != "petition" and len(self.routed_to.strip()) < 2:
            raise ValueError("导入其他法定途径的，须写明程序和有权处理的机关（《信访工作条例》第三十一条）")
        return self


class Opinion(BaseModel):
    """第三十二条: the 信访处理意见书 states the request, facts, reasons, opinion and basis."""

    opinion: Literal["support", "explain", "not_support"] = Field(title="处理意见")
    findings: str = Field(min_length=2, max_length=20000, title="查明的事实")
    reasons: str = Field(min_length=2, max_length=20000, title="理由")
    basis: str = Field(min_length=2, max_length=2000, title="依据")
    served_on: date = Field(title="送达日期")


class ReviewRequest(BaseModel):
    grounds: str = Field(min_length=2, max_length=5000, title="请求理由")
    body_id: int | None = Field(default=None, title="受理请求的机关",
                                description="不填的，为原办理机关的上一级机关")


class ReviewOpinion(BaseModel):
    result: Literal["upheld", "changed"] = Field(title="意见")
    text: str = Field(min_length=2, max_length=20000, title="意见内容")
    served_on: date = Field(title="送达日期")


class Hearing(BaseModel):
    start: date = Field(title="听证开始日期")
    until: date = Field(title="听证最迟结束日期")


class HearingEnd(BaseModel):
    on: date = Field(title="听证结束日期")
    record: str = Field(min_length=2, max_length=20000, title="听证情况")


class Settlement(BaseModel):
    agreement: str = Field(min_length=2, max_length=20000, title="调解、和解协议内容")


class Supervision(BaseModel):
    kind: Literal["notice", "recommendation"] = Field(title="督办方式")
    text: str = Field(min_length=2, max_length=5000, title="督办意见")


class Campaign(BaseModel):
    name: str = Field(min_length=2, max_length=60, title="积案化解专项名称")


class Rating(BaseModel):
    score: Literal["satisfied", "basic", "unsatisfied"] = Field(title="满意度")
    comment: str = Field(default="", max_length=500, title="意见")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


LABELS = {
    "channel": dict(m.CHANNELS), "mode": dict(m.MODES), "route": dict(m.ROUTES),
    "opinion": dict(m.OPINIONS), "result": dict(m.REVIEW_RESULTS),
    "kind": {"notice": "督办通知", "recommendation": "改进工作建议"},
    "score": {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"},
}
PAYLOAD_LABELS = {"matter_key": "事项标识", "body": "受理请求的机关", "agency": "办理机关"}

T = Transition
PETITION = register(Procedure(
    code="petition", version="2022", title="信访事项办理", effective_from=IN_FORCE,
    number_prefix="XF", states=STATES, final=FINAL, outcomes=OUTCOMES,
    # a province's stricter rules, when the operator loads them (settings.FAZHI_PETITION_LIMITS)
    limits=overridden(LIMITS, getattr(settings, "FAZHI_PETITION_LIMITS", {})),
    labels=LABELS, parties=PARTIES, detail="petition",
    transitions=(
        T(OPEN, "登记信访事项", frozenset({""}), "received", PETITIONER, Intake, effects.register),
        T("transfer", "转送、交办", frozenset({"received"}), "transferred", HANDLER, Transfer,
          effects.transfer, primary=True),
        T("object", "提出异议（不属于本单位职权范围）", frozenset({"transferred"}), "objected",
          HANDLER, Reason, effects.object_to, parties=frozenset({"competent"}),
          guard=guards.objection_refusal),
        T("decide_objection", "处理异议", frozenset({"objected"}),
          frozenset({"received", "transferred"}), HANDLER, Objection, effects.decide_objection,
          primary=True),
        T("accept", "受理并分类处理", INTAKE, frozenset({"accepted", "routed"}), HANDLER,
          Classification, effects.accept, primary=True, parties=HANDLING),
        T("decline", "不予受理并告知", INTAKE, "not_accepted", HANDLER, Reason, effects.decline,
          outcome="not_accepted", parties=HANDLING),
        T("extend", "延长办理期限", frozenset({"accepted"}), None, HEAD, Reason, effects.extend,
          parties=HANDLING, guard=guards.extension_refusal),
        T("settle", "达成调解、和解协议", frozenset({"accepted"}), "closed", HANDLER, Settlement,
          effects.settle, outcome="settled", parties=HANDLING),
        T("answer", "出具信访处理意见书", frozenset({"accepted"}), "answered", STAFF, Opinion,
          effects.answer, primary=True, parties=HANDLING),
        T("request_review", "请求复查", frozenset({"answered"}), "review", PETITIONER,
          ReviewRequest, effects.request_review, parties=HANDLING,
          guard=guards.review_request_refusal),
        T("decide_review", "出具复查意见", frozenset({"review"}), "reviewed", STAFF, ReviewOpinion,
          effects.decide_review, primary=True, parties=frozenset({"review_body"})),
        T("request_rereview", "请求复核", frozenset({"reviewed"}), "rereview", PETITIONER,
          ReviewRequest, effects.request_rereview,
          parties=frozenset({"owner", "competent", "review_body"}),
          guard=guards.rereview_request_refusal),
        T("hold_hearing", "举行听证（中止计时）", frozenset({"rereview"}), None, HEAD, Hearing,
          effects.hold_hearing, parties=frozenset({"rereview_body"}), guard=guards.hearing_refusal),
        T("end_hearing", "听证结束", frozenset({"rereview"}), None, STAFF, HearingEnd,
          effects.end_hearing, parties=frozenset({"rereview_body"}),
          guard=guards.hearing_end_refusal),
        T("decide_rereview", "出具复核意见（终结）", frozenset({"rereview"}), "final", STAFF,
          ReviewOpinion, effects.decide_rereview, primary=True, outcome="final",
          parties=frozenset({"rereview_body"})),
        T("close", "办结归档", frozenset({"answered", "reviewed"}), "closed", CLOSER, Note,
          effects.close, parties=frozenset({"owner", "competent", "review_body"}),
          guard=guards.close_refusal),
        T("supervise", "督办", SUPERVISED, None, STAFF, Supervision, effects.supervise),
        T("tag_campaign", "纳入积案化解专项", OPEN_STATES, None, HEAD, Campaign, effects.tag_campaign),
        T("rate", "满意度评价", RATED, None, frozenset({"applicant"}), Rating, effects.rate,
          guard=guards.rating_refusal),
    ),
))
