"""Random Unicode into every public form and API endpoint: never a server error (issue 10
item 12). Throttles are off so every example reaches the view.

Each target is one test (so a failure names its URL). The text strategy mixes arbitrary
Unicode (astral characters included; no lone surrogates, which no browser can send in
UTF-8) with the inputs that broke things before: full-width and Arabic-Indic digits,
control and bidi-override characters, NUL, and very long values.
"""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_staff

pytestmark = pytest.mark.django_db

SPECIAL = ["３５０２０３１９９００１０１１２３４", "٣٥٠٢٠٣١٩٩٠٠١٠١١٢٣٤", "１３９１２３４５６７８",
           "\x00", "\x01\x1b[2J", "\u202e\u2066", "\x85\x9f", "\ufeff", "\ufffe", "𠀀𝕏🙂",
           "ABCD-EFGH-JKLM-NPQR", "' OR 1=1 --", "<script>", "9" * 40, "名" * 3000, ""]
TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(SPECIAL),
    st.lists(st.sampled_from(SPECIAL + ["张三", "1", "a"]), max_size=4).map("".join))
FUZZ = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# Plausible values tried first (Hypothesis starts from the simplest example), so whole
# submissions get through the forms to the code behind them, with full-width identifiers.
PERSON = {"name": ["张三"], "applicant_name": ["张三"],
          "id_number": ["３５０２０３１９９００１０１１２３４", "350203199001011234"],
          "phone": ["１３９１２３４５６７８", "13912345678"],
          "description": ["２０２５年本市行政复议案件办理情况统计数据"]}


def fields(*names: str, **choices: list[str]) -> st.SearchStrategy[dict]:
    """Random text per field; a field with known choices gets a valid one half the time,
    so the examples also get past the form to the code behind it."""
    return st.fixed_dictionaries({name: TEXT for name in names} | {
        name: st.one_of(st.sampled_from(values), TEXT) for name, values in choices.items()})


@pytest.fixture
def world(agency, other_agency, handler, settings):
    """One object of each public kind, for the paths that need an id."""
    settings.RATELIMIT_ENABLE = False
    from fazhi.disclosure.tests import factories

    today = timezone.localdate()
    correcting = factories.correcting(agency, handler, on=today, due=today + timedelta(days=10))
    return {"agency": agency, "correcting": correcting, "today": today,
            "document": _document(agency, other_agency, today),
            "lottery": _lottery(agency)}


def _document(agency, other_agency, today):
    from fazhi.normative.tests.factories import World

    return World(agency, other_agency).commented(today=today).pk


def _lottery(agency):
    from fazhi.lottery import rounds
    from fazhi.lottery.tests.factories import rules

    admin = make_staff(agency, "lotadmin", ["admin"], "陈管理")
    now = timezone.now()
    lot = rounds.announce(admin, rules(registration_opens_at=now, freeze_at=now + timedelta(
        hours=20), draw_at=now + timedelta(hours=24)), now=now - timedelta(hours=1))
    return rounds.open_registration(admin, lot.pk, now=now).pk


def _ok(response) -> None:
    assert response.status_code < 500, response.content[:300]


# -- the portal -----------------------------------------------------------------------------------

APPLY = ("legal_rep", "contact_name", "email", "address", "doc_number")
APPLY_CHOICES = {"applicant_type": ["natural", "organisation"], "org_category": ["", "business"],
                 "form": ["electronic", "paper"], "delivery": ["online", "post"],
                 "applicant_name": PERSON["applicant_name"], "id_number": PERSON["id_number"],
                 "phone": PERSON["phone"], "description": PERSON["description"]}


@FUZZ
@given(data=fields(*APPLY, **APPLY_CHOICES))
def test_portal_apply(world, data):
    proof = SimpleUploadedFile("id.png", PNG)
    _ok(Client().post("/disclosure/apply/", data | {"agency": world["agency"].pk,
                                                     "identity_proof": proof}))


@FUZZ
@given(code=TEXT)
def test_portal_track(world, code):
    _ok(Client().post("/track/", {"code": code}))


