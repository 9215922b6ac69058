"""The lottery app's demo builder: notarised lotteries of the city's education bureau in
every state — announced, open for registration (with entries), frozen, committed by the
notary (awaiting the sources and the reveal), drawn, published (verifiable, with the
notary's reveal) and one declared void by the notary.

Organised by `jyj_admin` (市教育局, the organiser's administrator) and witnessed by
`gzc_notary` (鹭江公证处), both made by the org builder. Every step goes through
`fazhi.lottery.services` with the simulated instant (`now=`, and the simulated clock for
the events' times). The notary's secret r_N is derived from the seed (the demo is
reproducible); for the round still awaiting its reveal, the report prints it, so the
notary can reveal it on the staff page.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count

from fazhi.core.demo import no_query_log, office_time, simulated_clock
from fazhi.core.modules import DemoContext
from fazhi.law import draws
from fazhi.lottery import drawing, notary_steps, registration, rounds
from fazhi.lottery.models import Lottery
from fazhi.org import demo_city as C
from fazhi.org.demo import Org, person_id, person_name, phone

ORGANISER, NOTARY = "jyj_admin", "gzc_notary"


@dataclass(frozen=True)
class Round:
    title: str
    school: str
    pools: tuple[tuple[str, str, int, int], ...]  # (name, label, quota, alternates)
    entries: int
    target: str  # the state it is left in
    draw_days_ago: int  # days before --today of the draw (negative: in the future)


ROUNDS = [
    Round("思明区第一实验幼儿园{year}年小班招生摇号", "思明区第一实验幼儿园",
          (("resident", "本区户籍", 20, 5), ("nonresident", "非本区户籍", 6, 2)), 70, "published", 40),
    Round("湖里区公办幼儿园{year}年插班生摇号", "湖里区第二幼儿园",
          (("individual", "适龄儿童", 12, 4),), 40, "published", 120),
    Round("集美区义务教育阶段民办学校{year}年招生摇号", "集美区嘉庚实验学校",
          (("individual", "报名学生", 20, 5),), 40, "drawn", 0),
    Round("海沧区公办幼儿园{year}年托班摇号", "海沧区天心岛幼儿园",
          (("individual", "适龄儿童", 15, 3),), 30, "committed", -1),
    Round("同安区第三实验小学{year}年一年级新生摇号", "同安区第三实验小学",
          (("individual", "报名学生", 30, 6),), 40, "frozen", -1),
    Round("翔安区公办幼儿园{year}年小班招生摇号", "翔安区第一幼儿园",
          (("individual", "适龄儿童", 25, 5),), 30, "registration_open", -10),
    Round("思明区公办幼儿园{year}年补录摇号", "思明区第二幼儿园",
          (("individual", "适龄儿童", 10, 2),), 0, "announced", -30),
    Round("湖里区民办幼儿园{year}年普惠性学位摇号", "湖里区金山幼儿园",
          (("individual", "适龄儿童", 8, 2),), 30, "void", 20),
]

SOURCES = [{"id": "kl8-{date}", "fallbacks": ["kl8-{date}-next"],
            "description": "福彩快乐8 {date} 开奖号码"},
           {"id": "sse-{date}", "fallbacks": [], "description": "上证综指 {date} 收盘点位"}]


@dataclass
class Summary:
    rounds: list[tuple[str, str]] = field(default_factory=list)  # (title, state)
    pending_reveal: dict[str, str] = field(default_factory=dict)  # title → r_N hex


def secret(seed: int, title: str) -> bytes:
    """The notary's r_N of a round, derived from the seed (reproducible demo only)."""
    return hashlib.sha256(f"fazhi-demo-notary:{seed}:{title}".encode()).digest()


