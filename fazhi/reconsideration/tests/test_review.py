"""Incidental review of a normative document (规范性文件附带审查, 《行政复议法》第十三条、
第五十六条至第六十条): the request, the body competent (30 days) or the transfer (7 WD, the
competent body replies within 60 days), the suspension with its bound, the issuer's notice (3
WD) and reply (10 WD), the finding stated in the decision and recorded on the document."""

from datetime import date

import pytest

from conftest import make_staff
from fazhi.cases.models import Clock
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.normative.links import review_notes
from fazhi.normative.tests.factories import World as NormativeWorld
from fazhi.reconsideration import services
from fazhi.reconsideration.tests.factories import DAY0

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(agency, other_agency):
    """A published departmental document of the respondent (the `other_agency`)."""
    case, _ = NormativeWorld(agency, other_agency).published()
    return case.normative


def request(world, case, number, *, competent=True, on=DAY0):
    return services.act(case, "request_review", world.handler, {
        "document_no": number, "clauses": "第三条", "grounds": "第三条设定的登记条件缺乏上位法依据",
        "requested_on": on.isoformat(), "suspended_on": on.isoformat(), "competent": competent},
        today=on)


def clock(case, code):
    return Clock.objects.get(case=case, code=f"reconsideration.{code}")


def test_competent_body_handles_within_30_days_art56_and_the_decision_clock_stops(world, document):
    case = world.heard()
    case = request(world, case, document.registration_no.lower())  # typed in lower case
    assert case.state == "document_review"
    review = clock(case, "incidental_review")
    assert review.due_on == date(2025, 4, 2)  # 30 CD from 3 March 2025
    assert clock(case, "issuer_notice").due_on == date(2025, 3, 6)  # 3 WD (第五十八条)
    decide = clock(case, "decide")
    stop = decide.stops[-1]
    assert stop["end"] is None and stop["bound"] == "2025-04-02"  # a stop that always ends
    # 60 CD run from 3 March with 30 days stopped: 1 June, a Dragon Boat holiday → 3 June
    assert decide.due_on == date(2025, 6, 3)
    # the document records that its clause is challenged
    assert document.case.events.filter(action="reconsideration:review_requested").exists()


def test_issuer_notified_within_3_wd_replies_on_its_workspace_within_10_wd_art58(
        world, document, other_agency):
    case = request(world, world.heard(), document.registration_no)
    services.act(case, "notify_issuer", world.handler, {"notified_on": "2025-03-04"},
                 today=date(2025, 3, 4))
    assert clock(case, "issuer_notice").state == Clock.MET
    assert clock(case, "issuer_reply").due_on == date(2025, 3, 18)  # 10 WD
    drafter = make_staff(other_agency, "issuer_staff", ["handler"], "制定机关经办人")
    services.act(case, "issuer_reply", drafter, {"reply": "第三条依据食品安全法第三十六条"},
                 today=date(2025, 3, 10))
    assert clock(case, "issuer_reply").state == Clock.MET
    assert case.reconsideration.__class__.objects.get(pk=case.reconsideration.pk) \
        .review["issuer_reply"].startswith("第三条")


def test_lawful_finding_resumes_the_case_and_is_stated_in_the_decision_art59(world, document):
    case = request(world, world.heard(), document.registration_no)
    case = services.act(case, "conclude_review", world.head, {
        "finding": "lawful", "opinion": "第三条有上位法依据", "concluded_on": "2025-03-13"},
        today=date(2025, 3, 13))
    assert case.state == "reviewing"
    assert clock(case, "incidental_review").state == Clock.MET
    decide = clock(case, "decide")
    assert decide.stops[-1]["end"] == "2025-03-13"
    assert decide.due_on == date(2025, 5, 12)  # 60 CD + the 10 days stopped
    world.propose(case, kind="uphold", content="维持")
    case = services.act(case, "decide", world.head, {"decision_no": "厦府复〔2025〕20号"},
                        today=date(2025, 3, 14))
    from fazhi.cases.tracking import last_payload

    assert "相关条款合法" in last_payload(case, "decide")["incidental_review"]
    notes = review_notes(document)
    assert notes and notes[0]["payload"]["finding"] == "lawful"


