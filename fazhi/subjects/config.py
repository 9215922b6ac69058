"""Credit-risk classes and credit-record periods, with defaults from instruments.md §3.4/§4.2.

Override in Django settings (e.g. `FAZHI_INSPECTION_CLASSES = ["A", "B", "C", "D", "E"]`;
the setting keeps the name it had when inspections held it). Every value here is a local
policy choice the legal office must confirm, not a statute.
"""

from django.conf import settings

# SAMR 2022 scheme: A low, B general, C relatively high, D high risk (instruments.md §3.4).
DEFAULT_CLASSES = ["A", "B", "C", "D"]
CLASS_LABELS = {"A": "A类（低风险）", "B": "B类（一般风险）", "C": "C类（较高风险）",
                "D": "D类（高风险）", "E": "E类（严重失信）"}
# Registration statuses of an entity that is in business (only these are drawn or checked).
ACTIVE_STATUSES = ("存续", "在业")

# Credit-record publication periods in months by severity (国办发〔2025〕22号, §4.2):
# minor ≤ 3 months (repairable at once); general 3–12 months; serious 12–36 months.
PUBLICATION_MONTHS = {"minor": (0, 3), "general": (3, 12), "serious": (12, 36)}
# Serious-dishonesty list: 3 years, early removal after 1 year (SAMR Order 44; UNVERIFIED).
SERIOUS_LIST_MONTHS, SERIOUS_LIST_EARLY_MONTHS = 36, 12


def credit_classes() -> tuple[str, ...]:
    """The classes of the scheme in use, lowest risk first."""
    return tuple(getattr(settings, "FAZHI_INSPECTION_CLASSES", DEFAULT_CLASSES))


def class_label(code: str) -> str:
    return CLASS_LABELS.get(code, f"{code}类")


def riskier(a: str, b: str) -> str:
    """The higher-risk of two classes in scheme order (later = riskier)."""
    rank = {c: n for n, c in enumerate(credit_classes())}
    return a if rank.get(a, -1) >= rank.get(b, -1) else b