class Builder:
    def __init__(self, org: Org, rng: random.Random, today: date, seed: int, clock: list) -> None:
        self.org, self.rng, self.today, self.seed, self.clock = org, rng, today, seed, clock
        self.admin, self.notary = org.actor(ORGANISER), org.actor(NOTARY)
        self.tz = ZoneInfo(settings.TIME_ZONE)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        self.clock[0] = office_time(day, hour, minute)
        return self.clock[0]

    def round(self, spec: Round, summary: Summary) -> None:
        draw_day = self.today - timedelta(days=spec.draw_days_ago)
        title = spec.title.format(year=draw_day.year)
        opens, freezes = draw_day - timedelta(days=14), draw_day - timedelta(days=2)
        rules = {
            "title": title, "notary_agency_id": self.org.by_code[C.NOTARY_OFFICE.code].pk,
            "rules": (f"{spec.school}按分组名额公开摇号，每名儿童限登记一次，以最后一次登记为准；"
                      "摇号由鹭江公证处现场监督，按 XM-DRAW-v1 规程计算，结果可独立验证。"),
            "eligibility_text": "本市户籍或父母一方在本市缴纳社会保险满一年的适龄儿童，由监护人登记。",
            "min_age": 18, "max_age": None, "id_prefixes": ["3502"],
            "pools": [{"name": n, "label": label, "quota": q, "alternates": a}
                      for n, label, q, a in spec.pools],
            "unused_quota": "move-next", "weight_rule": "equal", "max_weight": 1,
            "sources": SOURCES, "appeal_hours": 72, "claim_hours": 120, "recurrence": "none",
            "registration_opens_at": self._iso(opens, 9), "freeze_at": self._iso(freezes, 17),
            "draw_at": self._iso(draw_day, 10)}
        announced = min(opens - timedelta(days=7), self.today)
        lot = rounds.announce(self.admin, rules, now=self.at(announced, 9))
        summary.rounds.append((title, spec.target))
        if spec.target == "announced":
            return
        rounds.open_registration(self.admin, lot.pk, now=self.at(opens, 9))
        self._register(lot, spec, opens, freezes)
        if spec.target == "registration_open":
            return
        notary_steps.freeze(self.admin, lot.pk, now=self.at(freezes, 17))
        if spec.target == "frozen":
            return
        lot.refresh_from_db()
        r_n = secret(self.seed, title)
        self.at(freezes, 17, 30)
        notary_steps.commit(self.notary, lot.pk, draws.notary_commitment(lot.draw_id, r_n).hex())
        if spec.target == "committed":
            summary.pending_reveal[title] = r_n.hex()
            return
        if spec.target == "void":
            notary_steps.void(self.notary, lot.pk, "摇号当日现场监督设备故障，公证员无法完成现场监督，"
                          "本次摇号无效，将另行公告。", now=self.at(draw_day, 10))
            return
        self._sources(lot, draw_day)
        notary_steps.reveal(self.notary, lot.pk, r_n.hex(), now=self.at(draw_day, 9, 45))
        drawing.draw(self.notary, lot.pk, now=self.at(draw_day, 10))
        if spec.target == "published":
            drawing.publish(self.admin, lot.pk, now=self.at(draw_day, 15))

    def _iso(self, day: date, hour: int) -> str:
        return datetime.combine(day, time(hour), self.tz).isoformat()

    def _register(self, lot: Lottery, spec: Round, opens: date, freezes: date) -> None:
        span = max(1, (min(freezes, self.today) - opens).days)
        pools = [p[0] for p in spec.pools]
        for n in range(spec.entries):
            day = opens + timedelta(days=n * span // max(1, spec.entries))
            region = self.rng.choice(C.DISTRICTS)[0]
            registration.register(lot.pk, name=person_name(self.rng),
                              id_number=person_id(self.rng, region), phone=phone(self.rng),
                              pool=pools[n % len(pools)] if n % 4 else pools[0],
                              now=self.at(day, 9 + n % 9, n % 60))

    def _sources(self, lot: Lottery, draw_day: date) -> None:
        """The draw day's published values (synthetic), with their evidence."""
        ids = notary_steps.source_ids(lot)
        numbers = sorted(self.rng.sample(range(1, 81), 20))
        notary_steps.enter_source(self.admin, lot.pk, ids[0], " ".join(map(str, numbers)),
                              evidence_url="https://www.cwl.gov.cn/ygkj/wqkjgg/kl8/",
                              now=self.at(draw_day, 9, 30))
        close = f"{self.rng.uniform(2900, 3500):.2f}"
        notary_steps.enter_source(self.admin, lot.pk, ids[-1], close,
                              evidence_text="上海证券交易所前一交易日收盘点位（摇号公告所列）",
                              now=self.at(draw_day, 9, 35))


def build(ctx: DemoContext) -> Summary:
    summary = Summary()
    with simulated_clock() as clock, no_query_log():
        builder = Builder(ctx.built["org"], ctx.rng, ctx.today, ctx.seed, clock)
        for spec in ROUNDS:
            builder.round(spec, summary)
    return summary


def report(ctx: DemoContext) -> list[str]:
    summary: Summary = ctx.built["lottery"]
    states = dict(Lottery.objects.values_list("state").annotate(n=Count("pk")))
    lines = [f"公证摇号 {len(summary.rounds)} 期（组织：{ORGANISER}，监督公证：{NOTARY}）："
             + "，".join(f"{Lottery.STATES[k]} {n}" for k, n in sorted(states.items()))]
    for title, r_n in summary.pending_reveal.items():
        lines.append(f"  “{title}”待公证员公开随机数：r_N = {r_n}")
    return lines