def test_unlawful_finding_stops_the_clause_and_orders_correction_shown_on_the_document_art59(
        world, document, client):
    case = request(world, world.heard(), document.registration_no)
    services.act(case, "conclude_review", world.head, {
        "finding": "unlawful", "opinion": "第三条增设登记条件，违反上位法", "concluded_on": "2025-03-13"},
        today=date(2025, 3, 13))
    page = client.get(f"/normative/documents/{document.pk}/").content.decode()
    assert "reconsideration-review" in page and "违反上位法" in page
    assert "责令制定机关予以纠正" in page


def test_not_competent_transfers_within_7_wd_and_the_receiver_replies_within_60_days_art56_60(
        world, document, city):
    from fazhi.org.models import Agency

    case = request(world, world.heard(), document.registration_no, competent=False)
    assert clock(case, "incidental_transfer").due_on == date(2025, 3, 12)  # 7 WD
    with pytest.raises(NotAllowed):  # the body may not decide what it must transfer
        services.act(case, "conclude_review", world.head, {
            "finding": "lawful", "opinion": "合法", "concluded_on": "2025-03-05"},
            today=date(2025, 3, 5))
    province = Agency.objects.create(code="FJSSJJ", name="福建省市场监督管理局", short_name="省市场监管局",
                                     region=city)
    case = services.act(case, "transfer_review", world.handler, {
        "competent_code": "FJSSJJ", "transferred_on": "2025-03-05"}, today=date(2025, 3, 5))
    reply = clock(case, "transfer_reply")
    assert reply.due_on == date(2025, 5, 6)  # 60 CD from 5 March (4 May a Sunday → the 6th after 5 May holiday)
    assert clock(case, "decide").stops[-1]["bound"] == reply.due_on.isoformat()
    officer = make_staff(province, "province_officer", ["handler"], "省局法规处")
    case = services.act(case, "reply_review", officer, {
        "finding": "unlawful", "opinion": "超越权限", "concluded_on": "2025-04-01"},
        today=date(2025, 4, 1))
    assert case.state == "reviewing" and clock(case, "transfer_reply").state == Clock.MET
    assert review_notes(document)[0]["payload"]["decided_by"] == "福建省市场监督管理局"


def test_an_unknown_document_number_is_refused_with_nothing_written(world):
    case = world.heard()
    with pytest.raises(InvalidData) as caught:
        request(world, case, "XMSJGF-2099-999")
    assert "不存在或者尚未公布" in str(caught.value)
    case.refresh_from_db()
    assert case.state == "reviewing" and not case.reconsideration.review


def test_full_width_number_with_the_application_and_the_decision_waits_for_it_art13(
        world, document):
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c
                   for c in document.registration_no)
    case = world.heard(review_document=wide)
    assert case.reconsideration.review["document_no"] == document.registration_no
    with pytest.raises(NotAllowed) as caught:
        world.propose(case)
    assert "附带审查申请尚未处理" in str(caught.value)
    with pytest.raises(InvalidData):
        world.apply(review_document="NOPE-1")


def test_the_case_page_of_a_review_reads_in_english(world, document, client):
    """The new state, steps and fields (ADR 0046) are translated on the English case page."""
    from django.conf import settings
    from django.contrib.auth.models import User

    from fazhi.reconsideration.procedure import RECONSIDERATION, ReviewFinding

    case = request(world, world.heard(), document.registration_no)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(User.objects.get(username="fy_head"))
    html = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "Normative document under incidental review (suspended)" in html
    assert "Decide the incidental review" in html and "Finding and reasons" in html
    chinese = [RECONSIDERATION.states["document_review"],
               *(t.label for t in RECONSIDERATION.transitions if t.action in {
                   "conclude_review", "notify_issuer", "issue_letter", "extend_decision"}),
               *(f.title for f in ReviewFinding.model_fields.values())]
    assert [text for text in chinese if text in html] == []


def test_the_applicant_sees_the_review_and_its_finding_on_the_track_page(world, document, client):
    """The applicant follows the review of the document (第五十六条) with the receipt code."""
    case = request(world, world.heard(), document.registration_no)
    client.post("/track/", {"code": case.receipt_code})
    html = client.get("/track/").content.decode()
    assert document.registration_no in html and "行政复议中止" in html
    services.act(case, "conclude_review", world.head, {
        "finding": "unlawful", "opinion": "违反上位法", "concluded_on": "2025-03-13"},
        today=date(2025, 3, 13))
    html = client.get("/track/").content.decode()
    assert "相关条款超越权限或者违反上位法" in html
