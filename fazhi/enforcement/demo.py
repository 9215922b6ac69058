"""Demo: a year of penalty cases of the market regulation bureau in every state, each
step through the engine on its simulated date (after org, subjects, powers, discretion):
leads, investigations by two certified officers, the head's four ways, notices, defences,
hearings, legal reviews (one in ten fails first), decisions with their benchmark tier,
service, publicity (some late), payment, surcharge, demand and the court, revocations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.enforcement import effects, ports, services, simple_demo
from fazhi.enforcement.models import ReviewableMatter
from fazhi.enforcement.procedure import CHECKLIST
from fazhi.org.actors import Actor
from fazhi.subjects.models import MarketEntity, Officer

AGENCY = "XMSCJGJ"
CATEGORY = "市场监管"
# The stage each case stops at, with its share of the cases
STAGES = [("lead", 6), ("investigating", 10), ("proposed", 6), ("notified", 8),
          ("hearing", 5), ("review", 5), ("decided", 8), ("served", 10), ("overdue", 5),
          ("court", 3), ("closed", 26), ("no_penalty", 5), ("revoked", 3)]
VIOLATIONS = [("SC003", "食品经营者未按规定建立并遵守进货查验记录制度",
               "《中华人民共和国食品安全法》第一百二十六条第一款"),
              ("SC005", "食品经营者未按要求进行食品贮存、运输和装卸",
               "《中华人民共和国食品安全法》第一百三十二条"),
              ("SC009", "经营者不按规定明码标价", "《中华人民共和国价格法》第四十二条"),
              ("SC011", "特种设备使用单位未按规定办理使用登记",
               "《中华人民共和国特种设备安全法》第八十三条")]


@dataclass
class Built:
    cases: int = 0
    states: dict[str, int] = field(default_factory=dict)
    simple: dict[str, int] = field(default_factory=dict)  # on-the-spot penalties by state


def build(ctx: DemoContext) -> Built:
    org = ctx.built["org"]
    agency = org.by_code.get(AGENCY)
    built = Built()
    if agency is None:
        return built
    staff = {r: org.actor(f"scjgj_{r}") for r in ("handler", "head", "reviewer")}
    # officers who may act today, earliest certificate first (a case's pair must hold valid
    # certificates from its first step on)
    officers = sorted((o for o in Officer.objects.filter(agency=agency).order_by("code")
                       if ports.acting_refusal([o], category=CATEGORY, on=ctx.today,
                                               minimum=1) is None),
                      key=lambda o: o.cert_valid_from or date.min)
    if len(officers) < 3:
        ctx.failures.append("enforcement: fewer than three certified market officers")
        return built
    entities = list(MarketEntity.objects.order_by("uscc")[:200])
    with simulated_clock() as clock, transaction.atomic():
        ReviewableMatter.objects.create(agency=agency, label="罚款一万元以上或者责令停产停业",
                                        fine_from=Decimal("10000"), kinds=["order_suspension"],
                                        citation="本局重大执法决定法制审核事项清单（示例）第1项",
                                        effective_from=date(2021, 7, 15))
        total = max(40, min(120, ctx.cases // 12))  # ~0.05 s each: the demo stays < 60 s
        plan = [stage for stage, share in STAGES for _ in range(max(1, total * share // 100))]
        for n, stage in enumerate(plan):
            run = Run(ctx, agency, staff, officers, entities, n, clock)
            try:
                with transaction.atomic():
                    case = run.to(stage)
            except DomainError as exc:
                ctx.failures.append(f"enforcement #{n} ({stage}): {exc.message}")
                continue
            built.cases += 1
            built.states[case.state] = built.states.get(case.state, 0) + 1
        built.simple = simple_demo.build(ctx, agency, staff, officers, clock)
    return built


class Run:
    """One case, taken to its stage on simulated dates (each step a few days after the last)."""

    def __init__(self, ctx: DemoContext, agency, staff, officers, entities, n: int,  # noqa: ANN001
                 clock: list[datetime]) -> None:
        self.ctx, self.agency, self.staff, self.n, self.clock = ctx, agency, staff, n, clock
        rng = ctx.rng
        code, name, basis = VIOLATIONS[n % len(VIOLATIONS)]
        entity = entities[n % len(entities)] if entities and n % 5 else None
        self.data = {"party_type": "organisation" if entity or n % 2 else "natural",
                     "party_name": entity.name if entity else f"个体经营者{n:03d}号",
                     "party_id": entity.uscc if entity else f"3502031980{n % 12 + 1:02d}1{n:04d}",
                     "violation_code": code, "violation": name, "legal_basis": basis,
                     "category": CATEGORY, "sector": "市场监管", "source": "complaint"}
        if self.data["party_type"] == "natural" and entity is None:
            self.data["party_name"] = f"张{n:03d}"
            self.data["party_type"] = "natural"
        late = ctx.rng.randint(0, 1) if n % 7 == 0 else 0
        # oldest first for the cases that go furthest: room for their steps
        self.day = ctx.today - timedelta(days=300 - (n * 37) % 120 + late)
        self.fine = Decimal(5000 + (n * 733) % 20000)
        # the pair: officers certified on the first day (moved later until two are)
        self.day = max(self.day, officers[1].cert_valid_from or date.min)
        able = [o for o in officers if (o.cert_valid_from or date.min) <= self.day]
        self.two = [o.pk for o in rng.sample(able, 2)]

    def step(self, days: int = 2) -> date:
        self.day = min(self.day + timedelta(days=days), self.ctx.today)
        self.tick()
        return self.day

    def tick(self) -> None:
        """Event times follow the simulated date (09:30 in the city, a minute per case)."""
        self.clock[0] = datetime.combine(self.day, time(1, 30), tzinfo=UTC) + timedelta(minutes=self.n % 300)

    def act(self, action: str, role: str, data: dict | None = None, days: int = 2):  # noqa: ANN201
        on = self.step(days)
        actor = self.staff.get(role) or Actor.system("平台")
        self.case = services.act(self.case, action, actor, data or {}, today=on)
        return self.case

    def to(self, stage: str):  # noqa: ANN201, C901 - a linear script
        act_date = self.day - timedelta(days=20)
        self.tick()
        self.case = services.register_lead(self.agency, self.staff["handler"],
                                           self.data | {"act_date": act_date.isoformat()},
                                           discovered_on=self.day, today=self.day)
        if stage == "lead":
            return self.case
        self.act("initiate", "head", {"officer_ids": self.two}, days=5)
        self.record("inspection")  # on the audio/video list: the step needs it (第四十七条)
        self.act("record_investigation", "handler",
                 {"kind": "inspection", "officer_ids": self.two, "summary": "现场检查笔录"})
        if self.n % 5 == 0:
            self.record("inquiry", kind="written")
        if self.n % 6 == 1:
            self.seize()
        if stage == "investigating":
            return self.case
        facts = {"harm": ("none", "minor", "serious")[self.n % 3],
                 "amount_involved": str(1000 + (self.n * 911) % 30000),
                 "illegal_income": str((self.n * 317) % 5000), "duration_days": self.n % 40,
                 "first_offence": self.n % 4 == 0, "corrected": self.n % 3 != 2,
                 "cooperated": self.n % 2 == 0}
        self.act("end_investigation", "handler", facts | {"summary": "调查终结报告"}, days=20)
        if stage == "no_penalty" and self.n % 2:  # 第五十七条第一款第四项: opens the transfer
            return self.act("conclude", "head", {"way": "transferred",
                                                 "reasons": "涉案货值金额较大，涉嫌犯罪，依法移送公安机关"})
        if stage == "no_penalty":
            return self.act("conclude", "head", {"way": "no_penalty_unfounded",
                                                 "reasons": "违法事实不能成立"})
        proposal = self._proposal(facts)
        if proposal is None:  # an exemption applies: no penalty (第三十三条)
            return self.act("conclude", "head", {"way": "no_penalty_minor", "reasons": "轻微不罚"})
        self.act("conclude", "head", {"way": "penalise", **proposal, "reasons": "事实清楚，证据确凿"})
        if stage == "proposed":
            return self.case
        if self.electronic:
            self.eserve()  # the notice through fazhi.delivery: its service date notifies
        else:
            self.act("notify", "handler", {"served_on": self.step(1).isoformat()}, days=0)
        if stage == "notified":
            return self.case
        if self.n % 3 == 0:
            self.act("defend", "handler", {"statement": "初次违法，已经整改"}, days=1)
        self.act("waive", "handler", {"note": "当事人书面确认"}, days=0) if self.n % 3 else None
        self.day = self.day + timedelta(days=8)  # the defence period has run
        if self.case.penalty.review_required:
            self.act("submit_review", "handler", days=0)
            if stage in ("hearing", "review"):
                return self.case
            outcome = {"outcome": "pass", "opinion": "事实清楚，程序合法，适用法律正确"}
            self.act("decide_review", "reviewer", dict.fromkeys(CHECKLIST, "ok") | outcome)
        elif stage in ("hearing", "review"):
            return self.case
        self.act("decide", "head", {"fine": proposal.get("fine"), "kinds": proposal["kinds"],
                                    "reasons": "事实清楚，证据确凿，依法处罚",
                                    "deviation_reasons": proposal.get("deviation_reasons", "")})
        if stage == "decided":
            return self.case
        if self.electronic:
            self.eserve()
        else:
            self.act("serve", "handler", {"served_on": self.step(1).isoformat(),
                                          "channel": "direct"}, days=0)
        self.act("publish", "handler", days=3 if self.n % 9 else 15)
        if stage == "revoked":
            self.act("revoke", "head", {"by": "reconsideration", "reason": "复议决定撤销"}, days=20)
            return self.act("withdraw_publicity", "handler", {"reason": "复议决定撤销"})
        if stage == "served":
            return self.case
        if stage in ("overdue", "court"):
            self.act("mark_overdue", "system", days=20)
            if stage == "overdue":
                return self.case
            self.act("demand", "handler", {"served_on": self.step(5).isoformat()}, days=0)
            return self.act("apply_court", "head", {"court": "厦门市思明区人民法院"}, days=20)
        if self.case.penalty.fine:  # the fine, and the surcharge when paid late (第七十二条)
            paid_on = self.step(5)
            due = self.case.clocks.get(code="enforcement.payment").due_on
            owed = effects.owed(self.case.penalty, due, paid_on)
            self.act("record_payment", "handler", {"paid_on": paid_on.isoformat(),
                                                   "amount": str(owed)}, days=0)
        return self.act("archive", "handler", days=1)

    @property
    def electronic(self) -> bool:
        return self.n % 4 == 0

    def record(self, step: str, kind: str = "video") -> None:
        """A full-process record of `step`: footage held in the archive (its hash), or a
        written record uploaded."""
        import hashlib

        from fazhi.enforcement import records

        start = datetime.combine(self.day, time(9, 0))
        data = {"kind": kind, "step": step, "title": f"{records.config.RECORD_STEPS[step]}记录",
                "device": "" if kind == "written" else f"ZFJLY-{self.n % 7 + 1:03d}",
                "started_at": start.isoformat(),
                "stopped_at": (start + timedelta(minutes=35)).isoformat(),
                "officer_ids": self.two}
        upload = None
        if kind == "written":
            upload = (f"{step}-{self.n}.txt", f"{self.case.number} {step} 笔录".encode())
        else:
            digest = hashlib.sha256(f"{self.case.number}/{step}".encode()).hexdigest()
            data |= {"sha256": digest, "size": 40_000_000 + self.n * 1000,
                     "filename": f"{data['device']}-{self.day:%Y%m%d}-0900.mp4",
                     "archive_ref": f"音像档案系统/{self.day:%Y/%m}/{self.case.number}"}
        records.register(self.case, self.staff["handler"], data, upload, today=self.day)

    def seize(self) -> None:
        """先行登记保存, then 查封扣押 decided: the items enter custody with the case."""
        self.record("preserve")
        self.act("preserve", "head", {"officer_ids": self.two, "items": "现场查获的涉案商品"})
        self.record("seize")
        self.act("decide_preserved", "head", {
            "way": "seize", "note": "依法扣押",
            "items": [f"涉案商品（批次{self.n:03d}）；{self.n % 9 + 1}；箱；{800 + self.n * 10}；办案机关暂存处"]})

    def eserve(self) -> None:
        """The document ready (notice or decision) served to the portal inbox with the
        party's signed consent; the delivery's service date advances the case."""
        from fazhi.cases.models import Case
        from fazhi.delivery import services as delivery
        from fazhi.enforcement import eservice

        self.step(1)
        handler, party = self.staff["handler"], eservice.party(self.case)
        if delivery.active_consent(party.key) is None:
            delivery.give_consent(party=party, channels=["portal", "email"], how="signed_form",
                                  actor=handler, case=self.case,
                                  email=f"party{self.n:03d}@example.com")
        doc = eservice.document(self.case)
        delivery.serve(case=self.case, document_title=doc.title, content=doc.content,
                       filename=doc.filename, party=doc.party, actor=handler, channel="portal",
                       today=self.day)
        self.case = Case.objects.get(pk=self.case.pk)

    def _proposal(self, facts: dict) -> dict | None:
        facts = {k: Decimal(v) if k in ("amount_involved", "illegal_income") else v
                 for k, v in facts.items()}
        code = self.data["violation_code"]
        exempt = ports.exemption(self.agency, code, facts, on=self.day)
        if exempt is not None and exempt.mandatory:
            return None
        found = ports.assess(self.agency, code, facts, on=self.day)
        if found is None or found.fine_min is None or "fine" not in found.kinds:
            return {"fine": str(self.fine), "kinds": ["fine"]}
        low, high = found.fine_min, found.fine_max or found.fine_min * 2
        fine = (low + (high - low) * Decimal(self.n % 10) / 10).quantize(Decimal("1"))
        out = {"fine": str(fine), "kinds": [k for k in found.kinds if k in ("fine", "warning")]}
        if self.n % 17 == 0:  # a reasoned departure from the tier
            out |= {"fine": str(high + 1000), "deviation_reasons": "违法行为持续时间长，社会影响大"}
        return out


def report(ctx: DemoContext) -> list[str]:
    built: Built = ctx.built["enforcement"]
    states = "、".join(f"{k} {v}" for k, v in sorted(built.states.items()))
    simple = "、".join(f"{k} {v}" for k, v in sorted(built.simple.items()))
    return [f"行政处罚案件 {built.cases} 件（{states}）。",
            f"当场行政处罚 {sum(built.simple.values())} 件（{simple}）。"]
