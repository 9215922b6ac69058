"""Administrative reconsideration (行政复议), 2023 law, as declared data.

Basis: 《行政复议法》 (revised 2023-09-01, in force 2024-01-01), procedures.md §2. The case
is registered by the reconsideration office (复议机构: the legal office of the body's
region, which owns the case and does the work) for the reconsideration body (复议机关, the
government the applicant applied to, which holds the `organ` part: it sees the case and its
head may approve the decision); the respondent agency holds `respondent` and files its reply.
Every gate is a guard or an effect refusal run by the engine, so no direct call skips one.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.cases.procedure import OPEN, OWNER, Procedure, Transition, register
from fazhi.reconsideration import effects, guards
from fazhi.reconsideration import models as m
from fazhi.reconsideration.experts import LABELS as EXPERT_LABELS
from fazhi.reconsideration.limits import IN_FORCE, LIMITS

STATES = {
    "received": "受理审查中", "correcting": "待申请人补正", "accepted": "已受理待确定审理程序",
    "copying": "待发送申请书副本", "replying": "待被申请人答复", "reviewing": "审理中",
    "hearing_scheduled": "已安排听证", "proposed": "决定意见待批准", "suspended": "行政复议中止",
    "decided": "已作出决定待送达", "document_review": "规范性文件附带审查中（行政复议中止）",
    "performing": "决定已送达，监督履行中", "closed": "已结案",
}
OUTCOMES = {**{k: f"决定{v}" for k, v in m.DECISIONS.items()},
            "not_accepted": "不予受理", "abandoned": "视为放弃申请", "terminated": "行政复议终止",
            "withdrawn": "申请人撤回申请", "mediated": "行政复议调解书生效"}
REVIEWING = frozenset({"accepted", "copying", "replying", "reviewing", "hearing_scheduled",
                       "proposed"})
ACTIVE = REVIEWING | {"suspended", "document_review"}
# 第七十六条: an opinion letter may be issued while the case is handled or once it is decided
LETTER_STATES = ACTIVE | {"decided", "performing"}

HANDLER = frozenset({"handler"})
HEAD = frozenset({"head"})  # 行政复议机构负责人 (extension) / the body's approval of decisions
PARTY = frozenset({"applicant", "handler"})  # online by the applicant, or recorded by staff
SYSTEM_HANDLER = frozenset({"handler", "system"})
BODY = frozenset({OWNER})  # the reconsideration office (复议机构), which registers the case
APPROVERS = frozenset({OWNER, "organ"})  # the office's head, or the body's own head
RESPONDENT = frozenset({"respondent"})
REVIEWER = frozenset({"reviewer"})  # the body a normative-document review was transferred to
ISSUER = frozenset({"issuer"})  # the authority that issued the reviewed document
RECIPIENT = frozenset({"recipient"})  # the agency an opinion letter was issued to
Money = Decimal


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("不能为空")
    return value


class Application(BaseModel):
    """第二十二条: in writing (online, by post, in person) or orally, recorded on the spot."""

    channel: Literal["online", "in_person", "post", "oral"] = Field(title="申请方式")
    applicant_name: str = Field(min_length=1, max_length=100, title="申请人")
    applicant_id: str = Field(min_length=6, max_length=40, title="身份证件号码/统一社会信用代码")
    applicant_contact: str = Field(min_length=5, max_length=100, title="联系方式")
    respondent_code: str = Field(min_length=2, max_length=40, title="被申请人（作出行政行为的机关）")
    act: str = Field(min_length=2, max_length=500, title="被申请复议的行政行为")
    act_kind: Literal["on_the_spot", "warning", "penalty", "gio", "inaction", "licence",
                      "other"] = Field(title="行政行为类别")
    act_no: str = Field(default="", max_length=100, title="行政行为文书编号")
    act_date: date = Field(title="行政行为作出日期")
    known_on: date = Field(title="知道该行政行为之日")
    told_of_right: bool = Field(default=True, title="行政机关已告知申请复议的权利、复议机关和期限")
    right_known_on: date | None = Field(default=None, title="知道申请复议权利和期限之日",
                                        description="未被告知的填写（第二十条第三款）")
    real_property: bool = Field(default=False, title="因不动产提出")
    amount: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                                 title="涉及金额（元）")
    request: str = Field(min_length=2, max_length=2000, title="行政复议请求")
    reasons: str = Field(min_length=2, max_length=20000, title="事实和理由")
    good_reason: str = Field(default="", max_length=2000, title="耽误申请期限的正当理由")
    obstacle_from: date | None = Field(default=None, title="障碍发生日期")
    obstacle_to: date | None = Field(default=None, title="障碍消除日期")
    disclosure_case: str = Field(default="", max_length=60, title="原政府信息公开案件编号")
    review_document: str = Field(
        default="", max_length=60, title="一并申请附带审查的规范性文件统一登记号",
        description="认为行政行为所依据的规范性文件不合法的，可以一并提出对该文件的附带审查申请（第十三条）")
    petition_case: str = Field(
        default="", max_length=60, title="导入本申请的信访事项编号",
        description="信访事项经分类导入行政复议的，填写信访事项编号，信访事项页面随之显示本案办理情况")
    body_code: str = Field(default="", max_length=40, title="行政复议机关",
                           description="申请人选择的行政复议机关（由登记服务填写）")

    _strip = field_validator("applicant_name", "act", "request", "reasons")(_text)

    @model_validator(mode="after")
    def dates(self) -> "Application":
        if self.known_on < self.act_date:
            raise ValueError("知道行政行为之日不能早于行政行为作出日期")
        if (self.obstacle_from is None) != (self.obstacle_to is None):
            raise ValueError("正当理由耽误的，须同时填写障碍发生和消除日期")
        if self.obstacle_from and self.obstacle_to and self.obstacle_to < self.obstacle_from:
            raise ValueError("障碍消除日期不能早于障碍发生日期")
        if self.obstacle_from and len(self.good_reason.strip()) < 2:
            raise ValueError("填写障碍起止日期的，须说明耽误申请期限的正当理由")
        return self


class Intake(Application):
    """Registered by the office: how and when it arrived (a posted application is on time
    when posted within the period, 民事诉讼法第八十五条第四款 via 第八十八条)."""

    posted_on: date | None = Field(default=None, title="邮寄日期（邮戳日期）")
    oral_record: str = Field(default="", max_length=20000, title="口头申请笔录",
                             description="口头申请的，当场记录申请人的基本情况、请求、主要事实、理由和时间")

    @model_validator(mode="after")
    def channel_fields(self) -> "Intake":
        if self.channel == "oral" and len(self.oral_record.strip()) < 2:
            raise ValueError("口头申请的，须当场制作笔录（第二十二条第三款）")
        if self.channel == "post" and self.posted_on is None:
            raise ValueError("邮寄申请的，须填写邮戳日期")
        return self


class Note(BaseModel):
    note: str = Field(default="", max_length=2000, title="说明")


class Reason(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, title="理由")


class Refusal(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, title="不予受理理由")
    competent_body: str = Field(default="", max_length=200, title="有管辖权的行政复议机关",
                                description="不属于本机关管辖的，告知申请人有管辖权的机关")


class CorrectionNotice(BaseModel):
    items: list[str] = Field(min_length=1, max_length=20, title="需要补正的全部事项")
    served_on: date = Field(title="补正通知送达日期")


class Correction(BaseModel):
    materials: str = Field(min_length=2, max_length=20000, title="补正材料说明")


class Track(BaseModel):
    track: Literal["ordinary", "simplified"] = Field(title="审理程序")
    ground: Literal["on_the_spot", "warning", "amount", "gio", "agreed", ""] = Field(
        default="", title="适用简易程序的情形", description="第五十三条第一款")
    clear: bool = Field(default=False, title="事实清楚、权利义务关系明确、争议不大")
    handler_name: str = Field(min_length=2, max_length=40, title="承办的行政复议人员")
    major: bool = Field(default=False, title="重大、疑难、复杂案件",
                        description="须提请行政复议委员会提出咨询意见（第五十二条）")


class Copy(BaseModel):
    sent_on: date = Field(title="发送日期")
    received_on: date = Field(title="被申请人收到日期")


class Reply(BaseModel):
    reply: str = Field(min_length=2, max_length=20000, title="书面答复")
    evidence: str = Field(min_length=2, max_length=20000, title="证据、依据和其他有关材料")


class Hearing(BaseModel):
    way: Literal["in_person", "online", "phone", "written"] = Field(title="听取意见方式")
    summary: str = Field(min_length=2, max_length=20000, title="当事人意见")
    party_prevented: bool = Field(default=False, title="因当事人原因不能听取意见",
                                  description="普通程序只有此时才可以书面审理（第四十九条）")


class CommitteeDraw(BaseModel):
    """第五十二条: the committee's experts drawn from the pool by RFC 3797 from public
    random values published after the case was accepted, so anyone can re-run the draw."""

    sources: list[str] = Field(min_length=1, max_length=10, title="公开随机数来源值",
                               description="每行一个来源的开奖号码（如当期福利彩票开奖号码，数字以空格分隔）")
    source_names: str = Field(min_length=2, max_length=500, title="随机数来源说明")
    count: int = Field(ge=3, le=9, title="抽取专家人数")


class CommitteeOpinion(BaseModel):
    opinion: str = Field(min_length=2, max_length=20000, title="行政复议委员会咨询意见")
    members: list[str] = Field(min_length=1, max_length=9, title="出席的专家编号")


class HearingSchedule(BaseModel):
    notified_on: date = Field(title="听证通知送达日期")
    hearing_on: date = Field(title="听证日期")
    presiding: str = Field(min_length=2, max_length=40, title="听证主持人")
    officers: list[str] = Field(min_length=2, max_length=6, title="听证员",
                                description="一名主持人、二名以上听证员和一名记录员（第五十条）")
    clerk: str = Field(min_length=2, max_length=40, title="记录员")


class HearingRecord(BaseModel):
    record_no: str = Field(min_length=2, max_length=60, title="听证笔录编号")
    summary: str = Field(min_length=2, max_length=20000, title="听证情况")
    head_attended: bool = Field(title="被申请人负责人出席听证")
    head_absence_reason: str = Field(default="", max_length=2000, title="负责人不能出席的理由")
    delegate: str = Field(default="", max_length=100, title="委托的工作人员")
    applicant_absent: bool = Field(default=False, title="申请人无正当理由拒不参加",
                                   description="视为放弃听证权利（第五十条）")

    @model_validator(mode="after")
    def head(self) -> "HearingRecord":
        if not self.head_attended and (len(self.head_absence_reason.strip()) < 2
                                       or len(self.delegate.strip()) < 2):
            raise ValueError("被申请人的负责人应当参加听证；不能参加的，应当说明理由并委托相应的"
                             "工作人员参加（第五十一条）")
        return self


class Suspension(BaseModel):
    ground: Literal["death", "incapacity", "dissolved", "absent", "force_majeure",
                    "mediation", "incidental_review", "related_case", "other"] = Field(
        title="中止情形", description="第三十九条第一款")
    on: date = Field(title="中止日期")
    until: date = Field(title="中止最迟结束日期", description="中止计时必须有结束日期；届满自动恢复计算")
    note: str = Field(default="", max_length=2000, title="说明")

    @model_validator(mode="after")
    def bounded(self) -> "Suspension":
        if self.until < self.on:
            raise ValueError("中止最迟结束日期不能早于中止日期")
        return self


class Resumption(BaseModel):
    on: date = Field(title="恢复审理日期")


class Termination(BaseModel):
    ground: Literal["withdrawn", "death", "dissolved", "criminal", "suspended_60"] = Field(
        title="终止情形", description="第四十一条")
    reason: str = Field(min_length=2, max_length=2000, title="理由")


class Withdrawal(BaseModel):
    settled: bool = Field(default=False, title="当事人达成和解", description="第七十四条")
    reason: str = Field(min_length=2, max_length=2000, title="撤回理由")
    voluntary: bool = Field(title="申请人自愿撤回")


class Mediation(BaseModel):
    agreement: str = Field(min_length=2, max_length=20000, title="调解协议内容")
    all_signed: bool = Field(title="各方当事人已签字")
    sealed: bool = Field(title="行政复议机关已加盖印章")


class Extension(BaseModel):
    reason: str = Field(min_length=2, max_length=2000, title="延长理由")
    notified_on: date = Field(title="书面告知当事人日期")


class Decision(BaseModel):
    kind: Literal["change", "revoke", "partial_revoke", "confirm_illegal", "order_performance",
                  "confirm_void", "uphold", "reject_claim", "dismiss"] = Field(title="决定类型")
    redo: bool = Field(default=False, title="责令被申请人重新作出行政行为",
                       description="撤销或者部分撤销的，可以同时责令重新作出（第六十四条）")
    redo_days: int | None = Field(default=None, ge=1, le=365, title="重新作出的期限（日）")
    amount: Money | None = Field(default=None, ge=0, max_digits=14, decimal_places=2,
                                 title="变更后的金额（元）")
    heavier: bool = Field(default=False, title="变更后加重申请人的义务或者减损其权益")
    third_party_requested: bool = Field(default=False, title="第三人提出相反请求")
    content: str = Field(min_length=2, max_length=20000, title="决定内容")
    reasons: str = Field(min_length=2, max_length=20000, title="认定的事实、理由和依据")
    hearing_record_no: str = Field(default="", max_length=60, title="所依据的听证笔录编号",
                                   description="经过听证的，应当根据听证笔录作出决定（第六十一条第二款）")

    @model_validator(mode="after")
    def redo_only_on_revoke(self) -> "Decision":
        if self.redo and self.kind not in {"revoke", "partial_revoke", "confirm_illegal"}:
            raise ValueError("只有撤销、部分撤销或者确认违法的决定可以责令重新作出行政行为（第六十四条、第六十五条）")
        if self.redo and self.redo_days is None:
            raise ValueError("责令重新作出行政行为的，须写明期限")
        return self


class ReviewRequest(BaseModel):
    """第十三条、第五十六条: the applicant's request for review of a normative document the
    act rests on, made with the application or before the decision; the case is suspended
    (第三十九条第一款第七项) while the body handles it or the competent body does."""

    document_no: str = Field(default="", max_length=60, title="规范性文件统一登记号",
                             description="申请时已一并提出的，可以不填")
    clauses: str = Field(min_length=2, max_length=2000, title="申请审查的条款")
    grounds: str = Field(min_length=2, max_length=20000, title="认为不合法的理由")
    requested_on: date = Field(title="申请人提出附带审查申请日期")
    suspended_on: date = Field(title="中止日期")
    competent: bool = Field(title="本机关有权处理", description="无权处理的，应当在七个工作日内转送有权处理的"
                                                          "行政机关依法处理（第五十六条）")


class IssuerNotice(BaseModel):
    notified_on: date = Field(title="书面通知送达制定机关日期",
                              description="自中止之日起三个工作日内通知（第五十八条）")


class IssuerReply(BaseModel):
    reply: str = Field(min_length=2, max_length=20000, title="制定机关书面答复")
    materials: str = Field(default="", max_length=20000, title="相关材料")


class ReviewTransfer(BaseModel):
    competent_code: str = Field(min_length=2, max_length=40, title="有权处理的行政机关",
                                description="机关代码")
    transferred_on: date = Field(title="转送日期")


class ReviewFinding(BaseModel):
    """第五十九条、第六十条: lawful → said in the decision; beyond authority or against
    higher law → its application stops and the issuer is ordered to correct it."""

    finding: Literal["lawful", "unlawful"] = Field(title="审查结论")
    opinion: str = Field(min_length=2, max_length=20000, title="处理意见和理由")
    concluded_on: date = Field(title="作出处理意见日期")


class OpinionLetter(BaseModel):
    """第七十六条: to the respondent or a lower agency whose acts were unlawful or improper."""

    recipient_code: str = Field(min_length=2, max_length=40, title="意见书接收机关", description="机关代码")
    letter_no: str = Field(min_length=2, max_length=60, title="行政复议意见书文号")
    content: str = Field(min_length=2, max_length=20000, title="意见书内容（纠正相关行为的意见）")
    received_on: date = Field(title="意见书送达日期")
    superior_code: str = Field(default="", max_length=40, title="抄告的上一级主管部门",
                               description="政府对其工作部门制发意见书的，抄告其上一级主管部门（第七十九条第二款）")


class LetterReport(BaseModel):
    report: str = Field(min_length=2, max_length=20000, title="纠正相关行为的情况")
    reported_on: date = Field(title="报告日期")


class PerformanceReport(BaseModel):
    performance: str = Field(min_length=2, max_length=20000, title="履行情况")
    performed_on: date = Field(title="履行日期")


class PerformanceOrder(BaseModel):
    """第七十七条: an order to perform within a period; the responsible head may be summoned
    (约谈) or the respondent publicly criticised (通报批评)."""

    days: int = Field(ge=1, le=180, title="责令限期履行的期限（日）")
    measures: list[Literal["interview", "criticism"]] = Field(
        default_factory=list, title="问责措施")
    note: str = Field(min_length=2, max_length=2000, title="责令履行通知内容")


class Enforcement(BaseModel):
    """第七十八条: the applicant neither sues within the period nor performs."""

    route: Literal["respondent", "body"] = Field(title="强制执行途径")
    note: str = Field(min_length=2, max_length=2000, title="说明")


class Approval(BaseModel):
    decision_no: str = Field(min_length=2, max_length=60, title="行政复议决定书文号")
    collective: bool = Field(default=False, title="经集体讨论通过",
                             description="行政复议机关负责人同意或者集体讨论通过（第六十一条第一款）")


class Service(BaseModel):
    served_on: date = Field(title="送达日期")
    channel: Literal["direct", "post", "electronic", "notice"] = Field(title="送达方式")
    publish: bool = Field(default=True, title="公开行政复议决定书",
                          description="根据被申请行政复议的行政行为的公开情况公开（第七十九条第一款）")
    superior_code: str = Field(default="", max_length=40, title="抄告的上一级主管部门",
                               description="政府对其工作部门作出决定的，抄告其上一级主管部门（第七十九条第二款）")


LABELS = {
    "channel": {**dict(m.CHANNELS), "direct": "直接送达", "electronic": "电子送达",
                "notice": "公告送达"},
    "act_kind": dict(m.ACT_KINDS), "track": dict(m.TRACKS),
    "ground": {"on_the_spot": "当场作出行政行为", "warning": "警告或者通报批评",
               "amount": "涉及款额三千元以下", "gio": "政府信息公开", "agreed": "当事人各方同意",
               "": "—", "death": "作为申请人的公民死亡，其近亲属尚未确定是否参加",
               "incapacity": "申请人丧失参加行政复议的行为能力", "dissolved": "申请人终止，承受人尚未确定",
               "absent": "申请人下落不明", "force_majeure": "不可抗力或者其他正当理由",
               "mediation": "调解、和解（申请人和被申请人同意中止）",
               "incidental_review": "规范性文件附带审查", "related_case": "以其他案件结果为依据",
               "other": "其他需要中止的情形", "withdrawn": "申请人撤回申请",
               "criminal": "申请人因同一违法行为被采取刑事强制措施",
               "suspended_60": "中止满六十日原因仍未消除"},
    "way": {"in_person": "当面", "online": "互联网", "phone": "电话", "written": "书面审理"},
    "kind": m.DECISIONS, "finding": m.FINDINGS, "route": m.ENFORCEMENT,
    "measures": {"interview": "约谈被申请人的有关负责人", "criticism": "予以通报批评"},
}
PAYLOAD_LABELS = {
    "window": "申请期限核对", "accepted_on": "受理日期", "deemed": "视为受理",
    "office": "行政复议机构", "hearing_record": "所依据的听证笔录", "decision_kind": "决定类型",
    "linked": "关联案件处理", "committee": "专家抽取（可复核）",
    "document": "规范性文件", "review_due": "附带审查处理期限", "copied_to": "抄告",
    "published_as": "公开", "perform_due": "履行期限", "accountability": "问责",
    "incidental_review": "规范性文件附带审查结论", "on_time": "按期",
} | EXPERT_LABELS

T = Transition
RECONSIDERATION = register(Procedure(
    code="reconsideration", version="2023", title="行政复议", effective_from=IN_FORCE,
    number_prefix="XZFY", states=STATES, final=frozenset({"closed"}), outcomes=OUTCOMES,
    limits=LIMITS, labels=LABELS, detail="reconsideration",
    parties={"organ": "行政复议机关", "respondent": "被申请人", "reviewer": "附带审查接受转送的机关",
             "issuer": "规范性文件制定机关", "recipient": "行政复议意见书接收机关",
             "superior": "抄告的上一级主管部门"},
    transitions=(
        T(OPEN, "提出行政复议申请", frozenset({""}), "received", PARTY, Application,
          effects.apply),
        T("accept", "受理", frozenset({"received"}), "accepted", HANDLER, Note, effects.accept,
          primary=True, parties=BODY),
        T("deem_accepted", "视为受理", frozenset({"received"}), "accepted", SYSTEM_HANDLER, Note,
          effects.deem_accepted, guard=guards.deem_refusal, parties=BODY),
        T("refuse", "不予受理", frozenset({"received"}), "closed", HEAD, Refusal, effects.refuse,
          outcome="not_accepted", parties=BODY),
        T("request_correction", "通知补正", frozenset({"received"}), "correcting", HANDLER,
          CorrectionNotice, effects.request_correction, guard=guards.correction_notice_refusal,
          parties=BODY),
        T("correct", "提交补正材料", frozenset({"correcting"}), "received", PARTY, Correction,
          effects.correct, primary=True, parties=BODY),
        T("abandon", "视为放弃申请", frozenset({"correcting"}), "closed", SYSTEM_HANDLER, Note,
          effects.abandon, outcome="abandoned", guard=guards.abandon_refusal, parties=BODY),
        T("set_track", "确定审理程序", frozenset({"accepted"}), "copying", HANDLER, Track,
          effects.set_track, primary=True, parties=BODY),
        T("send_copy", "发送申请书副本", frozenset({"copying"}), "replying", HANDLER, Copy,
          effects.send_copy, primary=True, parties=BODY),
        T("file_reply", "提交书面答复和证据", frozenset({"replying"}), "reviewing", HANDLER, Reply,
          effects.file_reply, primary=True, parties=RESPONDENT),
        T("reply_lapsed", "记录被申请人逾期未答复", frozenset({"replying"}), "reviewing",
          SYSTEM_HANDLER, Note, effects.reply_lapsed, guard=guards.reply_lapsed_refusal,
          parties=BODY),
        T("hear_parties", "听取当事人意见", frozenset({"reviewing"}), None, HANDLER, Hearing,
          effects.hear_parties, parties=BODY),
        T("draw_committee", "抽取行政复议委员会专家", frozenset({"reviewing"}), None, HANDLER,
          CommitteeDraw, effects.draw_committee, guard=guards.draw_refusal, parties=BODY),
        T("record_opinion", "记录行政复议委员会咨询意见", frozenset({"reviewing"}), None, HANDLER,
          CommitteeOpinion, effects.record_opinion, guard=guards.opinion_refusal, parties=BODY),
        T("schedule_hearing", "安排听证", frozenset({"reviewing"}), "hearing_scheduled", HANDLER,
          HearingSchedule, effects.schedule_hearing, parties=BODY),
        T("record_hearing", "记录听证", frozenset({"hearing_scheduled"}), "reviewing", HANDLER,
          HearingRecord, effects.record_hearing, primary=True, parties=BODY),
        T("convert", "转为普通程序", REVIEWING - {"accepted"}, None, HEAD, Reason, effects.convert,
          guard=guards.convert_refusal, parties=BODY),
        T("extend_decision", "延长审理期限", ACTIVE, None, HEAD, Extension,
          effects.extend, guard=guards.extend_refusal, parties=BODY),
        T("suspend", "中止行政复议", REVIEWING - {"proposed"}, "suspended", HANDLER, Suspension,
          effects.suspend, parties=BODY),
        T("resume", "恢复审理", frozenset({"suspended"}), REVIEWING - {"proposed"}, HANDLER,
          Resumption, effects.resume, primary=True, parties=BODY),
        T("terminate", "终止行政复议", ACTIVE, "closed", HEAD, Termination, effects.terminate,
          outcome="terminated", parties=BODY),
        T("withdraw", "准予撤回申请", ACTIVE, "closed", HEAD, Withdrawal, effects.withdraw,
          outcome="withdrawn", parties=BODY),
        T("mediate", "制作行政复议调解书", ACTIVE - {"accepted", "copying"}, "closed", HEAD,
          Mediation, effects.mediate, outcome="mediated", parties=BODY),
        T("propose", "提出行政复议决定意见", frozenset({"reviewing"}), "proposed", HANDLER, Decision,
          effects.propose, primary=True, guard=guards.propose_refusal, parties=BODY),
        T("return_proposal", "退回决定意见", frozenset({"proposed"}), "reviewing", HEAD, Reason,
          effects.return_proposal, parties=BODY),
        T("decide", "批准作出行政复议决定", frozenset({"proposed"}), "decided", HEAD, Approval,
          effects.decide, primary=True, guard=guards.decide_refusal, parties=APPROVERS),
        T("serve", "送达行政复议决定书", frozenset({"decided"}), frozenset({"closed", "performing"}),
          HANDLER, Service, effects.serve, primary=True, parties=BODY),
        # 规范性文件附带审查 (第十三条、第五十六条至第六十条)
        T("request_review", "处理规范性文件附带审查申请", REVIEWING - {"proposed"}, "document_review",
          HANDLER, ReviewRequest, effects.request_review, guard=guards.review_refusal,
          parties=BODY),
        T("notify_issuer", "书面通知制定机关答复", frozenset({"document_review"}), None, HANDLER,
          IssuerNotice, effects.notify_issuer, guard=guards.notify_issuer_refusal, parties=BODY),
        T("issuer_reply", "提交制定机关书面答复", frozenset({"document_review"}), None, HANDLER,
          IssuerReply, effects.issuer_reply, guard=guards.issuer_reply_refusal, parties=ISSUER),
        T("transfer_review", "转送有权处理的行政机关", frozenset({"document_review"}), None, HANDLER,
          ReviewTransfer, effects.transfer_review, guard=guards.transfer_refusal, parties=BODY),
        T("conclude_review", "作出附带审查处理决定", frozenset({"document_review"}),
          REVIEWING - {"proposed"}, HEAD, ReviewFinding, effects.conclude_review,
          guard=guards.conclude_review_refusal, primary=True, parties=BODY),
        T("reply_review", "回复附带审查处理意见", frozenset({"document_review"}),
          REVIEWING - {"proposed"}, HANDLER | HEAD, ReviewFinding, effects.conclude_review,
          guard=guards.reply_review_refusal, primary=True, parties=REVIEWER),
        # 行政复议意见书 (第七十六条)
        T("issue_letter", "制发行政复议意见书", LETTER_STATES, None, HEAD, OpinionLetter,
          effects.issue_letter, guard=guards.letter_refusal, parties=BODY),
        T("report_letter", "报告意见书整改情况", LETTER_STATES, None, HANDLER | HEAD, LetterReport,
          effects.report_letter, guard=guards.letter_report_refusal, parties=RECIPIENT),
        # 履行监督 (第七十七条、第七十八条)
        T("report_performance", "报告履行情况", frozenset({"performing"}), None, HANDLER | HEAD,
          PerformanceReport, effects.report_performance, guard=guards.report_performance_refusal,
          parties=RESPONDENT),
        T("order_performance", "责令限期履行", frozenset({"performing"}), None, HEAD,
          PerformanceOrder, effects.order_performance, guard=guards.order_performance_refusal,
          parties=BODY),
        T("record_enforcement", "记录强制执行途径", frozenset({"performing"}), None, HANDLER,
          Enforcement, effects.record_enforcement, guard=guards.enforcement_refusal, parties=BODY),
        T("conclude", "监督履行完毕，结案", frozenset({"performing"}), "closed", HANDLER, Note,
          effects.conclude, guard=guards.conclude_refusal, primary=True, parties=BODY),
    ),
))
