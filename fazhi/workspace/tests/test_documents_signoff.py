"""Formal documents from templates, numbered and attached; the internal sign-off chain."""

import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document as Docx

from conftest import make_staff
from fazhi.cases import documents, signoff
from fazhi.cases import procedure as registry
from fazhi.cases.models import Attachment, DocumentNumbering, SignoffChain, SignoffStep
from fazhi.core.errors import Forbidden, NotAllowed, NotFound
from fazhi.core.pdf import pdf_text
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories

pytestmark = pytest.mark.django_db
REPLY = {"answer_type": "A3", "ground": "state_secret", "text": "经审查，所申请信息属于国家秘密。"}


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password=f"pw-{username}-123456")
    return client


def today():
    return timezone.localdate()


@pytest.fixture
def numbering(agency):
    return DocumentNumbering.objects.create(agency=agency, series="disclosure",
                                            pattern="厦司法公开〔{year}〕{seq}号")


@pytest.fixture
def chain(agency):
    found = SignoffChain.objects.create(agency=agency, procedure="disclosure", action="reply")
    SignoffStep.objects.create(chain=found, position=1, label="审核", role="reviewer")
    SignoffStep.objects.create(chain=found, position=2, label="签发", role="head")
    return found


def test_correction_notice_art30_is_numbered_attached_and_recorded(client, handler, agency,
                                                                   numbering):
    """条例第三十条: the notice states every defect at once and the period to correct."""
    case = factories.correcting(agency, handler, on=today(), due=today().replace(day=28)
                                if today().day < 28 else today())
    login(client, "handler")
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "补正告知书" in page
    response = client.post(f"/workspace/cases/{case.pk}/documents/correction_notice/")
    assert response.status_code == 302
    number = f"厦司法公开〔{today().year}〕1号"
    files = Attachment.objects.filter(case=case, kind="document:correction_notice")
    assert sorted(f.filename.rsplit(".", 1)[1] for f in files) == ["docx", "pdf"]
    docx = next(f for f in files if f.filename.endswith(".docx"))
    body = client.get(f"/workspace/attachments/{docx.pk}/")
    text = "\n".join(p.text for p in Docx(io.BytesIO(b"".join(body.streaming_content))).paragraphs)
    assert number in text and "请说明所需信息的具体年份" in text and "第三十条" in text
    pdf = next(f for f in files if f.filename.endswith(".pdf"))
    pdf_body = b"".join(client.get(f"/workspace/attachments/{pdf.pk}/").streaming_content)
    assert "补正告知书" in pdf_text(pdf_body)
    event = case.events.order_by("-seq").first()
    assert event.action == "document:correction_notice"
    assert json.loads(event.payload)["number"] == number
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "制作文书：补正告知书" in page and number in page
    again = client.post(f"/workspace/cases/{case.pk}/documents/correction_notice/")
    assert again.status_code == 409  # once per recorded notice: no second number


def test_numbers_run_per_agency_and_year_and_default_pattern(handler, agency, other_agency,
                                                             other_handler):
    first = factories.replied(agency, handler, on=today())
    second = factories.replied(agency, handler, on=today())
    other = factories.replied(other_agency, other_handler, on=today())
    for case, actor in ((first, handler), (second, handler), (other, other_handler)):
        documents.issue(case, "reply", actor, today())
    numbers = [json.loads(c.events.order_by("-seq").first().payload)["number"]
               for c in (first, second, other)]
    year = today().year
    assert numbers == [f"市司法局公开〔{year}〕1号", f"市司法局公开〔{year}〕2号",
                       f"市市场监管局公开〔{year}〕1号"]


def test_reply_document_follows_the_answer_type_and_carries_the_remedy(handler, agency):
    """A refusal (第三十六条第（三）项) names its ground and reconsideration first."""
    case = factories.received(agency, on=today())
    act(handler, case, "reply", REPLY, today=today())
    documents.issue(case, "reply", handler, today())
    attachment = Attachment.objects.get(case=case, filename__endswith=".docx")
    from pathlib import Path

    from django.conf import settings
    text = "\n".join(p.text for p in Docx(Path(settings.MEDIA_ROOT) / attachment.path).paragraphs)
    assert "不予公开（属于国家秘密）" in text and "第三十六条第（三）项" in text
    assert "应当先申请行政复议" in text


def test_a_document_before_its_transition_is_refused(handler, agency):
    case = factories.received(agency, on=today())
    with pytest.raises(NotAllowed):
        documents.issue(case, "reply", handler, today())


def test_a_bad_number_pattern_is_refused_in_the_admin(agency):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        DocumentNumbering(agency=agency, series="disclosure", pattern="〔{year}〕号").full_clean()
    with pytest.raises(ValidationError):
        DocumentNumbering(agency=agency, series="disclosure",
                          pattern="{name}〔{year}〕{seq}号").full_clean()


def test_without_a_chain_the_reply_is_taken_directly(client, handler, agency):
    case = factories.received(agency, on=today())
    login(client, "handler")
    client.post(f"/workspace/cases/{case.pk}/act/reply/", REPLY)
    case.refresh_from_db()
    assert case.state == "replied"


