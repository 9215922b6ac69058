"""The administrative penalty procedure, general (行政处罚普通程序), as declared data.

Basis: 《行政处罚法》 (revised 2021, in force 2021-07-15), Chapter 5 Section 3 and Chapters
6–7; 国办发〔2018〕118号 (the three enforcement systems); the SAMR procedure and publicity
rules as the sector example (domain/procedures.md §3.1, §3.3, §4). Every gate is a guard or
an effect refusal run by the engine, so no direct API call can skip one.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases import review
from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.cases.signals import CHALLENGE_LABELS
from fazhi.enforcement import effects, guards, records
from fazhi.enforcement import models as m
from fazhi.enforcement.config import RECORD_STEPS
from fazhi.enforcement.documents import TEMPLATES
from fazhi.enforcement.limits import IN_FORCE, LIMITS

STATES = {
    "lead": "线索核查中", "investigating": "调查中", "investigated": "调查终结待审查",
    "proposed": "拟处罚待告知", "notified": "已告知待陈述申辩", "hearing_requested": "已申请听证",
    "hearing_scheduled": "已安排听证", "heard": "已听证", "under_review": "法制审核中",
    "review_failed": "法制审核未通过", "reviewed": "法制审核通过", "decided": "已作出处罚决定",
    "served": "已送达待履行", "overdue": "逾期未缴纳", "enforcing": "已催告",
    "court": "已申请法院强制执行", "paid": "已缴纳罚款", "revoked": "决定已撤销待撤回公示",
    "closed": "已结案",
}
OUTCOMES = {"penalised": "作出行政处罚决定", "no_penalty_minor": "违法行为轻微不予行政处罚",
            "no_penalty_unfounded": "违法事实不能成立不予行政处罚", "transferred": "移送司法机关",
            "not_opened": "不予立案", "revoked": "处罚决定被撤销"}
BEFORE_DECISION = frozenset({"investigating", "investigated", "proposed", "notified",
                             "hearing_requested", "hearing_scheduled", "heard", "under_review",
                             "review_failed", "reviewed"})
DECIDED = frozenset({"decided", "served", "overdue", "enforcing", "court", "paid"})
UNPAID = frozenset({"served", "overdue", "enforcing", "court"})

HANDLER = frozenset({"handler"})
HEAD = frozenset({"head"})
REVIEWER = frozenset({"reviewer"})
PARTY = frozenset({"applicant", "handler"})  # online by the party, or recorded by staff
SYSTEM_HANDLER = frozenset({"handler", "system"})
Kind = Literal["warning", "criticism", "fine", "confiscate_income", "confiscate_property",
               "suspend_permit", "lower_grade", "revoke_permit", "restrict_activity",
               "order_suspension", "order_closure", "restrict_employment", "detention"]
Money = Decimal


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


class Lead(BaseModel):
    party_type: Literal["natural", "organisation"] = Field(title="当事人类型")
    party_name: str = Field(min_length=1, max_length=200, title="当事人")
    party_id: str = Field(min_length=6, max_length=40, title="统一社会信用代码/身份证件号码")
    party_birth_date: date | None = Field(default=None, title="出生日期",
                                          description="当事人为自然人的填写（《行政处罚法》第三十条）")
    party_contact: str = Field(default="", max_length=100, title="联系方式")
    violation_code: str = Field(min_length=1, max_length=40, title="违法行为代码",
                                description="权责清单中的执法事项编码")
    violation: str = Field(min_length=2, max_length=500, title="涉嫌违法行为")
    legal_basis: str = Field(min_length=2, max_length=500, title="违反的规定及处罚依据")
    category: str = Field(default="", max_length=40, title="执法类别",
                          description="办案人员执法证须含此类别；可在立案时确定")
    sector: str = Field(default="", max_length=40, title="执法领域")
    source: Literal["inspection", "complaint", "transfer", "other"] = Field(title="线索来源")
    referral_id: int | None = Field(default=None, title="检查移交记录")
    act_date: date = Field(title="违法行为发生日期")
    act_ended_on: date | None = Field(default=None, title="违法行为终了日期",
                                      description="连续或者继续状态的，填写行为终了之日（第三十六条第二款）")
    life_health_finance: bool = Field(default=False, title="涉及生命健康安全、金融安全且有危害后果")

    _strip = field_validator("party_name", "violation", "legal_basis")(_text)

    @model_validator(mode="after")
    def dates(self) -> "Lead":
        if self.act_ended_on is not None and self.act_ended_on < self.act_date:
            raise ValueError("违法行为终了日期不能早于发生日期")
        if self.party_type == "organisation" and self.party_birth_date is not None:
            raise ValueError("当事人为法人或者其他组织的，不填出生日期")
        return self


class LeadIntake(Lead):
    """A lead registered by staff: the day it was discovered or received starts the
    verification clock and ends the limitation period's count (第三十六条)."""

    discovered_on: date = Field(title="发现线索或者收到材料日期")


