"""English is complete (issue 12 part 5, ADR 0027): every page a user can reach, rendered in
English for each role, shows no Chinese outside elements marked `lang="zh-Hans"`.

The pages are found the way a user finds them: from the home page, the workspace and every
URL pattern without arguments, following the links of each page (GET only, a few pages per
route). The data — one or more records of each module in several states — is built through
the services and then renamed to ASCII (`asciify`), except the legal texts that pages must
mark as Chinese-only, so any Han character found is interface text left untranslated.

Every leak fails the test and is written to var/english-leaks.txt (pages visited:
var/english-pages.txt).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from conftest import make_staff
from fazhi.core.english import HAN, chinese_outside_marked

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/admin/", "/static/", "/i18n/", "/api/", "/media/", "/display/")
PER_ROUTE = 6  # distinct URLs visited per route (states differ; pagination and filters add no text)
MAX_PAGES = 400
# Legal texts kept in Chinese: pages must mark them lang="zh-Hans".
KEEP_CHINESE = {("normative", "normativedocument", field) for field in (
    "body", "legal_basis", "subject", "drafting_explanation", "interpretation")}
DAY = date(2026, 3, 2)


# -- the data ------------------------------------------------------------------------------

def asciify() -> None:
    """Rename every stored text holding Han characters to an ASCII name (its field and row),
    the data being data: what stays Chinese on an English page is then the interface."""
    for model in apps.get_models():
        if not model.__module__.startswith("fazhi.") and model._meta.app_label != "auth":
            continue
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField) and not f.choices
                  and not f.primary_key
                  and (model._meta.app_label, model._meta.model_name, f.name) not in KEEP_CHINESE]
        for field in fields:
            for pk, value in model.objects.values_list("pk", field.name):
                if value and HAN.search(value):
                    name = _ascii(value, f"{field.name[:8]}-{pk}"[:field.max_length or 10_000])
                    model.objects.filter(pk=pk).update(**{field.name: name})
        for field in [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]:
            for pk, value in model.objects.values_list("pk", field.name):
                if value and HAN.search(json.dumps(value, ensure_ascii=False)):
                    model.objects.filter(pk=pk).update(**{field.name: _walk(value)})


def _ascii(value: str, name: str) -> str:
    """`name`, or for stored JSON the same JSON with its Chinese strings renamed."""
    if value[:1] not in "{[":
        return name
    try:
        data = json.loads(value)
    except ValueError:
        return name

    return json.dumps(_walk(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _walk(item, at="v"):
    """Stored JSON with its Chinese strings renamed (keys kept: they are identifiers)."""
    if isinstance(item, str):
        return f"{at}-{len(item)}" if HAN.search(item) else item
    if isinstance(item, list):
        return [_walk(x, f"{at}{n}") for n, x in enumerate(item)]
    if isinstance(item, dict):
        return {k: _walk(x, str(k)[:12]) for k, x in item.items()}
    return item


def build_world(agency, other_agency, city) -> dict:
    from fazhi.disclosure.tests import factories as disclosure
    from fazhi.inspections.tests import factories as inspections
    from fazhi.lottery.tests import factories as lottery
    from fazhi.normative.tests.factories import World
    from fazhi.reporting import annual_reports, key_tasks, supervision_findings

    roles = {
        "handler": make_staff(agency, "handler", ["handler"]),
        "head": make_staff(agency, "head", ["head"]),
        "reviewer": make_staff(agency, "reviewer1", ["reviewer"]),
        "admin_staff": make_staff(agency, "lotadmin", ["admin"]),
    }
    office = type(agency).objects.create(code="XMYFZSB", name="Rule of law office",
                                         short_name="ROLO", region=city)
    roles["supervisor"] = make_staff(office, "supervisor", ["supervisor"])
    roles["notary"] = make_staff(type(agency).objects.get(pk=lottery.notary_office_id()),
                                 "notary", ["notary"])

    cases = [disclosure.received(agency, on=DAY),
             disclosure.correcting(agency, roles["handler"], on=DAY, due=DAY + timedelta(days=20)),
             disclosure.replied(agency, roles["handler"], on=DAY)]
    from fazhi.delivery.tests.factories import english_world

    english_world(agency, roles["handler"])

    world = World(agency, other_agency)
    world.draft()
    world.commented()
    world.under_review()
    world.published(title="published document")

    lottery.opened(roles["admin_staff"], title="open lottery")
    lottery.published(roles["admin_staff"], roles["notary"], title="drawn lottery")

    district = inspections.district(city)
    inspections.entities(12, district)
    items = [inspections.item(other_agency, "SJ-1"), inspections.item(agency, "SF-1")]
    for n in range(1, 3):
        inspections.inspector(other_agency, f"M{n}", username=f"m{n}")
        inspections.inspector(agency, f"J{n}", username=f"j{n}")
    inspections.drawn(world.drafter, roles["notary"], inspections.rules(items, [agency]))

    _penalty_cases(agency, roles)
    from fazhi.petitions.tests.factories import english_world as petitions

    petitions(agency, other_agency, roles["handler"], roles["head"], DAY)

    task = key_tasks.create_task(roles["supervisor"], year=2026, text="a key task of the year")
    key_tasks.assign_task(roles["supervisor"], task, lead_agency_id=agency.pk)
    supervision_findings.create_finding(roles["supervisor"], agency_id=agency.pk, text="a finding text",
                             rectify_by=DAY + timedelta(days=30), today=DAY)
    annual_reports.create_report(roles["supervisor"], year=2025)

    from fazhi.powers.tests.factories import registry_world
    registry_world(agency, other_agency, city, on=DAY)
    from fazhi.discretion.tests import factories as discretion
    discretion.published(agency)
    discretion.draft(agency)
    discretion.published_list(agency)

    _custody(agency, city, roles)
    from fazhi.reconsideration.tests.factories import english_world as reconsideration
    reconsideration(agency, other_agency, city, roles, DAY)
    from fazhi.mediation.tests.factories import english_world as mediation
    mediation(agency, roles["handler"], roles["head"], DAY)
    from fazhi.complaints.tests.factories import english_world as complaints
    complaints(agency, roles["handler"], roles["head"], DAY)
    asciify()
    return {"roles": roles, "case": cases[1], "world": world}


def _penalty_cases(agency, roles) -> None:
    """Penalty cases notified, heard and decided (published), by two certified officers."""
    from fazhi.enforcement import services
    from fazhi.enforcement.tests.conftest import officer, qualify
    from fazhi.enforcement.tests.factories import World

    qualify(roles["reviewer"], "A20150000099")
    officers = [officer(agency, "E901", "officer one"), officer(agency, "E902", "officer two")]
    penalty = World(agency, roles["handler"], roles["head"], roles["reviewer"], officers)
    penalty.notified(on=DAY, fine="150000", party_id="91350200MA2Y0000A1")
    case = penalty.served(on=DAY, party_id="91350200MA2Y0000A2")
    services.act(case, "publish", roles["handler"], {}, today=DAY)


def _custody(agency, city, roles: dict) -> None:
    """Case property in three states: kept by the agency, at the centre, offered to it."""
    from fazhi.custody import services as custody
    from fazhi.custody.models import Centre

    centre = Centre.objects.create(agency=type(agency).objects.create(
        code="XMSSWZX", name="Custody centre", short_name="CC", region=city))
    roles["custodian"] = make_staff(centre.agency, "custodian", ["custodian"])
    _kept, stored, offered = custody.seize(None, [
        {"description": f"item {n}", "quantity": 1, "unit": "u", "owner_name": "owner",
         "location": "room", "case_ref": f"ref-{n}"} for n in range(3)], roles["handler"], DAY)
    for item in (stored, offered):
        custody.offer(item, "store", roles["handler"], {"centre": centre.pk}, DAY)
    custody.accept(stored, roles["custodian"], DAY)


# -- the crawl -----------------------------------------------------------------------------

def _plain_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Paths of the URL patterns that take no argument."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            found += _plain_routes(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return found


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def _links(html: str, base: str) -> list[str]:
    from html.parser import HTMLParser

    hrefs: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "a":
                href = dict(attrs).get("href") or ""
                if href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
                    hrefs.append(urljoin(base, href))

    Links().feed(html)
    return hrefs


def crawl(client: Client, starts: list[str], visited: set[str]) -> dict[str, list[str]]:
    """Path → the Chinese found outside marked elements, for every HTML page reached (each
    added to `visited`)."""
    leaks: dict[str, list[str]] = {}
    per_route: dict[str, int] = defaultdict(int)
    queue, seen = list(starts), set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or url in seen:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        route = _route(parts.path)
        if route is None or parts.path.startswith(SKIP_PREFIXES) or per_route[route] >= PER_ROUTE:
            continue
        seen.add(url)
        per_route[route] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code in (301, 302, 303):
            queue.append(urljoin("http://testserver" + parts.path, response["Location"]))
            continue
        if "text/html" not in response.get("Content-Type", "") or not response.content:
            continue
        html = response.content.decode()
        visited.add(path)
        assert '<html lang="en"' in html, f"{path} is not in English"
        found = chinese_outside_marked(html)
        if found:
            leaks[path] = found
        queue += _links(html, "http://testserver" + parts.path)
    return leaks


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _app(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    module = match.func.__module__.split(".")
    return "workspace" if module[:3] == ["django", "contrib", "auth"] else module[1]


@pytest.fixture
def world(agency, other_agency, city, settings):
    from django.core.cache import cache

    cache.clear()
    settings.FAZHI_CITY_NAME = "Example City"  # the site's operator is data too
    settings.FAZHI_SITE_OWNER = "Example City Justice Bureau"
    settings.FAZHI_SITE_ADDRESS = "88 Example Road"
    return build_world(agency, other_agency, city)


@pytest.mark.slow  # started first (conftest.py)
def test_every_page_a_user_reaches_is_english(world):
    from fazhi.cases import tracking

    clients = {"anonymous": _english(Client())}
    citizen = _english(Client())
    citizen.get("/")
    session = citizen.session
    tracking.remember(session_request(session), world["case"])
    session.save()
    clients["citizen"] = citizen
    for role in ("handler", "head", "reviewer", "supervisor", "notary", "custodian"):
        client = _english(Client())
        from django.contrib.auth.models import User

        client.force_login(User.objects.get(pk=world["roles"][role].user_id))
        clients[role] = client
    clients["drafter"] = _english(Client())
    from django.contrib.auth.models import User

    clients["drafter"].force_login(User.objects.get(username="drafter"))

    starts = ["/", "/workspace/", "/track/", "/no-such-page/", *_plain_routes()]
    leaks: dict[str, list[str]] = {}
    visited: set[str] = set()
    for role, client in clients.items():
        for path, found in crawl(client, starts, visited).items():
            leaks[f"{_app(path)} {role} {path}"] = found
    report = "\n".join(f"{page}\n    " + "\n    ".join(found)
                       for page, found in sorted(leaks.items()))
    out = Path(settings.BASE_DIR) / "var" / "english-leaks.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report + "\n", encoding="utf-8")
    (out.parent / "english-pages.txt").write_text("\n".join(sorted(visited)) + "\n")
    # the crawl reached the pages of every app, not only the home page
    reached = {_app(path) for path in visited}
    assert {"normative", "inspections", "lottery", "reporting", "portal", "disclosure",
            "workspace", "custody"} <= reached, reached
    assert len(visited) > 80, len(visited)
    assert not leaks, "Chinese interface text on English pages:\n" + "\n".join(
        f"{page}: {found[:6]}" for page, found in sorted(leaks.items()))


class session_request:  # noqa: N801 - a stand-in request holding only the session
    def __init__(self, session) -> None:
        self.session = session
