"""Builds the deterministic demo city: regions, agencies, staff and a year of disclosure
requests in every state.

Every request is made and moved only through `fazhi.disclosure.services` with simulated
dates, so clocks, events, published replies and the ledger are exactly what real use
would have produced. The simulation runs day by day (one transaction per day), so case
numbers, event ids and timestamps follow the simulated calendar.
"""

from __future__ import annotations

import random
import time
from collections import Counter as Tally
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from fazhi.core.errors import DomainError
from fazhi.disclosure.procedure import CHANNEL_DATES
from fazhi.disclosure.services import act, submit_request
from fazhi.law.workdays import WorkCalendar
from fazhi.org import demo_city as C
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Region, Staff

SCALES = {"default": 2_000, "city": 100_000}

# ---------------------------------------------------------------------------------
# Synthetic identities


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def id_check_digit(body: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of a 17-digit ID body."""
    return ID_CHECK[sum(int(ch) * w for ch, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def person_id(rng: random.Random, region: str) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    body = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + id_check_digit(body)


def credit_code(rng: random.Random, region: str) -> str:
    """An 18-character unified social credit code with valid GB 11714 and GB 32100 checks."""
    org = f"{rng.randrange(10 ** 8):08d}"
    c9 = 11 - sum(int(ch) * w for ch, w in zip(org, ORG_WEIGHTS, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(c9, str(c9))
    body = f"91{region}{org}"
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def person_name(rng: random.Random) -> str:
    return rng.choice(C.SURNAMES) + rng.choice(C.GIVEN)


def firm_name(rng: random.Random) -> tuple[str, str]:
    word, trade = rng.choice(C.FIRM_WORDS), rng.choice(C.FIRM_TRADES)
    if trade == "律师事务所":
        return f"福建{word}律师事务所", "legal_service"
    return f"厦门{word}{trade}有限公司", rng.choice(C.ORG_CATEGORIES)


def phone(rng: random.Random) -> str:
    return f"13{rng.randrange(10)}{rng.randrange(10 ** 8):08d}"


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
    return rng.choice(C.REQUEST_TOPICS).format(
        year=year - rng.randrange(3), place=rng.choice(C.PLACES),
        project=rng.choice(C.PROJECTS), agency=agency_short, district=district)


# ---------------------------------------------------------------------------------
# Organisation


@dataclass
class Org:
    agencies: list[Agency]
    weights: list[int]
    handlers: dict[int, Actor]
    heads: dict[int, Actor]
    gio_heads: dict[int, Actor]  # 政府信息公开工作机构负责人: approves extensions


def build_org(rng: random.Random) -> Org:
    city = Region.objects.create(code=C.CITY[0], name=C.CITY[1], level="city")
    regions = {city.code: city} | {
        code: Region.objects.create(code=code, name=name, level="district", parent=city)
        for code, name in C.DISTRICTS}
    password = make_password(C.PASSWORD)  # hashed once: PBKDF2 per user would take minutes
    org = Org([], [], {}, {}, {})
    for n, spec in enumerate(C.ALL_AGENCIES, start=1):
        agency = Agency.objects.create(
            code=spec.code, name=spec.name, short_name=spec.short_name, kind=spec.kind,
            region=regions[spec.region], is_legal_office=spec.is_legal_office,
            **({"address": _address(rng, spec.region), "phone": f"0592-0{n:06d}"}
               | contact(spec, n)))
        roles = ["handler", "head", "gio_head"] + (["reviewer"] if spec.featured else [])
        if spec is C.RULE_OF_LAW_OFFICE:
            roles = ["supervisor"]
        actors = {role: _staff(agency, _username(spec, role), role, password, rng)
                  for role in roles}
        if spec is C.GENERAL_OFFICE:
            _staff(agency, "admin", "admin", password, rng, superuser=True)
        if spec.weight:
            org.agencies.append(agency)
            org.weights.append(spec.weight)
            org.handlers[agency.pk], org.heads[agency.pk] = actors["handler"], actors["head"]
            org.gio_heads[agency.pk] = actors["gio_head"]
    return org


def contact(spec: C.AgencySpec, n: int) -> dict[str, str]:
    """The agency's contact fields besides its address and telephone: hours, postcode,
    fax, e-mail and its disclosure office (《政府信息公开条例》第十二条). Derived from the
    agency alone, so adding them left the seeded city unchanged; telephones stay in the
    unallocated 0592-0xxxxxx range."""
    fields = {"postcode": C.POSTCODES[spec.region], "hours": C.OFFICE_HOURS,
              "fax": f"0592-01{n:05d}", "email": f"{spec.login}@{C.EMAIL_DOMAIN}",
              "disclosure_office": _disclosure_office(spec),
              "disclosure_phone": f"0592-02{n:05d}",
              "disclosure_email": f"xxgk.{spec.login}@{C.EMAIL_DOMAIN}"}
    if spec.kind == "government" and spec.region != C.CITY[0]:
        district = dict(C.DISTRICTS)[spec.region]
        fields["disclosure_address"] = (f"厦门市{district}{C.SERVICE_CENTRE_ROADS[spec.region]}"
                                        f"{100 + n * 7}号 {district}行政服务中心一楼政务公开窗口")
    if spec.code == "XMSFJ":
        fields |= C.SITE_OWNER_CONTACT
    return fields


def _disclosure_office(spec: C.AgencySpec) -> str:
    if spec is C.GOVERNMENT:
        return C.GENERAL_OFFICE.name
    return f"{spec.name}办公室"


def _username(spec: C.AgencySpec, role: str) -> str:
    return "supervisor" if role == "supervisor" else f"{spec.login}_{role}"


def _address(rng: random.Random, region: str) -> str:
    if region == C.CITY[0]:
        return f"厦门市思明区{rng.choice(C.CITY_ROADS)}{rng.randrange(1, 200)}号"
    name = dict(C.DISTRICTS)[region]
    return f"厦门市{name}{rng.choice(C.DISTRICT_ROADS[region])}{rng.randrange(1, 300)}号"


def _staff(agency: Agency, username: str, role: str, password: str, rng: random.Random,
           superuser: bool = False) -> Actor:
    user = User.objects.create(username=username, password=password, is_staff=superuser,
                               is_superuser=superuser)
    Staff.objects.create(user=user, agency=agency, display_name=person_name(rng), roles=[role])
    return Actor(kind="staff", label=user.staff.display_name, user_id=user.pk,
                 agency_id=agency.pk, roles=frozenset([role]))


def logins() -> list[tuple[str, str, str, str, str]]:
    """(username, password, agency, role, name) for the accounts worth showing."""
    from fazhi.org.roles import LABELS

    featured = [s for s in C.ALL_AGENCIES if s.featured]
    names = ["admin", "supervisor"] + [f"{s.login}_{r}" for s in featured
                                       for r in ("handler", "head", "gio_head", "reviewer")]
    staff = {s.user.username: s for s in Staff.objects.select_related("user", "agency")
             .filter(user__username__in=names)}
    return [(n, C.PASSWORD, staff[n].agency.short_name, "、".join(staff[n].role_labels)
             if n != "admin" else f"{LABELS['admin']}（超级用户）", staff[n].display_name)
            for n in names if n in staff]


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


# ---------------------------------------------------------------------------------
# Simulation


@dataclass
class Summary:
    cases: int = 0
    actions: int = 0
    seconds: float = 0.0
    scenarios: Tally = field(default_factory=Tally)
    failures: list[str] = field(default_factory=list)


@contextmanager
def simulated_clock() -> Iterator[list[datetime]]:
    """Make `django.utils.timezone.now()` return a simulated instant (held in the yielded
    one-element list), so event times, opened/closed and publication times follow the
    simulated dates instead of the moment the demo was built. The engine reads the wall
    clock; only `today` is passed through its API."""
    import django.utils.timezone as tz

    real = tz.datetime
    holder = [datetime.now(UTC)]

    class SimulatedDatetime(real):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001 - datetime.now's own signature
            value = holder[0]
            return value.astimezone(tz) if tz else value.replace(tzinfo=None)

    tz.datetime = SimulatedDatetime
    try:
        yield holder
    finally:
        tz.datetime = real


@contextmanager
def _no_query_log() -> Iterator[None]:
    """DEBUG keeps the text of every query; a bulk build does not need it (~10% faster)."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def build(cases: int, seed: int, today: date, progress: Callable[[int, int], None] | None = None
          ) -> Summary:
    """Build the whole demo into an empty database."""
    from fazhi.core.checkpoints import record_checkpoint
    from fazhi.holidays.services import current_calendar

    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        org = build_org(rng)
    ctx = Ctx(rng=rng, cal=current_calendar(), today=today)
    work: list[tuple[int, int, int, str, str, dict]] = []  # (day, case, step, action, role, data)
    summary = Summary(cases=cases)
    order = _scenario_order(rng, cases)
    for idx, scenario in enumerate(order):
        received, steps = plan(ctx, scenario)
        summary.scenarios[scenario.name] += 1
        work.append((received.toordinal(), idx, 0, "open", "", {}))
        work.extend((d.toordinal(), idx, n, a, role, data)
                    for n, (d, a, role, data) in enumerate(steps, start=1))
    work.sort(key=lambda w: (w[0], w[1], w[2]))
    agencies = rng.choices(range(len(org.agencies)), org.weights, k=cases)
    _simulate(work, org, agencies, seed, summary, progress)
    record_checkpoint()
    summary.seconds = time.perf_counter() - started
    return summary


