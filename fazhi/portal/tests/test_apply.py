"""Applying on the portal (条例第二十七条、第二十九条): the form, its refusals, the receipt."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from fazhi.cases.models import Attachment, Case
from fazhi.core.models import Event
from fazhi.disclosure.models import DisclosureRequest
from fazhi.portal.tests.conftest import application_post, proof

pytestmark = pytest.mark.django_db
APPLY = "/disclosure/apply/"


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_nothing_written() -> None:
    assert Case.objects.count() == 0
    assert Event.objects.count() == 0
    assert DisclosureRequest.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert media_files() == []


def test_form_asks_for_identity_proof_but_not_for_a_purpose(client, agency):
    page = client.get(APPLY).content.decode()
    assert 'name="identity_proof"' in page and 'enctype="multipart/form-data"' in page
    assert agency.name in page
    # 2019 revision: no purpose or reason is asked (条例第二十七条, no "三需要")
    assert "purpose" not in page and "用途</label>" not in page and "申请理由" not in page


def test_apply_end_to_end_shows_receipt_once(client, agency):
    response = client.post(APPLY, application_post(agency))
    assert response.status_code == 302 and response["Location"] == "/disclosure/receipt/"
    case = Case.objects.get()
    assert case.agency == agency and case.state == "processing"
    assert case.disclosure.channel == "online"
    proof_file = Attachment.objects.get(case=case)
    assert proof_file.kind == "identity_proof" and proof_file.filename == "id.png"
    assert case.receipt_code not in response["Location"]

    page = client.get("/disclosure/receipt/")
    text = page.content.decode()
    assert page.status_code == 200
    assert case.receipt_code in text and case.number in text
    assert case.due_on.isoformat() in text
    assert "第三十三条第二款" in text  # the clock's explanation cites its article
    assert "请立即抄写" in text

    again = client.get("/disclosure/receipt/")
    assert again.status_code == 404 and case.receipt_code not in again.content.decode()


def test_organisation_applies_with_category_and_uscc(client, agency):
    post = application_post(agency, applicant_type="organisation", org_category="business",
                            applicant_name="厦门某某科技有限公司", id_number="91350200MA2Y000000",
                            legal_rep="李四", contact_name="王五")
    assert client.post(APPLY, post).status_code == 302
    detail = DisclosureRequest.objects.get()
    assert (detail.org_category, detail.legal_rep, detail.contact_name) == ("business", "李四", "王五")


def test_missing_fields_are_422_with_chinese_messages_and_values_kept(client, agency):
    post = application_post(agency, applicant_name="", phone="12", description="很短")
    response = client.post(APPLY, post)
    text = response.content.decode()
    assert response.status_code == 422
    assert "姓名/名称：" in text and "联系电话：格式不正确" in text
    assert "所需信息描述：至少需要5个字符" in text
    assert 'value="350203199001011234"' in text  # entered values are kept
    assert 'aria-invalid="true"' in text
    assert_nothing_written()


def test_organisation_without_category_is_refused(client, agency):
    post = application_post(agency, applicant_type="organisation", applicant_name="某公司")
    response = client.post(APPLY, post)
    assert response.status_code == 422
    assert "法人或其他组织申请的，请选择组织类别" in response.content.decode()
    assert_nothing_written()


def test_email_delivery_needs_an_email(client, agency):
    response = client.post(APPLY, application_post(agency, email="", delivery="email"))
    assert response.status_code == 422
    assert "选择电子邮件获取的，请填写电子邮箱" in response.content.decode()
    assert_nothing_written()


def test_identity_proof_is_required(client, agency):
    post = application_post(agency)
    del post["identity_proof"]
    response = client.post(APPLY, post)
    assert response.status_code == 422
    assert "请上传身份证明文件" in response.content.decode()
    assert_nothing_written()


@pytest.mark.parametrize(("upload", "message"), [
    (proof("id.exe", b"MZ\x90\x00"), "不支持的文件类型“exe”"),
    (proof("id.pdf", b"not a pdf at all"), "的内容与扩展名“pdf”不符"),
])
def test_wrong_file_type_is_refused_on_the_field(client, agency, upload, message):
    response = client.post(APPLY, application_post(agency, identity_proof=upload))
    text = response.content.decode()
    assert response.status_code == 422 and message in text
    assert 'id="id_identity_proof_error"' in text  # shown next to the upload field
    assert_nothing_written()


@override_settings(FAZHI_UPLOAD_MAX_BYTES=1024)
def test_oversized_file_is_refused(client, agency):
    big = proof("id.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048)
    response = client.post(APPLY, application_post(agency, identity_proof=big))
    assert response.status_code == 422
    assert "超过大小上限" in response.content.decode()
    assert_nothing_written()


@pytest.mark.parametrize("agency_value", ["999999", "abc", "9" * 40, "-1", ""])
def test_unknown_or_garbage_agency_is_a_field_error(client, agency, agency_value):
    response = client.post(APPLY, application_post(agency, agency=agency_value))
    text = response.content.decode()
    assert response.status_code == 422
    assert "受理机关：" in text
    assert_nothing_written()


def test_garbage_input_never_500s(client, agency):
    post = application_post(agency, applicant_name="名" * 100_000, description="\x00描述" * 10,
                            applicant_type="robot", form="carrier pigeon", phone="☎" * 5000)
    response = client.post(APPLY, post)
    text = response.content.decode()
    assert response.status_code == 422
    assert "姓名/名称：不能超过100个字符" in text
    assert "所选项目无效" in text
    assert_nothing_written()


def test_script_in_description_is_escaped_on_the_form(client, agency):
    script = "<script>alert('x')</script>"
    response = client.post(APPLY, application_post(agency, description=script, phone="1"))
    text = response.content.decode()
    assert response.status_code == 422
    assert script not in text and "&lt;script&gt;" in text


def test_get_only_and_post_only_methods(client):
    assert client.put(APPLY).status_code == 405
    assert client.post("/disclosure/receipt/").status_code == 405
