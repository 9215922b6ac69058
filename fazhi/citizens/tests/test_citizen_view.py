"""The citizen's view and the staff person view (B8, ADR 0045), on the demo city: the demo
citizen signs in, sees their matters of several procedures with deadlines and served
documents, opens one without its receipt code and acts as its party, rates a closed one;
identity is proved once; staff look a person up by POST, within their visibility, masked
and audited. Bad input is refused with a message and writes nothing."""

import random
import re

from django.contrib.auth.models import User
from django.test import Client

from fazhi.cases.models import Case
from fazhi.cases.parties import party_key
from fazhi.citizens import services
from fazhi.citizens.demo import FIRM_LOGIN, PERSON_LOGIN
from fazhi.citizens.models import Citizen, PersonLookup, Rating
from fazhi.core.models import Event
from fazhi.org.demo import credit_code

VALID_ID = "11010519491231002X"  # GB 11643 check digit X
VALID_USCC = credit_code(random.Random(1), "350200")  # GB 32100 check character


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def citizen() -> Citizen:
    return Citizen.objects.get(user__username=PERSON_LOGIN)


def test_anonymous_visitors_are_asked_to_sign_in_and_the_password_sign_in_works(demo_city):
    page = Client().get("/citizen/")
    assert page.status_code == 200 and 'id="citizen-signin"' in page.content.decode()
    client = Client()
    bad = client.post("/citizen/login/", {"username": PERSON_LOGIN, "password": "wrong"})
    assert bad.status_code == 200 and "role=\"alert\"" in bad.content.decode()
    ok = client.post("/citizen/login/", {"username": PERSON_LOGIN, "password": "demo12345"})
    assert ok.status_code == 302 and ok["Location"] == "/citizen/"
    # on the staff sign-in page too, a citizen lands on their matters, not the workspace's 403
    staff_page = Client().post("/accounts/login/", {"username": PERSON_LOGIN,
                                                     "password": "demo12345"})
    assert staff_page.status_code == 302 and staff_page["Location"] == "/citizen/"


def test_the_citizen_sees_matters_of_several_procedures_with_deadlines(demo_city):
    me = citizen()
    page = signed_in(PERSON_LOGIN).get("/citizen/").content.decode()
    mine = Case.objects.filter(party_key=me.party_key)
    assert mine.values("procedure").distinct().count() >= 4
    for case in mine:
        assert case.number in page
    others = Case.objects.exclude(party_key=me.party_key)[:20]
    assert not any(f">{c.number}<" in page for c in others if c.number)
    assert "matter-deadline" in page  # an open one shows its next limit and explanation
    assert me.display_name not in page  # the name is masked
    assert "Open and act" in page or "查看并办理" in page


def test_the_view_runs_a_fixed_number_of_queries(demo_city, django_assert_max_num_queries):
    me = citizen()
    with django_assert_max_num_queries(8):
        found = services.matters(me.party_key, me.keys)
    assert len(found.rows) == Case.objects.filter(party_key=me.party_key).count()


def test_opening_a_matter_shows_its_party_page_without_the_receipt_code(demo_city):
    me = citizen()
    case = Case.objects.filter(party_key=me.party_key, is_open=True).first()
    client = signed_in(PERSON_LOGIN)
    response = client.post("/citizen/open/", {"case": case.pk})
    assert response.status_code == 302 and response["Location"] == "/track/"
    page = client.get("/track/").content.decode()
    assert case.number in page and case.receipt_code not in page


def test_another_persons_case_cannot_be_opened_or_rated(demo_city):
    me = citizen()
    other = Case.objects.exclude(party_key=me.party_key).exclude(party_key="").filter(
        is_open=False).first()
    client = signed_in(PERSON_LOGIN)
    assert client.post("/citizen/open/", {"case": other.pk}).status_code == 404
    assert client.post("/citizen/open/", {"case": "x"}).status_code == 404
    assert client.post("/citizen/rate/", {"case": other.pk, "score": "satisfied"}).status_code == 404
    assert not Rating.objects.exists()


