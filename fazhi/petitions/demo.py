"""Demo: petitions at the city's 信访 office (厦门市信访局) in every state, each step through
the engine on its simulated date: registered, transferred to a district bureau, objected
to, accepted, routed to reconsideration (诉访分离), declined, answered and rated, settled,
closed, reviewed by the district government, re-reviewed by the city government with a
hearing, final; a few past their limits in a clean-up campaign (积案化解)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.org.actors import Actor
from fazhi.org.demo import person_id, person_name, phone
from fazhi.org.models import Agency, Region
from fazhi.petitions import services

OFFICE = "XMXFJ"  # 厦门市信访局 (in the org demo)
BUREAU = ("XMSMQJSJ", "厦门市思明区建设与交通局", "思明区建设与交通局", "smjsj")  # added here
REVIEW, REREVIEW = "XMSMQ", "XMSZF"  # the district government, then the city government
CAMPAIGN = "2025年信访积案化解专项行动"
# (stage, days before today the petition arrived)
STAGES = [("received", 3), ("transferred", 8), ("objected", 9), ("accepted", 20),
          ("backlog", 95), ("routed", 30), ("not_accepted", 25), ("answered", 50),
          ("settled", 40), ("closed", 120), ("review", 75), ("reviewed", 100),
          ("rereview", 130), ("final", 200)]
SUBJECTS = ["小区违建影响采光", "道路施工噪声扰民", "老旧小区加装电梯协调", "征收补偿标准争议",
            "物业维修资金使用", "市政管网改造进度", "人行道占道停车", "工地夜间施工"]


@dataclass
class Built:
    cases: int = 0
    states: dict[str, int] = field(default_factory=dict)


def _bureau(ctx: DemoContext) -> Agency:
    code, name, short, login = BUREAU
    org = ctx.built["org"]
    agency = Agency.objects.create(code=code, name=name, short_name=short, kind="department",
                                   region=Region.objects.get(code="350203"))
    org.by_code[code] = agency
    for role in ("handler", "head"):
        org.add_staff(agency, f"{login}_{role}", role, ctx.rng)
    return agency


def build(ctx: DemoContext) -> Built:
    org, built = ctx.built["org"], Built()
    office = org.by_code.get(OFFICE)
    if office is None or REVIEW not in org.by_code or REREVIEW not in org.by_code:
        return built
    with simulated_clock() as clock, transaction.atomic():
        bureau = _bureau(ctx)
        total = max(len(STAGES), min(3 * len(STAGES), ctx.cases // 20))  # ≤ 42: < 2 s
        for n in range(total):
            stage, ago = STAGES[n % len(STAGES)]
            run = Run(ctx, office, bureau, n, clock, ctx.today - timedelta(days=ago + n // 14))
            try:
                with transaction.atomic():
                    case = run.to(stage)
            except DomainError as exc:
                ctx.failures.append(f"petitions #{n} ({stage}): {exc.message}")
                continue
            built.cases += 1
            built.states[case.state] = built.states.get(case.state, 0) + 1
    return built


def report(ctx: DemoContext) -> list[str]:
    built = ctx.built.get("petitions")
    if not built:
        return []
    states = "、".join(f"{k} {v}" for k, v in sorted(built.states.items()))
    return [f"信访事项 {built.cases} 件（{states}）"]


class Run:
    """One petition taken to its stage, each step a few days after the last."""

    def __init__(self, ctx: DemoContext, office: Agency, bureau: Agency, n: int,
                 clock: list[datetime], day: date) -> None:
        org = ctx.built["org"]
        self.ctx, self.n, self.clock, self.day = ctx, n, clock, day
        self.office, self.bureau = office, bureau
        self.staff = {"office": org.actor("xfj_handler"), "office_head": org.actor("xfj_head"),
                      "bureau": org.actor(f"{BUREAU[3]}_handler"),
                      "bureau_head": org.actor(f"{BUREAU[3]}_head"),
                      "review": org.actor("smq_handler"), "rereview": org.actor("szf_handler"),
                      "rereview_head": org.actor("szf_head"), "public": Actor.public("信访人")}
        subject = f"{SUBJECTS[n % len(SUBJECTS)]}（{n + 1}号）"
        visit = n % 4 == 1
        self.data = {"petitioner_name": person_name(ctx.rng),
                     "petitioner_id": person_id(ctx.rng, "350203"),
                     "petitioner_contact": phone(ctx.rng), "petitioner_address": "厦门市思明区",
                     "subject": subject, "request": f"请求依法处理{subject}",
                     "facts": f"{subject}，多次反映未果。", "about": BUREAU[1],
                     "channel": ("online", "visit", "letter", "phone", "fax")[n % 5] if not visit
                     else "visit",
                     "group_size": 6 if visit else 1,
                     "representatives": ["代表甲", "代表乙", "代表丙"] if visit else []}

    def tick(self) -> None:
        self.clock[0] = datetime.combine(self.day, time(1, 30), tzinfo=UTC) + timedelta(minutes=self.n)

    def act(self, action: str, who: str, data: dict | None = None, days: int = 2):  # noqa: ANN201
        self.day = min(self.day + timedelta(days=days), self.ctx.today)
        self.tick()
        self.case = services.act(self.case, action, self.staff[who], data or {}, today=self.day)
        return self.case

    def to(self, stage: str):  # noqa: ANN201, C901 - a linear script
        self.tick()
        self.case = services.receive(self.office, self.staff["office"], self.data,
                                     received_on=self.day, today=self.day)
        if stage == "received":
            return self.case
        if stage == "not_accepted":
            return self.act("decline", "office", {"reason": "不属于信访事项受理范围，已告知向人民法院提出"})
        self.act("transfer", "office", {"agency_id": self.bureau.pk, "mode": "assign",
                                         "report_required": True})
        if stage == "transferred":
            return self.case
        if stage == "objected":
            return self.act("object", "bureau", {"reason": "该事项属街道办事处职责"}, days=1)
        if stage == "routed":
            return self.act("accept", "bureau", {"route": "administrative",
                                                 "routed_to": "行政复议：厦门市思明区人民政府",
                                                 "note": "对具体行政行为不服的，依法申请行政复议"})
        self.act("accept", "bureau", {"route": "petition"}, days=3)
        if stage == "accepted":
            return self.case
        if stage == "backlog":
            self.act("supervise", "office", {"kind": "notice", "text": "请加快办理"}, days=70)
            return self.act("tag_campaign", "office_head", {"name": CAMPAIGN}, days=1)
        if stage == "settled":
            return self.act("settle", "bureau", {"agreement": "双方达成和解协议"}, days=20)
        self.answer(self.day + timedelta(days=30))
        self.act("rate", "public", {"score": ("satisfied", "basic", "unsatisfied")[self.n % 3]},
                 days=1)
        if stage == "answered":
            return self.case
        if stage == "closed":
            return self.act("close", "bureau", {}, days=35)
        self.act("request_review", "public", {"grounds": "处理意见未解决实际问题"}, days=10)
        if stage == "review":
            return self.case
        self.act("decide_review", "review", {"result": "upheld", "text": "维持原处理意见",
                                             "served_on": (self.day + timedelta(days=20)).isoformat()},
                 days=20)
        if stage == "reviewed":
            return self.case
        self.act("request_rereview", "public", {"grounds": "不服复查意见"}, days=10)
        start = self.day + timedelta(days=5)
        self.act("hold_hearing", "rereview_head", {"start": start.isoformat(),
                                                   "until": (start + timedelta(days=20)).isoformat()},
                 days=5)
        if stage == "rereview":
            return self.case
        self.act("end_hearing", "rereview", {"on": (start + timedelta(days=7)).isoformat(),
                                             "record": "听证会听取各方意见"}, days=7)
        return self.act("decide_rereview", "rereview",
                        {"result": "upheld", "text": "维持复查意见",
                         "served_on": (self.day + timedelta(days=10)).isoformat()}, days=10)

    def answer(self, served_on: date) -> None:
        self.act("answer", "bureau", {"opinion": ("support", "explain", "not_support")[self.n % 3],
                                      "findings": "经调查核实", "reasons": "依据相关规定",
                                      "basis": "《城乡规划法》第六十四条",
                                      "served_on": served_on.isoformat()}, days=30)
