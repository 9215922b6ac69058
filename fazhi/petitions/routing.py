"""Routing of petitions as data: the six-way classification of 《信访工作条例》第三十一条 by
rules on a petition's category and words, and the assignment to the competent body by
district and matter (ADR 0047; docs/petitions.md "Import and routing").

Classification: `RULES` in order, the first that matches wins; a rule matches when the
petition's category (问题类别) is one of its categories, or when its subject, request or
facts contain one of its keywords. Routes (一)–(五) leave the 信访 procedure (诉访分离): the
matter is routed to the procedure the rule names; what no rule matches is (六), handled
as a petition. An operator replaces the rules with `FAZHI_PETITION_RULES` (a list of
{"route", "categories", "keywords", "routed_to"}), checked when loaded.

Assignment (第二十一条: 属地管理、分级负责; 第二十二条: the office transfers or assigns to the
body with the power to handle it): the row's own 办理机关 when given; else the first of
`FAZHI_PETITION_ASSIGNMENT` ({"district": code or name or "*", "category": … or "*",
"agency": code or name}) matching the row's district and category, district-specific
entries before "*"; else the government of the row's district.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

from fazhi.petitions.models import ROUTES

ARTICLE = "《信访工作条例》第三十一条"
ITEMS = {"litigation": "第（一）项", "arbitration": "第（二）项", "party": "第（三）项",
         "administrative": "第（四）项", "duty": "第（五）项", "petition": "第（六）项"}


@dataclass(frozen=True)
class Rule:
    route: str
    categories: frozenset[str]
    keywords: tuple[str, ...]
    routed_to: str  # the procedure and body the petitioner is told to use ("" for 信访)

    @property
    def citation(self) -> str:
        return f"{ARTICLE}{ITEMS[self.route]}"


def _rule(route: str, categories: Iterable[str], keywords: Iterable[str], routed_to: str) -> Rule:
    return Rule(route, frozenset(categories), tuple(keywords), routed_to)


# The defaults: categories as Chinese 信访 registers name them; keywords that name the
# other procedure unambiguously. Order matters: litigation before administrative (a
# 行政诉讼 names both), duty last (a 举报 inside a lawsuit is the lawsuit's).
DEFAULT_RULES: tuple[Rule, ...] = (
    _rule("litigation", ("涉法涉诉", "诉讼", "涉检", "涉警"),
          ("起诉", "诉讼", "判决", "裁定书", "人民法院", "检察院", "立案侦查", "刑事案件", "报案"),
          "依照诉讼、检察或公安程序向人民法院、人民检察院或公安机关提出"),
    _rule("arbitration", ("劳动争议", "仲裁"),
          ("仲裁", "劳动争议", "劳动合同纠纷"),
          "依照仲裁程序向劳动人事争议仲裁委员会或仲裁委员会申请仲裁"),
    _rule("party", ("党员申诉", "党纪"),
          ("党纪处分", "党员申诉", "党内"),
          "依照党内法规向党的纪律检查机关或组织部门提出"),
    _rule("administrative", ("行政复议", "行政裁决", "行政确认", "行政许可", "行政处罚"),
          ("行政复议", "复议", "行政处罚决定", "罚款决定", "行政许可", "不予许可", "行政裁决",
           "行政确认", "工伤认定"),
          "依照《中华人民共和国行政复议法》等法律法规向有权机关申请行政复议、裁决、确认、"
          "许可或者提出陈述申辩"),
    _rule("duty", ("检举控告", "举报", "履职"),
          ("举报", "检举", "控告", "不作为", "请求查处", "请求保护"),
          "由有权机关依法履行职责、作出处理并答复"),
)
ROUTE_CODES = frozenset(code for code, _ in ROUTES)


def rules() -> tuple[Rule, ...]:
    """The rules in force: FAZHI_PETITION_RULES when the operator sets them."""
    configured = getattr(settings, "FAZHI_PETITION_RULES", None)
    if not configured:
        return DEFAULT_RULES
    return tuple(load_rules(configured))


def load_rules(rows: Iterable[Mapping]) -> list[Rule]:
    """Rules from data, each checked (a configuration error raises ValueError)."""
    found = []
    for n, row in enumerate(rows, 1):
        route = row.get("route", "")
        if route not in ROUTE_CODES or route == "petition":
            raise ValueError(f"规则{n}：分类应为第三十一条第（一）至（五）项之一，实际为“{route}”")
        categories, keywords = row.get("categories", []), row.get("keywords", [])
        if not categories and not keywords:
            raise ValueError(f"规则{n}：须有问题类别或关键词")
        if len(str(row.get("routed_to", "")).strip()) < 2:
            raise ValueError(f"规则{n}：须写明导入的程序及机关（{ARTICLE}）")
        found.append(_rule(route, categories, keywords, str(row["routed_to"]).strip()))
    return found


PETITION = _rule("petition", (), (), "")


def classify(category: str, *texts: str, using: Iterable[Rule] | None = None) -> Rule:
    """The first rule the petition matches; (六) 信访程序 when none does."""
    joined = "\n".join(texts)
    for rule in rules() if using is None else using:
        if category in rule.categories or any(word in joined for word in rule.keywords):
            return rule
    return PETITION


class Assignment:
    """Competent body by (district, category), from settings and the agencies present."""

    def __init__(self, regions: Mapping[str, int], agencies: Mapping[str, int],
                 governments: Mapping[int, int]) -> None:
        self.regions, self.agencies, self.governments = regions, agencies, governments
        self.table: dict[tuple[int | None, str], int] = {}
        for entry in getattr(settings, "FAZHI_PETITION_ASSIGNMENT", []):
            district = entry.get("district", "*")
            region = None if district == "*" else regions.get(district)
            agency = agencies.get(entry.get("agency", ""))
            if agency is None or (district != "*" and region is None):
                raise ValueError(f"FAZHI_PETITION_ASSIGNMENT：无法识别的机关或区划 {dict(entry)}")
            self.table.setdefault((region, entry.get("category", "*")), agency)

    def competent(self, region_id: int | None, category: str) -> int | None:
        for key in ((region_id, category), (region_id, "*"), (None, category), (None, "*")):
            found = self.table.get(key)
            if found is not None:
                return found
        return self.governments.get(region_id) if region_id is not None else None