def test_a_closed_matter_is_rated_once_and_the_rating_is_in_its_history(demo_city):
    me = citizen()
    case = (Case.objects.filter(party_key=me.party_key, is_open=False)
            .exclude(procedure="petition").first())
    client = signed_in(PERSON_LOGIN)
    bad = client.post("/citizen/rate/", {"case": case.pk, "score": "great"})
    assert bad.status_code == 422 and not Rating.objects.exists()
    ok = client.post("/citizen/rate/", {"case": case.pk, "score": "basic", "comment": "还可以"})
    assert ok.status_code == 302
    assert Rating.objects.get(case=case).score == "basic"
    assert Event.objects.filter(kind="case", owner_id=case.pk, action=services.RATING_RECORD).exists()
    again = client.post("/citizen/rate/", {"case": case.pk, "score": "satisfied"})
    assert again.status_code == 409 and "已经评价过" in again.content.decode()
    assert Rating.objects.get(case=case).score == "basic"


def test_an_open_matter_cannot_be_rated(demo_city):
    me = citizen()
    case = (Case.objects.filter(party_key=me.party_key, is_open=True)
            .exclude(procedure="petition").first())
    response = signed_in(PERSON_LOGIN).post("/citizen/rate/", {"case": case.pk, "score": "satisfied"})
    assert response.status_code == 409 and "办结后方可评价" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_petition_is_rated_through_its_own_rating_action(demo_city):
    """Petitions have their own rating (《信访工作条例》满意度评价): the citizen's form uses it."""
    from fazhi.petitions.tests.factories import intake

    user = User.objects.create(username="petitioner")
    services.bind(user, services_proof("350203198001011234"))
    answered = _answered_petition(intake)
    client = signed_in("petitioner")
    page = client.get("/citizen/").content.decode()
    assert answered.number in page and f'id="matter-{answered.pk}"' in page
    assert f'<input type="hidden" name="case" value="{answered.pk}">' in page.split(
        f'id="matter-{answered.pk}"')[1].split("</article>")[0].split('class="stack rating"')[1]
    response = client.post("/citizen/rate/", {"case": answered.pk, "score": "satisfied"})
    assert response.status_code == 302
    answered.petition.refresh_from_db()
    assert answered.petition.satisfaction == 3 and not Rating.objects.exists()
    page = client.get("/citizen/").content.decode()
    card = page.split(f'id="matter-{answered.pk}"')[1].split("</article>")[0]
    assert 'class="stack rating"' not in card and "matter-rating" in card  # rated once


def services_proof(number: str, kind: str = "person"):
    from fazhi.citizens.verifiers import Proof

    return Proof(kind, number, "陈某某", "demo")


def _answered_petition(intake):
    from datetime import timedelta

    from django.utils import timezone

    from fazhi.org.models import Staff
    from fazhi.petitions import services as petitions

    handler = Staff.objects.select_related("user", "agency").get(user__username="xfj_handler")
    from fazhi.org.actors import Actor

    office = Actor.for_user(handler.user)
    today = timezone.localdate()
    case = petitions.receive(handler.agency, office, intake(), received_on=today - timedelta(days=3),
                             today=today - timedelta(days=3))
    case = petitions.act(case, "accept", office, {"route": "petition"}, today=today - timedelta(days=2))
    return petitions.act(case, "answer", office,
                         {"opinion": "support", "findings": "经查属实", "reasons": "符合规定",
                          "basis": "《信访工作条例》第三十二条", "served_on": today.isoformat()},
                         today=today)


def test_identity_is_proved_once_and_a_bad_number_writes_nothing(demo_city):
    User.objects.create(username="newcomer")
    client = signed_in("newcomer")
    assert "Prove your identity" in client.get("/citizen/").content.decode() or \
        "核验身份" in client.get("/citizen/").content.decode()
    bad = client.post("/citizen/verify/", {"kind": "person", "name": "王某", "identifier": "110105194912310021"})
    assert bad.status_code == 422 and "校验位" in bad.content.decode()
    assert not Citizen.objects.filter(user__username="newcomer").exists()
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    ok = client.post("/citizen/verify/", {"kind": "person", "name": "王某", "identifier": full_width})
    assert ok.status_code == 302
    mine = Citizen.objects.get(user__username="newcomer")
    assert mine.party_key == party_key(VALID_ID) and mine.id_tail == "002X"
    assert VALID_ID not in str(Citizen.objects.filter(pk=mine.pk).values().get())
    again = client.post("/citizen/verify/", {"kind": "firm", "name": "某公司", "identifier": VALID_USCC})
    assert again.status_code == 409
    assert Citizen.objects.get(pk=mine.pk).party_key == party_key(VALID_ID)


