"""The documents a reply discloses, downloadable by the tracked applicant and, once the
reply is published, by anyone (issue 12 part 2; ADR 0025). 条例第三十六条第（二）项:
"向申请人提供该政府信息"; 第三十七条: the part that can be disclosed."""

from urllib.parse import unquote

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.pdf import Paragraph, pdf_document, pdf_text
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _replied(agency, handler, answer="A2", ground="", name="张三丰"):
    document = pdf_document("2025年行政复议案件统计", [Paragraph("共办理行政复议案件120件。")])
    case = factories.received(agency, on=_today(), applicant_name=name)
    act(handler, case, "reply", {"answer_type": answer, "ground": ground,
                                 "text": "经审查，现将信息提供给您。"},
        files=[((f"统计表（{name}申请）.pdf", document), "reply")], today=_today())
    return case


def _serve(handler, case):
    return act(handler, case, "serve", {"method": "electronic",
                                        "served_on": _today().isoformat()}, today=_today())


def test_the_tracked_applicant_downloads_what_the_reply_discloses(client, agency, handler):
    case = _replied(agency, handler)
    file = case.attachments.get(kind="reply")
    assert client.get(f"/track/files/{file.pk}/").status_code == 404  # not tracking
    client.post("/track/", {"code": case.receipt_code})
    page = client.get("/track/").content.decode()
    assert "公开的文件" in page and f"/track/files/{file.pk}/" in page
    response = client.get(f"/track/files/{file.pk}/")
    assert response.status_code == 200
    assert "共办理行政复议案件120件" in pdf_text(b"".join(response.streaming_content))


def test_another_applicant_cannot_download_it(agency, handler):
    case = _replied(agency, handler)
    file = case.attachments.get(kind="reply")
    other = factories.received(agency, on=_today())
    client = Client()
    client.post("/track/", {"code": other.receipt_code})
    assert client.get(f"/track/files/{file.pk}/").status_code == 404


def test_a_refusal_discloses_no_file(client, agency, handler):
    case = _replied(agency, handler, answer="A3", ground="state_secret")
    file = case.attachments.get(kind="reply")
    client.post("/track/", {"code": case.receipt_code})
    assert f"/track/files/{file.pk}/" not in client.get("/track/").content.decode()
    assert client.get(f"/track/files/{file.pk}/").status_code == 404


def test_the_published_reply_offers_the_files_with_the_name_masked(client, agency, handler):
    case = _replied(agency, handler)
    file = case.attachments.get(kind="reply")
    record_url = "/disclosure/replies/{}/"
    assert not PublishedRecord.objects.exists()  # not served yet: not public
    _serve(handler, case)
    record = PublishedRecord.objects.get(case=case)
    page = client.get(record_url.format(record.pk)).content.decode()
    assert "统计表（张**申请）.pdf" in page and "张三丰" not in page
    response = client.get(f"/disclosure/replies/{record.pk}/files/{file.pk}/")
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"].split("''")[1]) == "统计表（张**申请）.pdf"
    # a file of another case is not reachable through this reply
    other = _replied(agency, handler)
    other_file = other.attachments.get(kind="reply")
    assert client.get(f"/disclosure/replies/{record.pk}/files/{other_file.pk}/").status_code == 404
    # a withdrawn publication takes its files with it
    record.withdrawn_at = timezone.now()
    record.save()
    assert client.get(f"/disclosure/replies/{record.pk}/files/{file.pk}/").status_code == 404


def test_only_the_files_of_the_reply_action_are_disclosed(client, agency, handler):
    """A formal document (答复书, kind document:…) names the applicant: never offered."""
    from fazhi.cases.models import Attachment

    case = _replied(agency, handler)
    letter = Attachment.objects.create(
        case=case, kind="document:disclosure.reply_letter", filename="答复书.pdf",
        content_type="application/pdf", size=10, sha256="0" * 64, path="x", uploaded_by="系统")
    client.post("/track/", {"code": case.receipt_code})
    assert "答复书.pdf" not in client.get("/track/").content.decode()
    assert client.get(f"/track/files/{letter.pk}/").status_code == 404
