"""Configurable parameters of the double-random module, with defaults from instruments.md §3.4/§4.2.

Override in Django settings (e.g. `FAZHI_INSPECTION_CLASSES = ["A", "B", "C", "D", "E"]`);
every value here is a local policy choice the legal office must confirm, not a statute.
"""

from dataclasses import dataclass

from django.conf import settings

# SAMR 2022 scheme: A low, B general, C relatively high, D high risk (instruments.md §3.4).
DEFAULT_CLASSES = ["A", "B", "C", "D"]
CLASS_LABELS = {"A": "A类（低风险）", "B": "B类（一般风险）", "C": "C类（较高风险）",
                "D": "D类（高风险）", "E": "E类（严重失信）"}
# Ratios in basis points (1 % = 100), inside the Daqing ranges and Xiamen's "3 %–100 %":
# A ≤ 5 %, B 5–20 %, C 21–60 %, D 61–100 %.
DEFAULT_RATIOS_BP = {"A": 300, "B": 1000, "C": 3000, "D": 10000, "E": 10000}
ROUNDING = {"ceil": "向上取整", "floor": "向下取整", "half-even": "四舍六入五成双"}
ACTIVE_STATUSES = ("存续", "在业")

# Credit-record publication periods in months by severity (国办发〔2025〕22号, §4.2):
# minor ≤ 3 months (repairable at once); general 3–12 months; serious 12–36 months.
PUBLICATION_MONTHS = {"minor": (0, 3), "general": (3, 12), "serious": (12, 36)}
# Serious-dishonesty list: 3 years, early removal after 1 year (SAMR Order 44; UNVERIFIED).
SERIOUS_LIST_MONTHS, SERIOUS_LIST_EARLY_MONTHS = 36, 12


# Sectors with their own version of a limit (procedure.SECTOR_PUBLICATION). Market
# regulators are the agencies listed in FAZHI_INSPECTION_MARKET_REGULATORS (agency codes);
# without that setting, every agency named "…市场监督管理局" (the name all levels carry since
# the 2018 reform).
MARKET_REGULATION = "market_regulation"
MARKET_REGULATOR_NAME = "市场监督管理局"


def sector_of(agency) -> str:  # noqa: ANN001 - an org.Agency
    """The agency's sector for sector-specific limits ("" for the general rule)."""
    codes = getattr(settings, "FAZHI_INSPECTION_MARKET_REGULATORS", None)
    market = agency.code in codes if codes is not None else MARKET_REGULATOR_NAME in agency.name
    return MARKET_REGULATION if market else ""


@dataclass(frozen=True)
class Scheme:
    classes: tuple[str, ...]
    ratios_bp: dict[str, int]


def scheme() -> Scheme:
    classes = tuple(getattr(settings, "FAZHI_INSPECTION_CLASSES", DEFAULT_CLASSES))
    ratios = {**DEFAULT_RATIOS_BP, **getattr(settings, "FAZHI_INSPECTION_RATIOS_BP", {})}
    return Scheme(classes, {c: ratios.get(c, 10000) for c in classes})


def class_label(code: str) -> str:
    return CLASS_LABELS.get(code, f"{code}类")


def riskier(a: str, b: str) -> str:
    """The higher-risk of two classes in scheme order (later = riskier)."""
    order = scheme().classes
    rank = {c: n for n, c in enumerate(order)}
    return a if rank.get(a, -1) >= rank.get(b, -1) else b