def _scenario_order(rng: random.Random, cases: int) -> list[Scenario]:
    """Every scenario once first (so even a tiny demo has every state), then by weight."""
    head = SCENARIOS[:cases]
    rest = rng.choices(SCENARIOS, [s.weight for s in SCENARIOS], k=max(0, cases - len(head)))
    return [*head, *rest]


def _simulate(work: list, org: Org, agencies: list[int], seed: int, summary: Summary,
              progress: Callable[[int, int], None] | None) -> None:
    tz = ZoneInfo(settings.TIME_ZONE)
    case_pk: dict[int, int] = {}
    broken: set[int] = set()
    done = 0
    with simulated_clock() as clock, _no_query_log():
        for day, items in _by_day(work):
            moment = datetime.combine(date.fromordinal(day), datetime.min.time(), tz) \
                + timedelta(hours=8, minutes=30)
            spacing = timedelta(seconds=max(1, 9 * 3600 // max(1, len(items))))
            with transaction.atomic():
                for _, idx, _, action, role, data in items:
                    moment += spacing
                    clock[0] = moment.astimezone(UTC)
                    if idx in broken:
                        continue
                    try:
                        _perform(idx, action, role, data, date.fromordinal(day), org,
                                 org.agencies[agencies[idx]], seed, case_pk)
                        summary.actions += 1
                    except DomainError as exc:
                        broken.add(idx)
                        summary.failures.append(f"case {idx} {action} on "
                                                f"{date.fromordinal(day)}: {exc.message}")
            done += len(items)
            if progress:
                progress(done, len(work))


def _by_day(work: list) -> Iterator[tuple[int, list]]:
    start = 0
    while start < len(work):
        day, end = work[start][0], start
        while end < len(work) and work[end][0] == day:
            end += 1
        yield day, work[start:end]
        start = end


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


def reset() -> None:
    """Wipe the demo database (every table), keeping the schema."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