class Reason(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, title="理由")


class Opening(BaseModel):
    violation_code: str = Field(default="", max_length=40, title="违法行为代码",
                                description="线索登记时未确定的，立案时确定")
    category: str = Field(default="", max_length=40, title="执法类别")
    officer_ids: list[int] = Field(min_length=1, max_length=10, title="办案人员",
                                   description="不少于两名持有效执法证的执法人员（第四十二条）")
    note: str = Field(default="", max_length=2000, title="立案意见")


class Recusal(BaseModel):
    officer_id: int = Field(title="申请回避的执法人员")
    granted: bool = Field(title="决定回避")
    replacement_id: int | None = Field(default=None, title="接替的执法人员")
    reason: str = Field(min_length=2, max_length=2000, title="回避申请理由及决定")


class Investigation(BaseModel):
    kind: Literal["inquiry", "inspection", "sampling", "other"] = Field(title="调查取证方式")
    officer_ids: list[int] = Field(min_length=1, max_length=10, title="调查人员")
    summary: str = Field(min_length=2, max_length=20000, title="笔录摘要")


class Preservation(BaseModel):
    officer_ids: list[int] = Field(min_length=1, max_length=10, title="执法人员")
    items: str = Field(min_length=2, max_length=5000, title="先行登记保存的证据")


class PreservedDecision(BaseModel):
    way: Literal["release", "seize", "other"] = Field(title="处理决定")
    note: str = Field(default="", max_length=2000, title="说明")
    items: list[str] = Field(default_factory=list, max_length=200, title="查封扣押财物清单",
                             description="依法查封扣押的，每行一件：名称及特征；数量；单位；估值（元，可空）；存放位置（可空）"
                                         "（《行政强制法》第二十四条）")


class Findings(BaseModel):
    amount_involved: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                                          title="涉案货值金额（元）")
    illegal_income: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                                         title="违法所得（元）")
    duration_days: int = Field(default=0, ge=0, le=36500, title="违法持续天数")
    harm: Literal["none", "minor", "serious"] = Field(title="危害后果")
    first_offence: bool = Field(default=False, title="初次违法")
    corrected: bool = Field(default=False, title="及时改正")
    cooperated: bool = Field(default=False, title="配合调查")
    summary: str = Field(min_length=2, max_length=20000, title="调查终结报告")


class Conclusion(BaseModel):
    """第五十七条: the head's four ways at the end of investigation."""

    way: Literal["penalise", "no_penalty_minor", "no_penalty_unfounded", "transferred"] = Field(
        title="审查决定")
    fine: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                               title="拟罚款金额（元）")
    kinds: list[Kind] = Field(default_factory=list, title="拟处罚种类")
    reasons: str = Field(min_length=2, max_length=20000, title="事实、理由及依据")
    deviation_reasons: str = Field(default="", max_length=5000, title="偏离裁量基准的理由")

    @model_validator(mode="after")
    def penalty_given(self) -> "Conclusion":
        if self.way == "penalise" and not self.fine and not self.kinds:
            raise ValueError("拟给予行政处罚的，须填写罚款金额或处罚种类")
        return self


