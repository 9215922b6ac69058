"""The refusals of petitions, each by the engine with a Chinese message citing its article of
《信访工作条例》 (domain/procedures.md §5.1), and nothing half-written."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.petitions import services
from fazhi.petitions.limits import LIMITS
from fazhi.petitions.models import Petition
from fazhi.petitions.tests.factories import DAY0, PUBLIC, days, intake

pytestmark = pytest.mark.django_db


def unchanged(case, state: str, events: int) -> None:
    case.refresh_from_db()
    assert (case.state, case.event_count) == (state, events)


def counts() -> tuple[int, int]:
    return Case.objects.count(), Petition.objects.count()


# -- intake ---------------------------------------------------------------------------
def test_more_than_five_representatives_of_a_group_visit_is_refused_art_20(world):
    """《信访工作条例》第二十条第二款: a group visit elects at most 5 representatives."""
    before = counts()
    with pytest.raises(NotAllowed, match="代表人数不超过5人.*第二十条"):
        world.received(channel="visit", group_size=30,
                       representatives=["甲", "乙", "丙", "丁", "戊", "己"])
    assert counts() == before


def test_five_representatives_are_accepted_art_20(world):
    """《信访工作条例》第二十条第二款: five is the most, and allowed."""
    case = world.received(channel="visit", group_size=30,
                          representatives=["甲", "乙", "丙", "丁", "戊"])
    assert case.petition.representatives == ["甲", "乙", "丙", "丁", "戊"]


def test_a_petition_repeating_a_final_re_reviewed_matter_is_refused_art_36(world):
    """《信访工作条例》第三十六条: after the re-review the same facts and grounds are not accepted
    again by any office or body — matched by the petitioner's identity number and the matter,
    whatever the spacing, punctuation or full-width forms of its subject."""
    final = world.final()
    before = counts()
    with pytest.raises(NotAllowed, match=f"已经复核终结（{final.number}）.*第三十六条"):
        services.receive(world.city, world.city_handler,
                         intake(subject="小区违建，影响采光！ ", petitioner_id="350203198001011234"),
                         received_on=DAY0 + days(120), today=DAY0 + days(120))
    assert counts() == before


def test_a_final_matter_repeated_with_the_id_typed_full_width_is_refused_art_36(world):
    """第三十六条 with the identity number typed full-width and spaced: it is NFKC-folded before
    the match (fazhi.core.inputs.IDENTIFIER_FIELDS), so the bar holds."""
    final = world.final()
    before = counts()
    with pytest.raises(NotAllowed, match=f"已经复核终结（{final.number}）"):
        services.receive(world.city, world.city_handler,
                         intake(subject="小区违建，影响采光！ ", petitioner_id="３５０２０３ １９８００１０１１２３４"),
                         received_on=DAY0 + days(120), today=DAY0 + days(120))
    assert counts() == before


def test_a_repeat_linked_by_the_office_to_the_final_matter_is_refused_art_36(world):
    """《信访工作条例》第三十六条: the office links a differently worded repeat to the earlier
    matter (关联的在先信访事项), which carries its matter key."""
    final = world.final()
    with pytest.raises(NotAllowed, match="第三十六条"):
        world.received(DAY0 + days(120), subject="要求拆除隔壁加建", related_number=final.number)


def test_another_petitioner_on_the_same_matter_is_accepted(world):
    """第三十六条 binds the petitioner whose matter ended, not a neighbour raising it."""
    world.final()
    case = world.received(DAY0 + days(120), petitioner_id="350203199002021111")
    assert case.state == "received"


def test_a_pending_matter_repeated_to_a_higher_level_is_not_accepted_again_art_20(world):
    """《信访工作条例》第二十条 (domain §5.1 step 1): repeated to a higher level within the handling
    period, the higher level does not accept it; the refusal names where it is pending."""
    pending = world.accepted()
    before = counts()
    with pytest.raises(NotAllowed, match=f"正由厦门市信访局办理（{pending.number}）.*第二十条"):
        services.receive(world.city, world.city_handler, intake(channel="visit"),
                         received_on=DAY0 + days(10), today=DAY0 + days(10))
    assert counts() == before


# -- the receiving body's objection ------------------------------------------------------
def test_an_objection_after_5_working_days_is_refused_art_23(world):
    """《信访工作条例》第二十三条第三款: an objection within 5 working days of receipt."""
    case = world.transferred()  # received by the bureau on Wed 5 March: due Wed 12 March
    with pytest.raises(NotAllowed, match="5个工作日内提出.*2025-03-12.*第二十三条第三款"):
        services.act(case, "object", world.bureau_handler, {"reason": "不属本单位职责"},
                     today=DAY0 + days(10))
    unchanged(case, "transferred", 2)


def test_only_the_competent_body_objects_adr_0022(world):
    case = world.transferred()
    with pytest.raises(Forbidden, match="有权处理的机关、单位"):
        services.act(case, "object", world.office_handler, {"reason": "不属本单位职责"},
                     today=DAY0 + days(3))


# -- classification and handling --------------------------------------------------------
def test_routing_without_the_destination_is_refused_art_31(world):
    """《信访工作条例》第三十一条: a matter for another statutory procedure names it."""
    case = world.transferred()
    with pytest.raises(InvalidData, match="第三十一条"):
        services.act(case, "accept", world.bureau_handler, {"route": "litigation"},
                     today=DAY0 + days(4))
    unchanged(case, "transferred", 2)


def test_a_second_extension_is_refused_art_32_34(world):
    """《信访工作条例》第三十二条、第三十四条: one extension of at most 30 days."""
    case = world.accepted()
    services.act(case, "extend", world.bureau_head, {"reason": "情况复杂"}, today=DAY0 + days(40))
    with pytest.raises(NotAllowed, match="已经延长过.*第三十二条"):
        services.act(case, "extend", world.bureau_head, {"reason": "仍需调查"}, today=DAY0 + days(80))


def test_the_extension_needs_the_head_art_32_34(world):
    """《信访工作条例》第三十二条、第三十四条: with the approval of the body's head."""
    case = world.accepted()
    with pytest.raises(Forbidden):
        services.act(case, "extend", world.bureau_handler, {"reason": "情况复杂"},
                     today=DAY0 + days(40))


