"""The subjects app's demo builder: the inspection-object directory (检查对象名录库) of a
few thousand synthetic market entities with valid unified social credit codes and credit
risk classes, and the enforcement officers (执法人员名录库) of the inspecting agencies with
their certificates, each with a staff account so they can record results.

The directory has no history (in real use it is imported, `fazhi import entities`), so it
is bulk-created; officers are what `fazhi import inspectors` would write.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from fazhi.core.modules import DemoContext
from fazhi.org import demo_city as C
from fazhi.org.demo import Org, credit_code, person_name
from fazhi.org.models import Region, Staff
from fazhi.subjects.models import MarketEntity, Officer

# agency code → officers (the agencies that inspect in the demo)
INSPECTING = {"XMSCJGJ": 10, "XMWJW": 5, "XMSTHJJ": 5, "XMGAJ": 3, "XMZGJ": 3}
CLASSES = {"A": 30, "B": 50, "C": 15, "D": 5}
TYPES = {"有限责任公司": 55, "个体工商户": 30, "股份有限公司": 5, "个人独资企业": 6, "农民专业合作社": 4}
INDUSTRIES = ["批发业", "零售业", "餐饮业", "住宿业", "食品制造业", "道路运输业", "软件和信息技术服务业",
              "商务服务业", "居民服务业", "建筑装饰业", "医药制造业", "娱乐业", "卫生", "房地产业"]
SYLLABLES = "兴达源盛泰华信恒通创鑫隆丰瑞祥"
SHOP_TRADES = ["餐饮店", "便利店", "理发店", "水果店", "药房", "五金店", "小吃店", "茶叶店"]


@dataclass
class Subjects:
    entities: int = 0
    officers: dict[str, list[str]] = field(default_factory=dict)  # agency code → usernames


def entity_count(cases: int) -> int:
    """3,000 entities for the default demo; at least 300."""
    return max(300, min(20_000, cases * 3 // 2))


def _name(rng: random.Random, kind: str) -> str:
    word = rng.choice(C.FIRM_WORDS) + rng.choice(SYLLABLES)
    if kind == "个体工商户":  # a sole trader's shop usually carries the owner's name
        return f"厦门市{rng.choice(C.DISTRICTS)[1]}{person_name(rng)}{rng.choice(SHOP_TRADES)}"
    if kind == "农民专业合作社":
        return f"厦门市{word}果蔬种植专业合作社"
    trade = rng.choice([t for t in C.FIRM_TRADES if t != "律师事务所"])
    suffix = "股份有限公司" if kind == "股份有限公司" else "有限公司"
    return f"厦门{word}{trade}{suffix}"


def _unique_name(rng: random.Random, kind: str, seen: set[str]) -> str:
    """A name not yet in the directory (a few draws; rarely a number is needed)."""
    for _ in range(5):
        name = _name(rng, kind)
        if name not in seen:
            break
    else:
        name = f"{name}（{len(seen) + 1}）"
    seen.add(name)
    return name


def build_entities(rng: random.Random, count: int) -> int:
    districts = {r.code: r for r in Region.objects.filter(level="district")}
    codes: set[str] = set()
    names: set[str] = set()
    rows = []
    while len(rows) < count:
        region = rng.choice(C.DISTRICTS)
        code = credit_code(rng, region[0])
        if code in codes:
            continue
        codes.add(code)
        kind = rng.choices(list(TYPES), list(TYPES.values()))[0]
        klass = rng.choices(list(CLASSES), list(CLASSES.values()))[0]
        rows.append(MarketEntity(
            uscc=code, name=_unique_name(rng, kind, names), entity_type=kind,
            district=districts[region[0]], industry=rng.choice(INDUSTRIES),
            address=f"厦门市{region[1]}{rng.choice(C.DISTRICT_ROADS[region[0]])}{rng.randrange(1, 500)}号",
            base_class=klass, credit_class=klass,
            status="存续" if rng.random() > 0.02 else "注销"))
    MarketEntity.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def build_officers(org: Org, rng: random.Random, today: date) -> dict[str, list[str]]:
    """Officers with certificates (a few expired), each a staff account `<login>_jcNN`."""
    logins = {spec.code: spec.login for spec in C.ALL_AGENCIES}
    districts = list(Region.objects.filter(level="district").order_by("code"))
    made: dict[str, list[str]] = {}
    for code, count in INSPECTING.items():
        agency = org.by_code[code]
        for n in range(1, count + 1):
            username = f"{logins[code]}_jc{n:02d}"
            actor = org.add_staff(agency, username, "handler", rng)
            expired = n == count  # the last one's certificate lapsed: not in the roster
            Officer.objects.create(
                code=f"{code[2:]}{n:03d}", name=actor.label, agency=agency,
                staff_id=Staff.objects.get(user_id=actor.user_id).pk,
                cert_no=f"闽执{code[2:]}{today.year - 2}{n:04d}",
                cert_valid_until=today - timedelta(days=20) if expired
                else today + timedelta(days=rng.randint(200, 1200)),
                qualifications=[rng.choice(["食品安全", "特种设备", "产品质量", "公共卫生", "环境监测",
                                            "治安管理", "规划管理"])],
                region=None if n % 2 else districts[n % len(districts)], capacity=10)
            made.setdefault(code, []).append(username)
    return made


def build(ctx: DemoContext) -> Subjects:
    org: Org = ctx.built["org"]
    result = Subjects(entities=build_entities(ctx.rng, entity_count(ctx.cases)))
    result.officers = build_officers(org, ctx.rng, ctx.today)
    return result


def report(ctx: DemoContext) -> list[str]:
    built: Subjects = ctx.built["subjects"]
    classes = Counter(MarketEntity.objects.values_list("credit_class", flat=True))
    officers = sum(len(v) for v in built.officers.values())
    return [f"检查对象名录 {built.entities:,} 户（" + "，".join(
        f"{k}类 {n:,}" for k, n in sorted(classes.items())) + f"）；执法人员 {officers} 名"
            f"（账号 <简称>_jc01 等，如 scjgj_jc01）。"]
