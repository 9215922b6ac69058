"""Demo: reconsideration cases of 厦门市人民政府 (its office in 厦门市司法局) in every state,
each step through the engine on its simulated date (after org and disclosure): some against
the departments' disclosure replies, deemed acceptances, corrections, both tracks, hearings,
suspensions, mediation, withdrawals and every decision type. A few dozen actions: < 2 s."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from fazhi.cases.models import Case
from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.org.actors import Actor
from fazhi.reconsideration import services
from fazhi.reconsideration.models import Expert, Reconsideration

BODY = "XMSZF"  # 厦门市人民政府; its reconsideration office is 厦门市司法局 (sfj_handler, sfj_head)
STAGES = ("received", "correcting", "deemed", "copying", "replying", "reviewing", "hearing",
          "proposed", "suspended", "decided", "revoke_redo", "change", "uphold",
          "confirm_illegal", "order_performance", "reject_claim", "simplified", "not_accepted",
          "withdrawn", "mediated", "extended", "committee", "committee_pending", "review_pending", "review_lawful",
          "review_unlawful", "letter", "performed", "ordered", "enforced")
EXPERTS = [("行政法", "厦门大学法学院教授"), ("行政法", "执业律师"), ("土地规划", "高级工程师"),
           ("财税", "注册会计师"), ("政府信息公开", "研究员"), ("市场监管", "退休法官")]
# the stages of ADR 0046 (after service, or around an incidental review)
LATER = frozenset({"review_pending", "review_lawful", "review_unlawful", "letter", "performed",
                   "ordered", "enforced"})
EXPERT_LOGIN = "expert1"
NAMES = ("林", "陈", "黄", "张", "吴", "王", "李", "郑", "刘", "蔡")


@dataclass
class Built:
    cases: int = 0
    states: dict[str, int] = field(default_factory=dict)


def build(ctx: DemoContext) -> Built:
    org = ctx.built["org"]
    built = Built()
    body = org.by_code.get(BODY)
    if body is None or "sfj_handler" not in org.accounts:
        return built
    staff = {"handler": org.actor("sfj_handler"), "head": org.actor("sfj_head")}
    respondents = [a for a in org.agencies if a.kind != "government" and not a.is_legal_office]
    gio = list(Case.objects.filter(procedure="disclosure", is_open=False,
                                   agency__in=respondents).order_by("pk")
               .values_list("number", "agency_id")[:20])
    documents = _documents()  # published normative documents, for incidental review
    per = max(1, min(2, ctx.cases // 200))  # 29 or 58 cases: the builder stays < 3 s
    if not Expert.objects.exists():  # the committee's expert pool (第五十二条)
        Expert.objects.bulk_create(
            Expert(code=f"ZJ{n:03d}", name=f"{NAMES[n % len(NAMES)]}{title[-2:]}{n:02d}",
                   field=field)
            for n, (field, title) in enumerate(EXPERTS * 2, start=1))
    plan = [stage for stage in STAGES for _ in range(per)]
    with simulated_clock() as clock, transaction.atomic():
        for n, stage in enumerate(plan):
            if stage.startswith("review_") and not documents:
                continue
            run = Run(ctx, body, staff, org, respondents, gio, n, clock)
            run.documents = documents
            try:
                with transaction.atomic():
                    case = run.to(stage)
            except DomainError as exc:
                ctx.failures.append(f"reconsideration #{n} ({stage}): {exc.message}")
                continue
            built.cases += 1
            built.states[case.state] = built.states.get(case.state, 0) + 1
        _expert_login(org)
    return built


def _expert_login(org) -> None:  # noqa: ANN001
    """`expert1` signs in as the first expert drawn for a case awaiting the experts' opinions
    (ADR 0049: /experts/)."""
    from django.contrib.auth.models import User

    waiting = next((r for r in Reconsideration.objects.exclude(committee={})
                    .filter(committee_opinion="", case__state="reviewing").order_by("pk")), None)
    if waiting is None or User.objects.filter(username=EXPERT_LOGIN).exists():
        return
    user = User.objects.create(username=EXPERT_LOGIN, password=org.password,
                               email=f"{EXPERT_LOGIN}@example.com")
    Expert.objects.filter(code=waiting.committee["chosen"][0]).update(user=user)


def logins() -> list[tuple[str, str, str, str, str]]:
    """The demo expert's account for `make run`'s list of demo logins."""
    from fazhi.org.demo_city import PASSWORD

    return [(e.user.username, PASSWORD, "—", "行政复议委员会专家（/experts/）", e.name)
            for e in Expert.objects.select_related("user").filter(user__username=EXPERT_LOGIN)]


def _documents() -> list[str]:
    """Unified registration numbers of documents published, as their registration recorded
    them in their history (this app does not read the normative app's tables)."""
    import json

    numbers = []
    for case in Case.objects.filter(procedure="normative", state__in=("in_force", "published")
                                    ).order_by("pk")[:10]:
        for event in case.events.filter(action__in=("register", "publish")):
            number = json.loads(event.payload).get("registration_no")
            if number and number not in numbers:
                numbers.append(number)
    return numbers


class Run:
    """One application, taken to its stage on simulated dates."""

    documents: list[str]

    def __init__(self, ctx: DemoContext, body, staff, org, respondents, gio, n: int,  # noqa: ANN001
                 clock: list[datetime]) -> None:
        self.ctx, self.body, self.staff, self.n, self.clock = ctx, body, staff, n, clock
        against = gio[n % len(gio)] if gio and n % 3 == 0 else None
        respondent = (next(a for a in respondents if a.pk == against[1]) if against
                      else respondents[n % len(respondents)])
        self.respondent = org.handlers.get(respondent.pk) or Actor.system("平台")
        self.day = ctx.today - timedelta(days=160 - (n * 7) % 60)
        self.data = {
            "channel": ("online", "in_person", "post", "oral")[n % 4] if n % 2 else "online",
            "applicant_name": f"{NAMES[n % len(NAMES)]}某{n:02d}",
            "applicant_id": f"3502031985{n % 12 + 1:02d}1{n:04d}"[:18],
            "applicant_contact": f"1380000{n:04d}", "respondent_code": respondent.code,
            "act": (f"对{against[0]}号政府信息公开申请作出的不予公开答复" if against
                    else "对申请人作出的罚款二千元的行政处罚决定"),
            "act_kind": "gio" if against else "penalty",
            "amount": None if against else "2000",
            "request": "撤销该行政行为", "reasons": "认定事实不清，适用法律错误",
            "disclosure_case": against[0] if against else "",
            "oral_record": "申请人当场口述，工作人员记录并经申请人确认"}

    def step(self, days: int = 2) -> date:
        self.day = min(self.day + timedelta(days=days), self.ctx.today)
        self.clock[0] = datetime.combine(self.day, time(1, 30), tzinfo=UTC) + timedelta(minutes=self.n)
        return self.day

    def act(self, action: str, who: str, data: dict | None = None, days: int = 2):  # noqa: ANN201
        on = self.step(days)
        actor = {"respondent": self.respondent, "system": Actor.system("平台"),
                 "public": Actor.public()}.get(who) or self.staff[who]
        self.case = services.act(self.case, action, actor, data or {}, today=on)
        return self.case

    def to(self, stage: str):  # noqa: ANN201, C901 - a linear script
        if stage in ("received", "correcting"):
            self.day = self.ctx.today - timedelta(days=1)
        self.step(0)
        if stage == "enforced" and self.data["act_kind"] == "gio":  # a fine the applicant owes
            self.data |= {"act_kind": "penalty", "amount": "2000", "disclosure_case": "",
                          "act": "对申请人作出的罚款二千元的行政处罚决定"}
        self.data |= {"act_date": (self.day - timedelta(days=20)).isoformat(),
                      "known_on": (self.day - timedelta(days=15)).isoformat(),
                      "posted_on": self.day.isoformat()}
        who = "public" if self.data["channel"] == "online" else "handler"
        actor = Actor.public() if who == "public" else self.staff["handler"]
        self.case = services.apply(self.body, actor, self.data, received_on=self.day,
                                   today=self.day)
        if stage == "received":
            return self.case
        if stage == "correcting":
            return self.act("request_correction", "handler",
                            {"items": ["身份证明复印件"], "served_on": self.step(0).isoformat()},
                            days=0)
        if stage == "not_accepted":
            return self.act("refuse", "head", {"reason": "不属于行政复议范围"})
        if stage == "deemed" or self.n % 4 == 1:  # the office let the 5 WD run out
            self.act("deem_accepted", "system", days=16)  # past 5 WD, holidays included
        else:
            self.act("accept", "handler")
        if stage == "deemed":
            return self.case
        simple = stage == "simplified" or (self.data["act_kind"] == "gio" and self.n % 2 == 0
                                           and stage != "extended")  # 第六十二条第二款
        track = {"track": "simplified", "ground": "gio" if self.data["act_kind"] == "gio"
                 else "amount", "clear": True} if simple else {"track": "ordinary"}
        track["major"] = stage in ("committee", "committee_pending")
        self.act("set_track", "handler", track | {"handler_name": "王复议"}, days=1)
        if stage == "copying":
            return self.case
        sent = self.step(1).isoformat()
        self.act("send_copy", "handler", {"sent_on": sent, "received_on": sent}, days=0)
        if stage == "replying":
            return self.case
        self.act("file_reply", "respondent", {"reply": "原行政行为认定事实清楚，证据确凿，程序合法",
                                              "evidence": "行政行为卷宗、法律依据"}, days=5)
        self.act("hear_parties", "handler", {"way": "phone", "summary": "申请人坚持复议请求"})
        if stage == "reviewing":
            return self.case
        if stage in ("committee", "committee_pending"):  # public lottery numbers (RFC 3797)
            self.act("draw_committee", "handler", {
                "sources": [f"{self.n % 30 + 1} 7 12 19 26 31 4", "2 8 15 21 30"],
                "source_names": "福利彩票双色球、体育彩票大乐透当期开奖号码（演示值）", "count": 5})
            if stage == "committee_pending":  # the experts' individual opinions are awaited
                return self.case
            chosen = Reconsideration.objects.get(case=self.case).committee["chosen"]
            self.act("record_opinion", "handler", {"opinion": "建议撤销原行政行为并责令重新作出",
                                                   "members": chosen[:3]}, days=7)
        if stage == "suspended":
            on = self.step(1)
            return self.act("suspend", "handler", {"ground": "related_case", "on": on.isoformat(),
                                                   "until": (on + timedelta(days=90)).isoformat()},
                            days=0)
        if stage in ("withdrawn", "mediated"):
            return (self.act("withdraw", "head", {"settled": True, "reason": "双方和解",
                                                  "voluntary": True})
                    if stage == "withdrawn" else
                    self.act("mediate", "head", {"agreement": "被申请人重新处理，申请人撤回请求",
                                                 "all_signed": True, "sealed": True}))
        record = ""
        if stage in ("hearing", "revoke_redo") or (self.n % 5 == 0 and stage not in LATER):
            notified = self.step(1)
            self.act("schedule_hearing", "handler", {
                "notified_on": notified.isoformat(),
                "hearing_on": (notified + timedelta(days=10)).isoformat(), "presiding": "张主持",
                "officers": ["李听证", "吴听证"], "clerk": "赵记录"}, days=0)
            if stage == "hearing":
                return self.case
            record = f"FY-TZ-{self.n:03d}"
            self.act("record_hearing", "handler", {"record_no": record, "summary": "双方质证、辩论",
                                                   "head_attended": True}, days=10)
        if stage.startswith("review_"):  # 附带审查 (第五十六条至第六十条)
            number = self.documents[self.n % len(self.documents)]
            on = self.step(1).isoformat()
            self.act("request_review", "handler", {
                "document_no": number, "clauses": "第三条", "grounds": "该条增设的条件缺乏上位法依据",
                "requested_on": on, "suspended_on": on,
                "competent": stage != "review_pending"}, days=0)
            self.act("notify_issuer", "handler", {"notified_on": self.step(1).isoformat()}, days=0)
            if stage == "review_pending":
                return self.act("transfer_review", "handler", {
                    "competent_code": self.respondent_code(), "transferred_on": self.step(2)
                    .isoformat()}, days=0)
            self.act("conclude_review", "head", {
                "finding": "lawful" if stage == "review_lawful" else "unlawful",
                "opinion": "经审查，该条款有上位法依据" if stage == "review_lawful"
                else "经审查，该条款增设许可条件，违反上位法", "concluded_on": self.step(10)
                .isoformat()}, days=0)
        if stage == "extended":
            return self.act("extend_decision", "head", {"reason": "案情复杂", "notified_on": self.step(0)
                                               .isoformat()})
        kind = {"revoke_redo": "revoke", "change": "change", "uphold": "uphold",
                "confirm_illegal": "confirm_illegal", "order_performance": "order_performance",
                "reject_claim": "reject_claim", "review_lawful": "uphold", "letter": "uphold",
                "enforced": "uphold"}.get(stage, "revoke")
        decision = {"kind": kind, "content": f"行政复议决定：{kind}", "reasons": "经审理查明",
                    "hearing_record_no": record}
        if kind == "revoke":
            decision |= {"redo": True, "redo_days": 30}
        if kind == "change":
            decision["amount"] = "1000"
        self.act("propose", "handler", decision, days=5)
        if stage == "proposed":
            return self.case
        self.act("decide", "head", {"decision_no": f"厦府复〔{self.day.year}〕{self.n + 1}号"})
        if stage == "decided":
            return self.case
        if stage == "letter":  # 第七十六条: an opinion letter with the decision, report in 60 days
            self.act("issue_letter", "head", {
                "recipient_code": self.data["respondent_code"],
                "letter_no": f"厦府复意〔{self.day.year}〕{self.n + 1}号",
                "content": "规范行政处罚裁量，建立重大执法决定法制审核台账",
                "received_on": self.step(1).isoformat()}, days=0)
        self.act("serve", "handler", {"served_on": self.step(1).isoformat(),
                                       "channel": "direct"}, days=0)
        if stage == "performed":  # 第七十七条: the respondent reports, the office closes
            self.act("report_performance", "respondent", {
                "performance": "已重新作出行政行为并送达", "performed_on": self.step(10).isoformat()},
                days=0)
            return self.act("conclude", "handler")
        if stage == "ordered" and self.case.reconsideration.perform_due \
                and self.case.reconsideration.perform_due < self.ctx.today:
            return self.act("order_performance", "head", {
                "days": 15, "measures": ["interview"], "note": "逾期未重新作出，责令十五日内履行"},
                days=max(0, (self.case.reconsideration.perform_due - self.day).days + 1))
        if stage == "enforced":  # 第七十八条: no suit within 15 days, the fine unpaid
            return self.act("record_enforcement", "handler", {
                "route": "respondent", "note": "申请人逾期未起诉又不缴纳罚款，由被申请人依法强制执行"},
                days=20)
        return self.case

    def respondent_code(self) -> str:
        """The competent body a review is transferred to (demo: the government's general
        office stands in for the authority above the issuer)."""
        return "XMSZFBGT"


def report(ctx: DemoContext) -> list[str]:
    built: Built = ctx.built["reconsideration"]
    states = "、".join(f"{k} {v}" for k, v in sorted(built.states.items()))
    return [f"行政复议案件 {built.cases} 件（{states}）；复议机构账号 sfj_handler、sfj_head。"]
