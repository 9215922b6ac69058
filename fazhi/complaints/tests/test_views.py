"""The screens: the online complaint or report (throttled), the receipt with both codes
when it splits, the track page with the complainant masked and the withdrawal; staff
registration, the inbox and case page, the repeat-complaint page; the home card, the site
search and the navigation."""

import pytest
from django.test import Client

from fazhi.cases.models import Case
from fazhi.complaints.tests.factories import submission

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    return client


def online(world, **overrides) -> dict:
    data = {k: v for k, v in submission(**overrides).items() if k != "channel"}
    return data | {"agency": world.regulator.pk}


def test_a_consumer_complains_and_reports_online_and_gets_two_codes(world, client):
    assert client.get("/complaints/submit/").status_code == 200
    bad = client.post("/complaints/submit/", online(world, uscc="", business_name=""))
    assert bad.status_code == 422 and not Case.objects.exists()
    assert "须写明被投诉、举报的经营者" in bad.content.decode()
    response = client.post("/complaints/submit/", online(world, kind="both",
                                                         violation="虚假宣传：标价与结算价不符"))
    assert response.status_code == 302
    complaint = Case.objects.get(procedure="complaint")
    report = Case.objects.get(procedure="consumer_report")
    assert complaint.complaint.channel == "online" and complaint.applicant_name == ""
    receipt = client.get("/complaints/receipt/").content.decode()
    assert complaint.receipt_code in receipt and report.receipt_code in receipt
    assert complaint.number in receipt and report.number in receipt
    again = client.get("/complaints/receipt/")  # shown once
    assert complaint.receipt_code not in again.content.decode()
    client.post("/track/", {"code": complaint.receipt_code})
    page = client.get("/track/").content.decode()
    assert "预付卡退费纠纷" in page and "厦门某某健身有限公司" in page
    assert "李某某" not in page and "350203198001011234" not in page
    assert client.post("/track/complaint/withdraw/", {"note": "已和解"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "withdrawn"


def test_the_online_complaint_is_throttled_like_other_public_submissions(world, client, settings):
    settings.FAZHI_THROTTLE_SUBMIT = "1/h"
    client.post("/complaints/submit/", online(world))
    second = client.post("/complaints/submit/", online(world, subject="另一事项"))
    assert second.status_code == 429
    assert Case.objects.count() == 1


def test_staff_register_a_12315_call_and_see_it_in_the_inbox(world, client):
    login(client, "sj_handler")
    assert client.get("/workspace/complaints/new/").status_code == 200
    bad = client.post("/workspace/complaints/new/", submission(uscc="", business_name=""))
    assert bad.status_code == 422 and not Case.objects.exists()
    response = client.post("/workspace/complaints/new/", submission(kind="both", violation="缺斤短两"))
    assert response.status_code == 302
    case = Case.objects.get(procedure="complaint")
    assert case.complaint.channel == "phone"
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert case.number in page and case.receipt_code not in page
    inbox = client.get("/workspace/").content.decode()
    assert case.number in inbox and Case.objects.get(procedure="consumer_report").number in inbox


def test_only_handlers_register(world, client):
    login(client, "sj_head")
    assert client.get("/workspace/complaints/new/").status_code == 403


def test_the_report_case_page_shows_the_leads_number(world, client):
    report = world.report()
    report = world.act(report, "open_case", {"legal_basis": "《反不正当竞争法》第八条",
                                             "act_date": "2025-02-20"}, who=world.head)
    login(client, "sj_handler")
    page = client.get(f"/workspace/cases/{report.pk}/").content.decode()
    assert report.consumer_report.lead_number in page


def test_the_repeat_page_lists_businesses_by_count(world, client):
    from django.utils import timezone

    today = timezone.localdate()
    for n in range(3):
        world.received(on=today, subject=f"第{n}次投诉")
    world.received(on=today, kind="report", violation="虚假宣传")
    world.received(on=today, uscc="", business_name="某奶茶店", business_address="某路1号")
    login(client, "sj_handler")
    page = client.get("/workspace/complaints/businesses/").content.decode()
    assert page.index("厦门某某健身有限公司") < page.index("某奶茶店")
    one = client.get("/workspace/complaints/businesses/", {"business": world.entity.uscc})
    assert one.content.decode().count("/workspace/cases/") >= 4


def test_the_home_page_search_and_site_map_link_the_complaint_page(world, client):
    assert "/complaints/submit/" in client.get("/").content.decode()
    assert "/complaints/submit/" in client.get("/search/", {"q": "投诉"}).content.decode()
    assert "/complaints/submit/" in client.get("/sitemap/").content.decode()


def test_the_track_api_shows_the_state_and_never_the_complainant(world, client):
    """The public track API (`POST /api/public/v1/track`): state and outcome, no personal data."""
    import json

    case = world.act(world.received(), "decline", {"ground": "not_consumer", "reason": "为经营购买"})
    response = client.post("/api/public/v1/track", json.dumps({"receipt_code": case.receipt_code}),
                           content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["state_label"] == "不予受理"
    text = response.content.decode()
    assert "李某某" not in text and "350203198001011234" not in text and "13800000000" not in text