# -- review and re-review -----------------------------------------------------------------
def test_a_review_request_after_30_days_is_refused_art_35(world):
    """《信访工作条例》第三十五条: a review is requested within 30 days of the written reply."""
    case = world.answered()  # served on 12 April: the 30 days end on 12 May
    with pytest.raises(NotAllowed, match="请求复查.*30日内.*2025-05-12.*第三十五条"):
        services.act(case, "request_review", PUBLIC, {"grounds": "不服"}, today=DAY0 + days(71))
    unchanged(case, "answered", 4)


def test_a_review_request_on_the_30th_day_is_accepted_art_35(world):
    """《信访工作条例》第三十五条: the 30th day still counts."""
    case = world.answered()
    case = services.act(case, "request_review", PUBLIC, {"grounds": "不服"}, today=DAY0 + days(70))
    assert case.state == "review" and case.petition.review_body == world.district


def test_a_re_review_request_after_30_days_is_refused_art_36(world):
    """《信访工作条例》第三十六条第一款: a re-review within 30 days of the review opinion."""
    case = world.reviewed()
    with pytest.raises(NotAllowed, match="请求复核.*第三十六条"):
        services.act(case, "request_rereview", PUBLIC, {"grounds": "不服"}, today=DAY0 + days(101))
    unchanged(case, "reviewed", 6)


def test_only_the_review_body_decides_the_review_adr_0022(world):
    case = world.answered()
    services.act(case, "request_review", PUBLIC, {"grounds": "不服"}, today=DAY0 + days(50))
    with pytest.raises(Forbidden, match="复查机关"):
        services.act(case, "decide_review", world.bureau_handler,
                     {"result": "changed", "text": "变更", "served_on": "2025-04-30"},
                     today=DAY0 + days(58))


