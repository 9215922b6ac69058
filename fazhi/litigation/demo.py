"""Demo: litigation response at the city's natural resources and planning bureau (市资源规划局,
in the org demo) in every state, each step through the engine on its simulated date: papers
registered, defence filed (one late), heard with the head present or a deputy, judged
(appeal period running), appealed, effective with the judgment to perform and a judicial
suggestion unanswered, closed (upheld, lost and performed, withdrawn after the act changed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from fazhi.cases.models import Case
from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.litigation import services

AGENCY, LOGIN = "XMZGJ", "zgj"
COURT = "厦门市思明区人民法院"
# (stage, days before today the complaint copy arrived)
STAGES = [("registered", 5), ("defended", 25), ("heard", 50), ("judged", 55),
          ("appealed", 100), ("effective", 120), ("closed", 150), ("lost", 160),
          ("withdrawn", 90), ("suggestion", 130)]
ACTS = ["不予公开政府信息答复", "责令限期拆除决定", "建设工程规划许可", "土地权属争议处理决定",
        "行政处罚决定书", "不动产登记"]
PLAINTIFFS = ["某房地产开发有限公司", "张某", "某村经济合作社", "李某某", "某建材有限公司"]


@dataclass
class Built:
    cases: int = 0
    states: dict[str, int] = field(default_factory=dict)


def build(ctx: DemoContext) -> Built:
    org, built = ctx.built["org"], Built()
    if AGENCY not in org.by_code:
        return built
    agency = org.by_code[AGENCY]
    staff = {"handler": org.actor(f"{LOGIN}_handler"), "head": org.actor(f"{LOGIN}_head")}
    total = max(len(STAGES), min(3 * len(STAGES), ctx.cases // 25))
    # a few suits challenge the agency's own closed disclosure replies or penalties: those
    # cases' pages show the suit and its outcome
    challenged = list(Case.objects.filter(agency=agency, procedure__in=("disclosure", "penalty"),
                                          is_open=False, closed_at__isnull=False)
                      .order_by("closed_at").values_list("number", "closed_at")[:len(STAGES)])
    with simulated_clock() as clock, transaction.atomic():
        for n in range(total):
            stage, ago = STAGES[n % len(STAGES)]
            run = Run(ctx, agency, staff, n, clock, ctx.today - timedelta(days=ago + n // 10))
            run.challenged = _challenged(challenged, run.day)
            try:
                with transaction.atomic():
                    case = run.to(stage)
            except DomainError as exc:
                ctx.failures.append(f"litigation #{n} ({stage}): {exc.message}")
                continue
            built.cases += 1
            built.states[case.state] = built.states.get(case.state, 0) + 1
    return built


def _challenged(closed: list, start: date) -> str:
    """The first unused closed case that ended before the suit began (then used)."""
    for i, (number, closed_at) in enumerate(closed):
        if closed_at.date() < start:
            del closed[i]
            return number
    return ""


def report(ctx: DemoContext) -> list[str]:
    built = ctx.built.get("litigation")
    if not built:
        return []
    states = "、".join(f"{k} {v}" for k, v in sorted(built.states.items()))
    return [f"行政应诉案件 {built.cases} 件（{states}）"]


class Run:
    """One case taken to its stage, each step some days after the last."""

    def __init__(self, ctx: DemoContext, agency, staff: dict, n: int,  # noqa: ANN001
                 clock: list[datetime], day: date) -> None:
        self.ctx, self.agency, self.staff, self.n, self.clock, self.day = (ctx, agency, staff, n,
                                                                           clock, day)
        self.challenged = ""

    def tick(self) -> None:
        self.clock[0] = datetime.combine(self.day, time(2, 0), tzinfo=UTC) + timedelta(minutes=self.n)

    def act(self, action: str, data: dict, days: int, who: str = "handler"):  # noqa: ANN201
        self.day = min(self.day + timedelta(days=days), self.ctx.today)
        self.tick()
        for key, value in data.items():
            if value == "@":  # the step's own date
                data[key] = self.day.isoformat()
        self.case = services.act(self.case, action, self.staff[who], data, today=self.day)
        return self.case

    def to(self, stage: str):  # noqa: ANN201, C901 - a linear script
        n, start = self.n, self.day
        self.tick()
        act = ACTS[n % len(ACTS)]
        self.case = services.register(self.agency, self.staff["handler"], {
            "court": COURT, "court_case_no": f"（{start.year}）闽0203行初{100 + n}号",
            "plaintiff": PLAINTIFFS[n % len(PLAINTIFFS)], "claims": f"请求撤销{act}",
            "act": act, "served_on": start.isoformat(), "challenged_case": self.challenged},
            today=start)
        if stage == "registered":
            return self.case
        late = n % 7 == 3
        self.act("defend", {"filed_on": "@", "evidence": ["调查笔录", "现场照片", "送达回证"],
                            "basis": "《城乡规划法》第六十四条",
                            "latest_collected_on": (start - timedelta(days=60)).isoformat()},
                 days=18 if late else 12)
        if stage == "defended":
            return self.case
        if stage == "withdrawn":
            self.act("withdraw", {"ruling_no": f"（{start.year}）闽0203行初{100 + n}号裁定书",
                                  "served_on": "@", "act_changed": True,
                                  "note": "被告重新作出答复，原告申请撤诉"}, days=20)
            return self.act("close", {}, days=2)
        head = n % 3 != 2
        self.act("hear", {"held_on": "@", "head_present": head,
                          "head_name": "王副局长" if head else "",
                          "deputy_name": "" if head else "法规处陈某",
                          "deputy_title": "" if head else "法规处副处长",
                          "reason": "" if head else "出席市政府常务会议（需要履行他人不能代替的公务）"},
                 days=20, who="head")
        if stage == "heard":
            return self.case
        outcome = "ordered_perform" if stage == "lost" else "upheld"
        self.act("judge", {"kind": "judgment", "outcome": outcome,
                           "document_no": f"（{start.year}）闽0203行初{100 + n}号判决书",
                           "served_on": "@"}, days=15)
        if stage == "judged":
            return self.case
        if stage == "appealed":
            return self.act("appeal", {"appellant": "plaintiff", "filed_on": "@",
                                       "reason": "原告不服一审判决"}, days=10)
        self.act("take_effect", {}, days=25)  # past the appeal period, holidays included
        if stage == "suggestion":
            return self.act("receive_suggestion", {"suggestion_no": f"闽0203司建〔{start.year}〕{n}号",
                                                   "received_on": "@",
                                                   "content": "建议规范送达程序"}, days=3)
        if stage == "effective":
            return self.case
        if stage == "lost":
            self.act("perform", {"performed_on": "@", "content": "已依判决重新作出答复"}, days=5)
        return self.act("close", {}, days=2)
