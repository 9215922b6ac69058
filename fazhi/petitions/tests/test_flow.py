"""A petition through its life (《信访工作条例》, domain/procedures.md §5.1), each step through
the engine, with the parts of ADR 0022: the 信访 office, the competent body, the review and
re-review bodies."""

from datetime import date

import pytest

from fazhi.cases.models import Clock, Participant
from fazhi.notifications.models import Notification
from fazhi.petitions import services
from fazhi.petitions.tests.factories import DAY0, PUBLIC, days

pytestmark = pytest.mark.django_db


def clock(case, key):
    return case.clocks.get(code=f"petition.{key}")


def test_registration_starts_the_15_day_clock_art_22(world):
    """《信访工作条例》第二十二条: registered, transferred or assigned within 15 days of receipt."""
    case = world.received()
    assert case.state == "received" and "-XF-" in case.number
    c = clock(case, "accept")
    assert c.due_on == DAY0 + days(15) and "第二十二条" in c.explanation


def test_transfer_gives_the_competent_body_its_part_and_the_5_wd_objection_clock_art_23(world):
    """《信访工作条例》第二十三条第三款: the receiving body objects within 5 working days."""
    case = world.transferred()
    assert case.state == "transferred"
    assert Participant.objects.filter(case=case, agency=world.bureau, role="competent",
                                      active=True).exists()
    assert clock(case, "accept").state == Clock.MET
    assert clock(case, "objection").due_on == DAY0 + days(9)  # Wed 5 + 5 WD → Wed 12
    assert clock(case, "receive").due_on == DAY0 + days(17)


def test_accepted_matter_has_60_days_and_the_extension_adds_30_art_32_34(world):
    """《信访工作条例》第三十二条、第三十四条: 60 days from acceptance, +30 with the head's approval,
    the petitioner told why."""
    case = world.accepted()
    assert case.state == "accepted"
    assert clock(case, "handle").due_on == DAY0 + days(5 + 60)
    services.act(case, "extend", world.bureau_head, {"reason": "需要现场测量"}, today=DAY0 + days(50))
    assert clock(case, "handle").due_on == DAY0 + days(5 + 90)
    assert Notification.objects.filter(kind="petition.notice", body__contains="需要现场测量").exists()


def test_handled_reviewed_and_re_reviewed_to_finality_art_35_36(world):
    """《信访工作条例》第三十五条、第三十六条: review by the body one level up, then re-review by the
    body above it; the re-review opinion is final."""
    case = world.answered()
    assert clock(case, "handle").state == Clock.MET
    assert clock(case, "review_request").party == "信访人"
    case = world.final(subject="另一事项")
    case.refresh_from_db()
    p = case.petition
    assert (case.state, case.outcome, case.is_open) == ("final", "final", False)
    assert p.review_body == world.district and p.rereview_body == world.city and p.final
    assert clock(case, "review").state == Clock.MET and clock(case, "rereview").state == Clock.MET


def test_hearing_time_is_excluded_from_the_re_review_period_art_36(world):
    """《信访工作条例》第三十六条: the hearing's time is not counted (a stop with its bound)."""
    case = world.in_rereview()
    start = DAY0 + days(85)
    due = clock(case, "rereview").due_on
    services.act(case, "hold_hearing", world.city_head,
                 {"start": start.isoformat(), "until": (start + days(20)).isoformat()}, today=start)
    services.act(case, "end_hearing", world.city_handler,
                 {"on": (start + days(6)).isoformat(), "record": "听证"}, today=start + days(6))
    # 30 days from the request (Sat 21 June, carried to Mon 23 June); the 6 days of the
    # hearing are added to the period's own end: Fri 27 June
    assert due == date(2025, 6, 23)
    assert clock(case, "rereview").due_on == date(2025, 6, 27)


def test_routed_matter_is_tracked_not_handled_as_a_petition_art_31(world):
    """《信访工作条例》第三十一条（诉访分离）: a matter for reconsideration goes there; the case
    records where and closes as routed, with no handling clock."""
    case = world.transferred()
    case = services.act(case, "accept", world.bureau_handler,
                        {"route": "administrative", "routed_to": "行政复议：厦门市思明区人民政府"},
                        today=DAY0 + days(4))
    assert (case.state, case.outcome, case.is_open) == ("routed", "routed", False)
    assert case.petition.routed_to.startswith("行政复议")
    assert not case.clocks.filter(code="petition.handle").exists()


def test_objection_returns_the_matter_to_the_office_art_23(world):
    """《信访工作条例》第二十三条第三款: the sender agrees, the materials come back."""
    case = world.transferred()
    services.act(case, "object", world.bureau_handler, {"reason": "属街道职责"}, today=DAY0 + days(4))
    case = services.act(case, "decide_objection", world.office_handler, {"agree": True},
                        today=DAY0 + days(5))
    assert case.state == "received"
    assert not Participant.objects.get(case=case, role="competent").active
    assert clock(case, "accept").state == Clock.RUNNING


def test_settlement_closes_the_matter_art_33(world):
    """《信访工作条例》第三十三条: a written mediation or settlement agreement."""
    case = world.accepted()
    case = services.act(case, "settle", world.bureau_handler, {"agreement": "双方和解"},
                        today=DAY0 + days(20))
    assert (case.state, case.outcome) == ("closed", "settled")


def test_answered_matter_closes_once_the_petitioner_lets_30_days_pass_art_35(world):
    """《信访工作条例》第三十五条: no review requested within 30 days → closed."""
    case = world.answered()
    case = services.act(case, "close", world.bureau_handler, {}, today=DAY0 + days(71))
    assert (case.state, case.outcome) == ("closed", "answered")


def test_supervision_notice_reaches_the_competent_body_art_40(world):
    """《信访工作条例》第四十条: the office's supervision notice to the handling body."""
    case = world.accepted()
    from django.contrib.auth.models import User

    User.objects.filter(username="bureau_handler").update(email="bureau@example.org")
    services.act(case, "supervise", world.office_handler, {"kind": "notice", "text": "请加快办理"},
                 today=DAY0 + days(30))
    case.petition.refresh_from_db()
    assert case.petition.supervisions == 1
    assert Notification.objects.get(kind="petition.supervision").recipient == "bureau@example.org"


def test_petitioner_rates_the_handling_once(world):
    case = world.answered()
    services.act(case, "rate", PUBLIC, {"score": "basic"}, today=DAY0 + days(41))
    case.petition.refresh_from_db()
    assert case.petition.satisfaction == 2
