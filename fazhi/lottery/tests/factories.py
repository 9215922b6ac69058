"""Build lotteries in each state through the services (never by writing rows)."""

import secrets
from datetime import UTC, datetime, timedelta

from fazhi.law import draws
from fazhi.lottery import drawing, notary_steps, registration, rounds
from fazhi.lottery.eligibility import id_check_digit
from fazhi.lottery.models import Lottery

T0 = datetime(2025, 6, 1, 1, 0, tzinfo=UTC)  # 09:00 in Xiamen
HOUR = timedelta(hours=1)


def make_id(n: int, born: str = "19900101", prefix: str = "350203") -> str:
    first17 = f"{prefix}{born}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def notary_office_id() -> int:
    """The supervising notary office every announcement names (the conftest's office)."""
    from fazhi.org.models import Agency, Region

    office, _ = Agency.objects.get_or_create(code="XMLJGZC", defaults={
        "name": "厦门市鹭江公证处", "short_name": "鹭江公证处", "kind": "other",
        "region": Region.objects.order_by("pk").first()})
    return office.pk


def rules(**over) -> dict:
    data = {
        "title": "厦门市口罩预约摇号（第一期）",
        "rules": "每人限登记一次，以最后一次登记为准；由公证处监督摇号。",
        "eligibility_text": "厦门市户籍或在厦门缴纳社保的居民，年满 18 周岁。",
        "min_age": 18, "max_age": None, "id_prefixes": ["3502"],
        "pools": [{"name": "individual", "label": "个人", "quota": 3, "alternates": 2}],
        "unused_quota": "error", "weight_rule": "equal", "max_weight": 1,
        "sources": [{"id": "kl8-{date}", "fallbacks": ["kl8-{date}-next"],
                     "description": "福彩快乐8 {date} 开奖号码"},
                    {"id": "sse-{date}", "fallbacks": [], "description": "上证综指 {date} 收盘"}],
        "registration_opens_at": T0, "freeze_at": T0 + 20 * HOUR, "draw_at": T0 + 24 * HOUR,
        "appeal_hours": 24, "claim_hours": 36, "recurrence": "none",
    }
    if "notary_agency_id" not in over:
        data["notary_agency_id"] = notary_office_id()
    data.update(over)
    return data


def announced(admin, **over) -> Lottery:
    return rounds.announce(admin, rules(**over), now=T0 - HOUR)


def opened(admin, **over) -> Lottery:
    lot = announced(admin, **over)
    return rounds.open_registration(admin, lot.pk, now=T0)


def register_many(lot: Lottery, n: int, pool: str = "individual", start: int = 0) -> list:
    return [registration.register(lot.pk, name=f"测试{i}号", id_number=make_id(i),
                              phone=f"1380000{i:04d}", pool=pool, now=T0 + HOUR).registration
            for i in range(start, start + n)]


def frozen(admin, n: int = 8, **over) -> Lottery:
    lot = opened(admin, **over)
    register_many(lot, n)
    return notary_steps.freeze(admin, lot.pk, now=T0 + 20 * HOUR)


def committed(admin, notary, n: int = 8, **over) -> tuple[Lottery, bytes]:
    lot = frozen(admin, n, **over)
    r_n = secrets.token_bytes(32)
    lot = notary_steps.commit(notary, lot.pk, draws.notary_commitment(lot.draw_id, r_n).hex())
    return lot, r_n


def with_sources(lot: Lottery, admin) -> Lottery:
    ids = notary_steps.source_ids(lot)
    notary_steps.enter_source(admin, lot.pk, ids[0], "3 7 12 18 22 25 31 36 40 44 47 51 55 58 61 66 "
                          "70 73 77 80", evidence_url="https://www.cwl.gov.cn/")
    return notary_steps.enter_source(admin, lot.pk, ids[2], "3361.98", evidence_text="收盘价")


def drawn(admin, notary, n: int = 8, **over) -> Lottery:
    lot, r_n = committed(admin, notary, n, **over)
    with_sources(lot, admin)
    notary_steps.reveal(notary, lot.pk, r_n.hex())
    return drawing.draw(notary, lot.pk, now=T0 + 25 * HOUR)


def published(admin, notary, n: int = 8, **over) -> Lottery:
    lot = drawn(admin, notary, n, **over)
    return drawing.publish(admin, lot.pk, now=T0 + 26 * HOUR)