@FUZZ
@given(data=fields("content", "reason", "id_suffix"))
def test_portal_correction_and_withdrawal(world, data):
    client = Client()
    client.post("/track/", {"code": world["correcting"].receipt_code})
    _ok(client.post("/track/correction/", {"content": data["content"]}))
    _ok(client.post("/track/withdraw/", {"reason": data["reason"], "id_suffix": data["id_suffix"]}))


@FUZZ
@given(data=fields("q", "agency", "page"))
def test_portal_replies_search(world, data):
    _ok(Client().get("/disclosure/replies/", data))


@FUZZ
@given(data=fields("username", "password"))
def test_sign_in(world, data):
    _ok(Client().post("/accounts/login/", data))


# -- normative documents ---------------------------------------------------------------------------

@FUZZ
@given(data=fields("q", "issuer", "year", "type", "status", "on", "page"))
def test_library_and_normative_search(world, data):
    _ok(Client().get("/library/", data))
    _ok(Client().get("/normative/", data))


@FUZZ
@given(data=fields("author_name", "contact", "text", author_kind=["citizen", "enterprise"]))
def test_normative_comment(world, data):
    _ok(Client().post(f"/normative/documents/{world['document']}/comment/", data))


@FUZZ
@given(data=fields("suggester_name", "contact", "grounds"))
def test_normative_suggestion(world, data):
    _ok(Client().post(f"/normative/documents/{world['document']}/suggest/", data))


# -- inspections, reporting -------------------------------------------------------------------------

@FUZZ
@given(data=fields("q", "page"))
def test_inspection_results_lookup(world, data):
    _ok(Client().get("/inspections/results/", data))
    _ok(Client().get("/inspections/", data))


@FUZZ
@given(data=fields("year", "scope", "page"), code=TEXT)
def test_reporting_public_pages(world, data, code):
    _ok(Client().get("/reporting/public/", data))
    _ok(Client().get("/reporting/public/1/figures/" + code.replace("/", "") + "/", data))


# -- lotteries (their own helper makes registration Unicode-safe; listed here all the same) ----

@FUZZ
@given(data=fields(pool=["individual"], agree=["on"], name=PERSON["name"],
                   id_number=PERSON["id_number"], phone=PERSON["phone"]))
def test_lottery_register(world, data):
    _ok(Client().post(f"/lottery/{world['lottery']}/register/", data))


@FUZZ
@given(data=fields("code", "text", id_number=PERSON["id_number"]))
def test_lottery_mine_and_appeal(world, data):
    _ok(Client().post(f"/lottery/{world['lottery']}/mine/", data))
    _ok(Client().post(f"/lottery/{world['lottery']}/appeal/", data))


@FUZZ
@given(data=fields("q", "page", "code"))
def test_lottery_verify(world, data):
    _ok(Client().get(f"/lottery/{world['lottery']}/verify/", data))


# -- the public API ---------------------------------------------------------------------------------

@FUZZ
@given(data=fields("q", "agency", "kind", "limit", "offset"), record=TEXT)
def test_api_records(world, data, record):
    _ok(Client().get("/api/public/v1/records", data))
    _ok(Client().get("/api/public/v1/records/" + record.replace("/", "")))
    _ok(Client().get("/api/public/v1/ledger/checkpoints", {"limit": record}))


@FUZZ
@given(code=TEXT, raw=st.binary(max_size=60))
def test_api_track(world, code, raw):
    _ok(Client().post("/api/public/v1/track", json.dumps({"receipt_code": code}),
                      content_type="application/json"))
    _ok(Client().post("/api/public/v1/track", raw, content_type="application/json"))


@FUZZ
@given(data=fields(*APPLY, **APPLY_CHOICES, agency=["XMSFJ"]))
def test_api_apply(world, data):
    proof = SimpleUploadedFile("id.pdf", b"%PDF-1.4 proof", "application/pdf")
    _ok(Client().post("/api/public/v1/disclosure/requests", data | {"identity_proof": proof}))
