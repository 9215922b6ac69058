"""The disclosure app's demo builder: a year of information-disclosure requests in every
state, at the demo city's agencies (`ctx.built["org"]`, from the org app's builder).

Every request is made and moved only through `fazhi.disclosure.services` with simulated
dates, so clocks, events, published replies and the ledger are exactly what real use
would have produced. The simulation runs day by day (one transaction per day), so case
numbers, event ids and timestamps follow the simulated calendar.
"""

from __future__ import annotations

import random
import time
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from fazhi.core.demo import Planned, simulate
from fazhi.core.modules import DemoContext
from fazhi.disclosure.procedure import CHANNEL_DATES
from fazhi.disclosure.services import act, submit_request
from fazhi.law.workdays import WorkCalendar
from fazhi.org import demo_city as C
from fazhi.org.actors import Actor
from fazhi.org.demo import Org, credit_code, firm_name, person_id, person_name, phone
from fazhi.org.models import Agency

# Request descriptions: {agency} short name, {year}, {place}, {project}, {district}.
REQUEST_TOPICS = [
    "{year}年{place}{project}的立项批复文件",
    "{place}{project}的征收补偿安置方案及批准文件",
    "{year}年度本机关行政处罚案件的统计数据",
    "{district}{place}{project}的建设工程规划许可证及附图",
    "{year}年{agency}部门预算和决算公开说明",
    "{place}{project}环境影响评价报告书及审批意见",
    "{year}年{agency}公开招标采购项目的中标结果",
    "{agency}关于{place}片区交通组织调整的会议纪要",
    "本人所在小区（{district}{place}）加装电梯补助的审批依据",
    "{year}年度{district}学位供给及入学划片方案",
    "{agency}{year}年行政许可事项办理情况统计",
    "{place}地块国有建设用地使用权出让合同",
    "{year}年{agency}重大行政决策事项目录及决策依据",
    "{district}{place}违法建设查处决定书",
]

def application(rng: random.Random, idx: int, year: int, agency_short: str) -> dict:
    """One synthetic request (条例第二十九条 fields), natural person or organisation."""
    region = rng.choice(C.DISTRICTS)
    channel = rng.choices(["online", "in_person", "registered_post", "ordinary_mail", "fax"],
                          [65, 15, 12, 5, 3])[0]
    form, delivery = rng.choice([("electronic", "email"), ("paper", "post"),
                                 ("read", "pickup"), ("electronic", "online")])
    data = {"channel": channel, "form": form, "delivery": delivery, "phone": phone(rng),
            "email": f"applicant{idx}@example.com" if delivery == "email" or rng.random() < .3
            else "",
            "address": f"厦门市{region[1]}{rng.choice(C.DISTRICT_ROADS[region[0]])}"
                       f"{rng.randrange(1, 400)}号",
            "description": _topic(rng, year, agency_short, region[1])}
    if rng.random() < 0.8:
        return data | {"applicant_type": "natural", "applicant_name": person_name(rng),
                       "id_number": person_id(rng, region[0])}
    name, category = firm_name(rng)
    return data | {"applicant_type": "organisation", "org_category": category,
                   "applicant_name": name, "id_number": credit_code(rng, C.CITY[0]),
                   "legal_rep": person_name(rng), "contact_name": person_name(rng)}


def _topic(rng: random.Random, year: int, agency_short: str, district: str) -> str:
    return rng.choice(REQUEST_TOPICS).format(
        year=year - rng.randrange(3), place=rng.choice(C.PLACES),
        project=rng.choice(C.PROJECTS), agency=agency_short, district=district)


# ---------------------------------------------------------------------------------
# Scenarios: each returns the steps of one request as (date, action, role, data).

Step = tuple[date, str, str, dict]


@dataclass
class Ctx:
    rng: random.Random
    cal: WorkCalendar
    today: date

    def wd(self, start: date, n: int) -> date:
        return self.cal.add_working_days(start, n)

    def workday_on_or_before(self, d: date, floor: date) -> date:
        while d > floor and not self.cal.is_working_day(d):
            d -= timedelta(days=1)
        return d