def test_the_production_verifier_is_configured_but_refuses(demo_city, settings):
    settings.FAZHI_CITIZEN_VERIFIER = "provincial"
    settings.FAZHI_CITIZEN_REALNAME_URL = "https://zwfw.fujian.gov.cn/realname"
    User.objects.create(username="newcomer")
    response = signed_in("newcomer").post(
        "/citizen/verify/", {"kind": "person", "name": "王某", "identifier": VALID_ID})
    assert response.status_code == 409 and "省级政务服务平台" in response.content.decode()
    assert not Citizen.objects.filter(party_key__gt="").filter(user__username="newcomer").exists()


def test_staff_accounts_are_sent_to_the_person_lookup(demo_city):
    response = signed_in("supervisor").get("/citizen/")
    assert response.status_code == 403


def _id_of(case: Case) -> str:
    from fazhi.cases import procedure as registry
    from fazhi.citizens.demo import opening_data

    proc = registry.get(case.procedure, case.procedure_version)
    event = case.events.order_by("seq").first()
    import json

    data = opening_data(case, proc, json.loads(event.payload))
    from fazhi.cases.parties import PARTY_FIELDS

    return next(data[f] for f in PARTY_FIELDS if data.get(f))


def test_staff_look_a_person_up_within_their_visibility_masked_and_audited(demo_city):
    me = citizen()
    mine = list(Case.objects.filter(party_key=me.party_key))
    number = _id_of(mine[0])
    assert party_key(number) == me.party_key
    supervisor = signed_in("supervisor")
    assert supervisor.get("/workspace/person/").status_code == 200
    page = supervisor.post("/workspace/person/", {"identifier": number, "reason": "督察核查"})
    text = page.content.decode()
    assert page.status_code == 200
    assert all(c.number in text for c in mine)  # city-wide: every agency's cases
    assert number not in text and me.display_name not in text
    entry = PersonLookup.objects.get()
    assert entry.party_key == me.party_key and entry.shown == len(mine) and entry.reason == "督察核查"
    # an agency's handler sees only what its visibility filter lets through
    handler_user = next(u for u in User.objects.filter(staff__agency=mine[0].agency)
                        .select_related("staff") if "handler" in u.staff.roles)
    handler = signed_in(handler_user.username)
    text = handler.post("/workspace/person/", {"identifier": number, "reason": "办案需要"}).content.decode()
    from fazhi.org.actors import Actor

    visible = set(Case.objects.visible_to(Actor.for_user(handler_user)).filter(
        party_key=me.party_key).values_list("number", flat=True))
    assert visible and all(n in text for n in visible)
    assert not any(c.number in text for c in mine if c.number not in visible)
    assert PersonLookup.objects.count() == 2


def test_a_person_lookup_without_reason_or_number_is_refused_and_not_logged(demo_city):
    supervisor = signed_in("supervisor")
    assert supervisor.post("/workspace/person/", {"identifier": VALID_ID, "reason": ""}).status_code == 422
    assert supervisor.post("/workspace/person/", {"identifier": "", "reason": "核查"}).status_code == 422
    assert supervisor.post("/workspace/person/", {"identifier": "１２３", "reason": "核查"}).status_code == 422
    assert not PersonLookup.objects.exists()
    assert Client().post("/workspace/person/", {"identifier": VALID_ID, "reason": "x"}).status_code == 302
    User.objects.create(username="newcomer")
    assert signed_in("newcomer").post("/workspace/person/",
                                      {"identifier": VALID_ID, "reason": "x"}).status_code == 403


def test_no_identifier_or_code_appears_in_a_url(demo_city):
    """The citizen's and staff pages post identifiers and case ids; no link carries them."""
    page = signed_in(PERSON_LOGIN).get("/citizen/").content.decode()
    hrefs = re.findall(r'href="([^"]+)"', page)
    codes = set(Case.objects.filter(party_key=citizen().party_key).values_list("receipt_code", flat=True))
    assert not any(code and code in h for h in hrefs for code in codes)
    assert not any("/citizen/open/" in h or "case=" in h for h in hrefs)


