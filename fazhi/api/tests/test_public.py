"""Public API: published records only (redacted), applying with an identity proof,
tracking by receipt code, throttles."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.api.tests.conftest import DAY
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as f
from fazhi.disclosure.tests.factories import application

pytestmark = pytest.mark.django_db
PROOF = b"%PDF-1.4 identity proof"


def _text(response) -> str:
    """The response as readable text (the renderer escapes non-ASCII characters)."""
    return json.dumps(response.json(), ensure_ascii=False)


def _served_with_personal_data(agency, handler):
    case = f.received(agency, on=DAY)
    act(handler, case, "reply", {"answer_type": "A2", "text":
        "张三：经审查，现将信息提供给您，如有疑问请致电13912345678，证件350203199001011234。"},
        today=DAY)
    act(handler, case, "serve", {"method": "post", "served_on": DAY.isoformat()}, today=DAY)
    return case


def test_published_records_never_carry_the_applicants_name_or_phone(client, agency, handler):
    _served_with_personal_data(agency, handler)
    listing = client.get("/api/public/v1/records?q=经审查")
    assert listing.status_code == 200
    item = listing.json()["items"][0]
    detail = client.get(f"/api/public/v1/records/{item['id']}")
    text = _text(listing) + _text(detail)
    assert "经审查" in text  # the reply itself is there
    for secret in ("张三", "13912345678", "350203199001011234", "zhangsan@example.com"):
        assert secret not in text
    assert "张*" in detail.json()["body"] and "139****5678" in detail.json()["body"]


def test_records_filter_by_agency_and_kind_and_hide_withdrawn(client, agency, handler):
    from fazhi.publication.models import PublishedRecord
    from fazhi.publication.services import withdraw

    _served_with_personal_data(agency, handler)
    record = PublishedRecord.objects.get()
    assert len(client.get("/api/public/v1/records?agency=XMSFJ&kind=disclosure.reply")
               .json()["items"]) == 1
    assert client.get("/api/public/v1/records?agency=XMSJJ").json()["items"] == []
    withdraw(record, "错误发布")
    assert client.get("/api/public/v1/records").json()["items"] == []
    assert client.get(f"/api/public/v1/records/{record.pk}").status_code == 404


def _apply(client, **overrides):
    data = application() | {"agency": "XMSFJ"} | overrides
    data.pop("channel")
    files = {"identity_proof": SimpleUploadedFile("id.pdf", PROOF, "application/pdf")}
    return client.post("/api/public/v1/disclosure/requests", data | files)


def test_a_public_application_returns_a_receipt_with_its_due_date(client, agency):
    response = _apply(client)
    assert response.status_code == 201
    body = response.json()
    assert body["receipt_code"] and body["number"].startswith("XMSFJ-GK-")
    assert "第三十三条" in body["due_explanation"]
    from fazhi.cases.models import Attachment, Case

    case = Case.objects.get(receipt_code=body["receipt_code"])
    assert case.disclosure.channel == "online"
    assert Attachment.objects.get(case=case).kind == "identity_proof"


def test_a_public_application_is_refused_cleanly(client, agency):
    no_file = client.post("/api/public/v1/disclosure/requests",
                          application() | {"agency": "XMSFJ"})
    assert no_file.status_code == 422 and no_file.json()["errors"][0]["field"] == "identity_proof"
    assert no_file.json()["message"] == "身份证明文件：必须填写"
    assert _apply(client, agency="NOPE").json()["errors"][0]["field"] == "agency"
    wrong = client.post("/api/public/v1/disclosure/requests", application() | {
        "agency": "XMSFJ", "identity_proof": SimpleUploadedFile("id.pdf", b"not a pdf")})
    assert wrong.status_code == 422 and "不符" in wrong.json()["message"]


def test_submissions_are_throttled(client, agency, settings):
    settings.FAZHI_THROTTLE_SUBMIT = "1/h"
    assert _apply(client).status_code == 201
    refused = _apply(client)
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0


def _track(client, code: str):
    return client.post("/api/public/v1/track", json.dumps({"receipt_code": code}),
                       content_type="application/json")


def test_tracking_shows_the_party_the_reply_and_no_staff_fields(client, agency, handler):
    case = _served_with_personal_data(agency, handler)
    response = _track(client, case.receipt_code.lower().replace("-", ""))
    assert response.status_code == 200
    body = response.json()
    assert body["state_label"] == "已办结" and body["reply"]["answer"] == "予以公开"
    assert "行政复议" in body["reply"]["remedy"]
    assert [s["label"] for s in body["steps"]] == ["登记申请", "作出答复", "送达答复"]
    text = _text(response)
    assert "王承办" not in text and "applicant_name" not in text and "id_number" not in text


def test_tracking_an_open_case_explains_its_due_date(client, agency):
    case = f.received(agency, on=DAY)
    body = _track(client, case.receipt_code).json()
    assert body["is_open"] and "第三十三条" in body["due_explanation"] and body["reply"] is None


def test_a_wrong_receipt_code_is_404_and_tracking_is_throttled(client, db, settings):
    settings.FAZHI_THROTTLE_TRACK = "2/10m"
    first = _track(client, "AAAA-BBBB-CCCC-DDDD")
    assert first.status_code == 404 and first.json()["code"] == "not_found"
    assert _track(client, "AAAA-BBBB-CCCC-DDDE").status_code == 404
    assert _track(client, "AAAA-BBBB-CCCC-DDDF").status_code == 429


def test_the_throttles_are_kept_apart(client, agency, settings):
    settings.FAZHI_THROTTLE_TRACK = "1/h"
    settings.FAZHI_THROTTLE_SUBMIT = "1/h"
    assert _track(client, "AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert _apply(client).status_code == 201


def test_the_public_api_needs_no_login_and_lists_agencies(client, agency):
    body = client.get("/api/public/v1/agencies").json()
    assert body == [{"code": "XMSFJ", "name": "厦门市司法局", "short_name": "市司法局"}]
    assert client.get("/api/public/v1/ledger/checkpoints").json() == []


def test_nul_characters_are_refused_before_any_query(client, agency):
    """PostgreSQL cannot store NUL in text: refuse it in queries and forms alike."""
    assert client.get("/api/public/v1/records?q=a%00b").status_code == 422
    refused = _apply(client, applicant_name="张\x00三")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "applicant_name"


def test_a_wrong_choice_is_explained_in_chinese_only(client, agency):
    """The API answers with the forms' Chinese sentences (fazhi.core.validation): a wrong
    code lists the valid ones, without pydantic's English "or"."""
    refused = _apply(client, applicant_type="robot")
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "applicant_type"
    assert error["message"] == "申请人类型：所选项目无效（可选：natural、organisation）"
