"""Transfer of a suspected crime to criminal justice (两法衔接) as a declared procedure.

Basis: 《行政执法机关移送涉嫌犯罪案件的规定》 (国务院令第310号, revised by 国务院令第730号,
2020-08-07); domain/addendum-2026-12.md §A. The enforcement agency owns the case; the
public-security organ (part "police") decides on opening a criminal case; the
procuratorate (part "procuratorate") supervises every transfer and, when asked, the
filing decision (立案监督).
"""

from typing import Literal

from pydantic import BaseModel, Field

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.transfers import effects as e
from fazhi.transfers.limits import LIMITS, SINCE

CODE = "transfer"
HANDLER = frozenset({"handler"})
HEAD = frozenset({"head"})
LIAISON = frozenset({e.POLICE_LIAISON})
PROCURATOR = frozenset({e.PROCURATOR})
POLICE_PART = frozenset({e.POLICE})
PROCURATORATE_PART = frozenset({e.PROCURATORATE})

STATES = {
    "reported": "待负责人审批",
    "approved": "已批准待移送",
    "not_approved": "不予批准移送",
    "transferred": "已移送待立案审查",
    "filed": "公安机关已立案待移交",
    "refused": "公安机关不予立案",
    "reconsidering": "提请复议中",
    "refusal_upheld": "复议维持不予立案",
    "supervising": "检察院立案监督中",
    "handed_over": "已移交涉案物品",
    "closed_refused": "不予立案已结案",
}
DECIDED = frozenset(STATES) - {"reported"}  # the head has decided (settled)


class Report(BaseModel):
    report: str = Field(min_length=10, max_length=5000, title="移送涉嫌犯罪案件的书面报告")
    officers: list[str] = Field(min_length=2, max_length=10, title="专案组成员（2名以上行政执法人员）")
    source_id: int | None = Field(default=None, title="来源案件（内部编号）")
    source_reference: str = Field(default="", max_length=100, title="来源案件编号")
    violation_code: str = Field(default="", max_length=40, title="违法行为代码")
    suspicion: list[str] = Field(default_factory=list, max_length=20, title="涉嫌犯罪理由")
    police_code: str = Field(default="", max_length=20, title="公安机关代码")


class Opinion(BaseModel):
    opinion: str = Field(default="", max_length=1000, title="审批意见")


class Reasons(BaseModel):
    reasons: str = Field(min_length=4, max_length=2000, title="理由")


class Package(BaseModel):
    letter_number: str = Field(min_length=1, max_length=60, title="涉嫌犯罪案件移送书文号")
    items: list[str] = Field(default_factory=list, max_length=200, title="涉案物品清单")


class Filing(BaseModel):
    criminal_case_number: str = Field(default="", max_length=60, title="立案决定书文号")


class Refusal(BaseModel):
    reasons: str = Field(min_length=4, max_length=2000, title="不予立案理由")
    materials_returned: bool = Field(default=False, title="已相应退回案卷材料")


class Note(BaseModel):
    note: str = Field(default="", max_length=1000, title="说明")


class Handling(BaseModel):
    handling: str = Field(min_length=2, max_length=1000, title="依法处理情况")


class Supervision(BaseModel):
    result: Literal["filed", "upheld"] = Field(title="监督结果")
    opinion: str = Field(min_length=2, max_length=2000, title="监督意见")
    criminal_case_number: str = Field(default="", max_length=60, title="立案决定书文号")


class Handover(BaseModel):
    items: list[str] = Field(default_factory=list, max_length=200, title="移交的涉案物品")
    receipt: str = Field(min_length=1, max_length=100, title="交接手续（签收人或回执编号）")


TRANSFER = register(Procedure(
    code=CODE, version="2020", title="涉嫌犯罪案件移送", effective_from=SINCE,
    number_prefix="YS", states=STATES, limits=LIMITS, detail="transfer",
    final=frozenset({"not_approved", "handed_over", "closed_refused"}),
    outcomes={"not_approved": "不予批准移送", "filed": "公安机关已立案", "refused": "公安机关不予立案"},
    parties={e.POLICE: "公安机关", e.PROCURATORATE: "人民检察院"},
    labels={"result": {"filed": "公安机关已立案", "upheld": "维持不予立案"}},
    transitions=(
        Transition(OPEN, "组成专案组并报告", frozenset({""}), "reported", HANDLER, Report, e.report),
        Transition("approve", "批准移送", frozenset({"reported"}), "approved", HEAD, Opinion,
                   e.approve, primary=True),
        Transition("not_approve", "不批准移送", frozenset({"reported"}), "not_approved", HEAD,
                   Reasons, e.not_approve, outcome="not_approved"),
        Transition("send", "向公安机关移送", frozenset({"approved"}), "transferred", HANDLER,
                   Package, e.send, primary=True),
        Transition("police_file", "决定立案", frozenset({"transferred"}), "filed", LIAISON,
                   Filing, e.police_file, primary=True, parties=POLICE_PART),
        Transition("police_refuse", "决定不予立案", frozenset({"transferred"}), "refused", LIAISON,
                   Refusal, e.police_refuse, parties=POLICE_PART),
        Transition("request_reconsideration", "提请复议", frozenset({"refused"}), "reconsidering",
                   HANDLER, Note, e.request_reconsideration, guard=e.reconsider_window),
        Transition("reconsider_file", "复议决定立案", frozenset({"reconsidering"}), "filed",
                   LIAISON, Filing, e.reconsider_file, primary=True, parties=POLICE_PART),
        Transition("reconsider_refuse", "复议维持不予立案", frozenset({"reconsidering"}),
                   "refusal_upheld", LIAISON, Reasons, e.reconsider_refuse, parties=POLICE_PART),
        Transition("request_supervision", "建议检察院立案监督",
                   frozenset({"refused", "refusal_upheld"}), "supervising", HANDLER, Note,
                   e.request_supervision, guard=e.supervision_window),
        Transition("supervise", "记录立案监督结果", frozenset({"supervising"}),
                   frozenset({"filed", "closed_refused"}), PROCURATOR, Supervision, e.supervise,
                   primary=True, parties=PROCURATORATE_PART),
        Transition("close_refused", "依法处理并结案", frozenset({"refused", "refusal_upheld"}),
                   "closed_refused", HANDLER, Handling, e.close_refused, outcome="refused"),
        Transition("hand_over", "移交涉案物品", frozenset({"filed"}), "handed_over", HANDLER,
                   Handover, e.hand_over, primary=True, outcome="filed"),
    ),
))
