"""Case.party_key (ADR 0045): set by the engine when a case opens, from the identifier of
the opening data (NFKC-normalised, keyed digest, never the number itself); the backfill
command fills it in for older cases."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from fazhi.cases.models import Case
from fazhi.cases.parties import PARTY_FIELDS, key_of, normalised, party_key
from fazhi.petitions.tests.factories import make_world

pytestmark = pytest.mark.django_db
ID = "350203198001011234"


@pytest.fixture
def world(city):
    return make_world(city)


def test_the_engine_keys_a_new_case_by_its_party_identifier(world):
    case = world.received()
    assert case.party_key == party_key(ID) and len(case.party_key) == 64
    assert ID not in case.party_key
    assert Case.objects.filter(party_key=party_key(ID)).count() == 1


def test_full_width_and_lower_case_identifiers_give_the_same_key(world):
    """NFKC first (fazhi.law.inputs.identifier): ３５０２… and a lower-case x are the same person."""
    wide = "３５０２０３１９８００１０１１２３ｘ"
    assert normalised(wide) == "35020319800101123X"
    assert party_key(wide) == party_key("35020319800101123X")
    case = world.received(petitioner_id="35020319800101123x")
    assert case.party_key == party_key("35020319800101123X")


def test_the_phone_is_no_party_identifier_and_no_identifier_means_no_key():
    assert "phone" not in PARTY_FIELDS
    assert key_of({"phone": "13800000000"}) == ""
    assert key_of({}) == "" and party_key("") == "" and party_key("身份证") == ""


def test_the_key_depends_on_the_party_key_secret():
    before = party_key(ID)
    with override_settings(FAZHI_PARTY_KEY_SECRET="another-secret"):
        assert party_key(ID) != before


def test_the_backfill_command_keys_cases_opened_before(world):
    """Petitions keep the number in their detail row, not in the ledger payload: the
    command reads both."""
    case = world.received()
    Case.objects.filter(pk=case.pk).update(party_key="")
    out = io.StringIO()
    call_command("party_keys", stdout=out)
    case.refresh_from_db()
    assert case.party_key == party_key(ID)
    assert "1 件记入" in out.getvalue()
    call_command("party_keys", stdout=out)  # idempotent: nothing left to key
    case.refresh_from_db()
    assert case.party_key == party_key(ID)


def test_a_person_number_comes_before_a_bare_uscc_and_a_procedure_may_name_its_field():
    """A complaint names the business by its USCC: the complainant's number keys the case,
    or the procedure declares its party field ("" for none)."""
    data = {"uscc": "91350200MA2Y3U3L8F", "id_number": ID}
    assert PARTY_FIELDS[-1] == "uscc"
    assert key_of(data) == party_key(ID)
    assert key_of(data, "uscc") == party_key("91350200MA2Y3U3L8F")
    assert key_of(data, "") == ""