class Proposal(BaseModel):
    fine: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                               title="拟罚款金额（元）")
    kinds: list[Kind] = Field(default_factory=list, title="拟处罚种类")
    reasons: str = Field(min_length=2, max_length=20000, title="修改理由")
    deviation_reasons: str = Field(default="", max_length=5000, title="偏离裁量基准的理由")


class Notice(BaseModel):
    served_on: date = Field(title="告知书送达日期")
    content: str = Field(default="", max_length=20000, title="告知内容")


class Statement(BaseModel):
    statement: str = Field(min_length=2, max_length=20000, title="陈述、申辩意见")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


class HearingSchedule(BaseModel):
    notified_on: date = Field(title="听证通知送达日期")
    hearing_on: date = Field(title="听证日期")
    presiding: str = Field(min_length=2, max_length=40, title="听证主持人")
    presiding_officer_id: int | None = Field(default=None, title="主持人执法人员编号",
                                             description="主持人为执法人员的填写；不得为本案调查人员")
    public: bool = Field(default=True, title="公开举行",
                         description="涉及国家秘密、商业秘密或者个人隐私依法予以保密的除外")


class HearingRecord(BaseModel):
    record_no: str = Field(min_length=2, max_length=60, title="听证笔录编号")
    summary: str = Field(min_length=2, max_length=20000, title="听证情况")
    party_attended: bool = Field(default=True, title="当事人到场")


CHECKLIST = {  # §4.3 review content (118号, as restated locally)
    "c1_competence": "执法主体是否合法、执法人员是否具备执法资格",
    "c2_party": "当事人认定是否准确",
    "c3_facts": "事实是否清楚、证据是否合法充分",
    "c4_law": "适用法律是否准确",
    "c5_procedure": "程序是否合法",
    "c6_discretion": "裁量基准运用是否适当",
    "c7_authority": "是否超越职权",
    "c8_documents": "执法文书是否规范齐备",
    "c9_crime": "是否涉嫌犯罪需要移送司法机关",
}
ReviewDecision = review.decision_schema("PenaltyReviewDecision", CHECKLIST)


class Decision(BaseModel):
    fine: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                               title="罚款金额（元）")
    kinds: list[Kind] = Field(default_factory=list, title="处罚种类")
    reasons: str = Field(min_length=2, max_length=20000, title="违法事实、证据及处罚理由")
    deviation_reasons: str = Field(default="", max_length=5000, title="偏离裁量基准的理由")
    collective: bool = Field(default=False, title="经负责人集体讨论",
                             description="情节复杂或者重大违法行为给予行政处罚的（第五十七条第二款）")

    @model_validator(mode="after")
    def penalty_given(self) -> "Decision":
        if not self.fine and not self.kinds:
            raise ValueError("处罚决定须写明罚款金额或处罚种类")
        return self


class Service(BaseModel):
    served_on: date = Field(title="送达日期")
    channel: Literal["on_the_spot", "direct", "post", "electronic", "notice"] = Field(
        title="送达方式", description="电子送达须经当事人同意并签订确认书（第六十一条第二款）")


class Revocation(BaseModel):
    by: Literal["reconsideration", "litigation", "self"] = Field(title="撤销或变更途径")
    reason: str = Field(min_length=2, max_length=2000, title="理由")


class Remedy(BaseModel):
    kind: Literal["reconsideration", "litigation"] = Field(title="救济途径")
    started: bool = Field(title="开始（否为终结）")
    on: date = Field(title="日期")


class Payment(BaseModel):
    paid_on: date = Field(title="缴款日期")
    amount: Money = Field(gt=0, max_digits=14, decimal_places=2, title="缴纳金额（元）",
                          description="罚款及加处罚款")


class Demand(BaseModel):
    served_on: date = Field(title="催告书送达日期")


class Court(BaseModel):
    court: str = Field(min_length=2, max_length=100, title="申请执行的人民法院")


