"""The screens: the online petition (throttled) and its receipt, the track page with the
petitioner's data masked, the review request and the rating online; the office's
registration, the workspace case page and inbox, the backlog view with its campaign."""

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.petitions import services
from fazhi.petitions.tests.factories import days, intake

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username=username))
    return client


def test_a_petitioner_submits_online_and_tracks_with_the_receipt_code(world, client):
    """《信访工作条例》第十七条、第十九条: online, in writing; the name and number are masked."""
    assert client.get("/petitions/submit/").status_code == 200
    form = {k: v for k, v in intake().items() if k != "channel"} | {"agency": world.office.pk}
    bad = client.post("/petitions/submit/", form | {"facts": ""})
    assert bad.status_code == 422 and not Case.objects.exists()
    response = client.post("/petitions/submit/", form)
    assert response.status_code == 302
    case = Case.objects.get(procedure="petition")
    assert case.petition.channel == "online" and case.applicant_name == ""
    receipt = client.get("/petitions/receipt/").content.decode()
    assert case.receipt_code in receipt and "petition.accept" not in receipt
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "小区违建影响采光" in page
    assert "陈某某" not in page and "350203198001011234" not in page


def test_the_online_petition_is_throttled_like_other_public_submissions(world, client, settings):
    settings.FAZHI_THROTTLE_SUBMIT = "1/h"
    form = {k: v for k, v in intake().items() if k != "channel"} | {"agency": world.office.pk}
    client.post("/petitions/submit/", form)
    second = client.post("/petitions/submit/", form | {"subject": "另一事项"})
    assert second.status_code == 429


def test_review_request_and_rating_on_the_track_page_art_35(world, client):
    """《信访工作条例》第三十五条: the review requested online within 30 days, and the rating."""
    today = timezone.localdate()
    case = world.answered(on=today - days(45))
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "track/petition/review/" in page and "track/petition/rate/" in page
    assert client.post("/track/petition/rate/", {"score": "satisfied"}).status_code == 302
    assert client.post("/track/petition/review/", {"action": "request_review",
                                                   "grounds": ""}).status_code == 422
    assert client.post("/track/petition/review/", {"action": "request_review",
                                                   "grounds": "不服处理意见"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "review" and case.petition.satisfaction == 3


def test_the_office_registers_a_visit_and_sees_it_in_its_inbox(world, client):
    login(client, "office_handler")
    assert client.get("/workspace/petitions/new/").status_code == 200
    form = intake(channel="visit") | {"group_size": "1"}
    response = client.post("/workspace/petitions/new/", form)
    case = Case.objects.get(procedure="petition")
    assert response.status_code == 302
    assert client.get(f"/workspace/cases/{case.pk}/").status_code == 200
    assert case.number in client.get("/workspace/").content.decode()


def test_the_backlog_lists_matters_past_their_limits_by_agency_with_the_campaign(world, client):
    today = timezone.localdate()
    late = world.accepted(on=today - days(90))
    world.accepted(on=today - days(3), subject="另一事项")
    services.act(late, "tag_campaign", world.office_head, {"name": "积案化解专项"}, today=today)
    login(client, "office_handler")
    page = client.get("/workspace/petitions/backlog/").content.decode()
    assert late.number in page and "厦门市思明区建设与交通局" in page
    assert client.get("/workspace/petitions/backlog/?campaign=积案化解专项").status_code == 200
    login(client, "bureau_handler")
    assert late.number in client.get("/workspace/petitions/backlog/").content.decode()
    assert "badge provisional" not in page
    # a limit counted in a year whose calendar is not loaded is flagged here as everywhere
    Case.objects.filter(pk=late.pk).update(due_provisional=True)
    assert "badge provisional" in client.get("/workspace/petitions/backlog/").content.decode()


def test_the_track_api_shows_the_route_and_never_the_petitioner(world, client):
    """The public track API (`POST /api/public/v1/track`): the state and outcome, no
    personal data. (Its TrackOut schema keeps only the shared fields: the declaration's
    party fields — route, opinion, finality — are on the track page, not yet in the API.)"""
    import json

    case = world.transferred()
    services.act(case, "accept", world.bureau_handler,
                 {"route": "arbitration", "routed_to": "劳动人事争议仲裁委员会"}, today=case.received_on)
    response = client.post("/api/public/v1/track", json.dumps({"receipt_code": case.receipt_code}),
                           content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["state_label"] == "已导入法定途径"
    assert body["outcome_label"] == "导入诉讼、仲裁、复议等法定途径"
    text = response.content.decode()
    assert "陈某某" not in text and "350203198001011234" not in text and "13800000000" not in text


def test_the_review_body_finds_the_matter_in_its_inbox_while_it_reviews(world, client):
    """ADR 0022: an active part puts the case in the body's inbox; released, it leaves."""
    case = world.answered(on=timezone.localdate() - days(45))
    services.act(case, "request_review", world.bureau_handler, {"grounds": "信访人来信请求复查"},
                 today=timezone.localdate())
    login(client, "district_handler")
    assert case.number in client.get("/workspace/").content.decode()
    services.act(case, "decide_review", world.district_handler,
                 {"result": "changed", "text": "变更处理意见", "served_on": timezone.localdate().isoformat()},
                 today=timezone.localdate())
    assert case.number not in client.get("/workspace/").content.decode()
