"""People's mediation (人民调解) and judicial confirmation (司法确认), as declared data: intake on
a party's application, on the committee's initiative or by referral from a linkage pipeline
(court, petition, police, procuratorate, arbitration), the parties' rights (refusing, ending,
choosing mediators), sessions, the agreement from its template, failure with guidance, the
joint application for confirmation within 30 days, the court's acceptance, examination,
ruling and objections.

Basis: 《人民调解法》 (in force 2011-01-01); 《民事诉讼法》 (2023) 第二百零五条、第二百零六条;
its 2022 interpretation 第三百五十一条至第三百五十八条、第三百七十二条; 法释〔2011〕5号
(domain/procedures.md §6). A court on the platform (an agency of kind "court", ADR 0048)
joins the case with the "court" part when the parties apply to it, and its clerk records
its steps (acceptance, examination, extension, ruling, objections); for a court not on the
platform the committee's staff record them as the court notifies them. Every gate is a
guard or an effect refusal run by the engine.
"""

import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, OWNER, Procedure, Transition, register
from fazhi.core.i18n import local
from fazhi.law.inputs import InputError, identifier
from fazhi.mediation import effects, guards
from fazhi.mediation import models as m
from fazhi.mediation.limits import IN_FORCE, LIMITS

STATES = {
    "applied": "已申请待受理", "accepted": "已受理待指派调解员", "mediating": "调解中",
    "refused": "当事人拒绝调解", "ended": "当事人终止调解", "failed": "调解不成",
    "agreed": "已达成调解协议", "filed": "已申请司法确认", "examining": "人民法院审查中",
    "confirmed": "裁定确认调解协议有效", "rejected": "裁定驳回确认申请", "objected": "对裁定提出异议",
    "closed": "已归档",
}
OUTCOMES = {"refused": "当事人拒绝调解", "ended": "当事人终止调解", "failed": "调解不成",
            "agreed": "调解成功", "confirmed": "调解成功并经司法确认", "rejected": "司法确认被驳回"}
FINAL = frozenset({"refused", "ended", "failed", "closed"})
OPEN_STATES = frozenset(STATES) - FINAL
BEFORE = frozenset({"applied", "accepted", "mediating"})

HANDLER = frozenset({"handler"})
HEAD = frozenset({"head"})
STAFF = frozenset({"handler", "head"})
PARTY = frozenset({"applicant", "handler"})  # online by the party, or recorded by staff
PARTY_LABELS = {"applicant": "申请人", "respondent": "对方当事人"}
# A court on the platform (ADR 0048): its part on the case, and its staff's roles
CLERK, JUDGE = "clerk", "judge"  # 书记员, 审判员 (labels added to fazhi.org.roles in ready())
COURT_ROLES = frozenset({CLERK, JUDGE})
COURT = frozenset({"court"})
PARTIES = {"court": "受理司法确认申请的人民法院"}
PHONE_CHARS = frozenset("0123456789+-()/,;、 ")


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


def _person_id(value: object) -> object:
    """An identity document number NFKC-normalised before it is validated (a full-width
    number is the same party): ASCII only afterwards, upper-cased."""
    if not isinstance(value, str):
        return value
    try:
        return identifier(value)
    except InputError:
        normal = "".join(unicodedata.normalize("NFKC", value).split())
        odd = next((ch for ch in normal if not ch.isascii()), "")
        if not odd:  # a control character
            raise
        raise ValueError(local("含有无法识别的字符“{odd}”，请使用半角数字和字母").format(odd=odd)) from None


