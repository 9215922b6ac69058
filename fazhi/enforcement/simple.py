"""The administrative penalty procedure, simple (简易程序 / 当场处罚), as declared data.

Basis: 《行政处罚法》 (revised 2021, in force 2021-07-15) 第五十一条至第五十三条 (threshold, the
serially numbered form, filing), 第六十七条至第七十一条 (payment, on-the-spot collection, cash
handed over), 第四十八条 and 国办发〔2018〕118号 (publicity); 《行政复议法》 (2023) 第二十三条第一款
第一项 (reconsideration first). procedures.md §3.2. The officer decides on the spot: opening
the case is the decision, which takes the next number of the officer's allocated forms.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, Procedure, Transition, register
from fazhi.enforcement import models as m
from fazhi.enforcement import simple_effects as effects
from fazhi.enforcement import simple_guards as guards
from fazhi.enforcement.limits import IN_FORCE
from fazhi.enforcement.procedure import Kind
from fazhi.enforcement.simple_limits import LIMITS

CODE = "simple_penalty"
STATES = {"decided": "已当场作出决定待交付", "delivered": "已交付待备案", "filed": "已备案",
          "closed": "已结案"}
OUTCOMES = {"penalised": "当场作出行政处罚决定"}
AFTER_DELIVERY = frozenset({"delivered", "filed"})
HANDLER = frozenset({"handler"})


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


class OnTheSpot(BaseModel):
    """第五十二条: what the pre-printed form sets out, filled in on the spot."""

    officer_id: int = Field(title="执法人员", description="持有效执法证的执法人员一名即可（第五十二条）")
    credentials_shown: bool = Field(title="已向当事人出示执法证件")
    facts_certain: bool = Field(title="违法事实确凿并有法定依据", description="第五十一条")
    party_type: Literal["natural", "organisation"] = Field(title="当事人类型")
    party_name: str = Field(min_length=1, max_length=200, title="当事人")
    party_id: str = Field(min_length=6, max_length=40, title="统一社会信用代码/身份证件号码")
    party_contact: str = Field(default="", max_length=100, title="联系方式")
    party_birth_date: date | None = Field(default=None, title="出生日期",
                                          description="当事人为自然人的填写（《行政处罚法》第三十条）")
    violation_code: str = Field(min_length=1, max_length=40, title="违法行为代码")
    violation: str = Field(min_length=2, max_length=500, title="违法行为")
    legal_basis: str = Field(min_length=2, max_length=500, title="违反的规定及处罚依据")
    category: str = Field(min_length=1, max_length=40, title="执法类别")
    sector: str = Field(default="", max_length=40, title="执法领域")
    occurred_at: datetime = Field(title="违法行为时间")
    place: str = Field(min_length=2, max_length=200, title="违法行为地点")
    kind: Kind = Field(title="处罚种类", description="当场处罚限于警告或者罚款（第五十一条）")
    fine: Decimal | None = Field(default=None, gt=0, max_digits=10, decimal_places=2,
                                 title="罚款金额（元）",
                                 description="自然人二百元以下、法人或者其他组织三千元以下（第五十一条）")

    _strip = field_validator("party_name", "violation", "legal_basis", "place")(_text)

    @model_validator(mode="after")
    def on_the_spot(self) -> "OnTheSpot":
        if not self.credentials_shown:
            raise ValueError("执法人员当场作出处罚决定，应当向当事人出示执法证件（《行政处罚法》第五十二条）")
        if self.party_type == "organisation" and self.party_birth_date is not None:
            raise ValueError("当事人为法人或者其他组织的，不填出生日期")
        if not self.facts_certain:
            raise ValueError("违法事实确凿并有法定依据的，方可当场作出处罚决定（《行政处罚法》第五十一条）")
        return self


class Delivery(BaseModel):
    party_signed: bool = Field(title="当事人已签收")
    refusal_note: str = Field(default="", max_length=300, title="拒绝签收情况",
                              description="当事人拒绝签收的，在决定书上注明（第五十二条第二款）")

    @model_validator(mode="after")
    def noted(self) -> "Delivery":
        if not self.party_signed and len(self.refusal_note.strip()) < 2:
            raise ValueError("当事人拒绝签收的，应当在行政处罚决定书上注明（《行政处罚法》第五十二条第二款）")
        return self


class Collection(BaseModel):
    reason: Literal["small", "hard", "remote"] = Field(title="当场收缴情形")
    note: str = Field(default="", max_length=300, title="理由",
                      description="事后难以执行或者边远、水上、交通不便地区的，写明具体情况")
    party_requested: bool = Field(default=False, title="当事人提出当场缴纳")
    amount: Decimal = Field(gt=0, max_digits=10, decimal_places=2, title="收缴金额（元）")
    receipt_no: str = Field(min_length=4, max_length=40, title="罚款收据编号",
                            description="出具省级财政部门统一制发的专用票据；不出具的，当事人有权拒绝缴纳（第七十条）")
    on_water: bool = Field(default=False, title="在水上当场收缴")


class Landing(BaseModel):
    landed_on: date = Field(title="抵岸日期")


class Dated(BaseModel):
    on: date = Field(title="日期")


class Payment(BaseModel):
    paid_on: date = Field(title="缴款日期")
    amount: Decimal = Field(gt=0, max_digits=10, decimal_places=2, title="缴纳金额（元）")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


LABELS = {
    "party_type": dict(m.PARTY_TYPES), "kind": m.KINDS,
    "reason": dict(m.SimplePenalty.COLLECTION_REASONS),
}
PAYLOAD_LABELS = {
    "form_no": "决定书编号", "officer": "执法人员", "penalty": "处罚内容", "threshold": "简易程序限额",
    "party_signed": "当事人签收", "receipt_no": "罚款收据编号", "on_time": "按期公示",
}

T = Transition
SIMPLE = register(Procedure(
    code=CODE, version="2021", title="行政处罚（简易程序）", effective_from=IN_FORCE,
    number_prefix="DCCF", states=STATES, final=frozenset({"closed"}), outcomes=OUTCOMES,
    limits=LIMITS, labels=LABELS, detail="simple_penalty",
    transitions=(
        T(OPEN, "当场作出行政处罚决定", frozenset({""}), "decided", HANDLER, OnTheSpot,
          effects.decide_on_spot),
        T("deliver", "当场交付处罚决定书", frozenset({"decided"}), "delivered", HANDLER, Delivery,
          effects.deliver, primary=True),
        T("collect", "当场收缴罚款", frozenset({"delivered"}), None, HANDLER, Collection,
          effects.collect, guard=guards.collect_refusal),
        T("land", "记录抵岸", AFTER_DELIVERY, None, HANDLER, Landing, effects.land,
          guard=guards.land_refusal),
        T("hand_over", "罚款交至行政机关", AFTER_DELIVERY, None, HANDLER, Dated, effects.hand_over,
          guard=guards.handover_refusal),
        T("bank", "罚款缴付指定银行", AFTER_DELIVERY, None, HANDLER, Dated, effects.bank,
          guard=guards.bank_refusal),
        T("record_payment", "记录当事人缴纳罚款", AFTER_DELIVERY, None, HANDLER, Payment,
          effects.record_payment, guard=guards.payment_refusal),
        T("file", "报所属行政机关备案", frozenset({"delivered"}), "filed", HANDLER, Note,
          effects.file, primary=True),
        T("publish", "公示处罚决定", AFTER_DELIVERY, None, HANDLER, Note, effects.publish,
          guard=guards.publish_refusal),
        T("archive", "结案归档", frozenset({"filed"}), "closed", HANDLER, Note, effects.archive,
          primary=True, outcome="penalised", guard=guards.archive_refusal),
    ),
))
