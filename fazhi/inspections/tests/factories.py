"""Builders for directories and plans in each lifecycle state, through the services."""

from __future__ import annotations

import hashlib
from datetime import date

from conftest import make_staff
from fazhi.inspections import notary_steps, plans, team_draw
from fazhi.inspections.models import InspectionItem
from fazhi.law import draws, uscc
from fazhi.org.models import Region
from fazhi.subjects.models import MarketEntity, Officer

PLAN_DATE = date(2025, 6, 10)
R_N = hashlib.sha256(b"test r_N").digest()


def code_for(n: int, division: str = "350203") -> str:
    """A valid USCC built with the GB 32100 check character."""
    stem = f"91{division}MA{n:07d}"
    return stem + uscc.check_character(stem)


def district(city: Region, code: str = "350203", name: str = "思明区") -> Region:
    return Region.objects.get_or_create(code=code, defaults={
        "name": name, "level": "district", "parent": city})[0]


def entities(n: int, where: Region, classes: str = "AABCD", start: int = 1) -> list[MarketEntity]:
    rows = [MarketEntity(uscc=code_for(i), name=f"厦门测试商贸有限公司{i:05d}",
                         entity_type="有限责任公司", district=where, industry="批发业",
                         address=f"思明区测试路{i}号", base_class=classes[i % len(classes)],
                         credit_class=classes[i % len(classes)])
            for i in range(start, start + n)]
    return MarketEntity.objects.bulk_create(rows)


def item(agency, code: str = "I-1", types: list[str] | None = None) -> InspectionItem:
    return InspectionItem.objects.create(agency=agency, code=code, name=f"{agency.short_name}检查事项{code}",
                                         legal_basis="《企业信息公示暂行条例》第十四条",
                                         method="现场检查", entity_types=types or [])


def inspector(agency, code: str, *, until: date = date(2027, 1, 1), capacity: int = 10,
              region: Region | None = None, username: str | None = None) -> Officer:
    staff = None
    if username:
        actor = make_staff(agency, username, ["handler"], f"检查员{code}")
        from fazhi.org.models import Staff

        staff = Staff.objects.get(user_id=actor.user_id)
    return Officer.objects.create(code=code, name=f"检查员{code}", agency=agency,
                                    cert_no=f"CERT-{code}", cert_valid_until=until,
                                    capacity=capacity, region=region, staff=staff)


def rules(items: list[InspectionItem], others: list = (), **kw) -> dict:
    base = {
        "title": "2025年第二批双随机联合抽查", "agency_ids": [a.pk for a in others],
        "item_ids": [i.pk for i in items], "plan_date": PLAN_DATE.isoformat(),
        "strata": [{"name": "A", "ratio_bp": 300, "min": 1}, {"name": "B", "ratio_bp": 1000},
                   {"name": "C", "ratio_bp": 3000}, {"name": "D", "ratio_bp": 10000}],
        "rounding": "ceil", "sources": [{"id": "kl8-20250609", "fallbacks": ["sse-20250609"]}],
        "team_size": 2,
    }
    return base | kw


def drawn(planner, notary, data: dict):
    plan = plans.create_plan(planner, data)
    plans.freeze(planner, plan.pk)
    plan.refresh_from_db()
    notary_steps.commit(notary, plan.pk, draws.notary_commitment(plan.draw_id, R_N).hex())
    notary_steps.enter_source(planner, plan.pk, "kl8-20250609",
                          "3 7 11 19 23 31 40 45 52 60 61 66 70 71 72 74 75 77 79 80",
                          evidence="福彩快乐8第2025150期开奖公告")
    notary_steps.reveal(notary, plan.pk, R_N.hex())
    return team_draw.draw(planner, plan.pk)
