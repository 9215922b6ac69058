"""Administrative normative documents (行政规范性文件): the procedures as declared data.

- `normative`: the document's own case, opened by the drafting/issuing agency: draft →
  comment → legality review → collective deliberation → unified registration and
  numbering → publication → filing → in force → expired / repealed / declared invalid.
  The legality review and the filing review are steps of this case taken by the legal
  office and the filing body, which take part in it (`REVIEW_BODY`, `FILING_BODY`): the
  case sits in their inbox while their part is open, with its review clock (5–15 WD) or
  filing-review clock, and its history records each step with the person who took it.
- `normative_suggestion`: a citizen's review suggestion (审查建议) to the legal office, a
  case of its own (the citizen's receipt code, the reply clock).
- `normative_review` and `normative_filing`: the review and filing cases of earlier
  releases, kept only so their (closed) histories read; nothing can be done on them
  (ADR 0022).

Basis: domain/instruments.md §1; 国办发〔2018〕115号 (S2), 国办发〔2018〕37号 (S3),
优化营商环境条例 Arts. 62–64 (S6), 政府信息公开条例 Arts. 20, 26 (S7).
"""

from collections.abc import Callable
from datetime import date
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist
from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases import review
from fazhi.cases.procedure import OPEN, OWNER, Procedure, Transition, register, retired
from fazhi.normative import drafting, filing, guards, legality, publishing, suggestions, validity
from fazhi.normative import models as m
from fazhi.normative.limits import FILING_LIMITS, LIMITS, REVIEW_LIMITS, SINCE, SUGGESTION_LIMITS

STATES = dict(m.STATUSES)
PRE_REVIEW = frozenset({m.DRAFT, m.COMMENTING, m.COMMENT_CLOSED, m.REVISING})
BEFORE_NUMBER = PRE_REVIEW | {m.UNDER_REVIEW, m.REVIEWED, m.DELIBERATED}
LIVE = frozenset({m.PUBLISHED, m.IN_FORCE})
ALL_OPEN = BEFORE_NUMBER | {m.REGISTERED} | LIVE

HANDLER = frozenset({"handler"})
HANDLER_HEAD = frozenset({"handler", "head"})
REVIEWER = frozenset({"reviewer"})
LEGAL_STAFF = frozenset({"reviewer", "handler"})
SYSTEM = frozenset({"system"})  # taken only by the platform itself (tick, cascades)
REVIEW_BODY, FILING_BODY = review.REVIEW_BODY, "filing_body"
PARTIES = {OWNER: "制定机关", REVIEW_BODY: "合法性审核机构", FILING_BODY: "备案审查机关"}
PUBLIC = frozenset({"applicant", "handler"})


def _guard(refusal: Callable[..., str], *, today: bool = False) -> Callable:
    """A transition guard from a refusal check on the document (`guards.*_refusal`)."""
    def check(case, day: date) -> str | None:  # noqa: ANN001 - a cases.Case
        try:
            doc = case.normative
        except ObjectDoesNotExist:
            return None  # no document row: the effect explains
        return (refusal(doc, day) if today else refusal(doc)) or None
    return check


