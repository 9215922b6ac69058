"""Registry records for tests: officers with certificates, catalogue items, delegations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fazhi.org.models import Agency
from fazhi.powers.models import Delegation, EnforcementBody, EnforcementItem
from fazhi.subjects.models import Officer

_serial = iter(range(1, 10_000))


def officer(agency: Agency, name: str = "陈执法", categories: tuple[str, ...] = ("市场监管",),
            valid_from: date = date(2024, 1, 1), valid_until: date = date(2027, 12, 31),
            cert_no: str | None = None, **kw) -> Officer:
    n = next(_serial)
    return Officer.objects.create(
        code=f"T{n:04d}", name=name, agency=agency, cert_no=cert_no or f"闽执测{n:06d}",
        cert_valid_from=valid_from, cert_valid_until=valid_until,
        cert_categories=list(categories), cert_issuer="福建省人民政府", **kw)


def item(code: str, agencies: list[Agency], *, category: str = "市场监管",
         valid_from: date = date(2021, 7, 15), valid_until: date | None = None,
         name: str = "生产经营不符合食品安全标准的食品", fine: tuple[str, str] | None = ("50000", "200000"),
         basis: str = "《中华人民共和国食品安全法》第一百二十四条第一款") -> EnforcementItem:
    made = EnforcementItem.objects.create(
        code=code, name=name, basis=basis, category=category,
        fine_min=Decimal(fine[0]) if fine else None, fine_max=Decimal(fine[1]) if fine else None,
        kinds=["警告", "罚款", "没收违法所得"], valid_from=valid_from, valid_until=valid_until)
    made.agencies.set(agencies)
    return made


def team(city, code: str = "XMCGJ", name: str = "厦门市城市管理行政执法局",
         kind: str = EnforcementBody.COMPREHENSIVE) -> Agency:
    agency = Agency.objects.create(code=code, name=name, short_name=name[3:9], region=city)
    EnforcementBody.objects.create(agency=agency, kind=kind, basis="厦门市人民政府决定")
    return agency


def delegate(team_: Agency, delegator: Agency, *, mode: str = Delegation.CONCENTRATED,
             codes: tuple[str, ...] = (), categories: tuple[str, ...] = (),
             valid_from: date = date(2022, 1, 1), valid_until: date | None = None) -> Delegation:
    return Delegation.objects.create(
        team=team_, delegator=delegator, mode=mode, item_codes=list(codes),
        categories=list(categories), basis="厦府〔2021〕100号", valid_from=valid_from,
        valid_until=valid_until)
