"""Configurable parameters of the double-random module, with defaults from instruments.md §3.4.

Override in Django settings (e.g. `FAZHI_INSPECTION_RATIOS_BP = {"A": 500}`); every value
here is a local policy choice the legal office must confirm, not a statute. The credit
classes themselves, their labels and the credit periods are the subjects app's
(`fazhi.subjects.config`).
"""

from dataclasses import dataclass

from django.conf import settings

from fazhi.subjects.config import credit_classes

# Ratios in basis points (1 % = 100), inside the Daqing ranges and Xiamen's "3 %–100 %":
# A ≤ 5 %, B 5–20 %, C 21–60 %, D 61–100 %.
DEFAULT_RATIOS_BP = {"A": 300, "B": 1000, "C": 3000, "D": 10000, "E": 10000}
ROUNDING = {"ceil": "向上取整", "floor": "向下取整", "half-even": "四舍六入五成双"}


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
    classes = credit_classes()
    ratios = {**DEFAULT_RATIOS_BP, **getattr(settings, "FAZHI_INSPECTION_RATIOS_BP", {})}
    return Scheme(classes, {c: ratios.get(c, 10000) for c in classes})

