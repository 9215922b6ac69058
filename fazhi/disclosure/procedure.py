"""Government information disclosure on request (依申请公开): the procedure as declared data.

Basis: 政府信息公开条例 (2019, in force 2019-05-15), Chapter 4; domain/procedures.md §1.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.disclosure import effects
from fazhi.disclosure import models as m
from fazhi.disclosure.answers import ANSWERS, WITHHOLD_GROUNDS
from fazhi.disclosure.documents import TEMPLATES
from fazhi.disclosure.fees import BASES
from fazhi.law import remedies
from fazhi.law.inputs import identifier
from fazhi.law.timelimits import Extension, Limit, Unit
from fazhi.org import roles

REG = "《政府信息公开条例》"
IN_FORCE = date(2019, 5, 15)

LIMITS = {
    "reply": Limit(
        code="disclosure.reply", label="答复期限", value=20, unit=Unit.WD,
        trigger="收到申请之日", citation=f"{REG}第三十三条第二款", effective_from=IN_FORCE,
        stops=frozenset({"征求第三方或者其他机关意见", "信息处理费缴纳期间"}),
        restart_on=frozenset({"收到补正后的申请"}),
        extension=Extension(20, Unit.WD, "政府信息公开工作机构负责人", f"{REG}第三十三条第二款"),
        note="征求意见所需时间不计算在期限内（第三十三条第三款）；补正后自收到补正的申请之日起计算（第三十条）"),
    "correction_notice": Limit(
        code="disclosure.correction_notice", label="补正通知期限", value=7, unit=Unit.WD,
        trigger="收到申请之日", citation=f"{REG}第三十条", effective_from=IN_FORCE),
    # Limits of the parties (第三十二条, 第三十四条; 109号): clocks of the case, recomputed and
    # flagged like any other, that bound the reply clock's stop but are not its deadline.
    "third_party": Limit(
        code="disclosure.third_party", label="第三方答复期限", value=15, unit=Unit.WD,
        trigger="第三方收到征求意见书之日", citation=f"{REG}第三十二条", effective_from=IN_FORCE,
        party="第三方"),
    "co_producer": Limit(
        code="disclosure.co_producer", label="共同制作机关答复期限", value=15, unit=Unit.WD,
        trigger="被征求意见机关收到征求意见书之日", citation=f"{REG}第三十四条",
        effective_from=IN_FORCE, party="被征求意见机关"),
    "fee_payment": Limit(
        code="disclosure.fee_payment", label="信息处理费缴纳期限", value=20, unit=Unit.WD,
        trigger="申请人收到收费通知之日", citation="国办函〔2020〕109号",
        effective_from=date(2021, 1, 1), party="申请人"),
    "proactive": Limit(
        code="disclosure.proactive", label="主动公开期限", value=20, unit=Unit.WD,
        trigger="政府信息形成或者变更之日", citation=f"{REG}第二十六条", effective_from=IN_FORCE),
    **remedies.LIMITS,  # the remedy notice's limits (a shared legal part)
}

STATES = {
    "processing": "办理中",
    "awaiting_correction": "待补正",
    "consulting": "征求意见中",
    "awaiting_fee": "待缴费",
    "replied": "已答复待送达",
    "closed": "已办结",
    "withdrawn": "已撤回",
}
PENDING = frozenset({"processing", "awaiting_correction", "consulting", "awaiting_fee"})

HANDLER = frozenset({"handler"})
GIO_HEAD = frozenset({roles.GIO_HEAD})  # 第三十三条第二款: approves extensions
APPLICANT_OR_HANDLER = frozenset({"applicant", "handler"})


class Application(BaseModel):
    """条例第二十九条: name, identity proof, contact; a description; the form wanted.
    No purpose or reason is asked (the 2019 revision removed the "三需要" test)."""

    applicant_type: Literal["natural", "organisation"] = Field(title="申请人类型")
    org_category: Literal["", "business", "research", "public_interest", "legal_service",
                          "other"] = Field(default="", title="组织类别")
    applicant_name: str = Field(min_length=1, max_length=100, title="姓名/名称")
    id_number: str = Field(min_length=6, max_length=40, title="身份证件号码/统一社会信用代码")
    legal_rep: str = Field(default="", max_length=40, title="法定代表人/负责人")
    contact_name: str = Field(default="", max_length=40, title="联系人")
    phone: str = Field(pattern=r"^[0-9+\- ]{7,20}$", title="联系电话")
    email: str = Field(default="", max_length=120, title="电子邮箱",
                       pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$",
                       description="选择以电子邮件获取的，必须填写")
    address: str = Field(default="", max_length=200, title="通信地址")
    channel: Literal["online", "in_person", "registered_post", "ordinary_mail", "fax"] = Field(
        title="申请渠道")
    description: str = Field(min_length=5, max_length=5000, title="所需信息描述")
    doc_number: str = Field(default="", max_length=80, title="文号")
    form: Literal["paper", "electronic", "read"] = Field(title="提供形式")
    delivery: Literal["post", "email", "pickup", "online"] = Field(title="获取方式")
    e_service: bool = Field(
        default=False, title="同意电子送达",
        description="同意本机关将答复等文书送达至本平台的电子送达收件箱（凭查询码阅读）"
                    "及所填电子邮箱；可随时在收件箱撤回")

    @field_validator("applicant_name", "description")
    @classmethod
    def strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("不能为空")
        return value

    @field_validator("id_number")
    @classmethod
    def normalise_identifier(cls, value: str) -> str:
        """NFKC, so a full-width number is the same applicant (fees count per applicant)."""
        value = identifier(value)
        if len(value) < 6:
            raise ValueError("至少需要6个字符")
        return value

    @model_validator(mode="after")
    def organisation_needs_category(self) -> "Application":
        if self.applicant_type == "organisation" and not self.org_category:
            raise ValueError("法人或其他组织申请的，请选择组织类别")
        if self.delivery == "email" and not self.email:
            raise ValueError("选择电子邮件获取的，请填写电子邮箱")
        return self


# 条例第三十一条: which date is the receipt date (D0), by channel, and where the rule is.
CHANNEL_DATES = {"in_person": "submitted_on", "registered_post": "signed_on",
                 "ordinary_mail": "confirmed_on", "fax": "confirmed_on", "online": "confirmed_on"}
CHANNEL_RULES = {"in_person": "第一项", "registered_post": "第二项", "ordinary_mail": "第二项",
                 "fax": "第三项", "online": "第三项"}


class Intake(Application):
    """A request registered by staff: the channel decides which date is the receipt date
    (条例第三十一条), only that date is asked for, and `received_on` follows from it."""

    submitted_on: date | None = Field(
        default=None, validate_default=True, title="提交日期",
        description="当面提交的，以提交之日为收到申请之日（第三十一条第一项）")
    signed_on: date | None = Field(
        default=None, validate_default=True, title="签收日期",
        description="以挂号信、EMS 等需签收的邮寄方式提交的，以本机关签收之日为收到申请之日"
                    "（第三十一条第二项）")
    confirmed_on: date | None = Field(
        default=None, validate_default=True, title="确认日期",
        description="平常信函：收到当日与申请人确认，确认之日为收到申请之日（第三十一条第二项）；"
                    "传真、互联网渠道：以双方确认之日为收到申请之日（第三十一条第三项）")

    @field_validator("submitted_on", "signed_on", "confirmed_on")
    @classmethod
    def date_of_the_channel(cls, value: date | None, info: ValidationInfo) -> date | None:
        channel = info.data.get("channel")
        if channel is None:  # the channel itself is invalid and reported on its own
            return value
        wanted, label = CHANNEL_DATES[channel], dict(m.CHANNELS)[channel]
        rule = f"条例第三十一条{CHANNEL_RULES[channel]}"
        if info.field_name == wanted and value is None:
            raise ValueError(f"申请渠道为“{label}”的，须填写此日期，即收到申请之日（{rule}）")
        if info.field_name != wanted and value is not None:
            title = cls.model_fields[wanted].title
            raise ValueError(f"申请渠道为“{label}”的，以{title}为收到申请之日，此项不填（{rule}）")
        return value

    @property
    def received_on(self) -> date:
        return getattr(self, CHANNEL_DATES[self.channel])


class CorrectionNotice(BaseModel):
    defects: str = Field(min_length=2, max_length=2000, title="需补正事项", description="一次性告知需要补正的全部事项")
    guidance: str = Field(default="", max_length=2000, title="指导和释明", description="指导和释明")
    correction_due: date = Field(title="补正期限", description="合理的补正期限")


class Correction(BaseModel):
    corrected_on: date = Field(title="收到补正日期")
    content: str = Field(min_length=2, max_length=5000, title="补正内容")


class Consultation(BaseModel):
    """第三十二条, 第三十四条: the party answers within 15 WD of receiving the letter."""

    kind: Literal["third_party", "co_producer"] = Field(title="征求意见对象类型")
    party: str = Field(min_length=1, max_length=100, title="征求意见对象")
    sent_on: date = Field(title="发出日期")
    method: Literal["direct", "electronic", "post"] = Field(
        title="送达方式", description="对方收到日期未知时：直接送达、电子送达按发出当日计；"
                                     "邮寄按发出后若干日推定（可配置），签收后请记录签收日期")
    party_received_on: date | None = Field(
        default=None, title="对方收到日期",
        description="已知时填写（邮寄的为签收日期）；对方的15个工作日自此日起算")
    content: str = Field(default="", max_length=2000, title="征求意见内容")


class PartyReceipt(BaseModel):
    received_on: date = Field(title="对方收到日期",
                              description="对方签收征求意见书的日期；对方的15个工作日自此日起算")


class ConsultationAnswer(BaseModel):
    answered_on: date = Field(title="收到答复日期")
    opinion: Literal["agree", "object", "no_reply"] = Field(title="意见")
    summary: str = Field(default="", max_length=2000, title="意见摘要")


class ExtensionApproval(BaseModel):
    """第三十三条第二款: approved by the head of the disclosure office, and the applicant
    is told; both before the first 20 working days run out."""

    reason: str = Field(min_length=2, max_length=1000, title="延期理由")
    approved_on: date = Field(title="批准日期")
    notified_on: date = Field(title="告知申请人日期", description="告知申请人延长答复期限的日期，"
                              "不得早于批准日期")

    @model_validator(mode="after")
    def notified_after_approval(self) -> "ExtensionApproval":
        if self.notified_on < self.approved_on:
            raise ValueError(f"告知申请人日期（{self.notified_on}）不能早于批准日期"
                             f"（{self.approved_on}）")
        return self


class FeeNotice(BaseModel):
    basis: Literal["per_request", "per_volume"] = Field(title="收费方式")
    quantity: int = Field(ge=1, le=100000, title="本申请的件数或页数", description=(
        "按件计收：本申请按“一事一申请”拆分后的件数（通常为1），本月此前的件数由系统统计；"
        "按量计收：本申请提供的页数（国办函〔2020〕109号第四条、第五条）"))
    notice_received_on: date = Field(title="收费通知送达日期")

    @property
    def basis_label(self) -> str:
        return BASES[self.basis]


class FeePaid(BaseModel):
    paid_on: date = Field(title="缴费日期")


class Reply(BaseModel):
    answer_type: Literal[tuple(ANSWERS)] = Field(title="答复类型")  # type: ignore[valid-type]
    ground: str = Field(default="", title="理由")
    text: str = Field(min_length=5, max_length=20000, title="答复内容")
    responsible_agency: str = Field(default="", max_length=100, title="负责公开的机关")

    @model_validator(mode="after")
    def required_content(self) -> "Reply":
        answer = ANSWERS[self.answer_type]
        if answer.grounds and self.ground not in answer.grounds:
            options = "、".join(label for label, _ in answer.grounds.values())
            raise ValueError(f"“{answer.label}”须选择理由：{options}")
        if not answer.grounds and self.ground:
            raise ValueError(f"“{answer.label}”无需选择理由")
        return self


class Service(BaseModel):
    method: Literal["direct", "post", "electronic", "entrusted"] = Field(title="送达方式")
    served_on: date = Field(title="送达日期", description="直接送达为签收日；邮寄送达为交邮日（国办公开办函〔2016〕235号）")


class Lapse(BaseModel):
    note: str = Field(default="", max_length=500, title="说明")


class Withdrawal(BaseModel):
    reason: str = Field(default="", max_length=500, title="撤回理由")


class Reopening(BaseModel):
    """A reconsideration decision revoking the reply and ordering a new one (《行政复议法》
    第六十四条), told by `fazhi.cases.signals.act_reviewed` (fazhi/disclosure/links.py)."""

    decision_no: str = Field(min_length=2, max_length=60, title="行政复议决定书文号")
    kind: str = Field(max_length=20, title="行政复议决定类型")
    served_on: date = Field(title="行政复议决定送达日期")
    redo_days: int | None = Field(default=None, ge=1, le=365, title="责令重新答复的期限（日）")


LABELS = {
    "applicant_type": dict(m.APPLICANT_TYPES), "org_category": dict(m.ORG_CATEGORIES),
    "channel": dict(m.CHANNELS), "form": dict(m.FORMS), "delivery": dict(m.DELIVERIES),
    "method": dict(m.SERVICE_METHODS), "basis": BASES,
    "kind": {"third_party": "第三方", "co_producer": "共同制作机关"},
    "opinion": {"agree": "同意公开", "object": "不同意公开", "no_reply": "逾期未答复"},
    "answer_type": {code: f"{a.label}（{a.article}）" for code, a in ANSWERS.items()},
    "ground": {code: label for a in ANSWERS.values() for code, (label, _) in a.grounds.items()}
    | {code: label for code, (label, _) in WITHHOLD_GROUNDS.items()},
}

DISCLOSURE = register(Procedure(
    code="disclosure", version="2019", title="政府信息公开申请", effective_from=IN_FORCE,
    number_prefix="GK", states=STATES, labels=LABELS, final=frozenset({"closed", "withdrawn"}), limits=LIMITS,
    detail="disclosure", documents=TEMPLATES, signed=frozenset({"reply"}),
    outcomes={code: a.label for code, a in ANSWERS.items()} | {
        "no_correction": "逾期不补正，不再处理", "fee_unpaid": "逾期未缴费，不再处理",
        "withdrawn": "申请人撤回"},
    transitions=(
        Transition(OPEN, "登记申请", frozenset({""}), "processing", APPLICANT_OR_HANDLER,
                   Application, effects.open_request),
        Transition("request_correction", "发出补正通知", frozenset({"processing"}),
                   "awaiting_correction", HANDLER, CorrectionNotice, effects.request_correction,
                   guard=effects.correction_refusal),
        Transition("submit_correction", "收到补正", frozenset({"awaiting_correction"}),
                   "processing", APPLICANT_OR_HANDLER, Correction, effects.submit_correction,
                   primary=True),
        Transition("close_no_correction", "逾期不补正，终止处理", frozenset({"awaiting_correction"}),
                   "closed", HANDLER, Lapse, effects.close_no_correction, outcome="no_correction",
                   guard=effects.no_correction_refusal),
        Transition("consult", "征求意见", frozenset({"processing"}), "consulting", HANDLER,
                   Consultation, effects.consult),
        Transition("record_party_receipt", "记录对方收到日期", frozenset({"consulting"}), None,
                   HANDLER, PartyReceipt, effects.record_party_receipt,
                   hint=effects.party_receipt_hint),
        Transition("record_consultation", "记录征求意见结果", frozenset({"consulting"}),
                   "processing", HANDLER, ConsultationAnswer, effects.record_consultation,
                   primary=True),
        Transition("extend", "批准延期答复", PENDING - {"awaiting_correction"}, None, GIO_HEAD,
                   ExtensionApproval, effects.extend, guard=effects.extend_refusal),
        Transition("fee_notice", "发出收费通知", frozenset({"processing"}), "awaiting_fee",
                   HANDLER, FeeNotice, effects.fee_notice, hint=effects.fee_hint),
        Transition("fee_paid", "确认已缴费", frozenset({"awaiting_fee"}), "processing", HANDLER,
                   FeePaid, effects.fee_paid, primary=True),
        Transition("close_fee_unpaid", "逾期未缴费，终止处理", frozenset({"awaiting_fee"}), "closed",
                   HANDLER, Lapse, effects.close_fee_unpaid, outcome="fee_unpaid"),
        Transition("reply", "作出答复", frozenset({"processing"}), "replied", HANDLER, Reply,
                   effects.reply, primary=True),
        Transition("serve", "送达答复", frozenset({"replied"}), "closed", HANDLER, Service,
                   effects.serve, primary=True),
        Transition("withdraw", "撤回申请", PENDING, "withdrawn", APPLICANT_OR_HANDLER, Withdrawal,
                   effects.withdraw, outcome="withdrawn"),
        Transition("reopen", "行政复议决定撤销答复，重新办理", frozenset({"closed"}), "processing",
                   frozenset({"system"}), Reopening, effects.reopen),
    ),
))