LABELS = {
    "party_type": dict(m.PARTY_TYPES), "source": dict(m.SOURCES), "kinds": m.KINDS,
    "way": {**OUTCOMES, "penalise": "给予行政处罚", "release": "解除登记保存", "seize": "依法查封扣押",
            "other": "其他处理"},
    "kind": {"inquiry": "询问", "inspection": "现场检查", "sampling": "抽样取证", "other": "其他",
             "reconsideration": "行政复议", "litigation": "行政诉讼",
             **dict(m.RECORD_KINDS)},
    "step": RECORD_STEPS, "retention": dict(m.RETENTION),
    "harm": {"none": "无危害后果", "minor": "危害后果轻微", "serious": "危害后果严重"},
    "channel": {"on_the_spot": "当场交付", "direct": "直接送达", "post": "邮寄送达",
                "electronic": "电子送达", "notice": "公告送达"},
    "by": {"reconsideration": "行政复议", "litigation": "行政诉讼", "self": "本机关自行纠正"},
    **review.labels(CHECKLIST),
}
PAYLOAD_LABELS = {
    "tier": "裁量基准档次", "deviation": "偏离裁量基准情况", "review_required": "须经法制审核",
    "suspicion": "涉嫌犯罪情形", "exemption": "免罚清单", "hearing_eligible": "可申请听证",
    "decision_no": "处罚决定书文号", "benchmark_version": "裁量基准版本",
    "hearing_record": "所依据的听证笔录", "on_time": "按期公示", "surcharge": "加处罚款（元）",
    "records": "所依据的音像记录（SHA-256）", "custody": "登记入库的涉案财物编号",
    "transfer": "移送案件编号", "record": "记录编号", "step": "所属环节", "title": "记录名称",
    "device": "记录设备", "started_at": "开始时间", "stopped_at": "结束时间", "officers": "执法人员",
    "filename": "文件名", "sha256": "SHA-256", "size": "文件大小（字节）",
    "archive_ref": "音像档案存放位置", "retention": "保存期限", "kind": "记录类型",
    "record:written": "登记文字记录", "record:audio": "登记音频记录", "record:video": "登记视频记录",
    **CHALLENGE_LABELS,  # a penalty challenged in court (行政应诉)
}


def _archive_refusal(case, today: date) -> str | None:  # noqa: ANN001 - a cases.Case
    p = guards.penalty(case)
    if p is not None and case.state == "served" and p.fine and p.paid_on is None:
        return "罚款尚未缴纳，不能结案"
    return guards.archive_refusal(case, today)