ANSWER_WEIGHTS = {"A1": 8, "A2": 30, "A3": 4, "A4": 9, "A5": 5, "A6": 2, "A7": 1, "A8": 5,
                  "A9": 2, "A10": 3, "A11": 1, "A12": 1}
GROUNDS = {"A4": ["not_held", "not_held", "not_held", "unclear_after_correction"],
           "A6": ["repeat", "repeat", "confirm"]}
REPLY_TEXT = {
    "A1": "您申请的信息已主动公开，可通过本机关门户网站“政府信息公开”栏目查阅。",
    "A2": "经审查，您申请的信息属于公开范围，现将相关信息提供给您。",
    "A3": "经审查，您申请的信息属于不予公开的范围，理由如下，本机关决定不予公开。",
    "A4": "经检索，本机关未制作或获取您所申请的信息，该政府信息不存在。",
    "A5": "您申请的信息不属于本机关负责公开，请向负责公开的机关咨询。",
    "A6": "您的申请与此前已答复的申请内容相同，本机关不予重复处理。",
    "A7": "您申请的信息依照有关法律、行政法规的规定另行办理，请按相关规定申请。",
    "A8": "经审查，现提供可以公开的部分；不予公开的部分，理由如下。",
    "A9": "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供。",
    "A10": "您提出的事项属于信访、投诉、举报，本机关不作为政府信息公开申请处理，请通过相应渠道反映。",
    "A11": "您申请的信息已在公开出版物中刊载，可通过公开出版物获取。",
    "A12": "您在短期内大量、反复提出申请，明显超过合理范围，本机关不予处理。",
}


def reply_data(rng: random.Random, answer: str) -> dict:
    ground = ""
    if answer in ("A3", "A8"):
        ground = rng.choice(["process_info", "process_info", "third_party", "internal_affairs",
                             "enforcement_file", "security_stability", "law_forbids"])
    elif answer in GROUNDS:
        ground = rng.choice(GROUNDS[answer])
    data = {"answer_type": answer, "ground": ground, "text": REPLY_TEXT[answer]}
    if answer == "A5":
        data["responsible_agency"] = rng.choice(C.DEPARTMENTS).name
    return data


def _served(c: Ctx, replied: date) -> Step:
    on = replied if c.rng.random() < 0.6 else c.wd(replied, 1)
    return (on, "serve", "handler", {"method": c.rng.choice(["post", "electronic", "direct"]),
                                     "served_on": on.isoformat()})


def _reply_and_serve(c: Ctx, on: date, answer: str) -> list[Step]:
    return [(on, "reply", "handler", reply_data(c.rng, answer)), _served(c, on)]


def _reply_day(c: Ctx, r: date) -> date:
    late = c.rng.random() < 0.08  # a few replies miss the 20-working-day limit
    return c.wd(r, c.rng.randint(21, 28) if late else c.rng.randint(2, 18))


def replied_closed(answer: str) -> Callable[[Ctx, date], list[Step]]:
    def steps(c: Ctx, r: date) -> list[Step]:
        return _reply_and_serve(c, _reply_day(c, r), answer)
    return steps


def _correction_notice(c: Ctx, r: date) -> tuple[Step, date]:
    on = c.wd(r, c.rng.randint(1, 4))
    due = on + timedelta(days=15)
    return (on, "request_correction", "handler",
            {"defects": "请明确所需信息的名称、文号或者时间范围等特征性描述",
             "guidance": "可参考本机关政府信息公开目录", "correction_due": due.isoformat()}), due


def corrected_closed(c: Ctx, r: date) -> list[Step]:
    notice, due = _correction_notice(c, r)
    got = notice[0] + timedelta(days=c.rng.randint(2, 12))
    who = "public" if c.rng.random() < 0.7 else "handler"
    answer = c.rng.choice(["A2", "A2", "A1", "A4"])
    return [notice, (got, "submit_correction", who, {"corrected_on": got.isoformat(),
                                                     "content": "补充说明所需信息的年份和文号"}),
            *_reply_and_serve(c, c.wd(got, c.rng.randint(3, 15)), answer)]


