"""Receipt codes are bearer keys (issue 10 item 15): whoever holds one reaches the case, so

* the track page masks the applicant's personal data (《个人信息保护法》第五十一条: measures
  such as de-identification against unauthorised access);
* the public API takes the code in the request body, never the URL (which lands in access
  logs and browser histories);
* withdrawing — the one irreversible act — also asks for the last four characters of the
  applicant's ID number;
* staff never see a code: when they register a letter or visit, the applicant receives it
  by SMS (and e-mail) through the outbox, and the staff page says where it went.
"""

import json
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from fazhi.api.tests.conftest import token_for
from fazhi.cases.models import Case
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import MemorySender

pytestmark = pytest.mark.django_db
TRACK = "/track/"
PERSONAL = ("张三丰", "350203199001011234", "13912345678", "zhangsan@example.com",
            "湖滨北路1号")


def today() -> date:
    return timezone.localdate()


def _case(agency, **overrides) -> Case:
    return factories.received(agency, on=today(), applicant_name="张三丰", **overrides)


def test_the_track_page_masks_the_applicants_personal_data(client, agency, handler):
    case = _case(agency)
    act(handler, case, "reply", {"answer_type": "A2", "text":
        "张三丰：经审查，现将信息提供给您。如有疑问请致电13912345678。"}, today=today())
    client.post(TRACK, {"code": case.receipt_code})
    text = client.get(TRACK).content.decode()
    assert case.number in text and "经审查，现将信息提供给您" in text
    for secret in PERSONAL:
        assert secret not in text, secret
    assert "张**" in text and "139****5678" in text and "350***********1234" in text
    assert "zh***@example.com" in text


def test_an_organisations_name_stays_readable(client, agency):
    case = factories.received(agency, on=today(), applicant_type="organisation",
                              org_category="business", applicant_name="厦门某某科技有限公司",
                              id_number="91350200MA2XXXXX1K")
    client.post(TRACK, {"code": case.receipt_code})
    text = client.get(TRACK).content.decode()
    assert "厦门某某科技有限公司" in text and "91350200MA2XXXXX1K" not in text


# -- the public API ------------------------------------------------------------------------

def _api_track(client, code: str, **extra):
    return client.post("/api/public/v1/track", json.dumps({"receipt_code": code}),
                       content_type="application/json", **extra)


def test_the_api_takes_the_code_in_the_body(client, agency):
    case = _case(agency)
    response = _api_track(client, case.receipt_code.lower().replace("-", ""))
    assert response.status_code == 200
    body = json.dumps(response.json(), ensure_ascii=False)
    assert case.number in body and case.receipt_code not in body  # not echoed either
    assert _api_track(client, "AAAA-BBBB-CCCC-DDDD").status_code == 404


def test_the_old_url_with_the_code_is_gone_and_looks_nothing_up(client, agency):
    case = _case(agency)
    response = client.get(f"/api/public/v1/track/{case.receipt_code}")
    assert response.status_code == 410
    assert "请求体" in response.json()["message"]
    assert case.number not in response.content.decode()


def test_tracking_is_throttled_per_code_across_addresses(client, agency, settings):
    settings.FAZHI_THROTTLE_TRACK_CODE = "3/d"
    case = _case(agency)
    for n in range(2):
        assert client.post(TRACK, {"code": case.receipt_code},
                           REMOTE_ADDR=f"192.0.2.{n}").status_code == 302
    assert _api_track(client, case.receipt_code, REMOTE_ADDR="192.0.2.8").status_code == 200
    assert _api_track(client, case.receipt_code, REMOTE_ADDR="192.0.2.9").status_code == 429
    assert client.post(TRACK, {"code": case.receipt_code},
                       REMOTE_ADDR="192.0.2.10").status_code == 429


# -- withdrawal ------------------------------------------------------------------------------

def test_withdrawal_needs_the_last_four_characters_of_the_id_number(client, agency):
    case = _case(agency, id_number="35020319900101123x")
    client.post(TRACK, {"code": case.receipt_code})
    refused = client.post("/track/withdraw/", {"reason": "不需要了", "id_suffix": "1234"})
    assert refused.status_code == 422
    assert "后四位" in refused.content.decode()
    missing = client.post("/track/withdraw/", {"reason": "不需要了"})
    assert missing.status_code == 422
    case.refresh_from_db()
    assert case.state == "processing"
    done = client.post("/track/withdraw/", {"reason": "不需要了", "id_suffix": "１２３Ｘ"})
    assert done.status_code == 302  # full-width and lower/upper case read the same
    case.refresh_from_db()
    assert case.state == "withdrawn"