T = Transition
PENALTY = register(Procedure(
    code="penalty", version="2021", title="行政处罚（普通程序）", effective_from=IN_FORCE,
    number_prefix="XZCF", states=STATES, final=frozenset({"closed"}), outcomes=OUTCOMES,
    limits=LIMITS, labels=LABELS, detail="penalty", documents=TEMPLATES,
    transitions=(
        T(OPEN, "登记案件线索", frozenset({""}), "lead", HANDLER | SYSTEM_HANDLER, Lead,
          effects.register_lead),
        T("extend_verification", "延长核查期限", frozenset({"lead"}), None, HEAD, Reason,
          effects.extend_verification),
        T("initiate", "批准立案", frozenset({"lead"}), "investigating", HEAD, Opening, effects.open_case,
          primary=True),
        T("decline", "不予立案", frozenset({"lead"}), "closed", HEAD, Reason, effects.decline,
          outcome="not_opened"),
        T("recuse", "决定回避申请", frozenset({"investigating"}), None, HEAD, Recusal,
          effects.recuse),
        T("record_investigation", "记录调查取证", frozenset({"investigating"}), None, HANDLER,
          Investigation, effects.record_investigation),
        T("preserve", "先行登记保存证据", frozenset({"investigating"}), None, HEAD, Preservation,
          effects.preserve, guard=records.guard("preserve")),
        T("decide_preserved", "对登记保存的证据作出处理决定", frozenset({"investigating"}), None,
          HEAD, PreservedDecision, effects.decide_preserved),
        T("end_investigation", "调查终结", frozenset({"investigating"}), "investigated", HANDLER,
          Findings, effects.end_investigation, primary=True),
        T("conclude", "负责人审查决定", frozenset({"investigated"}), frozenset({"proposed", "closed"}),
          HEAD, Conclusion, effects.conclude, primary=True),
        T("extend_decision", "延长办案期限", BEFORE_DECISION, None, HEAD, Reason,
          effects.extend_decision),
        T("notify", "送达行政处罚事先告知书", frozenset({"proposed"}), "notified", HANDLER, Notice,
          effects.notify, primary=True),
        T("defend", "提出陈述、申辩", frozenset({"notified"}), None, PARTY, Statement, effects.defend,
          guard=guards.defence_refusal),
        T("waive", "放弃陈述、申辩和听证", frozenset({"notified"}), None, PARTY, Note, effects.waive,
          guard=guards.defence_refusal),
        T("request_hearing", "申请听证", frozenset({"notified"}), frozenset({"hearing_requested"}),
          PARTY, Note, effects.request_hearing, guard=guards.hearing_request_refusal),
        T("schedule_hearing", "安排听证", frozenset({"hearing_requested"}), "hearing_scheduled",
          HANDLER, HearingSchedule, effects.schedule_hearing, primary=True),
        T("record_hearing", "记录听证", frozenset({"hearing_scheduled"}), "heard", HANDLER,
          HearingRecord, effects.record_hearing, primary=True),
        T("submit_review", "送法制审核", frozenset({"notified", "heard"}), "under_review", HANDLER,
          Note, effects.submit_review, primary=True, guard=guards.review_submit_refusal),
        T("decide_review", "出具法制审核意见", frozenset({"under_review"}),
          frozenset({"reviewed", "review_failed"}), REVIEWER, ReviewDecision,
          effects.decide_review, primary=True),
        T("revise_proposal", "修改拟处罚意见", frozenset({"review_failed"}), "proposed", HEAD,
          Proposal, effects.revise_proposal, primary=True),
        T("decide", "作出行政处罚决定", frozenset({"notified", "heard", "reviewed"}), "decided", HEAD,
          Decision, effects.decide, primary=True, guard=guards.decide_refusal),
        T("serve", "送达行政处罚决定书", frozenset({"decided"}), "served", HANDLER, Service,
          effects.serve, primary=True),
        T("publish", "公示处罚决定", DECIDED, None, HANDLER, Note, effects.publish,
          guard=guards.publish_refusal),
        T("revoke", "处罚决定被撤销或变更", DECIDED, frozenset({"revoked", "closed"}), HEAD,
          Revocation, effects.revoke),
        T("withdraw_publicity", "撤回公示信息", frozenset({"revoked"}), "closed", HANDLER, Reason,
          effects.withdraw_publicity, primary=True, outcome="revoked",
          guard=guards.withdraw_refusal),
        T("remedy", "记录复议、诉讼", UNPAID, None, HANDLER, Remedy, effects.remedy),
        T("record_payment", "记录缴纳罚款", UNPAID, "paid", HANDLER, Payment,
          effects.record_payment, primary=True),
        T("mark_overdue", "逾期未缴纳", frozenset({"served"}), "overdue", SYSTEM_HANDLER, Note,
          guard=guards.unpaid_refusal),
        T("demand", "送达催告书", frozenset({"overdue"}), "enforcing", HANDLER, Demand,
          effects.demand, primary=True),
        T("apply_court", "申请人民法院强制执行", frozenset({"enforcing"}), "court", HEAD, Court,
          effects.apply_court, primary=True, guard=guards.court_refusal),
        T("archive", "结案归档", frozenset({"served", "paid", "court"}), "closed", HANDLER, Note,
          effects.archive, primary=True, guard=_archive_refusal),
    ),
))
