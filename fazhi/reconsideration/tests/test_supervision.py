"""Opinion letters (行政复议意见书, 《行政复议法》第七十六条) with their 60-day report, the copy to
the superior authority (第七十九条第二款), performance supervision (第七十七条、第七十八条) and
publication of decisions (第七十九条第一款) through `fazhi.publication`."""

from datetime import date

import pytest

from fazhi.cases.models import Case, Clock
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.publication.models import PublishedRecord
from fazhi.reconsideration import services
from fazhi.reconsideration.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def decided(world, **decision):
    case = world.heard()
    world.propose(case, **decision)
    return services.act(case, "decide", world.head, {"decision_no": "厦府复〔2025〕30号"}, today=DAY0)


def served(world, on=DAY0, **decision):
    case = decided(world, **decision)
    return services.act(case, "serve", world.handler,
                        {"served_on": on.isoformat(), "channel": "direct"}, today=on)


def clock(case, code):
    return Clock.objects.get(case=case, code=f"reconsideration.{code}")


def letter(world, case, on=DAY0, **extra):
    return services.act(case, "issue_letter", world.head, {
        "recipient_code": "XMSJJ", "letter_no": "厦府复意〔2025〕1号",
        "content": "规范罚款裁量，建立案件审核制度", "received_on": on.isoformat()} | extra, today=on)


def test_opinion_letter_report_within_60_days_art76_overdue_in_both_inboxes(world):
    case = letter(world, served(world, kind="uphold", content="维持"))
    assert case.state == "performing"  # the letter's report is still outstanding
    report = clock(case, "opinion_letter")
    assert report.due_on == date(2025, 5, 6)  # 60 CD from 3 March: 2 May, a holiday → 6 May
    late = date(2025, 5, 7)
    for actor in (world.handler, world.respondent):  # the office and the recipient
        assert Case.objects.inbox_for(actor).filter(pk=case.pk, due_on__lt=late).exists()
    with pytest.raises(NotAllowed):  # no second letter while one is unanswered
        letter(world, case, letter_no="厦府复意〔2025〕2号")
    with pytest.raises(NotAllowed):  # the case stays open until the report comes in
        services.act(case, "conclude", world.handler, {}, today=late)
    case = services.act(case, "report_letter", world.respondent,
                        {"report": "已修订裁量基准", "reported_on": late.isoformat()}, today=late)
    assert clock(case, "opinion_letter").state == Clock.MISSED
    case = services.act(case, "conclude", world.handler, {}, today=late)
    assert case.state == "closed" and not case.is_open and case.outcome == "uphold"


def test_a_letter_to_an_unknown_agency_is_refused_with_nothing_written(world):
    case = decided(world, kind="uphold", content="维持")
    with pytest.raises(InvalidData) as caught:
        letter(world, case, recipient_code="NOPE")
    assert "意见书接收机关不存在" in str(caught.value)
    assert not Case.objects.get(pk=case.pk).reconsideration.letter_no


def test_copy_to_the_superior_authority_art79(world, city):
    from fazhi.org.models import Agency

    Agency.objects.create(code="FJSSJJ", name="福建省市场监督管理局", short_name="省局", region=city)
    case = decided(world, kind="uphold", content="维持")
    case = services.act(case, "serve", world.handler, {
        "served_on": "2025-03-03", "channel": "direct", "superior_code": "FJSSJJ"}, today=DAY0)
    r = case.reconsideration
    assert r.copied_to.code == "FJSSJJ"
    assert case.participants.filter(role="superior", agency__code="FJSSJJ").exists()


def test_redo_period_is_supervised_and_an_order_to_perform_follows_failure_art77(world):
    case = served(world, kind="revoke", redo=True, redo_days=30, content="撤销，责令重作")
    r = case.reconsideration
    assert case.state == "performing" and r.perform_required
    assert r.perform_due == date(2025, 4, 2) and clock(case, "perform").due_on == date(2025, 4, 2)
    with pytest.raises(NotAllowed) as caught:  # not yet failed
        services.act(case, "order_performance", world.head,
                     {"days": 15, "note": "限期履行"}, today=date(2025, 4, 2))
    assert "届满前" in str(caught.value)
    late = date(2025, 4, 3)
    case = services.act(case, "order_performance", world.head, {
        "days": 15, "measures": ["interview", "criticism"], "note": "责令十五日内重新作出"},
        today=late)
    r = Case.objects.get(pk=case.pk).reconsideration
    assert r.perform_orders == 1 and "约谈" in r.accountability and "通报批评" in r.accountability
    assert r.perform_due == date(2025, 4, 18)
    case = services.act(case, "report_performance", world.respondent, {
        "performance": "已重新作出处罚决定", "performed_on": "2025-04-10"}, today=date(2025, 4, 10))
    assert clock(case, "perform").state == Clock.MET
    case = services.act(case, "conclude", world.handler, {}, today=date(2025, 4, 10))
    assert case.state == "closed" and case.outcome == "revoke"