def test_the_petitioner_cannot_choose_the_review_body(world):
    """第三十五条: the body one level up, found by the platform."""
    case = world.answered()
    with pytest.raises(InvalidData, match="上一级机关"):
        services.act(case, "request_review", PUBLIC, {"grounds": "不服", "body_id": world.city.pk},
                     today=DAY0 + days(50))


def test_closing_before_the_petitioner_s_30_days_run_is_refused_art_35(world):
    case = world.answered()
    with pytest.raises(NotAllowed, match="届满后方可办结"):
        services.act(case, "close", world.bureau_handler, {}, today=DAY0 + days(60))


def test_a_second_rating_is_refused(world):
    case = world.answered()
    services.act(case, "rate", PUBLIC, {"score": "satisfied"}, today=DAY0 + days(41))
    with pytest.raises(NotAllowed, match="已经评价过"):
        services.act(case, "rate", PUBLIC, {"score": "unsatisfied"}, today=DAY0 + days(42))


# -- the limits for `fazhi deadline` ---------------------------------------------------------
def test_every_limit_is_listed_with_its_article(db):
    """`fazhi deadline --list`: petition.accept and petition.handle among them, each citing
    《信访工作条例》 and its article."""
    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    listed = out.getvalue()
    for limit in LIMITS.values():
        assert limit.code in listed and limit.citation.startswith("《信访工作条例》第")
    assert "petition.accept" in listed and "petition.handle" in listed


def test_deadline_extended_adds_the_30_days_to_petition_handle(db):
    """《信访工作条例》第三十二条、第三十四条 through `fazhi deadline --extended`."""
    def due(*extra: str) -> str:
        out = StringIO()
        call_command("deadline", "petition.handle", "--from", "2025-03-03", "--json", *extra,
                     stdout=out)
        return json.loads(out.getvalue())["due"]

    # 60 days end on Fri 2 May, in the Labour Day holiday (1–5 May 2025): carried to 6 May
    assert (due(), due("--extended")) == ("2025-05-06", "2025-06-03")


def test_a_province_s_stricter_limits_load_as_overrides(db):
    """domain §5: provincial 信访条例 may be stricter (Zhejiang: handling within 30 days); the
    local rule keeps the code, names its own citation and jurisdiction."""
    from fazhi.holidays.services import current_calendar
    from fazhi.law.timelimits import evaluate
    from fazhi.petitions.limits import overridden

    local = overridden(LIMITS, {"handle": {"value": 30, "citation": "《浙江省信访条例》（示例）",
                                           "jurisdiction": "浙江省", "extension": 30}})
    handle = local["handle"]
    assert (handle.code, handle.value, handle.jurisdiction) == ("petition.handle", 30, "浙江省")
    assert handle.effective_from == LIMITS["handle"].effective_from
    assert "60日" in handle.note and handle.extension.value == 30
    due = evaluate(handle, current_calendar(), date(2025, 3, 3)).due
    assert due == date(2025, 4, 2) and local["accept"] is LIMITS["accept"]


def test_a_hearing_cannot_start_before_the_re_review_request_art_36(world):
    case = world.in_rereview()  # requested on day 80
    with pytest.raises(InvalidData, match="听证开始日期不能早于"):
        services.act(case, "hold_hearing", world.city_head,
                     {"start": (DAY0 + days(70)).isoformat(),
                      "until": (DAY0 + days(90)).isoformat()}, today=DAY0 + days(85))
    unchanged(case, "rereview", 7)


def test_a_hearing_not_ended_stops_the_clock_only_to_its_bound_art_36(world):
    """《信访工作条例》第三十六条: hearing time is excluded, but a stop always ends: an open
    hearing counts to its latest end, and the clock runs again after it."""
    case = world.in_rereview()
    start = DAY0 + days(85)
    services.act(case, "hold_hearing", world.city_head,
                 {"start": start.isoformat(), "until": (start + days(10)).isoformat()}, today=start)
    c = case.clocks.get(code="petition.rereview")
    assert c.due_on == date(2025, 7, 1)  # 21 June (→ 23 June) + the 10 days to the bound
    assert "听证" in c.explanation