def _phone(value: object) -> object:
    """A contact telephone NFKC-normalised before it is validated: digits and the
    separators people write (several numbers apart with commas)."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFKC", value).strip()
    if value and not (set(value) <= PHONE_CHARS and any(ch.isdigit() for ch in value)):
        raise ValueError("联系电话只能包含数字、“-”“+”“()”“/”，多个号码用逗号分隔")
    return value


class Application(BaseModel):
    """第十七条、第十八条: the dispute and the parties (applied for online or at the committee)."""

    committee_id: int = Field(title="人民调解委员会")
    applicant_name: str = Field(min_length=1, max_length=100, title="申请人姓名")
    applicant_id: str = Field(min_length=6, max_length=40, title="申请人身份证件号码")
    applicant_contact: str = Field(default="", max_length=100, title="申请人联系电话")
    respondent_name: str = Field(min_length=1, max_length=100, title="对方当事人姓名或名称")
    respondent_contact: str = Field(default="", max_length=100, title="对方当事人联系电话")
    subject: str = Field(min_length=2, max_length=200, title="纠纷事项")
    facts: str = Field(min_length=2, max_length=20000, title="纠纷简要情况")
    request: str = Field(min_length=2, max_length=5000, title="调解请求")

    _strip = field_validator("applicant_name", "applicant_id", "respondent_name", "subject",
                             "facts", "request")(_text)
    _id = field_validator("applicant_id", mode="before")(_person_id)
    _phones = field_validator("applicant_contact", "respondent_contact", mode="before")(_phone)


class Intake(Application):
    """Registered by the committee: on application, on its own initiative, or referred by a
    linkage pipeline (the referring body and its case number recorded, domain §6.3)."""

    source: Literal["application", "initiative", "referral"] = Field(default="application",
                                                                     title="来源")
    referrer_kind: Literal["", "court", "petition", "police", "procuratorate", "arbitration"] = \
        Field(default="", title="移送机关类型")
    referrer_body: str = Field(default="", max_length=100, title="移送机关")
    referrer_number: str = Field(default="", max_length=60, title="移送机关案件编号")

    @model_validator(mode="after")
    def referral(self) -> "Intake":
        if self.source == "referral" and not (self.referrer_kind and self.referrer_body.strip()
                                              and self.referrer_number.strip()):
            raise ValueError("移送委托调解的，须写明移送机关类型、移送机关和其案件编号")
        if self.source != "referral" and (self.referrer_kind or self.referrer_number.strip()):
            raise ValueError("只有移送委托调解才填写移送机关")
        return self


class Refusal(BaseModel):
    party: Literal["applicant", "respondent"] = Field(title="拒绝调解的当事人")
    reason: str = Field(default="", max_length=2000, title="说明")

    def party_label(self) -> str:
        return PARTY_LABELS[self.party]


class Assignment(BaseModel):
    mediator_ids: list[int] = Field(min_length=1, max_length=10, title="调解员")
    chosen_by_parties: bool = Field(default=False, title="由当事人选择")
    public: bool = Field(default=False, title="公开进行调解")


class SessionRecord(BaseModel):
    held_on: date = Field(title="调解日期")
    place: str = Field(default="", max_length=100, title="地点")
    record: str = Field(min_length=2, max_length=20000, title="调解情况")


class Ending(BaseModel):
    party: Literal["applicant", "respondent"] = Field(title="要求终止调解的当事人")
    reason: str = Field(default="", max_length=2000, title="说明")


class Failure(BaseModel):
    route: Literal["arbitration", "administrative", "litigation"] = Field(title="告知的其他途径")
    reason: str = Field(min_length=2, max_length=2000, title="调解不成的情况")


class Agreement(BaseModel):
    """第二十九条: the agreement's content, filled into the committee's template."""

    kind: Literal["written", "oral"] = Field(default="written", title="协议形式")
    responsibility: str = Field(min_length=2, max_length=5000, title="各方当事人的责任")
    terms: str = Field(min_length=2, max_length=20000, title="协议内容")
    performance: str = Field(min_length=2, max_length=2000, title="履行方式、时限")
    effective_on: date = Field(title="生效日期")
    signed_applicant: bool = Field(default=False, title="申请人已签名、盖章或者按指印")
    signed_respondent: bool = Field(default=False, title="对方当事人已签名、盖章或者按指印")
    mediator_signed: bool = Field(default=False, title="人民调解员已签名")
    sealed: bool = Field(default=False, title="已加盖人民调解委员会印章")


class ConfirmationApplication(BaseModel):
    court: str = Field(min_length=2, max_length=100, title="人民法院",
                       description="在本平台办理的人民法院（全称或简称）收到申请后由该院在线受理")
    by_applicant: bool = Field(default=False, title="申请人共同申请")
    by_respondent: bool = Field(default=False, title="对方当事人共同申请")


class CourtAcceptance(BaseModel):
    court_number: str = Field(min_length=2, max_length=60, title="司法确认案号")


class CourtDecline(BaseModel):
    ground: Literal["jurisdiction", "status", "special", "property", "other"] = \
        Field(title="不予受理的情形")
    reason: str = Field(default="", max_length=2000, title="说明")


class Examination(BaseModel):
    """解释第三百五十六条、第三百五十七条: the court hears both parties to verify the agreement;
    it may ask them to supplement or explain."""

    held_on: date = Field(title="询问日期")
    applicant_present: bool = Field(default=False, title="申请人到庭")
    respondent_present: bool = Field(default=False, title="对方当事人到庭")
    record: str = Field(min_length=2, max_length=20000, title="审查情况")


class PresidentApproval(BaseModel):
    """法释〔2011〕5号第五条: the extension needs the court president's approval."""

    approved_by: str = Field(min_length=2, max_length=50, title="批准延长的院长")
    reason: str = Field(min_length=2, max_length=2000, title="特殊情况")