def _consult(c: Ctx, r: date) -> list[Step]:
    """The letter, and for a posted one the day its signing date is recorded (the party's
    15 WD run from its receipt, 条例第三十二条、第三十四条)."""
    on = c.wd(r, c.rng.randint(2, 6))
    kind = c.rng.choice(["third_party", "third_party", "co_producer"])
    party = firm_name(c.rng)[0] if kind == "third_party" else c.rng.choice(C.DEPARTMENTS).name
    method = c.rng.choice(["direct", "electronic", "post", "post"])
    steps = [(on, "consult", "handler", {
        "kind": kind, "party": party, "sent_on": on.isoformat(), "method": method,
        "content": "所申请信息涉及贵方权益，请在收到本函之日起十五个工作日内提出意见"})]
    if method == "post":
        signed = on + timedelta(days=c.rng.randint(1, 4))
        steps.append((c.wd(signed, 1), "record_party_receipt", "handler",
                      {"received_on": signed.isoformat()}))
    return steps


def consulted_closed(c: Ctx, r: date) -> list[Step]:
    steps = _consult(c, r)
    received = date.fromisoformat(steps[-1][3].get("received_on", steps[0][3]["sent_on"]))
    opinion = c.rng.choice(["agree", "object", "object", "no_reply"])
    got = (c.wd(received, c.rng.randint(16, 18)) if opinion == "no_reply"
           else c.wd(steps[-1][0], c.rng.randint(1, 10)))
    answer = {"agree": "A2", "object": c.rng.choice(["A3", "A8"]), "no_reply": "A2"}[opinion]
    data = reply_data(c.rng, answer)
    if opinion == "object":
        data["ground"] = "third_party"
    reply = c.wd(got, c.rng.randint(1, 6))
    return [*steps, (got, "record_consultation", "handler",
                     {"answered_on": got.isoformat(), "opinion": opinion}),
            (reply, "reply", "handler", data), _served(c, reply)]


def _fee(c: Ctx, r: date) -> Step:
    on = c.wd(r, c.rng.randint(3, 8))
    return (on, "fee_notice", "handler", {"basis": "per_volume",
                                          "quantity": c.rng.randint(40, 260),
                                          "notice_received_on": on.isoformat()})


def fee_paid_closed(c: Ctx, r: date) -> list[Step]:
    notice = _fee(c, r)
    paid = c.wd(notice[0], c.rng.randint(2, 10))
    return [notice, (paid, "fee_paid", "handler", {"paid_on": paid.isoformat()}),
            *_reply_and_serve(c, c.wd(paid, c.rng.randint(1, 5)), "A2")]


def _extend(c: Ctx, r: date, lo: int = 12, hi: int = 18) -> Step:
    """Approved by the head of the disclosure office and told to the applicant the same
    day, before the first 20 WD run out (条例第三十三条第二款)."""
    on = c.wd(r, c.rng.randint(lo, hi))
    return (on, "extend", "gio_head", {"reason": "申请内容涉及多个年度、多个内设机构，需要汇总核实",
                                       "approved_on": on.isoformat(),
                                       "notified_on": on.isoformat()})


def extended_closed(c: Ctx, r: date) -> list[Step]:
    answer = c.rng.choice(["A2", "A2", "A8", "A1"])
    return [_extend(c, r), *_reply_and_serve(c, c.wd(r, c.rng.randint(22, 38)), answer)]


def lapsed_no_correction(c: Ctx, r: date) -> list[Step]:
    notice, due = _correction_notice(c, r)
    close = c.wd(due, c.rng.randint(1, 10))
    return [notice, (close, "close_no_correction", "handler", {"note": "申请人逾期未补正"})]


def lapsed_fee_unpaid(c: Ctx, r: date) -> list[Step]:
    notice = _fee(c, r)
    close = c.wd(notice[0], c.rng.randint(21, 25))
    return [notice, (close, "close_fee_unpaid", "handler", {"note": "申请人逾期未缴纳信息处理费"})]


def withdrawn(c: Ctx, r: date) -> list[Step]:
    steps = []
    if c.rng.random() < 0.3:
        steps.append(_correction_notice(c, r)[0])
    on = c.wd(steps[-1][0] if steps else r, c.rng.randint(1, 8))
    return [*steps, (on, "withdraw", "public", {"reason": "问题已通过其他途径解决"})]


# Open requests: received relative to today so they are still pending.


