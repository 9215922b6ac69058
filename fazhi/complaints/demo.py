"""Demo: a year of consumer complaints and reports at the city market regulator
(厦门市市场监督管理局), each step through the engine on its simulated date: complaints received
(one past its 7 working days), in mediation, not accepted, agreed, ended and told, withdrawn;
reports being verified (one extended), opened as enforcement leads and decided no case; some
submissions both a complaint and a report (split). A few businesses of the directory are
repeat offenders: most complaints name one of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from fazhi.complaints import services
from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.org.actors import Actor
from fazhi.org.demo import person_id, person_name, phone
from fazhi.subjects.models import MarketEntity

REGULATOR = "XMSCJGJ"
# (stage, kind): every state of both procedures, the both-kind ones split
STAGES = [("received", "complaint"), ("mediating", "complaint"), ("not_accepted", "complaint"),
          ("agreed", "both"), ("closed", "complaint"), ("ended", "complaint"),
          ("withdrawn", "complaint"), ("agreed", "complaint"), ("opened", "report"),
          ("not_opened", "report"), ("verifying", "both"), ("agreed", "complaint")]
MATTERS = [("预付卡退费纠纷", "请求退还预付卡余额"), ("网购商品质量问题", "请求退货退款"),
           ("装修工程质量纠纷", "请求返工或者赔偿"), ("餐饮食品安全问题", "请求赔偿医疗费用"),
           ("二手车里程数不符", "请求退车"), ("培训机构拒绝退费", "请求退还剩余课时费用"),
           ("手机维修更换旧件", "请求更换原厂配件"), ("健身房停业跑路", "请求退还会员费")]
VIOLATIONS = ["虚假宣传：标价与结算价不符", "销售过期食品", "缺斤短两", "无照经营", "价格欺诈"]


@dataclass
class Built:
    complaints: int = 0
    reports: int = 0
    states: dict[str, int] = field(default_factory=dict)
    repeat: list[str] = field(default_factory=list)  # the repeat offenders' credit codes


def build(ctx: DemoContext) -> Built:
    built = Built()
    org = ctx.built["org"]
    agency = org.by_code.get(REGULATOR)
    if agency is None:
        return built
    staff = {"handler": org.handlers[agency.pk], "head": org.heads[agency.pk],
             "public": Actor.public("投诉人")}
    entities = list(MarketEntity.objects.order_by("uscc")[:60])
    built.repeat = [e.uscc for e in entities[:3]]
    total = max(2 * len(STAGES), min(240, ctx.cases // 4))
    with simulated_clock() as clock, transaction.atomic():
        for n in range(total):
            stage, kind = STAGES[n % len(STAGES)]
            young = stage in ("received", "verifying", "mediating", "ended")
            ago = ctx.rng.randrange(1, 8) if young else ctx.rng.randrange(70, 360)
            if stage == "received" and n % 24 == 0:
                ago = 20  # past the 7 working days: overdue in the inbox
            run = Run(ctx, agency, staff, entities, n, clock, ctx.today - timedelta(days=ago), kind)
            try:
                with transaction.atomic():
                    cases = run.to(stage)
            except DomainError as exc:
                ctx.failures.append(f"complaints #{n} ({stage}): {exc.message}")
                continue
            for case in cases:
                if case.procedure == "complaint":
                    built.complaints += 1
                else:
                    built.reports += 1
                built.states[case.state] = built.states.get(case.state, 0) + 1
    return built


def report(ctx: DemoContext) -> list[str]:
    built = ctx.built.get("complaints")
    if not built:
        return []
    states = "、".join(f"{k} {v}" for k, v in sorted(built.states.items()))
    return [f"消费投诉 {built.complaints} 件、举报 {built.reports} 件（{states}）"]


class Run:
    """One submission taken to its stage, each step a few days after the last."""

    def __init__(self, ctx: DemoContext, agency, staff, entities, n: int,  # noqa: ANN001
                 clock: list[datetime], day: date, kind: str) -> None:
        self.ctx, self.agency, self.staff, self.n, self.clock, self.day = \
            ctx, agency, staff, n, clock, day
        subject, request = MATTERS[n % len(MATTERS)]
        rng = ctx.rng
        self.data = {"kind": kind, "complainant_name": person_name(rng),
                     "applicant_id": person_id(rng, "350203"), "complainant_contact": phone(rng),
                     "subject": subject, "request": request,
                     "facts": f"消费者反映{subject}，与经营者协商未果。",
                     "channel": ["online", "phone", "letter", "visit"][n % 4]}
        if kind != "complaint":
            self.data["violation"] = VIOLATIONS[n % len(VIOLATIONS)]
        # most name a repeat offender; some a business of the directory; some an unlisted one
        if entities and n % 5 != 4:
            pool = entities[:3] if n % 2 == 0 else entities
            self.data["uscc"] = pool[rng.randrange(len(pool))].uscc
        else:
            self.data |= {"business_name": f"思明区某{['奶茶店', '理发店', '水果店'][n % 3]}（{n + 1}号）",
                          "business_address": f"厦门市思明区中山路{n + 1}号"}

    def tick(self) -> None:
        self.clock[0] = datetime.combine(self.day, time(2, 0), tzinfo=UTC) + timedelta(minutes=self.n)

    def later(self, days: int) -> None:
        self.day = min(self.day + timedelta(days=days), self.ctx.today)

    def act(self, case, action: str, who: str, data: dict | None = None, days: int = 1):  # noqa: ANN001, ANN201
        self.later(days)
        self.tick()
        return services.act(case, action, self.staff[who], data or {}, today=self.day)

    def to(self, stage: str) -> list:  # noqa: C901 - a linear script
        self.tick()
        who = "public" if self.data["channel"] == "online" else "handler"
        data = self.data if who == "handler" else {**self.data, "channel": "online"}
        first = services.receive(self.agency, self.staff[who], data, received_on=self.day,
                                 today=self.day)
        report = first if first.procedure == "consumer_report" else None
        complaint = first if first.procedure == "complaint" else None
        if complaint is not None and self.data["kind"] == "both":
            report = complaint.split_reports.get().case
        if report is not None:
            report = self._report(report, stage)
        if complaint is not None:
            complaint = self._complaint(complaint, stage)
        return [c for c in (complaint, report) if c is not None]

    def _report(self, case, stage: str):  # noqa: ANN001, ANN202
        if stage in ("verifying", "received", "mediating", "ended", "withdrawn"):
            if self.n % 2:
                return self.act(case, "extend", "head", {"reason": "需调取交易记录核实"}, days=0)
            return case
        if stage == "not_opened":
            return self.act(case, "no_case", "head", {"reason": "经核查，未发现违法行为"}, days=6)
        # verified the day it arrived: the lead enforcement registers is dated from the
        # report's receipt, and the demo keeps every case's first event on its receipt day
        return self.act(case, "open_case", "head", {
            "legal_basis": "《中华人民共和国消费者权益保护法》第五十六条",
            "act_date": (self.day - timedelta(days=3)).isoformat(),
            "note": "现场核查属实"}, days=0)

    def _complaint(self, case, stage: str):  # noqa: ANN001, ANN202, C901
        if stage in ("received", "verifying"):
            return case
        if stage == "not_accepted":
            return self.act(case, "decline", "handler", {
                "ground": "not_consumer", "reason": "投诉人为经营需要购买，不属于生活消费"}, days=3)
        case = self.act(case, "accept", "handler", {}, days=2)
        if stage == "mediating":
            return case
        if stage == "withdrawn":
            return self.act(case, "withdraw", "handler", {"note": "双方自行和解"}, days=3)
        self.later(5)
        case = self.act(case, "hold_session", "handler", {"held_on": self.day.isoformat(),
                                                          "record": "组织双方调解"}, days=0)
        if stage in ("agreed", "opened", "not_opened"):
            self.later(4)
            return self.act(case, "agree", "handler", {
                "terms": "经营者退还消费者款项", "agreed_on": self.day.isoformat()}, days=0)
        case = self.act(case, "end", "handler", {"ground": "refused",
                                                  "reason": "被投诉人明确拒绝调解"}, days=3)
        if stage == "ended":
            return case
        self.later(2)
        return self.act(case, "tell_end", "handler", {"told_on": self.day.isoformat(),
                                                      "note": "电话告知双方"}, days=0)