def test_the_firm_sees_its_enforcement_cases(demo_city):
    firm = Citizen.objects.get(user__username=FIRM_LOGIN)
    procedures = set(Case.objects.filter(party_key=firm.party_key).values_list("procedure", flat=True))
    assert {"penalty", "disclosure"} <= procedures
    assert firm.kind == Citizen.FIRM


def test_the_site_search_leads_to_my_matters(demo_city):
    page = Client().get("/search/", {"q": "我的事项"}).content.decode()
    assert 'href="/citizen/"' in page


def test_matters_are_paged_open_ones_first_by_deadline(demo_city, monkeypatch):
    me = citizen()
    total = Case.objects.filter(party_key=me.party_key).count()
    first = services.matters(me.party_key, me.keys, per_page=5)
    assert (first.total, first.pages, len(first.rows)) == (total, -(-total // 5), 5)
    everything = [r for p in range(1, first.pages + 1)
                  for r in services.matters(me.party_key, me.keys, page=p, per_page=5).rows]
    assert sorted(r.case.pk for r in everything) == sorted(
        Case.objects.filter(party_key=me.party_key).values_list("pk", flat=True))
    opens = [r.case.is_open for r in everything]
    assert opens == sorted(opens, reverse=True)  # every open matter before the closed ones
    dues = [r.case.due_on for r in everything if r.case.is_open and r.case.due_on]
    assert dues == sorted(dues)
    monkeypatch.setattr(services, "PER_PAGE", 5)
    monkeypatch.setattr(services.matters, "__defaults__", (None, None, 1, 5))
    client = signed_in(PERSON_LOGIN)
    page2 = client.get("/citizen/", {"page": "2"}).content.decode()
    assert 'rel="prev"' in page2
    for odd in ("abc", "0", "99999999999"):  # a page out of range shows the first or last
        assert client.get("/citizen/", {"page": odd}).status_code == 200


def test_proofs_and_person_lookups_are_throttled(demo_city, settings):
    from django.core.cache import cache

    cache.clear()
    settings.FAZHI_THROTTLE_TRACK = "2/m"
    User.objects.create(username="newcomer")
    client = signed_in("newcomer")
    for _ in range(2):
        assert client.post("/citizen/verify/", {"kind": "person", "name": "王某",
                                                "identifier": "110105194912310021"}).status_code == 422
    refused = client.post("/citizen/verify/", {"kind": "person", "name": "王某", "identifier": VALID_ID})
    assert refused.status_code == 429 and not Citizen.objects.filter(user__username="newcomer").exists()
    supervisor = signed_in("supervisor")
    for _ in range(2):
        assert supervisor.post("/workspace/person/", {"identifier": VALID_ID, "reason": "核查"}).status_code == 200
    assert supervisor.post("/workspace/person/", {"identifier": VALID_ID, "reason": "核查"}).status_code == 429
    assert PersonLookup.objects.count() == 2
    cache.clear()


def test_the_rating_shows_in_the_staff_history_with_its_label(demo_city):
    me = citizen()
    case = (Case.objects.filter(party_key=me.party_key, is_open=False)
            .exclude(procedure="petition").first())
    signed_in(PERSON_LOGIN).post("/citizen/rate/", {"case": case.pk, "score": "unsatisfied",
                                                    "comment": "答复太慢"})
    handler = next(u for u in User.objects.filter(staff__agency=case.agency).select_related("staff")
                   if "handler" in u.staff.roles)
    page = signed_in(handler.username).get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "当事人满意度评价" in page and "答复太慢" in page and "rating:party" not in page


def test_ratings_feed_the_satisfaction_indicator_of_the_annual_report(demo_city):
    """满意、基本满意 over every rated matter of the year (国办发〔2019〕51号 "好差评")."""
    from django.utils import timezone

    from fazhi.core.indicators import REGISTRY

    me = citizen()
    closed = list(Case.objects.filter(party_key=me.party_key, is_open=False)
                  .exclude(procedure="petition")[:2])
    assert len(closed) == 2
    client = signed_in(PERSON_LOGIN)
    for case, score in zip(closed, ("basic", "unsatisfied"), strict=True):
        assert client.post("/citizen/rate/", {"case": case.pk, "score": score}).status_code == 302
    value = REGISTRY["citizens.satisfaction"].fn(timezone.now().year, None)
    assert (value.value, value.numerator, value.denominator) == (50.0, 1, 2)