def test_sign_off_chain_walked_draft_review_sign_then_dispatched(client, handler, agency, chain):
    reviewer = make_staff(agency, "reviewer", ["reviewer"], "孙审核")
    head = make_staff(agency, "head", ["head"], "李负责")
    case = factories.received(agency, on=today())
    login(client, "handler")
    assert "拟办 → 审核→签发" in client.get(f"/workspace/cases/{case.pk}/").content.decode()
    response = client.post(f"/workspace/cases/{case.pk}/act/reply/", REPLY)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "processing"  # not sent: waiting for 审核 and 签发
    waiting = signoff.pending(case)
    assert waiting.next_step["label"] == "审核"
    # the head cannot skip the review; the handler cannot review
    with pytest.raises(Forbidden):
        signoff.approve(case, waiting.pk, head, "", today())
    login(client, "reviewer")
    client.post(f"/workspace/cases/{case.pk}/signoff/{waiting.pk}/approve/", {"comment": "同意"})
    case.refresh_from_db()
    assert case.state == "processing"
    login(client, "head")
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "签发" in page and "国家秘密" in page
    client.post(f"/workspace/cases/{case.pk}/signoff/{waiting.pk}/approve/", {"comment": ""})
    case.refresh_from_db()
    assert case.state == "replied"
    actions = list(case.events.order_by("seq").values_list("action", "actor"))
    assert actions[-4:] == [("signoff:draft", "王承办"), ("signoff:approve", "孙审核"),
                            ("signoff:sign", "李负责"), ("reply", "王承办")]
    assert reviewer and signoff.pending(case) is None


def test_with_a_chain_the_reply_cannot_be_taken_directly(handler, agency, chain):
    case = factories.received(agency, on=today())
    with pytest.raises(NotAllowed, match="内部签发"):
        act(handler, case, "reply", REPLY, today=today())


def test_a_returned_draft_needs_a_reason_and_can_be_drafted_again(handler, agency, chain):
    reviewer = make_staff(agency, "reviewer", ["reviewer"], "孙审核")
    case = factories.received(agency, on=today())
    made = signoff.draft(case, "reply", handler, REPLY, today())
    with pytest.raises(NotAllowed):
        signoff.draft(case, "reply", handler, REPLY, today())
    with pytest.raises(NotAllowed):
        signoff.send_back(case, made.pk, reviewer, " ")
    signoff.send_back(case, made.pk, reviewer, "理由不充分")
    assert signoff.pending(case) is None
    assert signoff.draft(case, "reply", handler, REPLY, today())


def test_sign_off_events_stay_off_the_public_timeline(client, handler, agency, chain):
    from fazhi.cases import procedure as registry
    from fazhi.cases.tracking import timeline

    case = factories.received(agency, on=today())
    signoff.draft(case, "reply", handler, REPLY, today())
    labels = [s.label for s in timeline(case, registry.get("disclosure"))]
    assert labels == ["登记申请"]


def test_another_agencys_reviewer_cannot_take_a_step(handler, agency, other_agency, chain):
    outsider = make_staff(other_agency, "outsider", ["reviewer"], "外机关审核")
    case = factories.received(agency, on=today())
    made = signoff.draft(case, "reply", handler, REPLY, today())
    with pytest.raises((Forbidden, NotFound)):
        signoff.approve(case, made.pk, outsider, "", today())


def test_sign_off_pages_are_complete_in_english(client, handler, agency, chain):
    case = factories.received(agency, on=today())
    signoff.draft(case, "reply", handler, REPLY, today())
    login(client, "handler")
    client.cookies["django_language"] = "en"
    html = client.get(f"/workspace/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Draft awaiting sign-off" in html and "Workspace" in html
    inbox = client.get("/workspace/?scope=all", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("All cases handled", "Export this list:", "Sort by", "working days left"):
        assert text in inbox


def test_extension_notice_art33_is_written_by_the_handler(handler, gio_head, agency):
    """条例第三十三条第二款: the office head approves; the handler issues the notice."""
    case = factories.received(agency, on=today())
    act(gio_head, case, "extend", {"reason": "涉及多个年度的数据汇总", "approved_on": today().isoformat(),
                                   "notified_on": today().isoformat()}, today=today())
    assert [t.code for t in documents.issuable(case, registry.get("disclosure"), handler)] == [
        "extension_notice"]
    documents.issue(case, "extension_notice", handler, today())
    docx = Attachment.objects.get(case=case, filename__endswith=".docx")
    from pathlib import Path

    from django.conf import settings
    text = "\n".join(p.text for p in Docx(Path(settings.MEDIA_ROOT) / docx.path).paragraphs)
    assert "第三十三条第二款" in text and "涉及多个年度的数据汇总" in text


def test_chains_and_number_patterns_are_configured_in_the_admin(client, agency):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password="pw-root-123456")
    assert client.login(username="root", password="pw-root-123456")
    for url in ("/admin/cases/signoffchain/add/", "/admin/cases/documentnumbering/add/"):
        assert client.get(url).status_code == 200
    index = client.get("/admin/").content.decode()
    assert "内部签发流程" in index and "文号格式" in index and "机关和人员" in index