def test_an_upheld_penalty_not_performed_goes_to_the_respondent_to_enforce_art78(world):
    case = served(world, kind="uphold", content="维持")
    assert case.state == "performing" and not case.reconsideration.perform_required
    with pytest.raises(NotAllowed) as caught:  # 15 days to sue first (行政诉讼法第四十五条)
        services.act(case, "record_enforcement", world.handler,
                     {"route": "respondent", "note": "申请人未缴纳罚款"}, today=date(2025, 3, 10))
    assert "起诉期限" in str(caught.value)
    later = date(2025, 3, 20)
    with pytest.raises(InvalidData):  # the body enforces only a change or a mediation
        services.act(case, "record_enforcement", world.handler,
                     {"route": "body", "note": "申请人未缴纳罚款"}, today=later)
    case = services.act(case, "record_enforcement", world.handler,
                        {"route": "respondent", "note": "申请人未缴纳罚款"}, today=later)
    assert case.reconsideration.enforcement == "respondent"


def test_a_dismissal_closes_on_service(world):
    case = served(world, kind="dismiss", content="驳回行政复议申请")
    assert case.state == "closed" and not case.is_open


def test_published_through_publication_masked_art79(world, client):
    case = served(world, kind="revoke", redo=True, redo_days=30,
                  content="撤销林某某（身份证号350203199001011234）的处罚决定")
    rec = PublishedRecord.objects.get(kind="reconsideration.decision", case=case)
    assert "林某某" not in rec.body and "350203199001011234" not in rec.body
    assert rec.data["applicant"] != "林某某"
    page = client.get("/reconsideration/decisions/").content.decode()
    assert "厦府复〔2025〕30号" in page and "林某某" not in page
    pk = case.reconsideration.pk
    assert client.get(f"/reconsideration/decisions/{pk}/").status_code == 200


def test_not_published_when_the_original_act_was_not(world, client):
    case = decided(world, kind="uphold", content="维持")
    services.act(case, "serve", world.handler, {"served_on": "2025-03-03", "channel": "direct",
                                                "publish": False}, today=DAY0)
    assert not PublishedRecord.objects.filter(case=case).exists()
    assert "厦府复〔2025〕30号" not in client.get("/reconsideration/decisions/").content.decode()


def test_indicators_letters_answered_on_time_and_performance_rate_art76_art77(world):
    from fazhi.reconsideration import indicators

    case = served(world, kind="revoke", redo=True, redo_days=30, content="撤销，责令重作")
    letter(world, case)
    services.act(case, "report_letter", world.respondent,
                 {"report": "已整改", "reported_on": "2025-03-20"}, today=date(2025, 3, 20))
    assert indicators.opinion_letters(2025, None).value == 1
    assert indicators.opinion_letters_on_time(2025, None).value == 100.0
    assert indicators.performance_rate(2025, None).value == 0.0
    services.act(case, "report_performance", world.respondent,
                 {"performance": "已重新作出", "performed_on": "2025-03-25"}, today=date(2025, 3, 25))
    assert indicators.performance_rate(2025, None).value == 100.0


def test_deadline_list_shows_the_review_letter_and_performance_limits_art56_to_77(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    listed = out.getvalue()
    for code, article in (("incidental_review", "第五十六条"), ("incidental_transfer", "第五十六条"),
                          ("issuer_notice", "第五十八条"), ("issuer_reply", "第五十八条"),
                          ("transfer_reply", "第六十条"), ("opinion_letter", "第七十六条"),
                          ("perform", "第七十七条")):
        line = next(row for row in listed.splitlines()
                    if row.startswith(f"reconsideration.{code}\t"))
        assert "《行政复议法》" in line and article in line
