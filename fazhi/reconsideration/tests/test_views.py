"""The screens: applying online (《行政复议法》第二十二条), the one-time receipt, the
applicant's track page, the published decisions with personal data masked (第七十九条),
the staff case page, the indicators and the site search."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.reconsideration import indicators, services
from fazhi.reconsideration.tests.factories import DAY0, application

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    today = timezone.localdate()
    data = application(act_date=(today - timedelta(days=10)).isoformat(),
                       known_on=(today - timedelta(days=5)).isoformat(),
                       told_of_right="on") | overrides
    data.pop("channel")
    return data


def test_a_citizen_applies_online_and_tracks_by_receipt_code_art22(world, client):
    page = client.get("/reconsideration/apply/")
    assert page.status_code == 200 and "行政复议机关" in page.content.decode()
    response = client.post("/reconsideration/apply/", form_data(body=world.body.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(procedure="reconsideration")
    assert case.agency == world.office and case.reconsideration.channel == "online"
    receipt = client.get("/reconsideration/receipt/").content.decode()
    assert case.receipt_code in receipt
    assert case.receipt_code not in client.get("/reconsideration/receipt/").content.decode()
    client.post("/track/", {"code": case.receipt_code})
    track = client.get("/track/").content.decode()
    assert "林*" in track and "350203199001011234" not in track


def test_a_late_application_is_refused_on_the_form_with_the_article_art20(world, client):
    today = timezone.localdate()
    data = form_data(body=world.body.pk, act_date=(today - timedelta(days=100)).isoformat(),
                     known_on=(today - timedelta(days=90)).isoformat())
    response = client.post("/reconsideration/apply/", data)
    assert response.status_code == 409
    assert "第二十条" in response.content.decode()
    assert not Case.objects.filter(procedure="reconsideration").exists()


def test_the_application_form_is_throttled_like_other_public_submissions(world, client, settings):
    settings.FAZHI_THROTTLE_SUBMIT = "1/h"
    client.post("/reconsideration/apply/", form_data(body=world.body.pk))
    assert client.post("/reconsideration/apply/", form_data(body=world.body.pk)).status_code == 429


def served(world, **decision):
    case = world.heard()
    world.propose(case, **({"kind": "revoke", "redo": True, "redo_days": 30,
                            "content": "撤销林某某的处罚决定，责令重作"} | decision))
    services.act(case, "decide", world.head, {"decision_no": "厦府复〔2025〕3号"}, today=DAY0)
    return services.act(case, "serve", world.handler, {"served_on": "2025-03-03",
                                                       "channel": "direct"}, today=DAY0)


def test_published_decisions_mask_the_applicant_art79(world, client):
    case = served(world)
    page = client.get("/reconsideration/decisions/").content.decode()
    assert "厦府复〔2025〕3号" in page and "林某某" not in page
    pk = case.reconsideration.pk
    detail = client.get(f"/reconsideration/decisions/{pk}/").content.decode()
    assert "林某某" not in detail and "350203199001011234" not in detail
    from fazhi.reconsideration.queries import search

    hits = search("厦府复", 10)
    assert hits and all("林某某" not in h.title + h.snippet for h in hits)


def test_staff_and_the_respondent_work_on_the_generic_case_page(world, client):
    case = world.tracked()
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-03", "received_on": "2025-03-03"}, today=DAY0)
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="sj_handler"))
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "提交书面答复和证据" in page
    client.force_login(User.objects.get(username="fy_handler"))
    assert client.get(f"/workspace/cases/{case.pk}/").status_code == 200


def test_indicators_received_accepted_decided_corrected_on_time(world):
    served(world)
    world.apply(applicant_name="陈某某")
    case = world.apply(applicant_name="黄某某")
    from fazhi.reconsideration import jobs

    jobs.deem_accepted(date(2025, 3, 11))
    assert indicators.received(2025, None).value == 3
    accepted = indicators.accepted(2025, None)
    assert accepted.value == 3 and accepted.breakdown == {"受理": 1, "视为受理": 2}
    assert indicators.decided_by_type(2025, None).breakdown == {"撤销": 1}
    assert indicators.corrected_rate(2025, None).value == 100.0
    on_time = indicators.on_time(2025, None)
    assert (on_time.numerator, on_time.denominator) == (1, 1)
    assert case.pk


def test_the_respondent_uploads_its_reply_with_the_evidence_on_the_case_page(world, client):
    """《行政复议法》第四十八条: the written reply with the evidence, basis and materials."""
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = world.tracked()
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-03", "received_on": "2025-03-03"}, today=DAY0)
    client.force_login(User.objects.get(username="sj_handler"))
    evidence = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 evidence", "application/pdf")
    response = client.post(f"/workspace/cases/{case.pk}/act/file_reply/",
                           {"reply": "原行政行为合法", "evidence": "现场检查笔录", "file": evidence})
    assert response.status_code == 302, response.content.decode()[:1500]
    case.refresh_from_db()
    assert case.state == "reviewing"
    assert case.attachments.filter(kind="file_reply", filename="evidence.pdf").exists()


def test_notices_go_to_the_applicant_through_the_outbox(world):
    from fazhi.notifications.models import Notification

    world.accepted()
    note = Notification.objects.get(kind="reconsideration.accept")
    assert note.recipient == "13800000000" and "已受理" in note.body


def test_the_public_track_api_gives_the_decision_as_its_reply(world, client):
    import json

    case = served(world)
    answer = client.post("/api/public/v1/track", json.dumps({"receipt_code": case.receipt_code}),
                         content_type="application/json").json()
    assert answer["reply"]["answer"] == "撤销" and "第六十四条" in answer["reply"]["article"]
    assert "林某某" not in json.dumps(answer, ensure_ascii=False)
    assert "第四十五条" in answer["reply"]["remedy"]


def test_the_applicant_sends_the_correction_online_art31(world, client):
    today = timezone.localdate()
    case = services.apply(world.body, world.public, application(
        act_date=(today - timedelta(days=10)).isoformat(),
        known_on=(today - timedelta(days=5)).isoformat()), today=today)
    services.act(case, "request_correction", world.handler,
                 {"items": ["身份证明"], "served_on": today.isoformat()}, today=today)
    client.post("/track/", {"code": case.receipt_code})
    assert "track/reconsideration/correct/" in client.get("/track/").content.decode()
    assert client.post("/track/reconsideration/correct/", {"materials": ""}).status_code == 422
    response = client.post("/track/reconsideration/correct/", {"materials": "补交身份证明"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "received"


def test_the_home_page_links_to_applying_and_to_the_published_decisions(client):
    """The module's card on the portal's home page (its one registration point, apps.py)."""
    html = client.get("/").content.decode()
    assert "/reconsideration/decisions/" in html and "已公开行政复议决定书0件" in html


def test_the_office_registers_an_oral_application_art22(world, client):
    """《行政复议法》第二十二条: an oral application is recorded on the spot by the office; bad
    input is 422 with the reason and writes nothing; only a handler registers."""
    client.force_login(User.objects.get(pk=world.respondent.user_id))  # a handler, but of the respondent agency
    assert client.get("/workspace/reconsideration/new/").status_code == 200
    client.force_login(User.objects.get(pk=world.head.user_id))
    assert client.get("/workspace/reconsideration/new/").status_code == 403
    client.force_login(User.objects.get(pk=world.handler.user_id))
    data = form_data(body=world.body.pk, oral_record="申请人口头提出，当场记录并经其签字确认")
    data["channel"] = "oral"
    bad = client.post("/workspace/reconsideration/new/", data | {"applicant_name": ""})
    assert bad.status_code == 422 and "申请人" in bad.content.decode()
    assert not Case.objects.filter(procedure="reconsideration").exists()
    response = client.post("/workspace/reconsideration/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(procedure="reconsideration")
    assert case.agency == world.office and case.reconsideration.channel == "oral"
    assert response["Location"] == f"/workspace/cases/{case.pk}/"