class Ruling(BaseModel):
    ruling: Literal["valid", "invalid"] = Field(title="裁定")
    reason: str = Field(default="", max_length=5000, title="理由")
    served_on: date = Field(title="裁定送达日期")


class Objection(BaseModel):
    by: Literal["party", "outsider"] = Field(title="异议人")
    grounds: str = Field(min_length=2, max_length=5000, title="异议理由")
    knew_on: date | None = Field(default=None, title="知道权益受到侵害的日期")


class ObjectionDecision(BaseModel):
    result: Literal["upheld", "dismissed"] = Field(title="处理结果")
    reason: str = Field(default="", max_length=2000, title="理由")


class Campaign(BaseModel):
    name: str = Field(min_length=2, max_length=60, title="矛盾纠纷排查批次")


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


LABELS = {
    "source": dict(m.SOURCES), "referrer_kind": dict(m.REFERRERS), "kind": dict(m.AGREEMENT_KINDS),
    "route": dict(m.ROUTES), "ruling": dict(m.RULINGS), "party": PARTY_LABELS,
    "by": {"party": "当事人", "outsider": "利害关系人"},
    "result": {"upheld": "异议成立，撤销或者改变原裁定", "dismissed": "异议不成立，驳回"},
    "ground": {"jurisdiction": "不属于人民法院受理范围或者不属于本院管辖",
               "status": "确认身份关系（婚姻、亲子、收养）", "special": "适用其他特别程序或者破产程序",
               "property": "确认物权、知识产权归属", "other": "其他不予受理的情形"},
}
PAYLOAD_LABELS = {"mediators": "调解员", "guidance": "告知的其他途径", "court": "人民法院",
                  "on_platform": "法院在平台办理", "present": "到庭当事人",
                  "linked": "移送机关案件", "referrer_body": "移送机关",
                  "referrer_number": "移送机关案件编号", "sessions": "调解次数"}

