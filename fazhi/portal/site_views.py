"""The public pages about the site itself: agency contacts (机关联系方式), the accessibility
statement (适老化及无障碍声明) and the site map (网站地图). Read-only, no login."""

from dataclasses import dataclass
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core import modules
from fazhi.org.listing import public_order
from fazhi.org.models import Agency


@dataclass(frozen=True)
class DisclosureOffice:
    """An agency's disclosure office (政府信息公开工作机构): only what differs from the
    agency's own contact is shown again."""

    name: str
    address: str
    phone: str
    fax: str
    email: str


@dataclass(frozen=True)
class RegionGroup:
    name: str
    anchor: str
    agencies: list[tuple[Agency, DisclosureOffice | None]]


def disclosure_office(agency: Agency) -> DisclosureOffice | None:
    differs = {field: value for field in ("address", "phone", "fax", "email")
               if (value := getattr(agency, f"disclosure_{field}"))
               and value != getattr(agency, field)}
    if not agency.disclosure_office and not differs:
        return None
    return DisclosureOffice(name=agency.disclosure_office, address=differs.get("address", ""),
                            phone=differs.get("phone", ""), fax=differs.get("fax", ""),
                            email=differs.get("email", ""))


@require_GET
def contacts(request: HttpRequest) -> HttpResponse:
    """Every agency's address, telephone and office hours, city bodies first, then each
    district, with its disclosure office (《政府信息公开条例》第十二条)."""
    agencies = public_order()
    groups = [RegionGroup(name=_group_name(region), anchor=f"region-{region.code}",
                          agencies=[(a, disclosure_office(a)) for a in members])
              for region, members in groupby(agencies, key=lambda a: a.region)]
    return render(request, "portal/contacts.html", {"groups": groups})


def _group_name(region) -> str:
    return "市级机关" if region.level == "city" else region.name


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public section the apps declare, with its pages (fazhi.core.modules)."""
    return render(request, "portal/sitemap.html", {"sections": modules.site_map()})
