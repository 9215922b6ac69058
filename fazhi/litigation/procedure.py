"""Litigation response (行政应诉), as declared data: the agency is the defendant. The court's
papers registered, the defence and evidence within 15 days of receiving the complaint copy,
hearings with who appeared for the agency (its head, or the deputy and why), the judgment
or ruling, the appeal decision within the appeal limit, the judgment performed, judicial
suggestions (司法建议) received and answered, closing.

Basis: 《行政诉讼法》 (2017). Every gate is a guard or an effect refusal run by the engine, so
no direct API call can skip one.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.litigation import effects, guards
from fazhi.litigation import models as m
from fazhi.litigation.limits import IN_FORCE, LIMITS

STATES = {
    "registered": "已登记待答辩", "defended": "已答辩待开庭", "heard": "已开庭待裁判",
    "judged": "一审裁判已送达（上诉期内）", "appealed": "二审中", "effective": "裁判已生效",
    "closed": "已结案",
}
FINAL = frozenset({"closed"})
OPEN_STATES = frozenset(STATES) - FINAL
# 第六十二条: the plaintiff withdraws before the first-instance judgment; an appeal withdrawn
# leaves the first-instance outcome standing (registered with `judge` in the second instance)
BEFORE_JUDGMENT = frozenset({"registered", "defended", "heard"})
OUTCOMES = dict(m.OUTCOMES)

HANDLER = frozenset({"handler"})
STAFF = frozenset({"handler", "head"})

Outcome = Literal["upheld", "revoked", "confirmed_illegal", "ordered_perform", "changed",
                  "dismissed"]


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


class Papers(BaseModel):
    """The court's papers (起诉状副本、应诉通知书) as the agency received them."""

    court: str = Field(min_length=2, max_length=100, title="受理法院")
    court_case_no: str = Field(min_length=2, max_length=60, title="法院案号")
    plaintiff: str = Field(min_length=1, max_length=200, title="原告")
    claims: str = Field(min_length=2, max_length=5000, title="诉讼请求")
    act: str = Field(min_length=2, max_length=300, title="被诉行政行为")
    challenged_case: str = Field(default="", max_length=60, title="被诉行为所在案件编号",
                                 description="被诉行为是本平台案件（如政府信息公开答复、行政处罚）"
                                             "的，填写该案件编号")
    served_on: date = Field(title="收到起诉状副本日期")

    _strip = field_validator("court", "court_case_no", "plaintiff", "claims", "act")(_text)


class Defence(BaseModel):
    """第六十七条: the evidence for the act and the normative documents it relied on, with the
    defence; 第三十五条: no evidence collected by the defendant after the suit."""

    filed_on: date = Field(title="提交日期")
    evidence: list[str] = Field(min_length=1, max_length=200, title="证据清单",
                                description="每行一项")
    basis: str = Field(min_length=2, max_length=2000, title="所依据的规范性文件")
    latest_collected_on: date = Field(title="证据的最晚收集日期")


class Hearing(BaseModel):
    """第三条第三款: the head appears; if not, a staff member of the agency is entrusted."""

    held_on: date = Field(title="开庭日期")
    head_present: bool = Field(default=False, title="负责人出庭应诉")
    head_name: str = Field(default="", max_length=60, title="出庭负责人")
    deputy_name: str = Field(default="", max_length=60, title="受委托出庭人员")
    deputy_title: str = Field(default="", max_length=60, title="受委托人员职务")
    reason: str = Field(default="", max_length=500, title="负责人不能出庭的理由")

    @model_validator(mode="after")
    def who(self) -> "Hearing":
        if self.head_present and not self.head_name.strip():
            raise ValueError("负责人出庭应诉的，须写明出庭负责人（《行政诉讼法》第三条第三款）")
        if not self.head_present and not (self.deputy_name.strip() and self.reason.strip()):
            raise ValueError("负责人不能出庭的，应当委托本机关相应的工作人员出庭，须写明受委托人员"
                             "和不能出庭的理由（《行政诉讼法》第三条第三款）")
        return self