T = Transition
MEDIATION = register(Procedure(
    code="mediation", version="2011", title="人民调解和司法确认", effective_from=IN_FORCE,
    number_prefix="TJ", states=STATES, final=FINAL, outcomes=OUTCOMES, limits=LIMITS,
    labels=LABELS, detail="mediation", parties=PARTIES,
    transitions=(
        T(OPEN, "登记调解申请", frozenset({""}), "applied", PARTY, Intake, effects.register),
        T("accept", "受理调解", frozenset({"applied"}), "accepted", HANDLER, Note, effects.accept,
          primary=True),
        T("refuse", "当事人拒绝调解", BEFORE, "refused", PARTY, Refusal, effects.refuse,
          outcome="refused"),
        # from `refused` too, so that the engine answers with the guard's cited refusal
        T("assign", "指派、选定调解员", frozenset({"accepted", "mediating", "refused"}), "mediating",
          HANDLER, Assignment, effects.assign, primary=True, guard=guards.assign_refusal),
        T("hold_session", "记录调解", frozenset({"mediating"}), None, HANDLER, SessionRecord,
          effects.hold_session),
        T("end", "当事人终止调解", frozenset({"accepted", "mediating"}), "ended", PARTY, Ending,
          effects.end, outcome="ended"),
        T("fail", "调解不成，终止调解并告知其他途径", frozenset({"mediating"}), "failed", HANDLER,
          Failure, effects.fail, outcome="failed"),
        T("agree", "达成调解协议", frozenset({"mediating"}), "agreed", HANDLER, Agreement,
          effects.agree, primary=True),
        T("apply_confirmation", "双方共同申请司法确认", frozenset({"agreed"}), "filed", PARTY,
          ConfirmationApplication, effects.apply_confirmation, primary=True,
          guard=guards.confirm_apply_refusal),
        # a court not on the platform: the committee's staff record what it notified
        T("court_accept", "人民法院受理司法确认申请", frozenset({"filed"}), "examining", HANDLER,
          CourtAcceptance, effects.court_accept, primary=True, guard=guards.off_platform),
        T("court_decline", "人民法院不予受理", frozenset({"filed"}), "agreed", HANDLER,
          CourtDecline, effects.court_decline, guard=guards.off_platform),
        T("extend", "延长审查期限（院长批准）", frozenset({"examining"}), None, HEAD, Note,
          effects.extend, guard=guards.off_platform_extension),
        T("rule", "人民法院作出裁定", frozenset({"examining"}),
          frozenset({"confirmed", "rejected"}), HANDLER, Ruling, effects.rule, primary=True,
          guard=guards.off_platform),
        T("decide_objection", "人民法院处理异议", frozenset({"objected"}),
          frozenset({"confirmed", "rejected"}), HANDLER, ObjectionDecision,
          effects.decide_objection, primary=True, guard=guards.off_platform),
        # a court on the platform (ADR 0048): its clerk records its steps in its part
        T("accept_confirmation", "受理司法确认申请", frozenset({"filed"}), "examining",
          frozenset({CLERK}), CourtAcceptance, effects.court_accept, primary=True, parties=COURT),
        T("decline_confirmation", "裁定不予受理司法确认申请", frozenset({"filed"}), "agreed",
          frozenset({CLERK}), CourtDecline, effects.court_decline, parties=COURT),
        T("examine", "记录审查（询问双方当事人）", frozenset({"examining"}), None, COURT_ROLES,
          Examination, effects.examine, parties=COURT),
        T("extend_examination", "延长审查期限（经院长批准）", frozenset({"examining"}), None,
          COURT_ROLES, PresidentApproval, effects.extend, parties=COURT,
          guard=guards.extension_refusal),
        T("issue_ruling", "作出司法确认裁定", frozenset({"examining"}),
          frozenset({"confirmed", "rejected"}), COURT_ROLES, Ruling, effects.rule, primary=True,
          parties=COURT),
        T("object", "对裁定提出异议", frozenset({"confirmed", "rejected"}), "objected",
          PARTY | {CLERK}, Objection, effects.object_to, parties=frozenset({OWNER}) | COURT),
        T("rule_objection", "处理对裁定的异议", frozenset({"objected"}),
          frozenset({"confirmed", "rejected"}), COURT_ROLES, ObjectionDecision,
          effects.decide_objection, primary=True, parties=COURT),
        T("archive", "结案归档", frozenset({"agreed", "confirmed", "rejected"}), "closed", HANDLER,
          Note, effects.archive, primary=True, guard=guards.archive_refusal),
        T("tag_campaign", "纳入矛盾纠纷排查批次", OPEN_STATES, None, STAFF, Campaign,
          effects.tag_campaign),
    ),
))