def processing(c: Ctx, r: date) -> list[Step]:
    return []


def awaiting_correction(c: Ctx, r: date) -> list[Step]:
    return [_correction_notice(c, r)[0]]


def consulting(c: Ctx, r: date) -> list[Step]:
    return _consult(c, r)


def awaiting_fee(c: Ctx, r: date) -> list[Step]:
    return [_fee(c, r)]


def extended_open(c: Ctx, r: date) -> list[Step]:
    return [_extend(c, r, 10, 16)]


def replied_open(c: Ctx, r: date) -> list[Step]:
    on = c.workday_on_or_before(c.today - timedelta(days=c.rng.randint(0, 3)), r)
    return [(max(on, r), "reply", "handler", reply_data(c.rng, c.rng.choice(["A2", "A1", "A4"])))]


@dataclass(frozen=True)
class Scenario:
    name: str
    weight: float
    steps: Callable[[Ctx, date], list[Step]]
    received_ago: tuple[int, int] | None = None  # days before today; None: any in the year


SCENARIOS = [
    *[Scenario(f"closed_{a}", w, replied_closed(a)) for a, w in ANSWER_WEIGHTS.items()],
    Scenario("closed_after_correction", 5, corrected_closed),
    Scenario("closed_after_consultation", 4, consulted_closed),
    Scenario("closed_after_fee", 1, fee_paid_closed),
    Scenario("closed_after_extension", 3, extended_closed),
    Scenario("lapsed_no_correction", 3, lapsed_no_correction),
    Scenario("lapsed_fee_unpaid", 0.5, lapsed_fee_unpaid),
    Scenario("withdrawn", 3, withdrawn),
    Scenario("processing", 6, processing, (0, 24)),
    Scenario("processing_overdue", 2, processing, (35, 120)),
    Scenario("awaiting_correction", 2, awaiting_correction, (2, 10)),
    Scenario("consulting", 2, consulting, (8, 40)),
    Scenario("awaiting_fee", 0.7, awaiting_fee, (8, 30)),
    Scenario("extended", 1.5, extended_open, (20, 45)),
    Scenario("extended_overdue", 0.5, extended_open, (62, 90)),
    Scenario("replied", 2, replied_open, (3, 25)),
]


def plan(c: Ctx, scenario: Scenario) -> tuple[date, list[Step]]:
    """A receipt date and steps that all fall on or before today (redrawn until they do)."""
    lo, hi = scenario.received_ago or (0, 365)
    for _ in range(50):
        r = c.today - timedelta(days=c.rng.randint(lo, hi))
        steps = scenario.steps(c, r)
        if all(s[0] <= c.today for s in steps):
            return r, steps
    return c.today, []  # unreachable in practice; a fresh request is always valid


@dataclass
class Summary:
    cases: int = 0
    actions: int = 0
    seconds: float = 0.0
    scenarios: Tally = field(default_factory=Tally)
    failures: list[str] = field(default_factory=list)


def build(ctx: DemoContext) -> Summary:
    """The disclosure app's demo builder: `ctx.cases` requests at the demo city's agencies."""
    started = time.perf_counter()
    org: Org = ctx.built["org"]
    rng = ctx.rng
    plan_ctx = Ctx(rng=rng, cal=_calendar(), today=ctx.today)
    planned: list[tuple[date, int, int, str, str, dict]] = []  # (day, case, step, action, role, data)
    summary = Summary(cases=ctx.cases)
    order = _scenario_order(rng, ctx.cases)
    for idx, scenario in enumerate(order):
        received, steps = plan(plan_ctx, scenario)
        summary.scenarios[scenario.name] += 1
        planned.append((received, idx, 0, "open", "", {}))
        planned.extend((d, idx, n, a, role, data)
                       for n, (d, a, role, data) in enumerate(steps, start=1))
    agencies = rng.choices(range(len(org.agencies)), org.weights, k=ctx.cases)
    case_pk: dict[int, int] = {}

    def step(idx: int, action: str, role: str, data: dict) -> Callable[[date], None]:
        agency = org.agencies[agencies[idx]]
        return lambda on: _perform(idx, action, role, data, on, org, agency, ctx.seed, case_pk)

    summary.actions = simulate([Planned(day, idx, n, step(idx, action, role, data))
                                for day, idx, n, action, role, data in planned],
                               summary.failures, _progress(ctx))
    ctx.failures.extend(f"政府信息公开申请 {f}" for f in summary.failures)
    office_practice(org)
    summary.seconds = time.perf_counter() - started
    return summary


