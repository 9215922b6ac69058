"""Transitions, roles, agency scoping, answer content, publication and the ledger."""

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.disclosure.services import act, submit_request
from fazhi.disclosure.tests import factories as f
from fazhi.org.actors import Actor
from fazhi.publication.models import PublishedRecord

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)


def test_an_action_not_allowed_in_the_state_is_refused_and_changes_nothing(agency, handler):
    case = f.received(agency, on=DAY)
    with pytest.raises(NotAllowed, match="办理中"):
        act(handler, case, "serve", {"method": "post", "served_on": "2025-09-01"}, today=DAY)
    case.refresh_from_db()
    assert (case.state, case.event_count) == ("processing", 1)


def test_another_agencys_case_is_not_found(agency, other_handler):
    case = f.received(agency, on=DAY)
    with pytest.raises(NotFound):
        act(other_handler, case, "reply", {"answer_type": "A2", "text": "答复内容如下"}, today=DAY)
    assert not Case.objects.visible_to(other_handler).filter(pk=case.pk).exists()


def test_supervisor_sees_every_agency_but_cannot_act(agency, supervisor):
    case = f.received(agency, on=DAY)
    assert Case.objects.visible_to(supervisor).filter(pk=case.pk).exists()
    with pytest.raises(NotFound):
        act(supervisor, case, "reply", {"answer_type": "A2", "text": "答复内容如下"}, today=DAY)


def test_the_public_sees_nothing_through_the_staff_filter(agency):
    f.received(agency, on=DAY)
    assert not Case.objects.visible_to(Actor.public()).exists()
    assert not Case.objects.visible_to(None).exists()


def test_invalid_application_fields_are_refused_precisely(agency):
    with pytest.raises(InvalidData, match="联系电话"):
        submit_request(agency, Actor.public(), f.application(phone="abc"), today=DAY)
    with pytest.raises(InvalidData, match="组织类别"):
        submit_request(agency, Actor.public(),
                       f.application(applicant_type="organisation"), today=DAY)
    assert not Case.objects.exists()


def test_no_purpose_is_asked_art27(agency):
    """第二十七条 (2019): anyone may apply; the form has no purpose or reason field."""
    from fazhi.disclosure.procedure import Application

    assert not {"purpose", "reason"} & set(Application.model_fields)


def test_refusal_needs_a_legal_ground_art36(agency, handler):
    """第三十六条第（三）项: a refusal states its reasons; the ground drives the report row."""
    case = f.received(agency, on=DAY)
    with pytest.raises(InvalidData, match="须选择理由"):
        act(handler, case, "reply", {"answer_type": "A3", "text": "经审查，决定不予公开。"}, today=DAY)
    case = act(handler, case, "reply", {"answer_type": "A3", "ground": "process_info",
                                        "text": "该信息属于过程性信息，不予公开。"}, today=DAY)
    event = case.events.order_by("-seq").first()
    assert "先申请行政复议" in event.payload  # 行政复议法 (2023) 第二十三条: 复议前置


def test_role_is_checked(agency, head):
    case = f.received(agency, on=DAY)
    with pytest.raises(Forbidden, match="权限"):
        act(head, case, "reply", {"answer_type": "A2", "text": "答复内容如下"}, today=DAY)


def test_served_reply_is_published_with_personal_data_masked(agency, handler):
    case = f.replied(agency, handler, on=DAY)
    act(handler, case, "serve", {"method": "electronic", "served_on": "2025-09-01"}, today=DAY)
    record = PublishedRecord.objects.get(case=case)
    text = record.body + str(record.data)
    assert "张三" not in text and "13912345678" not in text


def test_script_in_text_is_stored_verbatim_for_escaping_at_render(agency, handler):
    case = f.received(agency, on=DAY, description="<script>alert(1)</script>的有关文件")
    assert case.disclosure.description.startswith("<script>")


def test_events_are_hash_chained(agency, handler):
    case = f.replied(agency, handler, on=DAY)
    events = list(case.events)
    assert [e.seq for e in events] == [1, 2]
    assert events[1].prev_hash == events[0].hash
    case.refresh_from_db()
    assert case.head_hash == events[1].hash


def test_case_numbers_are_gapless_per_agency_and_year(agency):
    numbers = [f.received(agency, on=DAY).number for _ in range(3)]
    assert numbers == [f"XMSFJ-GK-2025-{n:05d}" for n in (1, 2, 3)]


def test_receipt_codes_are_long_and_unique(agency):
    codes = {f.received(agency, on=DAY).receipt_code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c.replace("-", "")) == 16 for c in codes)


def test_attachment_type_and_size_are_checked(agency, settings):
    from fazhi.cases.models import Attachment

    settings.FAZHI_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(InvalidData, match="不符"):
        submit_request(agency, Actor.public(), f.application(),
                       identity_proof=("id.pdf", b"not a pdf"), today=DAY)
    with pytest.raises(InvalidData, match="大小上限"):
        submit_request(agency, Actor.public(), f.application(),
                       identity_proof=("id.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000), today=DAY)
    with pytest.raises(InvalidData, match="不支持"):
        submit_request(agency, Actor.public(), f.application(),
                       identity_proof=("id.exe", b"MZ"), today=DAY)
    assert not Case.objects.exists() and not Attachment.objects.exists()
    case = submit_request(agency, Actor.public(), f.application(),
                          identity_proof=("id.pdf", b"%PDF-1.4 test"), today=DAY)
    stored = Attachment.objects.get(case=case)
    assert stored.size == 13 and len(stored.sha256) == 64


def test_a_receipt_date_before_the_regulation_took_effect_is_refused(agency, handler):
    with pytest.raises(InvalidData, match="施行日期"):
        submit_request(agency, handler,
                       f.application(channel="in_person", submitted_on="2019-05-01"), today=DAY)
    assert not Case.objects.exists()