def test_guessing_the_id_suffix_is_throttled(client, agency, settings):
    settings.FAZHI_THROTTLE_WITHDRAW = "3/d"
    case = _case(agency)
    client.post(TRACK, {"code": case.receipt_code})
    for guess in ("0000", "0001", "0002"):
        assert client.post("/track/withdraw/", {"id_suffix": guess}).status_code == 422
    right = client.post("/track/withdraw/", {"id_suffix": "1234"})
    assert right.status_code == 429
    case.refresh_from_db()
    assert case.state == "processing"


# -- staff never see codes ---------------------------------------------------------------------

def _staff_client(actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def test_the_staff_case_page_and_api_never_show_the_code(agency, handler):
    case = _case(agency)
    page = _staff_client(handler).get(f"/workspace/cases/{case.pk}/").content.decode()
    assert case.number in page and case.receipt_code not in page and "查询码" not in page
    api = Client(headers={"Authorization": f"Bearer {token_for(handler)}"})
    detail = api.get(f"/api/v1/cases/{case.pk}")
    assert detail.status_code == 200 and case.receipt_code not in detail.content.decode()
    assert "receipt_code" not in detail.json()


def _registration(**overrides) -> dict:
    # 条例第三十一条: in person, the receipt date is the submission date
    return factories.application(channel="in_person", submitted_on=today().isoformat(),
                                 **overrides)


def test_a_staff_registration_sends_the_code_to_the_applicant(
        agency, handler, django_capture_on_commit_callbacks):
    client = _staff_client(handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/workspace/disclosure/new/", _registration(), follow=True)
    assert response.status_code == 200
    case = Case.objects.get()
    page = response.content.decode()
    assert case.receipt_code not in page
    assert "查询码已通过短信发送至 139****5678" in page and "zh***@example.com" in page
    sent = {(m.channel, m.recipient, m.subject): m.body for m in MemorySender.sent}
    assert case.receipt_code in sent[("sms", "13912345678", "")]
    assert case.receipt_code in sent[("email", "zhangsan@example.com",
                                      f"申请查询码（{case.number}）")]
    # the e-mail copy of the receipt (ADR 0025) goes too, without the code
    copy = sent[("email", "zhangsan@example.com", f"政府信息公开申请回执（{case.number}）")]
    assert case.number in copy and case.receipt_code not in copy
    # delivered messages keep no code for operators to read
    assert not Notification.objects.filter(body__contains=case.receipt_code).exists()
    assert set(Notification.objects.filter(kind="case.receipt_code").values_list(
        "sensitive", flat=True)) == {True}


def test_a_staff_registration_through_the_api_sends_the_code_too(
        agency, handler, django_capture_on_commit_callbacks):
    api = Client(headers={"Authorization": f"Bearer {token_for(handler)}"})
    data = _registration(email="", delivery="post")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/disclosure/requests", json.dumps(data),
                            content_type="application/json")
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert case.receipt_code not in response.content.decode()
    assert [(m.channel, m.recipient) for m in MemorySender.sent] == [("sms", "13912345678")]
    assert response.json()["receipt_sent_to"] == ["139****5678"]


def test_every_procedure_s_receipt_flags_a_provisional_due_date():
    """A date counted in a year whose official calendar is not loaded is shown flagged, on
    the receipt of every procedure (the receipts share portal/_receipt_clocks.html; the
    petition, mediation, reconsideration and complaint receipts had lost the flag)."""
    from datetime import date
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    clock = SimpleNamespace(label="信访事项受理期限", due_on=date(2031, 3, 3), provisional=True,
                            explanation="自收到之日起15日内")
    settled = SimpleNamespace(label="信访事项受理期限", due_on=date(2026, 3, 3), provisional=False,
                              explanation="自收到之日起15日内")
    assert "badge provisional" in render_to_string("portal/_receipt_clocks.html", {"clocks": [clock]})
    assert "badge provisional" not in render_to_string("portal/_receipt_clocks.html",
                                                      {"clocks": [settled]})
    for app in ("disclosure", "petitions", "mediation", "reconsideration", "complaints"):
        with open(f"fazhi/{app}/templates/{app}/receipt.html", encoding="utf-8") as template:
            assert 'include "portal/_receipt_clocks.html"' in template.read(), app