def _strip(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


class Draft(BaseModel):
    title: str = Field(min_length=4, max_length=200, title="标题")
    doc_type: Literal["government", "departmental"] = Field(title="文件类型")
    drafting_unit: str = Field(min_length=2, max_length=100, title="起草单位")
    legal_basis: str = Field(min_length=2, max_length=5000, title="制定依据")
    subject: str = Field(min_length=2, max_length=5000, title="主要内容")
    burdens_rights: bool = Field(default=False, title="涉及减损权利或增加义务")
    market_related: bool = Field(default=False, title="涉及市场主体生产经营活动")
    body: str = Field(min_length=10, max_length=200000, title="正文")
    drafting_explanation: str = Field(min_length=10, max_length=50000, title="起草说明")
    is_provisional: bool = Field(default=False, title="暂行/试行")
    co_issuers: list[str] = Field(default_factory=list, max_length=10, title="联合发文机关代码")

    _strip = field_validator("title", "drafting_unit", "legal_basis", "body",
                             "drafting_explanation")(_strip)

    @model_validator(mode="after")
    def provisional_title(self) -> "Draft":
        named = "暂行" in self.title or "试行" in self.title
        if named and not self.is_provisional:
            self.is_provisional = True  # the title decides: 暂行/试行 documents get the short validity
        return self


class CommentPeriod(BaseModel):
    opens_on: date = Field(title="征求意见开始日")
    closes_on: date = Field(title="征求意见截止日")
    channel: str = Field(default="本平台“意见征集”栏目", max_length=200, title="征求意见渠道")


class CommentExtension(BaseModel):
    """The platform's own step when a loaded holiday notice shortens an open period."""

    closes_on: date = Field(title="顺延后的征求意见截止日")
    reason: str = Field(max_length=500, title="顺延理由")


class Note(BaseModel):
    note: str = Field(default="", max_length=1000, title="说明")


class CommentSummary(BaseModel):
    summary: str = Field(min_length=10, max_length=20000, title="意见采纳情况说明",
                         description="意见总体情况、采纳情况及未采纳的理由")


class ReviewSubmission(BaseModel):
    """S2 二(五): the package — explanation, basis, consultation record, own legality opinion."""

    consultation_record: str = Field(min_length=2, max_length=20000, title="征求意见及采纳情况")
    own_opinion: str = Field(min_length=2, max_length=20000, title="起草单位合法性审查意见")
    other_materials: str = Field(default="", max_length=5000, title="其他材料")


CHECKLIST = {  # S2 二(六): the seven review items
    "c1_issuer": "制定主体是否合法",
    "c2_powers": "是否超越制定机关法定职权",
    "c3_consistent": "内容是否符合宪法、法律、法规、规章和国家政策",
    "c4_no_new_powers": "是否违法设定行政许可、行政处罚、行政强制、行政征收、行政收费等事项",
    "c5_rights": "是否存在没有法律法规依据减损公民、法人和其他组织合法权益或者增加其义务的情形",
    "c6_own_powers": "是否存在没有法律法规依据增加本单位权力或者减少本单位法定职责的情形",
    "c7_procedure": "是否违反规范性文件制定程序",
}
ReviewDecision = review.decision_schema("ReviewDecision", CHECKLIST)


class ReviewOpen(BaseModel):
    """How an earlier release opened a review case (kept for its histories)."""

    review_id: int = Field(title="审核记录")


class ReviewResult(BaseModel):
    """What an earlier release's review case told the document case (kept for histories)."""

    review_case: str = Field(title="审核案件")
    round: int = Field(title="审核轮次")
    outcome: str = Field(title="审核结论")
    reviewer: str = Field(title="审核人")


class Deliberation(BaseModel):
    meeting: str = Field(min_length=2, max_length=200, title="审议会议",
                         description="如：市政府第X次常务会议")
    deliberated_on: date = Field(title="审议日期")
    minutes: str = Field(min_length=2, max_length=20000, title="审议意见（纪要）")
    non_adoption_reasons: str = Field(default="", max_length=20000, title="未采纳审核意见的理由及依据")


class Registration(BaseModel):
    signed_by: str = Field(min_length=2, max_length=40, title="签发人")
    signed_on: date = Field(title="签发日期")


class Publication(BaseModel):
    published_at: date = Field(title="公布日期")
    effective_from: date = Field(title="施行日期")
    channels: str = Field(default="政府网站、政府公报", min_length=2, max_length=200, title="公布渠道")
    interpretation: str = Field(default="", max_length=50000, title="政策解读")
    amends: list[str] = Field(default_factory=list, max_length=20, title="修改的文件（发文字号）")
    repeals: list[str] = Field(default_factory=list, max_length=50, title="废止的文件（发文字号）")
    replaces: list[str] = Field(default_factory=list, max_length=20, title="替代的文件（发文字号）")

    @model_validator(mode="after")
    def dates(self) -> "Publication":
        if self.effective_from < self.published_at:
            raise ValueError("施行日期不能早于公布日期")
        return self


class FilingSubmission(BaseModel):
    filed_on: date = Field(title="报备日期")
    note: str = Field(default="", max_length=2000, title="报备说明")


class FilingNote(BaseModel):
    """What an earlier release's filing case told the document case (kept for histories)."""

    filing_case: str = Field(title="备案审查案件")
    event: str = Field(title="进展")
    detail: str = Field(default="", title="内容")


class EndOfValidity(BaseModel):
    reason: str = Field(min_length=2, max_length=5000, title="理由")
    effective_on: date = Field(title="生效日期")
    cited_as: str = Field(default="", max_length=200, title="依据（决定文号）")


class Expiry(BaseModel):
    valid_until: date = Field(title="有效期至")


class LinkTakesEffect(BaseModel):
    link_id: int = Field(title="文件关系记录")
    kind: str = Field(title="关系")
    source: str = Field(title="依据文件")
    effective_on: date = Field(title="生效日期")


class Withdrawal(BaseModel):
    reason: str = Field(min_length=2, max_length=1000, title="撤回理由")


# -- filing case -----------------------------------------------------------------
class FilingOpen(BaseModel):
    """How an earlier release opened a filing case (kept for its histories)."""

    filing_id: int = Field(title="备案记录")
    filed_on: date = Field(title="报备日期")


class FormalCheck(BaseModel):
    checked_on: date = Field(title="形式审查日期")


class FilingReturn(BaseModel):
    checked_on: date = Field(title="形式审查日期")
    reasons: str = Field(min_length=4, max_length=5000, title="退回理由",
                         description="如：材料不齐全、不属于备案范围")


class FilingApproval(BaseModel):
    reviewed_on: date = Field(title="审查完成日期")
    opinion: str = Field(min_length=2, max_length=20000, title="审查意见")


class CorrectionDemand(BaseModel):
    reviewed_on: date = Field(title="审查完成日期")
    opinion: str = Field(min_length=2, max_length=20000, title="审查意见")
    demand: str = Field(min_length=4, max_length=20000, title="纠正要求",
                        description="存在的问题及要求制定机关自行纠正的事项")


class CorrectionReport(BaseModel):
    corrected_on: date = Field(title="纠正完成日期")
    report: str = Field(min_length=4, max_length=20000, title="纠正情况报告")


class Revocation(BaseModel):
    decided_on: date = Field(title="决定日期")
    reason: str = Field(min_length=4, max_length=5000, title="理由")
    cited_as: str = Field(min_length=2, max_length=200, title="撤销决定文号")


# -- suggestion case ---------------------------------------------------------------
class Suggestion(BaseModel):
    document_id: int = Field(title="文件")
    suggester_name: str = Field(min_length=1, max_length=100, title="建议人")
    contact: str = Field(min_length=5, max_length=100, title="联系方式")
    grounds: str = Field(min_length=10, max_length=20000, title="建议审查的理由",
                         description="认为文件哪些内容违法及理由")

    _strip = field_validator("suggester_name", "contact", "grounds")(_strip)


class SuggestionAnswer(BaseModel):
    finding: Literal["lawful", "unlawful", "not_accepted"] = Field(title="审查结论")
    answer: str = Field(min_length=10, max_length=20000, title="答复内容")


# Payload keys the effects record beyond the schemas (shown in the workspace history).
PAYLOAD_LABELS = {
    "document": "文件案件", "round": "审核轮次", "review_case": "审核案件",
    "reviewer_agency": "审核机构", "comments": "意见数（经审核）", "counts": "意见处理情况",
    "doc_no": "发文字号", "registration_no": "统一登记号", "disclosure_index_no": "索引号",
    "valid_until": "有效期至", "links": "修改、废止、替代的文件", "filing_case": "备案审查案件",
    "filed_with": "备案审查机关", "due_on": "报备期限", "late": "逾期报备", "note": "说明",
    "burdens_rights": "涉及减损权利或增加义务", "market_related": "涉及市场主体生产经营活动",
    "warning": "提示", "earliest_on": "最早可出具审核意见日期",
}

LABELS = {
    "doc_type": dict(m.DOC_TYPES),
    "counts": dict(m.HANDLING),
    "kind": dict(m.LINK_KINDS),
    "links": dict(m.LINK_KINDS),
    "result": {"conforming": "审查通过", "correction": "要求纠正"},
    "finding": {"lawful": "未发现违法", "unlawful": "存在违法情形，已要求纠正",
                "not_accepted": "不属于审查范围"},
    **review.labels(CHECKLIST),
}


def _filing(action: str, label: str, wanted: tuple[str, ...], schema: type[BaseModel],
            effect: Callable, **more) -> Transition:
    """A step of the filing review (备案审查), taken by the filing body's staff while the
    current filing is in one of the `wanted` statuses."""
    def guard(case, day: date) -> str | None:  # noqa: ANN001 - a cases.Case
        return guards.filing_refusal(case.normative, wanted, label) or None

    return Transition(action, label, LIVE, more.pop("dst", None), LEGAL_STAFF, schema, effect,
                      guard=guard, parties=frozenset({FILING_BODY}), **more)


NORMATIVE = register(Procedure(
    code="normative", version="2019", title="行政规范性文件制定", effective_from=SINCE,
    number_prefix="GF", states=STATES, labels=LABELS, limits=LIMITS | REVIEW_LIMITS | FILING_LIMITS,
    final=frozenset({m.EXPIRED, m.REPEALED, m.INVALID, m.WITHDRAWN}),
    outcomes={m.EXPIRED: "有效期届满失效", m.REPEALED: "废止", m.INVALID: "宣布失效",
              m.WITHDRAWN: "撤回"},
    parties=PARTIES,
    detail="normative",
    transitions=(
        Transition(OPEN, "登记文件草案", frozenset({""}), m.DRAFT, HANDLER, Draft,
                   drafting.register_draft),
        Transition("revise", "修改草案", PRE_REVIEW - {m.COMMENTING}, None, HANDLER, Draft,
                   drafting.revise),
        Transition("open_comment", "公开征求意见", frozenset({m.DRAFT, m.REVISING}), m.COMMENTING,
                   HANDLER, CommentPeriod, drafting.open_comment),
        Transition("extend_comment", "顺延征求意见截止日", frozenset({m.COMMENTING}), None,
                   SYSTEM, CommentExtension, drafting.extend_comment),
        Transition("close_comment", "结束征求意见", frozenset({m.COMMENTING}), m.COMMENT_CLOSED,
                   HANDLER | SYSTEM, Note, drafting.close_comment,
                   guard=_guard(guards.close_comment_refusal, today=True)),
        Transition("publish_comment_summary", "公布意见采纳情况",
                   frozenset({m.COMMENT_CLOSED, m.REVISING, m.UNDER_REVIEW, m.REVIEWED,
                              m.DELIBERATED, m.REGISTERED}), None, HANDLER, CommentSummary,
                   drafting.publish_comment_summary,
                   guard=_guard(guards.comment_summary_refusal)),
        Transition("submit_review", "报送合法性审核", PRE_REVIEW, m.UNDER_REVIEW, HANDLER,
                   ReviewSubmission, legality.submit_review, primary=True,
                   guard=_guard(guards.submit_review_refusal)),
        Transition("decide", "出具审核意见", frozenset({m.UNDER_REVIEW}),
                   frozenset({m.REVIEWED, m.REVISING}), REVIEWER, ReviewDecision,
                   legality.review_decide, primary=True, parties=frozenset({REVIEW_BODY})),
        retired("review_passed", "合法性审核通过", ReviewResult),
        retired("review_failed", "合法性审核未通过，退回修改", ReviewResult),
        Transition("deliberate", "记录集体审议", BEFORE_NUMBER, m.DELIBERATED, HANDLER_HEAD,
                   Deliberation, publishing.deliberate, primary=True,
                   guard=_guard(guards.deliberate_refusal)),
        Transition("register", "统一登记编号", BEFORE_NUMBER, m.REGISTERED, HANDLER,
                   Registration, publishing.register_number, primary=True,
                   guard=_guard(guards.register_refusal)),
        # in force at once when the effective date has come: no day as "published" only
        Transition("publish", "统一发布", BEFORE_NUMBER | {m.REGISTERED},
                   frozenset({m.PUBLISHED, m.IN_FORCE}), HANDLER, Publication,
                   publishing.publish_document, primary=True, guard=_guard(guards.publish_refusal)),
        Transition("take_effect", "施行", frozenset({m.PUBLISHED}), m.IN_FORCE, SYSTEM, Note,
                   publishing.take_effect, guard=_guard(guards.take_effect_refusal, today=True)),
        Transition("file", "报送备案", LIVE, None, HANDLER, FilingSubmission, filing.file,
                   guard=_guard(guards.file_refusal)),
        _filing("receive", "形式审查合格，登记", ("submitted",), FormalCheck,
                filing.filing_receive, primary=True),
        _filing("return_filing", "退回", ("submitted",), FilingReturn, filing.filing_return),
        _filing("approve", "审查通过", ("received",), FilingApproval, filing.filing_approve,
                primary=True),
        _filing("demand_correction", "要求纠正", ("received",), CorrectionDemand,
                filing.filing_demand),
        _filing("record_correction", "记录纠正情况", ("correction",), CorrectionReport,
                filing.filing_corrected, primary=True),
        _filing("revoke", "提请撤销", ("correction",), Revocation, filing.filing_revoke,
                dst=m.INVALID, outcome=m.INVALID),
        retired("filing_note", "备案审查进展", FilingNote),
        Transition("amended_by", "被修改", LIVE, None, SYSTEM, LinkTakesEffect,
                   publishing.amended_by),
        Transition("repealed_by", "被废止/替代", LIVE, m.REPEALED, SYSTEM, LinkTakesEffect,
                   publishing.repealed_by, outcome=m.REPEALED),
        Transition("repeal", "废止", LIVE, m.REPEALED, HANDLER_HEAD | SYSTEM, EndOfValidity,
                   validity.repeal, outcome=m.REPEALED),
        Transition("declare_invalid", "宣布失效", LIVE, m.INVALID, HANDLER_HEAD | SYSTEM,
                   EndOfValidity, validity.declare_invalid, outcome=m.INVALID),
        Transition("expire", "有效期届满失效", frozenset({m.IN_FORCE, m.PUBLISHED}), m.EXPIRED,
                   SYSTEM, Expiry, validity.expire, outcome=m.EXPIRED,
                   guard=_guard(guards.expire_refusal, today=True)),
        Transition("withdraw", "撤回草案", PRE_REVIEW | {m.REVIEWED, m.DELIBERATED}, m.WITHDRAWN,
                   HANDLER_HEAD, Withdrawal, validity.withdraw, outcome=m.WITHDRAWN),
    ),
))

# The review and filing cases of earlier releases (ADR 0006), closed or moved into their
# document's case by migration normative.0007 (state "transferred"): declared so their
# histories keep their labels; nothing can be done on them any more.
TRANSFERRED = {"transferred": "已并入文件案件办理"}
REVIEW = register(Procedure(
    code="normative_review", version="2019", title="规范性文件合法性审核", effective_from=SINCE,
    number_prefix="HFSH", states={"reviewing": "审核中", "decided": "已出具审核意见", **TRANSFERRED},
    labels=LABELS, limits=REVIEW_LIMITS, final=frozenset({"decided", "transferred"}),
    outcomes=dict(m.REVIEW_OUTCOMES),
    transitions=(
        retired(OPEN, "收到送审材料", ReviewOpen),
        retired("decide", "出具审核意见", ReviewDecision),
        retired("transfer", "并入文件案件办理", Note),
    ),
))

FILING = register(Procedure(
    code="normative_filing", version="2019", title="规范性文件备案审查", effective_from=SINCE,
    number_prefix="BA", labels=LABELS, limits=FILING_LIMITS,
    states={"submitted": "待形式审查", "received": "已登记，审查中", "returned": "已退回",
            "conforming": "审查通过", "correction": "待纠正", "corrected": "已纠正",
            "revoked": "已撤销", **TRANSFERRED},
    final=frozenset({"returned", "conforming", "corrected", "revoked", "transferred"}),
    outcomes={"returned": "退回", "conforming": "审查通过", "corrected": "已纠正", "revoked": "撤销"},
    transitions=(
        retired(OPEN, "收到备案", FilingOpen),
        retired("receive", "形式审查合格，登记", FormalCheck),
        retired("return_filing", "退回", FilingReturn),
        retired("approve", "审查通过", FilingApproval),
        retired("demand_correction", "要求纠正", CorrectionDemand),
        retired("record_correction", "记录纠正情况", CorrectionReport),
        retired("revoke", "提请撤销", Revocation),
        retired("transfer", "并入文件案件办理", Note),
    ),
))

SUGGESTION = register(Procedure(
    code="normative_suggestion", version="2019", title="规范性文件审查建议", effective_from=SINCE,
    number_prefix="SCJY", labels=LABELS, limits=SUGGESTION_LIMITS,
    states={"received": "办理中", "answered": "已答复"}, final=frozenset({"answered"}),
    outcomes={"lawful": "未发现违法", "unlawful": "存在违法情形", "not_accepted": "不属于审查范围"},
    detail="normative_suggestion",
    transitions=(
        Transition(OPEN, "收到审查建议", frozenset({""}), "received", PUBLIC | SYSTEM, Suggestion,
                   suggestions.suggestion_opened),
        Transition("answer", "答复建议人", frozenset({"received"}), "answered", LEGAL_STAFF,
                   SuggestionAnswer, suggestions.suggestion_answer, primary=True),
    ),
))
