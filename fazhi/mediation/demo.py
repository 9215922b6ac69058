"""Demo: a people's mediation committee under a street office (鹭江街道人民调解委员会, hosted by
厦门市思明区鹭江街道办事处, which the powers builder adds) with its mediators, and mediations in every state, each
step through the engine on its simulated date: applied, accepted, refused by a party, being
mediated, ended by a party, failed with guidance, agreed, applied for judicial confirmation,
under the court's examination, confirmed valid, rejected, objected to and archived; some
referred by the petition office and the police, some in a dispute-screening campaign (排查).
The court is 厦门市思明区人民法院, on the platform (ADR 0048): its clerk (smfy_clerk) records its
steps — an application awaiting acceptance in the inbox, one not accepted, examinations
(one extended with the president's approval), rulings and an objection; one confirmation
goes to 厦门市湖里区人民法院, not on the platform, recorded by the committee."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from fazhi.cases.models import Case
from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.mediation import services
from fazhi.mediation.models import Committee, Mediator
from fazhi.org import demo_city
from fazhi.org.actors import Actor
from fazhi.org.demo import person_id, person_name, phone
from fazhi.org.models import Agency, Region

STREET = demo_city.STREET_OFFICES[0]  # 鹭江街道 (made by the powers builder, or here)
LOGIN = "ljtj"  # the street office's mediation staff: ljtj_handler, ljtj_head
COMMITTEE = "鹭江街道人民调解委员会"
MEDIATORS = [("林秀英", "主任"), ("黄志明", "调解员"), ("陈丽华", "调解员")]
CAMPAIGN = "2025年春季矛盾纠纷大排查"
COURT = "厦门市思明区人民法院"  # on the platform (ADR 0048)
COURT_CODE, COURT_SHORT, COURT_LOGIN = "XMSMQFY", "思明区法院", "smfy"  # smfy_clerk, smfy_judge
OTHER_COURT = "厦门市湖里区人民法院"  # not on the platform: the committee records its steps
# (stage, days before today the dispute arrived)
STAGES = [("applied", 2), ("accepted", 4), ("refused", 10), ("mediating", 12), ("ended", 25),
          ("failed", 40), ("agreed", 15), ("filed", 22), ("examining", 30), ("confirmed", 45),
          ("rejected", 50), ("objected", 48), ("closed", 120), ("declined", 24), ("extended", 35),
          ("recorded", 60)]
SUBJECTS = ["邻里漏水赔偿纠纷", "房屋租赁押金纠纷", "装修噪声纠纷", "物业服务费纠纷", "宠物伤人赔偿纠纷",
            "劳务报酬纠纷", "相邻通行纠纷", "婚恋财物返还纠纷"]


@dataclass
class Built:
    cases: int = 0
    states: dict[str, int] = field(default_factory=dict)


def _street(ctx: DemoContext) -> Agency:
    org = ctx.built["org"]
    agency = org.by_code.get(STREET.code)
    if agency is None:  # the powers app is not installed
        agency = Agency.objects.create(code=STREET.code, name=STREET.name,
                                       short_name=STREET.short_name, kind=STREET.kind,
                                       region=Region.objects.get(code=STREET.region))
        org.by_code[STREET.code] = agency
    for role in ("handler", "head"):
        org.add_staff(agency, f"{LOGIN}_{role}", role, ctx.rng)
    return agency


def _court(ctx: DemoContext, region: Region) -> Agency:
    """思明区人民法院 as an agency of kind "court", with a clerk and a judge."""
    org = ctx.built["org"]
    court = Agency.objects.create(code=COURT_CODE, name=COURT, short_name=COURT_SHORT, kind="court",
                                  region=region, address="厦门市思明区湖滨南路",
                                  hours="工作日 8:00–12:00，14:30–17:30")
    org.by_code[COURT_CODE] = court
    for role in ("clerk", "judge"):
        org.add_staff(court, f"{COURT_LOGIN}_{role}", role, ctx.rng)
    return court


def build(ctx: DemoContext) -> Built:
    built = Built()
    if not Region.objects.filter(code=STREET.region).exists():
        return built
    with simulated_clock() as clock, transaction.atomic():
        street = _street(ctx)
        _court(ctx, street.region)
        committee = Committee.objects.create(name=COMMITTEE, kind="street", host=street,
                                             address="厦门市思明区鹭江街道")
        mediators = [Mediator.objects.create(committee=committee, name=n, title=t)
                     for n, t in MEDIATORS]
        total = max(len(STAGES), min(3 * len(STAGES), ctx.cases // 20))
        petition = _referred_petition()
        for n in range(total):
            stage, ago = STAGES[n % len(STAGES)]
            run = Run(ctx, committee, mediators, n, clock, ctx.today - timedelta(days=ago + n // 13))
            if petition and stage == "agreed" and run.day >= petition[1]:
                run.refer_petition(petition[0])  # 访调对接: the agreement closes the petition
                petition = None
            try:
                with transaction.atomic():
                    case = run.to(stage)
            except DomainError as exc:
                ctx.failures.append(f"mediation #{n} ({stage}): {exc.message}")
                continue
            built.cases += 1
            built.states[case.state] = built.states.get(case.state, 0) + 1
    return built


def _referred_petition() -> tuple[str, date] | None:
    """One accepted petition of the petitions demo (outside its backlog campaign) that the
    信访 office refers to mediation, read through the case tables (apps do not import each
    other): its number and acceptance date."""
    found = (Case.objects.filter(procedure="petition", state="accepted", petition__campaign="")
             .order_by("received_on", "id").values_list("number", "petition__accepted_on").first())
    return found if found and found[1] else None


def report(ctx: DemoContext) -> list[str]:
    built = ctx.built.get("mediation")
    if not built:
        return []
    states = "、".join(f"{k} {v}" for k, v in sorted(built.states.items()))
    return [f"人民调解案件 {built.cases} 件（{states}）；{COURT}在平台办理司法确认："
            f"书记员 {COURT_LOGIN}_clerk，审判员 {COURT_LOGIN}_judge"]


class Run:
    """One mediation taken to its stage, each step a few days after the last."""

    def __init__(self, ctx: DemoContext, committee: Committee, mediators: list[Mediator], n: int,
                 clock: list[datetime], day: date) -> None:
        org = ctx.built["org"]
        self.ctx, self.n, self.clock, self.day = ctx, n, clock, day
        self.mediators = mediators
        self.staff = {"handler": org.actor(f"{LOGIN}_handler"), "head": org.actor(f"{LOGIN}_head"), "public": Actor.public("申请人"),
                      "clerk": org.actor(f"{COURT_LOGIN}_clerk"),
                      "judge": org.actor(f"{COURT_LOGIN}_judge")}
        subject = f"{SUBJECTS[n % len(SUBJECTS)]}（{n + 1}号）"
        self.data = {"committee_id": committee.pk, "applicant_name": person_name(ctx.rng),
                     "applicant_id": person_id(ctx.rng, "350203"),
                     "applicant_contact": phone(ctx.rng), "respondent_name": person_name(ctx.rng),
                     "respondent_contact": phone(ctx.rng), "subject": subject,
                     "facts": f"双方因{subject}发生争执，协商未果。", "request": "请求调解委员会主持调解"}
        if n % 4 == 1:
            self.data |= {"source": "referral", "referrer_kind": "petition",
                          "referrer_body": "厦门市信访局", "referrer_number": f"XF-DEMO-{n + 1:03d}"}
        elif n % 4 == 2:
            self.data |= {"source": "referral", "referrer_kind": "police",
                          "referrer_body": "厦门市公安局思明分局鹭江派出所",
                          "referrer_number": f"鹭公调字〔2025〕{n + 1}号"}

    def refer_petition(self, number: str) -> None:
        self.data |= {"source": "referral", "referrer_kind": "petition",
                      "referrer_body": "厦门市信访局", "referrer_number": number}

    def tick(self) -> None:
        self.clock[0] = datetime.combine(self.day, time(2, 0), tzinfo=UTC) + timedelta(minutes=self.n)

    def act(self, action: str, who: str, data: dict | None = None, days: int = 1):  # noqa: ANN201
        self.day = min(self.day + timedelta(days=days), self.ctx.today)
        self.tick()
        self.case = services.act(self.case, action, self.staff[who], data or {}, today=self.day)
        return self.case

    def to(self, stage: str):  # noqa: ANN201, C901 - a linear script
        self.tick()
        who = "public" if self.data.get("source") is None else "handler"
        self.case = services.receive(self.staff[who], self.data, received_on=self.day, today=self.day)
        if self.n % 3 == 0:
            self.act("tag_campaign", "head", {"name": CAMPAIGN}, days=0)
        if stage == "applied":
            return self.case
        self.act("accept", "handler")
        if stage == "accepted":
            return self.case
        if stage == "refused":
            return self.act("refuse", "handler", {"party": "respondent", "reason": "对方明确表示不同意调解"})
        picked = [self.mediators[self.n % 3].pk]
        self.act("assign", "handler", {"mediator_ids": picked, "chosen_by_parties": self.n % 2 == 0})
        self.act("hold_session", "handler", {"held_on": self.day.isoformat(), "place": "鹭江街道调解室",
                                             "record": "听取双方陈述，释法说理"}, days=2)
        if stage == "mediating":
            return self.case
        if stage == "ended":
            return self.act("end", "handler", {"party": "applicant", "reason": "申请人要求终止调解"})
        if stage == "failed":
            return self.act("fail", "handler", {"route": "litigation", "reason": "双方分歧较大"}, days=5)
        self.act("agree", "handler", {
            "responsibility": "被申请人承担主要责任", "terms": "被申请人赔偿申请人人民币三千元",
            "performance": "于协议生效之日起十日内一次性支付", "effective_on": self.day.isoformat(),
            "signed_applicant": True, "signed_respondent": True, "mediator_signed": True,
            "sealed": True}, days=3)
        if stage == "agreed":
            return self.case
        on_platform = stage != "recorded"  # ADR 0048: the court's clerk records its steps
        clerk = "clerk" if on_platform else "handler"
        self.act("apply_confirmation", "handler", {"court": COURT if on_platform else OTHER_COURT,
                                                   "by_applicant": True, "by_respondent": True},
                 days=5)
        if stage == "filed":
            return self.case
        if stage == "declined":
            return self.act("decline_confirmation", "clerk", {
                "ground": "property", "reason": "协议内容涉及确认物权归属（解释第三百五十五条）"}, days=2)
        self.act("accept_confirmation" if on_platform else "court_accept", clerk,
                 {"court_number": f"（2025）闽0203民特{self.n + 100}号"}, days=2)
        if on_platform:
            held = min(self.day + timedelta(days=3), self.ctx.today)
            self.act("examine", "judge", {"held_on": held.isoformat(), "applicant_present": True,
                                          "respondent_present": True,
                                          "record": "双方当事人到庭，确认协议系自愿达成、内容明确"}, days=3)
        if stage == "examining":
            return self.case
        if stage == "extended":
            return self.act("extend_examination", "clerk", {
                "approved_by": "本院院长", "reason": "需要当事人补充履行担保材料"}, days=1)
        valid = stage != "rejected"
        self.act("issue_ruling" if on_platform else "rule", clerk, {
            "ruling": "valid" if valid else "invalid",
            "reason": "" if valid else "协议内容不明确",
            "served_on": min(self.day + timedelta(days=7), self.ctx.today).isoformat()}, days=7)
        if stage in ("confirmed", "rejected", "recorded"):
            return self.case
        if stage == "objected":
            return self.act("object", "clerk", {"by": "party", "grounds": "认为裁定有误"}, days=5)
        return self.act("archive", "handler", {"note": "归档"}, days=20)
