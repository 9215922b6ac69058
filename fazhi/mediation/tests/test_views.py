"""The screens: the online application (throttled) and its receipt, the track page with the
parties' data masked, the committee's registration, the case page and the campaign list,
and the indicators."""

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.mediation.tests.factories import application, days

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_a_party_applies_online_and_tracks_with_the_receipt_code_art_17(world, client):
    """《人民调解法》第十七条: a party applies; the names and the number are masked."""
    assert client.get("/mediation/apply/").status_code == 200
    form = application(world.committee)
    bad = client.post("/mediation/apply/", form | {"facts": ""})
    assert bad.status_code == 422 and not Case.objects.exists()
    response = client.post("/mediation/apply/", form)
    assert response.status_code == 302
    case = Case.objects.get(procedure="mediation")
    assert case.mediation.source == "application" and case.applicant_name == ""
    receipt = client.get("/mediation/receipt/").content.decode()
    assert case.receipt_code in receipt
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "楼上漏水赔偿纠纷" in page and "鹭江街道人民调解委员会" in page
    assert "陈某某" not in page and "350203198001011234" not in page and "李某某" not in page


def test_the_online_application_is_throttled_like_other_public_submissions(world, client, settings):
    settings.FAZHI_THROTTLE_SUBMIT = "1/h"
    client.post("/mediation/apply/", application(world.committee))
    second = client.post("/mediation/apply/", application(world.committee, subject="另一纠纷"))
    assert second.status_code == 429


def test_staff_register_a_referral_and_see_the_case_page(world, client):
    """衔接联动: the referring body and its number are registered by the committee."""
    login(client, "street_handler")
    assert client.get("/workspace/mediation/new/").status_code == 200
    form = application(world.committee, source="referral", referrer_kind="court",
                       referrer_body="思明区人民法院", referrer_number="（2025）闽0203民诉前调1号")
    response = client.post("/workspace/mediation/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(procedure="mediation")
    assert case.mediation.referrer_body == "思明区人民法院"
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert case.number in page


def test_the_campaign_list_shows_each_batch(world, client):
    today = timezone.localdate()
    case = world.applied(on=today - days(3))
    world.act(case, "tag_campaign", {"name": "春季大排查"}, on=today, who=world.head)
    login(client, "street_handler")
    page = client.get("/workspace/mediation/campaigns/").content.decode()
    assert "春季大排查" in page
    page = client.get("/workspace/mediation/campaigns/", {"campaign": "春季大排查"}).content.decode()
    assert case.number in page


def test_indicators_count_cases_success_and_confirmations(world):
    """Annual report: cases, success rate (《人民调解法》第二十八条), confirmations (民诉法第二百零六条)."""
    from fazhi.mediation import indicators

    world.ruled()  # agreed, confirmed valid
    case = world.mediating()
    world.act(case, "fail", {"route": "litigation", "reason": "分歧大"}, on=case.received_on + days(6))
    assert indicators.cases(2025, None).value == 2
    assert indicators.success_rate(2025, None).value == 50
    assert indicators.confirmed(2025, None).value == 1


def test_the_applicant_ends_the_mediation_on_the_track_page_art_23(world, client):
    """《人民调解法》第二十三条: a party may ask to end the mediation, online."""
    today = timezone.localdate()
    case = world.mediating(on=today - days(5))
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "track/mediation/stop/" in page
    assert client.post("/track/mediation/stop/", {"reason": "已自行和解"}).status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("ended", "ended")


def test_the_applicant_refuses_before_acceptance_art_17(world, client):
    """《人民调解法》第十七条: before acceptance the applicant's refusal ends it."""
    case = world.applied(on=timezone.localdate())
    client.post("/track/", {"code": case.receipt_code})
    assert client.post("/track/mediation/stop/", {}).status_code == 302
    case.refresh_from_db()
    assert (case.state, case.mediation.refused_by) == ("refused", "申请人")


def test_the_admin_keeps_committees_and_shows_mediations_read_only(world, admin_client):
    assert admin_client.get("/admin/mediation/committee/").status_code == 200
    assert admin_client.get(f"/admin/mediation/committee/{world.committee.pk}/change/").status_code == 200
    assert admin_client.get("/admin/mediation/mediation/add/").status_code == 403


def test_control_characters_in_the_application_are_refused_at_the_field(world, client):
    """Bad input refused with a precise message, nothing written."""
    response = client.post("/mediation/apply/", application(world.committee, facts="漏水\x00"))
    assert response.status_code == 422 and not Case.objects.exists()
    response = client.post("/mediation/apply/", application(world.committee) | {"committee_id": "999"})
    assert response.status_code == 422 and "所选调解委员会不存在" in response.content.decode()


def test_full_width_id_numbers_and_phones_are_nfkc_normalised_before_validation(world, client):
    """Identifiers and telephones typed in full-width forms are the ASCII the party meant
    (fazhi.law.inputs); a telephone with letters is refused at its field, nothing written."""
    login(client, "street_handler")
    form = application(world.committee, applicant_id="３５０２０３１９８００１０１１２３ｘ",
                       applicant_contact="１３８ ０００００００", respondent_contact="０５９２-１２３４５６７")
    response = client.post("/workspace/mediation/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Case.objects.get(procedure="mediation").mediation
    assert (row.applicant_id, row.applicant_contact, row.respondent_contact) == \
        ("35020319800101123X", "138 0000000", "0592-1234567")
    bad = client.post("/workspace/mediation/new/", form | {"respondent_contact": "找物业"})
    assert bad.status_code == 422 and "联系电话只能包含数字" in bad.content.decode()
    odd = client.post("/workspace/mediation/new/", form | {"applicant_id": "٣٥٠٢٠٣١٩٨٠"})
    assert odd.status_code == 422 and "半角数字和字母" in odd.content.decode()
    assert Case.objects.filter(procedure="mediation").count() == 1


def test_the_registration_page_refuses_other_roles_and_shows_refusals(world, client):
    """core.web.staff_intake: 403 for a role that may not register; a committee of another
    agency comes back on the form (nothing written)."""
    login(client, "street_head")
    assert client.get("/workspace/mediation/new/").status_code == 403
    login(client, "street_handler")
    bad = client.post("/workspace/mediation/new/", application(world.other_committee))
    assert bad.status_code == 422 and not Case.objects.exists()
