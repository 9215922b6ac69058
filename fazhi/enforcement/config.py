"""Operator parameters of the penalty procedure: numbers the law leaves to provinces and
sectors, marked UNVERIFIED in procedures.md. Each is a dated, cited default that a
deployment overrides in its settings; the pages that use one say so."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class Param:
    value: object
    citation: str
    since: date
    note: str = "默认值，未经核实（UNVERIFIED），运营方可在设置中调整"


def hearing_thresholds() -> dict[str, Decimal]:
    """Fines from which a hearing may be requested (较大数额罚款, 《行政处罚法》第六十三条第一款
    第一项): set by provinces and sectors; the default is a local example (个人5000元、单位10万元)."""
    found = getattr(settings, "FAZHI_ENFORCEMENT_HEARING_FINES", None) or {}
    return {"natural": Decimal(str(found.get("natural", 5000))),
            "organisation": Decimal(str(found.get("organisation", 100000)))}


HEARING_FINES = Param(hearing_thresholds, "《行政处罚法》第六十三条第一款第一项（数额由省级和行业规定）",
                      date(2021, 7, 15))


def publicity_limit(sector: str) -> str:
    """The publicity limit key of a sector: 7 WD (国办发〔2018〕118号) unless the operator maps
    the sector to a sector limit (e.g. 市场监管 → publicity_samr, 20 WD)."""
    mapping = getattr(settings, "FAZHI_ENFORCEMENT_PUBLICITY_BY_SECTOR", None) or {}
    return mapping.get(sector, "publicity")
