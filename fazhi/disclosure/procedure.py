"""Government information disclosure on request (依申请公开): the procedure as declared data.

Basis: 政府信息公开条例 (2019, in force 2019-05-15), Chapter 4; domain/procedures.md §1.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.disclosure import effects
from fazhi.disclosure import models as m
from fazhi.disclosure.answers import ANSWERS, WITHHOLD_GROUNDS
from fazhi.disclosure.fees import BASES
from fazhi.law.timelimits import Extension, Limit, Unit

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
    "third_party": Limit(
        code="disclosure.third_party", label="第三方答复期限", value=15, unit=Unit.WD,
        trigger="第三方收到征求意见书之日", citation=f"{REG}第三十二条", effective_from=IN_FORCE),
    "co_producer": Limit(
        code="disclosure.co_producer", label="共同制作机关答复期限", value=15, unit=Unit.WD,
        trigger="被征求意见机关收到征求意见书之日", citation=f"{REG}第三十四条",
        effective_from=IN_FORCE),
    "fee_payment": Limit(
        code="disclosure.fee_payment", label="信息处理费缴纳期限", value=20, unit=Unit.WD,
        trigger="申请人收到收费通知之日", citation="国办函〔2020〕109号",
        effective_from=date(2021, 1, 1)),
    "proactive": Limit(
        code="disclosure.proactive", label="主动公开期限", value=20, unit=Unit.WD,
        trigger="政府信息形成或者变更之日", citation=f"{REG}第二十六条", effective_from=IN_FORCE),
    "remedy_reconsideration": Limit(
        code="remedy.reconsideration_application", label="申请行政复议期限", value=60,
        unit=Unit.CD, trigger="知道或者应当知道该行政行为之日",
        citation="《行政复议法》（2023）第二十条", effective_from=date(2024, 1, 1)),
    "remedy_litigation": Limit(
        code="remedy.litigation", label="提起行政诉讼期限", value=6, unit=Unit.MONTH,
        trigger="知道或者应当知道作出行政行为之日", citation="《行政诉讼法》第四十六条",
        effective_from=date(2015, 5, 1)),
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
HEAD = frozenset({"head"})
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
    email: str = Field(default="", max_length=120, title="电子邮箱", pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    address: str = Field(default="", max_length=200, title="通信地址")
    channel: Literal["online", "in_person", "registered_post", "ordinary_mail", "fax"] = Field(
        title="申请渠道")
    description: str = Field(min_length=5, max_length=5000, title="所需信息描述")
    doc_number: str = Field(default="", max_length=80, title="文号")
    form: Literal["paper", "electronic", "read"] = Field(title="提供形式")
    delivery: Literal["post", "email", "pickup", "online"] = Field(title="获取方式")

    @field_validator("applicant_name", "description", "id_number")
    @classmethod
    def strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("不能为空")
        return value

    @model_validator(mode="after")
    def organisation_needs_category(self) -> "Application":
        if self.applicant_type == "organisation" and not self.org_category:
            raise ValueError("法人或其他组织申请的，请选择组织类别")
        if self.delivery == "email" and not self.email:
            raise ValueError("选择电子邮件获取的，请填写电子邮箱")
        return self


class CorrectionNotice(BaseModel):
    defects: str = Field(min_length=2, max_length=2000, title="需补正事项", description="一次性告知需要补正的全部事项")
    guidance: str = Field(default="", max_length=2000, title="指导和释明", description="指导和释明")
    correction_due: date = Field(title="补正期限", description="合理的补正期限")


class Correction(BaseModel):
    corrected_on: date = Field(title="收到补正日期")
    content: str = Field(min_length=2, max_length=5000, title="补正内容")


class Consultation(BaseModel):
    kind: Literal["third_party", "co_producer"] = Field(title="征求意见对象类型")
    party: str = Field(min_length=1, max_length=100, title="征求意见对象")
    sent_on: date = Field(title="发出日期")
    content: str = Field(default="", max_length=2000, title="征求意见内容")


class ConsultationAnswer(BaseModel):
    answered_on: date = Field(title="收到答复日期")
    opinion: Literal["agree", "object", "no_reply"] = Field(title="意见")
    summary: str = Field(default="", max_length=2000, title="意见摘要")


class ExtensionApproval(BaseModel):
    reason: str = Field(min_length=2, max_length=1000, title="延期理由")


class FeeNotice(BaseModel):
    basis: Literal["per_request", "per_volume"] = Field(title="收费方式")
    quantity: int = Field(ge=0, le=100000, title="件数或页数", description="本月申请件数或页数")
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
    outcomes={code: a.label for code, a in ANSWERS.items()} | {
        "no_correction": "逾期不补正，不再处理", "fee_unpaid": "逾期未缴费，不再处理",
        "withdrawn": "申请人撤回"},
    transitions=(
        Transition(OPEN, "登记申请", frozenset({""}), "processing", APPLICANT_OR_HANDLER,
                   Application, effects.open_request),
        Transition("request_correction", "发出补正通知", frozenset({"processing"}),
                   "awaiting_correction", HANDLER, CorrectionNotice, effects.request_correction),
        Transition("submit_correction", "收到补正", frozenset({"awaiting_correction"}),
                   "processing", APPLICANT_OR_HANDLER, Correction, effects.submit_correction,
                   primary=True),
        Transition("close_no_correction", "逾期不补正，终止处理", frozenset({"awaiting_correction"}),
                   "closed", HANDLER, Lapse, effects.close_no_correction, outcome="no_correction"),
        Transition("consult", "征求意见", frozenset({"processing"}), "consulting", HANDLER,
                   Consultation, effects.consult),
        Transition("record_consultation", "记录征求意见结果", frozenset({"consulting"}),
                   "processing", HANDLER, ConsultationAnswer, effects.record_consultation,
                   primary=True),
        Transition("extend", "批准延期答复", PENDING - {"awaiting_correction"}, None, HEAD,
                   ExtensionApproval, effects.extend),
        Transition("fee_notice", "发出收费通知", frozenset({"processing"}), "awaiting_fee",
                   HANDLER, FeeNotice, effects.fee_notice),
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
    ),
))