class Judgment(BaseModel):
    kind: Literal["judgment", "ruling"] = Field(title="裁判文书类型")
    outcome: Outcome = Field(title="裁判结果")
    document_no: str = Field(min_length=2, max_length=60, title="裁判文书号")
    served_on: date = Field(title="送达日期")
    perform_by: date | None = Field(default=None, title="判决确定的履行期限")
    summary: str = Field(default="", max_length=5000, title="裁判要旨")

    @model_validator(mode="after")
    def consistent(self) -> "Judgment":
        if (self.outcome == "dismissed") != (self.kind == "ruling"):
            raise ValueError("驳回起诉以裁定作出，其他裁判结果以判决作出")
        return self


class Appeal(BaseModel):
    appellant: Literal["agency", "plaintiff"] = Field(title="上诉人")
    filed_on: date = Field(title="上诉日期")
    reason: str = Field(default="", max_length=2000, title="上诉理由")


class Withdrawal(BaseModel):
    """第六十二条: the court allows the plaintiff to withdraw, possibly after the defendant
    changed its act."""

    ruling_no: str = Field(min_length=2, max_length=60, title="准许撤诉裁定书号")
    served_on: date = Field(title="送达日期")
    act_changed: bool = Field(default=False, title="被告已改变被诉行政行为")
    note: str = Field(default="", max_length=2000, title="说明")


class Performance(BaseModel):
    performed_on: date = Field(title="履行日期")
    content: str = Field(min_length=2, max_length=5000, title="履行情况")


class Suggestion(BaseModel):
    suggestion_no: str = Field(min_length=2, max_length=60, title="司法建议书编号")
    received_on: date = Field(title="收到日期")
    content: str = Field(min_length=2, max_length=5000, title="建议内容")


class SuggestionAnswer(BaseModel):
    answered_on: date = Field(title="回复日期")
    content: str = Field(min_length=2, max_length=5000, title="回复内容")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


LABELS = {"kind": dict(m.KINDS), "outcome": dict(m.OUTCOMES), "appellant": dict(m.APPELLANTS)}
PAYLOAD_LABELS = {"late": "逾期答辩", "consequence": "法律后果", "instance": "审级",
                  "linked": "关联案件"}

T = Transition
LITIGATION = register(Procedure(
    code="litigation", version="2017", title="行政应诉", effective_from=IN_FORCE,
    number_prefix="YS", states=STATES, final=FINAL, outcomes=OUTCOMES, limits=LIMITS,
    labels=LABELS, detail="litigation",
    transitions=(
        T(OPEN, "登记法院送达的应诉材料", frozenset({""}), "registered", HANDLER, Papers,
          effects.register),
        T("defend", "提交答辩状和证据", frozenset({"registered"}), "defended", HANDLER, Defence,
          effects.defend, primary=True),
        T("hear", "记录开庭及出庭情况", frozenset({"defended", "heard", "appealed"}), "heard",
          STAFF, Hearing, effects.hear, primary=True),
        T("judge", "登记判决、裁定", frozenset({"heard", "appealed"}),
          frozenset({"judged", "effective"}), HANDLER, Judgment, effects.judge, primary=True),
        T("appeal", "登记上诉", frozenset({"judged"}), "appealed", STAFF, Appeal, effects.appeal),
        T("take_effect", "上诉期满未上诉，裁判生效", frozenset({"judged"}), "effective", HANDLER,
          Note, effects.take_effect, primary=True, guard=guards.effect_refusal),
        T("withdraw", "原告撤诉（准许撤诉裁定）", BEFORE_JUDGMENT, "effective", HANDLER,
          Withdrawal, effects.withdraw),
        T("perform", "记录判决履行情况", frozenset({"effective"}), None, HANDLER, Performance,
          effects.perform, primary=True, guard=guards.perform_refusal),
        T("receive_suggestion", "登记收到的司法建议", OPEN_STATES, None, HANDLER, Suggestion,
          effects.receive_suggestion, guard=guards.suggestion_refusal),
        T("answer_suggestion", "回复司法建议", OPEN_STATES, None, STAFF, SuggestionAnswer,
          effects.answer_suggestion, guard=guards.answer_refusal),
        T("close", "结案归档", frozenset({"effective"}), "closed", HANDLER, Note, effects.close,
          guard=guards.close_refusal),
    ),
))
