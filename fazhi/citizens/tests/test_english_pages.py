"""The citizen's pages and the staff person view read in English (ADR 0027): on the demo
city with its data renamed to ASCII (the English crawl's `asciify`), no Chinese is left
outside elements marked lang="zh-Hans"."""

from django.contrib.auth.models import User
from django.test import Client

from fazhi.cases.models import Case
from fazhi.citizens.demo import PERSON_LOGIN
from fazhi.citizens.models import Citizen
from fazhi.core.english import chinese_outside_marked


def english(username: str | None = None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def test_the_citizen_pages_read_in_english(demo_city, settings):
    settings.FAZHI_CITY_NAME = "Example City"  # the site's operator is data too
    settings.FAZHI_SITE_OWNER = "Example City Justice Bureau"
    settings.FAZHI_SITE_ADDRESS = "88 Example Road"
    from fazhi.core.tests.test_english import asciify

    me = Citizen.objects.get(user__username=PERSON_LOGIN)
    closed = Case.objects.filter(party_key=me.party_key, is_open=False).first()
    lookup_number = _number_of(closed)
    asciify()
    User.objects.create(username="newcomer")
    pages = {
        "/citizen/ anonymous": english().get("/citizen/"),
        "/citizen/login/": english().get("/citizen/login/"),
        "/citizen/ verify": english("newcomer").get("/citizen/"),
        "/citizen/verify/ refused": english("newcomer").post(
            "/citizen/verify/", {"kind": "person", "name": "x", "identifier": "110105194912310021"}),
        "/citizen/ matters": english(PERSON_LOGIN).get("/citizen/"),
        "/citizen/rate/ refused": english(PERSON_LOGIN).post(
            "/citizen/rate/", {"case": closed.pk, "score": "bad"}),
        "/citizen/ staff": english("supervisor").get("/citizen/"),
        "/workspace/person/": english("supervisor").get("/workspace/person/"),
        "/workspace/person/ found": english("supervisor").post(
            "/workspace/person/", {"identifier": lookup_number, "reason": "audit"}),
        "/workspace/person/ refused": english("supervisor").post(
            "/workspace/person/", {"identifier": "", "reason": ""}),
        "/search/": english().get("/search/", {"q": "my matters"}),
    }
    leaks = {}
    for name, response in pages.items():
        html = response.content.decode()
        assert '<html lang="en"' in html, name
        found = chinese_outside_marked(html)
        if found:
            leaks[name] = found
    assert not leaks, leaks
    assert "matter-deadline" in pages["/citizen/ matters"].content.decode()
    assert "person-cases" in pages["/workspace/person/ found"].content.decode()


def _number_of(case: Case) -> str:
    import json

    from fazhi.cases import procedure as registry
    from fazhi.cases.parties import PARTY_FIELDS
    from fazhi.citizens.demo import opening_data

    proc = registry.get(case.procedure, case.procedure_version)
    data = opening_data(case, proc, json.loads(case.events.order_by("seq").first().payload))
    return next(data[f] for f in PARTY_FIELDS if data.get(f))