def office_practice(org: Org) -> None:
    """The legal office's 文号 pattern and its internal sign-off of replies (审核 by its
    reviewer, 签发 by its head; ADR 0026), set after the year is built so the demo's own
    replies go out directly; a new user walks the chain with the printed logins."""
    from fazhi.cases.models import DocumentNumbering, SignoffChain, SignoffStep

    office = next((a for a in org.agencies if a.is_legal_office), None)
    if office is None:
        return
    DocumentNumbering.objects.create(agency=office, series="disclosure",
                                     pattern="厦司法公开〔{year}〕{seq}号")
    chain = SignoffChain.objects.create(agency=office, procedure="disclosure", action="reply")
    SignoffStep.objects.bulk_create([
        SignoffStep(chain=chain, position=1, label="审核", role="reviewer"),
        SignoffStep(chain=chain, position=2, label="签发", role="head")])


def _calendar() -> WorkCalendar:
    from fazhi.holidays.services import current_calendar

    return current_calendar()


def _progress(ctx: DemoContext) -> Callable[[int, int], None]:
    """Every tenth of a large build, one line."""
    marks = {10 * k for k in range(1, 11)}

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if ctx.cases >= 5000 and pct in marks:
            marks.discard(pct)
            ctx.progress(f"  {pct}%（{done:,}/{total:,} 个操作）")
    return progress


def report(ctx: DemoContext) -> list[str]:
    """What the build made: requests by state, overdue and extended ones."""
    from fazhi.cases.models import Case
    from fazhi.disclosure.procedure import DISCLOSURE

    summary: Summary = ctx.built["disclosure"]
    cases = Case.objects.filter(procedure="disclosure")
    states = dict(cases.values_list("state").annotate(n=Count("id")))
    overdue = cases.filter(is_open=True, due_on__lt=ctx.today).count()
    extended = cases.filter(disclosure__extended_on__isnull=False)
    figures = extended.aggregate(all=Count("id"), open=Count("id", filter=Q(is_open=True)))
    return [f"政府信息公开申请 {summary.cases:,} 件、{summary.actions:,} 个操作，用时 "
            f"{summary.seconds:.1f} 秒（{summary.actions / max(summary.seconds, 1e-9):,.0f} 操作/秒）。",
            "  " + "，".join(f"{DISCLOSURE.state_label(s)} {n:,}" for s, n in sorted(states.items())),
            f"  逾期未办结 {overdue:,} 件；延期答复 {figures['all']:,} 件（其中办理中 {figures['open']:,} 件）。",
            "  市司法局：文号“厦司法公开〔年度〕序号号”，答复经 审核（sfj_reviewer）→ 签发（sfj_head）后发出。"]


def _scenario_order(rng: random.Random, cases: int) -> list[Scenario]:
    """Every scenario once first (so even a tiny demo has every state), then by weight."""
    head = SCENARIOS[:cases]
    rest = rng.choices(SCENARIOS, [s.weight for s in SCENARIOS], k=max(0, cases - len(head)))
    return [*head, *rest]


def _perform(idx: int, action: str, role: str, data: dict, on: date, org: Org, agency: Agency,
             seed: int, case_pk: dict[int, int]) -> None:
    if action == "open":
        app = application(random.Random(seed * 1_000_003 + idx), idx, on.year, agency.short_name)
        if app["channel"] == "online":
            actor = Actor.public()
        else:  # staff register the date the channel names (条例第三十一条)
            actor = org.handlers[agency.pk]
            app[CHANNEL_DATES[app["channel"]]] = on.isoformat()
        case_pk[idx] = submit_request(agency, actor, app, received_on=on, today=on).pk
        return
    actor = {"public": Actor.public(), "handler": org.handlers[agency.pk],
             "head": org.heads[agency.pk], "gio_head": org.gio_heads[agency.pk]}[role]
    act(actor, case_pk[idx], action, data, today=on)


