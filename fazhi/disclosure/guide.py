"""Each agency's disclosure guide (政府信息公开指南) and proactive-disclosure catalogue
(主动公开目录), generated from data (《政府信息公开条例》第十二条: the guide gives the
classification, how to obtain information and the disclosure office's contact; the
catalogue gives each item's index, name, summary and date).

The guide's rules (time limits, fees, remedies) come from the code that applies them (the
procedure's limits, `fees`, `fazhi.law.remedies`), so the guide cannot drift from what the
platform does. The catalogue lists the categories of 第二十条 with what every app has
published for the agency (`Module.catalogue`, `fazhi.core.modules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core import modules
from fazhi.core.modules import CatalogueEntry
from fazhi.core.pagecache import public_page
from fazhi.disclosure.fees import CITATION
from fazhi.disclosure.procedure import DISCLOSURE
from fazhi.law.remedies import remedy_notice
from fazhi.org.listing import public_order
from fazhi.org.models import Agency

REG = "《政府信息公开条例》"
PER_CATEGORY = 20  # catalogue entries shown per category; the section's page lists the rest

# 《政府信息公开条例》（2019）第二十条: what an agency discloses on its own initiative.
ART20 = {
    1: "行政法规、规章和行政规范性文件",
    2: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    3: "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    4: "国民经济和社会发展统计信息",
    5: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    6: "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    7: "财政预算、决算信息",
    8: "行政事业性收费项目及其依据、标准",
    9: "政府集中采购项目的目录、标准及实施情况",
    10: "重大建设项目的批准和实施情况",
    11: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    12: "突发公共事件的应急预案、预警信息及应对情况",
    13: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    14: "公务员招考的职位、名额、报考条件等事项以及录用结果",
    15: "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
}
NUMERALS = "一二三四五六七八九十"


def item_label(n: int) -> str:
    """第二十条's item numbers as written: （一）…（十）（十一）…（十五）."""
    return f"（{NUMERALS[n - 1] if n <= 10 else '十' + NUMERALS[n - 11]}）"


@dataclass
class Category:
    number: int
    label: str
    title: str
    entries: list[CatalogueEntry] = field(default_factory=list)
    total: int = 0


def _agency(code: str) -> Agency:
    agency = Agency.objects.select_related("region").filter(code=code).first()
    if agency is None:
        raise Http404("机关不存在")
    return agency


def catalogue_of(agency: Agency) -> list[Category]:
    """Every category of 第二十条, with what the platform has published for the agency."""
    categories = {n: Category(n, item_label(n), title) for n, title in ART20.items()}
    for _module, provider in modules.catalogue_providers():
        entries, total = provider(agency, PER_CATEGORY)
        for entry in entries:
            categories[entry.category].entries.append(entry)
        if entries:
            categories[entries[0].category].total += total
    return list(categories.values())


def time_limits() -> list[tuple[str, str, str]]:
    """(what, how long from when, article) as the procedure counts them."""
    rows = []
    for key in ("correction_notice", "reply", "third_party", "co_producer", "fee_payment",
                "proactive"):
        limit = DISCLOSURE.limit(key)
        length = f"自{limit.trigger}起{limit.value}个{limit.unit.label}"
        if limit.extension:
            ext = limit.extension
            length += f"；经{ext.approver}同意可延长{ext.value}个{ext.unit.label}"
        if limit.note:
            length += f"。{limit.note}"
        rows.append((limit.label, length, limit.citation))
    return rows


@require_GET
@public_page
def guide_index(request: HttpRequest) -> HttpResponse:
    """Every agency, each with its guide and catalogue."""
    return render(request, "disclosure/guide_index.html", {"agencies": public_order()})


@require_GET
@public_page
def guide(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    return render(request, "disclosure/guide.html", {
        "agency": agency, "limits": time_limits(),
        "fees": CITATION, "remedy": remedy_notice(reconsideration_first=False, what="答复"),
        "remedy_refusal": remedy_notice(reconsideration_first=True, what="答复"),
        "categories": [(item_label(n), t) for n, t in ART20.items()]})


@require_GET
@public_page
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(code)
    return render(request, "disclosure/catalogue.html", {
        "agency": agency, "categories": catalogue_of(agency), "per_category": PER_CATEGORY})
