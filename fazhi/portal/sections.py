"""The public site's sections, in one place: the header navigation and the site map
(网站地图) are both built from SECTIONS, so a new public section is added here once.

This list is the single seam to replace when modules register their own sections.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Page:
    title: str | Promise
    url_name: str
    description: str = ""


@dataclass(frozen=True)
class Section:
    title: str | Promise
    url_name: str  # the section's landing page
    prefixes: tuple[str, ...]  # paths under the section: marks its header link current
    description: str = ""
    pages: tuple[Page, ...] = ()
    in_header: bool = True


SECTIONS: tuple[Section, ...] = (
    Section(_("Home"), "portal:home", (), "本站首页：各栏目入口。"),
    Section(_("Apply for disclosure"), "portal:apply", ("/disclosure/apply/",),
            "依申请公开：在线提交政府信息公开申请，取得查询码。"),
    Section(_("Track progress"), "portal:track", ("/track/",),
            "凭查询码查看办理状态、答复期限及计算依据，在线补正或撤回申请。"),
    Section(_("Published replies"), "portal:replies", ("/disclosure/replies/",),
            "已送达的答复，去除个人信息后公开，可按机关和关键词检索。"),
    Section(_("Normative documents"), "library:library", ("/library/", "/normative/"),
            "行政规范性文件：现行有效和已失效的文件、全文检索、草案征求意见、清理结果。",
            pages=(Page(_("Full-text search"), "library:library"),
                   Page(_("Document catalogue"), "normative:library"),
                   Page(_("Drafts open for comment"), "normative:consultations"),
                   Page(_("Cleanup results"), "normative:cleanups"))),
    Section(_("Notarised lotteries"), "lottery:list", ("/lottery/",),
            "公证摇号：公告、登记、结果公示、申诉，以及可独立运行的验证程序。",
            pages=(Page(_("Lottery announcements"), "lottery:list"),
                   Page(_("Draw verifier"), "lottery:verifier"))),
    Section(_("Random inspections"), "inspections:list", ("/inspections/",),
            "“双随机、一公开”：抽查计划、随机抽取的验证和抽查结果。",
            pages=(Page(_("Inspection plans"), "inspections:list"),
                   Page(_("Inspection results"), "inspections:results"))),
    Section(_("Annual reports"), "reporting:public_list", ("/reporting/public/",),
            "法治政府建设年度报告及其中每一项数据的来源。"),
    Section(_("Ledger checkpoints"), "portal:ledger", ("/ledger/",),
            "防篡改账本的公开检查点，任何人都可以核对。"),
    Section(_("About this site"), "portal:contacts", ("/contacts/", "/accessibility/",
                                                      "/sitemap/"),
            "各机关的地址、电话和办公时间，无障碍与适老化说明，网站地图。",
            pages=(Page(_("Agency contacts"), "portal:contacts"),
                   Page(_("Accessibility statement"), "portal:accessibility"),
                   Page(_("Site map"), "portal:sitemap")),
            in_header=False),
    Section(_("Staff sign-in"), "login", ("/accounts/",), "机关工作人员登录工作台。"),
)


@dataclass(frozen=True)
class Link:
    title: str | Promise
    url: str
    current: bool


def header_links(path: str) -> list[Link]:
    """The header navigation for the page at `path`: one link per section."""
    return [Link(s.title, reverse(s.url_name), _is_current(s, path))
            for s in SECTIONS if s.in_header]


def _is_current(section: Section, path: str) -> bool:
    if not section.prefixes:
        return path == reverse(section.url_name)
    return any(path.startswith(prefix) for prefix in section.prefixes)


@dataclass(frozen=True)
class MapEntry:
    section: Section
    url: str
    pages: list[tuple[Page, str]]


def site_map() -> list[MapEntry]:
    """Every public section with its pages, resolved to URLs, for the site map."""
    return [MapEntry(s, reverse(s.url_name), [(p, reverse(p.url_name)) for p in s.pages])
            for s in SECTIONS]
