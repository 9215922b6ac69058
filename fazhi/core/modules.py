"""One registration point per app (DESIGN.md §4): the app's AppConfig.

An app subclasses `FazhiApp` and returns, from `declare()`, a `Module` saying everything it
adds to the platform: its URLs, its links in the staff and public navigation, its sections
of the portal home page, its API routers, its indicators, its demo builder, its portal
search provider and, per procedure, what the shells show of its cases (the staff intake,
the details section, payload labels, the party's view). Adding an app is its line in
`INSTALLED_APPS`; tick jobs (`jobs.py`, imported in `ready()`) and CLI commands
(`management/commands/`) stay Django's and the tick's own conventions.

The shells read only this registry: `fazhi/urls.py`, the workspace and portal navigation,
the site map and the home page, the API assembly, reporting's indicator registry, `fazhi demo` and the
portal's site search. None of them names an app or branches on a procedure's code.
`declare()` is called lazily, after every app is loaded, so it may import the app's views.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.urls import reverse
from django.utils.safestring import SafeString

from fazhi.core.i18n import local

if TYPE_CHECKING:
    from django.http import HttpRequest
    from ninja import Router

    from fazhi.cases.models import Case
    from fazhi.cases.procedure import Procedure
    from fazhi.org.actors import Actor


# -- what an app declares ------------------------------------------------------------------

@dataclass(frozen=True)
class NavLink:
    """A link in the staff or the public navigation (or a staff intake link). A public link
    is a section of the public site: the header shows it and the site map (网站地图) lists
    it with its description and its pages."""

    label: str  # shown as is: a Chinese string or a lazily translated English msgid
    url: str  # a URL name ("normative:staff_list") or a path ("/library/")
    order: int = 50  # position among every app's links (shells use 0–10 and 90–100)
    current: tuple[str, ...] = ()  # path prefixes where this is the current page (default: url)
    exact: bool = False  # current only on exactly its own path (the home page "/")
    roles: frozenset[str] = frozenset()  # staff roles that see it; empty: every staff member
    description: str = ""  # public sections: one sentence under it on the site map (Chinese)
    pages: tuple[NavLink, ...] = ()  # public sections: its main pages, listed on the site map
    header: bool = True  # public sections: False lists it on the site map only

    def href(self) -> str:
        return self.url if self.url.startswith("/") else reverse(self.url)

    def visible_to(self, actor: Actor | None) -> bool:
        return not self.roles or bool(actor and actor.has_any(self.roles))

    def match(self, path: str) -> int:
        """How long a prefix of `path` marks this link current (0: it does not)."""
        own = self.href()
        if self.exact:
            return len(own) if path == own else 0
        return max((len(p) for p in self.current or (own,) if path.startswith(p)), default=0)


@dataclass(frozen=True)
class HomeSection:
    """A section of the portal home page: the lead text above the cards, or a card."""

    template: str
    order: int = 50
    lead: bool = False
    context: Callable[[], dict[str, Any]] | None = None  # figures it shows (cache them)


@dataclass(frozen=True)
class SearchHit:
    """One published record found by the site search. Only what is already public: a
    provider searches published (redacted) records, never a case or an applicant."""

    title: str
    url: str
    snippet: str | SafeString  # plain text (escaped when shown) or the app's own safe HTML
    kind: str  # Chinese name of the record kind, e.g. "政府信息公开答复"
    date: date | None = None


SearchProvider = Callable[[str, int], list[SearchHit]]  # (query, limit) -> hits, newest first


@dataclass(frozen=True)
class CatalogueEntry:
    """One item of an agency's proactive-disclosure catalogue (主动公开目录): what
    《政府信息公开条例》第十二条 asks of it — index number, name, summary, date — and the
    category of 第二十条 (1–15) it falls under."""

    category: int
    title: str
    url: str
    index_no: str = ""
    summary: str = ""
    date: date | None = None


# (agency, limit) -> (that agency's published items, newest first; how many there are in all)
CatalogueProvider = Callable[[Any, int], tuple[list[CatalogueEntry], int]]


def excerpt(text: str, query: str, width: int = 120) -> str:
    """About `width` characters of `text` around the first place it holds `query` (its
    start when it does not), on one line, for a search hit's snippet."""
    flat = " ".join((text or "").split())
    at = flat.casefold().find(query.casefold()) if query else -1
    start = max(0, at - width // 3) if at > 0 else 0
    end = start + width
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
# The details section of a case on the workspace case page: (template, context), or None
# for the generic field list. The case has passed the visibility filter.
DetailView = Callable[["Case", "Actor"], tuple[str, dict[str, Any]] | None]


@dataclass(frozen=True)
class PartyView:
    """What the party holding a case's receipt code sees of it, beyond the shell's facts
    (state, agency, due dates, steps), on the portal's track page and in the public track
    API. Personal data is masked: whoever holds the code sees this."""

    template: str  # sections shown above the case's steps
    context: Callable[[HttpRequest, Case, Procedure, Mapping[str, Any]], dict[str, Any]]
    actions_template: str = ""  # the party's own actions, shown below the steps
    api: Callable[[Case], dict[str, Any]] | None = None  # fields of the public track API


@dataclass(frozen=True)
class Matter:
    """One matter of a person or firm that is not a case (a lottery entry), as the citizen's
    view and the staff person view list it beside their cases. Masked: no ID number."""

    kind: str  # Chinese name of the matter kind, e.g. "摇号登记"
    title: str
    state: str  # Chinese state label
    url: str = ""  # the public page where the person follows it ("" when none)
    date: date | None = None  # when it began (the registration)
    next_date: date | None = None  # the next date that matters (the draw), if any
    next_note: str = ""  # what happens then, one Chinese sentence
    agency: str = ""


@dataclass(frozen=True)
class MatterSource:
    """How an app finds a person's matters that are not cases (its `matters=`): `key` turns
    a normalised ID number or USCC into the app's own keyed digest of it (the person's key
    is never the raw number), `find(key, actor)` lists that person's matters — for the
    person themself when `actor` is None, else only what the staff `actor` may see."""

    key: Callable[[str], str]
    find: Callable[[str, Actor | None], list[Matter]]


@dataclass(frozen=True)
class ProcedureScreens:
    """What the shells show of one procedure's cases."""

    intake: NavLink | None = None  # staff registration of a new case (roles: who may)
    detail: DetailView | None = None
    payload_labels: Mapping[str, str] = field(default_factory=dict)  # event payload keys
    party: PartyView | None = None


@dataclass
class DemoContext:
    """What every demo builder shares: one random stream (so a seed gives one city), the
    simulated today, the scale, and what earlier builders made (by app label)."""

    seed: int
    today: date
    cases: int  # the requested scale: cases of the main procedure
    rng: random.Random
    built: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # planned actions the engine refused
    progress: Callable[[str], None] = lambda line: None


@dataclass(frozen=True)
class DemoBuilder:
    build: Callable[[DemoContext], Any]  # returns what later builders may use (ctx.built)
    after: tuple[str, ...] = ()  # labels of the apps whose demo data this one needs
    report: Callable[[DemoContext], list[str]] | None = None  # summary lines once built
    agencies: tuple[str, ...] = ()  # codes of agencies it adds to the demo city (not real data)
    # (username, password, agency, role, name) of the demo accounts it adds, for `make run`
    logins: Callable[[], list[tuple[str, str, str, str, str]]] | None = None


@dataclass(frozen=True)
class Module:
    title: str  # Chinese name of the app, e.g. "政府信息公开"
    urls: tuple[tuple[str, str], ...] = ()  # (path prefix, URLconf module)
    staff_nav: tuple[NavLink, ...] = ()
    public_nav: tuple[NavLink, ...] = ()  # the app's sections of the public site
    home: tuple[HomeSection, ...] = ()
    api_private: Router | None = None  # mounted on /api/v1/
    api_public: Router | None = None  # mounted on /api/public/v1/
    indicators: str = ""  # module whose import registers the app's indicators
    demo: DemoBuilder | None = None
    search: SearchProvider | None = None
    catalogue: CatalogueProvider | None = None  # its items in the 主动公开目录
    matters: MatterSource | None = None  # a person's matters that are not cases (B8)
    # where a signed-in user who is not staff lands after signing in (an expert's own page),
    # or None when the app does not know the user
    landing: Callable[[Any], str | None] | None = None
    procedures: Mapping[str, ProcedureScreens] = field(default_factory=dict)
    label: str = ""  # the app label, filled in by the registry


class FazhiApp(AppConfig):
    """Base of every Fazhi app that plugs into the shells. Subclass it as
    `modules.FazhiApp` in the app's apps.py: Django picks the one AppConfig class found in
    that module, so the base itself must not be imported there by name."""

    def declare(self) -> Module:
        raise NotImplementedError

    @cached_property
    def declared(self) -> Module:
        from dataclasses import replace

        return replace(self.declare(), label=self.label)


# -- what the shells read --------------------------------------------------------------------

def registered() -> list[Module]:
    """Every installed app's module, in INSTALLED_APPS order."""
    return [config.declared for config in apps.get_app_configs()
            if isinstance(config, FazhiApp)]


def url_patterns() -> list:
    from django.urls import include, path

    return [path(prefix, include(urlconf)) for module in registered()
            for prefix, urlconf in module.urls]


def _current(links: list[NavLink], path: str) -> list[dict[str, Any]]:
    """The links in order, the one matching the longest prefix of `path` marked current."""
    links = sorted(links, key=lambda link: link.order)
    scores = [link.match(path) for link in links]
    best = max(scores, default=0)
    return [{"label": local(str(link.label)), "href": link.href(),
             "current": best > 0 and score == best}
            for link, score in zip(links, scores, strict=True)]


def staff_nav(actor: Actor | None, path: str) -> list[dict[str, Any]]:
    return _current([link for m in registered() for link in m.staff_nav
                     if link.visible_to(actor)], path)


def public_nav(path: str) -> list[dict[str, Any]]:
    """The public header: every app's public section shown there, the current one marked."""
    return _current([link for m in registered() for link in m.public_nav if link.header], path)


def site_map() -> list[dict[str, Any]]:
    """Every app's public section in navigation order, with its description and its pages
    (the site map, 网站地图)."""
    sections = sorted((link for m in registered() for link in m.public_nav),
                      key=lambda link: link.order)
    return [{"label": local(str(s.label)), "href": s.href(), "description": local(s.description),
             "pages": [{"label": local(str(p.label)), "href": p.href()} for p in s.pages]}
            for s in sections]


def intakes(actor: Actor | None) -> list[dict[str, Any]]:
    """The staff registration links of every procedure this actor may register cases of."""
    links = [s.intake for m in registered() for s in m.procedures.values()
             if s.intake and s.intake.visible_to(actor)]
    return _current(links, "")


def home_sections() -> list[HomeSection]:
    return sorted((s for m in registered() for s in m.home), key=lambda s: s.order)


def screens(code: str) -> ProcedureScreens:
    """What the shells show of this procedure's cases (nothing special when undeclared)."""
    for module in registered():
        if code in module.procedures:
            return module.procedures[code]
    return ProcedureScreens()


def routers(kind: str) -> list[Router]:
    """The API routers of every app, `kind` "private" or "public"."""
    found = (getattr(m, f"api_{kind}") for m in registered())
    return [router for router in found if router is not None]


def search_providers() -> list[tuple[Module, SearchProvider]]:
    return [(m, m.search) for m in registered() if m.search is not None]


def catalogue_providers() -> list[tuple[Module, CatalogueProvider]]:
    return [(m, m.catalogue) for m in registered() if m.catalogue is not None]


def matter_sources() -> list[tuple[Module, MatterSource]]:
    return [(m, m.matters) for m in registered() if m.matters is not None]


def landing_for(user: Any) -> str | None:
    """The first module's page for a signed-in user who is not staff, if any module knows them."""
    for m in registered():
        if m.landing is not None and (url := m.landing(user)):
            return url
    return None


def indicator_modules() -> list[str]:
    return [m.indicators for m in registered() if m.indicators]


def demo_order() -> list[Module]:
    """Modules with a demo builder, each after those it needs (a stable topological order;
    a need of an app that is not installed is an error, not a silent skip)."""
    builders = {m.label: m for m in registered() if m.demo}
    done: dict[str, Module] = {}

    def visit(label: str, path: tuple[str, ...]) -> None:
        if label in done:
            return
        if label not in builders:
            raise LookupError(f"演示数据依赖的模块“{label}”未安装或没有演示数据（{' → '.join(path)}）")
        if label in path:
            raise LookupError(f"演示数据的依赖成环：{' → '.join((*path, label))}")
        for need in builders[label].demo.after:
            visit(need, (*path, label))
        done[label] = builders[label]

    for label in builders:
        visit(label, ())
    return list(done.values())
