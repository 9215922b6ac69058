"""The simple (on-the-spot) penalty procedure (简易程序, procedures.md §3.2): each rule and
limit cites its article of 《行政处罚法》 (2021); every refusal leaves nothing written."""

import itertools
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.cases.models import Case, Clock
from fazhi.core.errors import DomainError, Forbidden, InvalidData, NotAllowed
from fazhi.enforcement import models as m
from fazhi.enforcement import simple_limits as sl
from fazhi.enforcement import simple_services as services
from fazhi.enforcement.tests.factories import CATEGORY, DAY0

pytestmark = pytest.mark.django_db


def spot(officer, **overrides) -> dict:
    data = {"officer_id": officer.pk, "credentials_shown": True, "facts_certain": True,
            "party_type": "natural", "party_name": "张三", "party_id": "350203198001011234",
            "violation_code": "SC009", "violation": "经营者不按规定明码标价",
            "legal_basis": "《价格法》第四十二条", "category": CATEGORY, "sector": "市场监管",
            "occurred_at": "2025-03-03 09:30", "place": "思明区中山路1号", "kind": "fine",
            "fine": "50"}
    return data | overrides


@pytest.fixture
def forms(world):
    """Forms XM0001–XM0010 allocated to the first officer."""
    return services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                                   prefix="XM", start=1, end=10, today=DAY0)


PARTIES = itertools.count(1000)


def decide(world, on=DAY0, officer=None, **overrides):
    """A decision on a new party each time (one act, one fine: 第二十九条), unless given."""
    overrides.setdefault("party_id", f"35020319800101{next(PARTIES):04d}")
    return services.decide(world.agency, world.handler,
                           spot(officer or world.officers[0], **overrides), today=on)


def nothing_written(form_range) -> None:
    form_range.refresh_from_db()
    assert not Case.objects.filter(procedure="simple_penalty").exists()
    assert not m.SimpleForm.objects.filter(status=m.SimpleForm.ISSUED).exists()
    assert form_range.next_no == 1


def clock(case, key: str) -> Clock:
    return case.clocks.get(code=sl.LIMITS[key].code)


# -- threshold (第五十一条) -----------------------------------------------------------------
@pytest.mark.parametrize(("party_type", "fine", "party_id"), [
    ("natural", "200", "350203198001011234"), ("organisation", "3000", "91350200MA2Y0000XX")])
def test_fines_up_to_the_threshold_are_decided_on_the_spot_penalty_law_art_51(
        world, forms, party_type, fine, party_id):
    case = decide(world, party_type=party_type, fine=fine, party_id=party_id)
    p = case.simple_penalty
    assert (case.state, p.form_no, p.fine) == ("decided", "XM01", Decimal(fine))
    assert "第五十一条" in p.threshold


@pytest.mark.parametrize(("party_type", "fine", "limit"), [
    ("natural", "200.01", "200"), ("organisation", "3001", "3,000")])
def test_over_the_threshold_is_refused_naming_limit_and_article_penalty_law_art_51(
        world, forms, party_type, fine, limit):
    with pytest.raises(InvalidData) as refused:
        decide(world, party_type=party_type, fine=fine)
    assert limit in refused.value.message and "《行政处罚法》第五十一条" in refused.value.message
    assert "普通程序" in refused.value.message
    nothing_written(forms)


def test_only_a_warning_or_a_fine_on_the_spot_penalty_law_art_51(world, forms):
    with pytest.raises(InvalidData) as refused:
        decide(world, kind="suspend_permit", fine=None)
    assert "第五十一条" in refused.value.message and "暂扣许可证件" in refused.value.message
    nothing_written(forms)
    case = decide(world, kind="warning", fine=None)
    assert case.simple_penalty.kind == "warning"


def test_facts_certain_and_credentials_shown_penalty_law_arts_51_52(world, forms):
    for field, article in (("facts_certain", "第五十一条"), ("credentials_shown", "第五十二条")):
        with pytest.raises(DomainError) as refused:
            decide(world, **{field: False})
        assert article in str(refused.value.message) + str(getattr(refused.value, "errors", ""))
    nothing_written(forms)


def test_thresholds_are_dated_and_the_operator_may_set_a_special_statute(world, settings):
    """第五十一条 "法律另有规定的，从其规定"; before 2021-07-15 the 1996 law's ¥50 / ¥1,000."""
    assert sl.threshold("natural", date(2021, 7, 14)).amount == 50
    assert sl.threshold("organisation", date(2021, 7, 14)).amount == 1000
    assert sl.threshold("natural", DAY0).amount == 200
    settings.FAZHI_ENFORCEMENT_SIMPLE_THRESHOLDS = {"sectors": {"交通运输": {
        "natural": 500, "since": "2025-01-01", "citation": "某特别法第十条"}}}
    special = sl.threshold("natural", DAY0, "交通运输")
    assert (special.amount, special.citation) == (500, "某特别法第十条")
    assert sl.threshold("natural", DAY0, "市场监管").amount == 200


# -- officers (第五十二条; powers) -----------------------------------------------------------
def test_one_certified_officer_suffices_on_the_spot_penalty_law_art_52(world, forms):
    """The two-officer rule of 第四十二条 does not apply: one officer shows credentials."""
    case = decide(world)
    assert case.simple_penalty.officer == world.officers[0]


def test_expired_or_wrong_category_certificate_is_refused_penalty_law_art_42(world, forms):
    for who in (world.officers[3], world.officers[4]):  # expired 2024; 交通运输 only
        services.allocate_range(world.agency, world.head, officer_id=who.pk,
                                prefix=f"Z{who.code}", start=1, end=5, today=DAY0)
        with pytest.raises(NotAllowed):
            decide(world, officer=who)
    assert not Case.objects.filter(procedure="simple_penalty").exists()
    assert not m.SimpleForm.objects.exists()


# -- numbered forms (第五十二条) ------------------------------------------------------------
def test_forms_are_issued_in_order_voided_ones_skipped_never_reused_penalty_law_art_52(
        world, forms):
    services.void_form(forms, world.handler, number=2, reason="填写错误，污损", today=DAY0)
    numbers = [decide(world).simple_penalty.form_no for _ in range(3)]
    assert numbers == ["XM01", "XM03", "XM04"]
    with pytest.raises(NotAllowed):
        services.void_form(forms, world.handler, number=3, reason="已使用的编号", today=DAY0)
    with pytest.raises(NotAllowed):
        services.void_form(forms, world.handler, number=2, reason="再次作废", today=DAY0)
    assert m.SimpleForm.objects.get(number=2).reason == "填写错误，污损"


def test_a_used_up_range_and_no_range_are_refused_penalty_law_art_52(world):
    small = services.allocate_range(world.agency, world.head, officer_id=world.officers[0].pk,
                                    prefix="S", start=7, end=8, today=DAY0)
    assert [decide(world).simple_penalty.form_no for _ in range(2)] == ["S7", "S8"]
    with pytest.raises(NotAllowed) as refused:
        decide(world)
    assert "第五十二条" in refused.value.message
    small.refresh_from_db()
    assert small.exhausted and Case.objects.filter(procedure="simple_penalty").count() == 2
    with pytest.raises(NotAllowed):
        decide(world, officer=world.officers[1])  # nothing allocated to this officer


def test_overlapping_ranges_are_refused_penalty_law_art_52(world, forms):
    with pytest.raises(InvalidData) as refused:
        services.allocate_range(world.agency, world.head, officer_id=world.officers[1].pk,
                                prefix="XM", start=10, end=20, today=DAY0)
    assert "重叠" in refused.value.message
    services.allocate_range(world.agency, world.head, officer_id=world.officers[1].pk,
                            prefix="XM", start=11, end=20, today=DAY0)
    assert m.FormRange.objects.count() == 2


def test_only_the_agency_staff_manage_its_forms(world, forms):
    from conftest import make_staff
    from fazhi.org.models import Agency

    other = Agency.objects.create(code="OTHER", name="其他局", short_name="其他局",
                                  region=world.agency.region)
    stranger = make_staff(other, "o_head", ["head"], "外局")
    with pytest.raises(Forbidden):
        services.void_form(forms, stranger, number=5, reason="越权作废")
    with pytest.raises(Forbidden):
        services.allocate_range(world.agency, stranger, officer_id=world.officers[0].pk,
                                prefix="Q", start=1, end=2)


# -- delivery, filing (第五十二条第二款、第三款) --------------------------------------------------
def test_a_refusal_to_sign_is_noted_and_filing_has_a_clock_penalty_law_art_52(world, forms):
    case = decide(world)
    with pytest.raises(DomainError):
        services.act(case, "deliver", world.handler, {"party_signed": False}, today=DAY0)
    services.act(case, "deliver", world.handler,
                 {"party_signed": False, "refusal_note": "当事人拒绝签收，已在决定书上注明"}, today=DAY0)
    filing = clock(case, "filing")
    assert filing.due_on == DAY0 + timedelta(days=3)  # 3 working days from Monday
    case = services.act(case, "file", world.handler, {}, today=DAY0 + timedelta(days=4))
    assert case.state == "filed" and clock(case, "filing").state == Clock.MISSED


# -- on-the-spot collection and cash (第六十八条至第七十一条) -------------------------------------
def delivered(world, **overrides):
    case = decide(world, **overrides)
    return services.act(case, "deliver", world.handler, {"party_signed": True}, today=DAY0)


def collection(fine: str, **overrides) -> dict:
    return {"reason": "small", "amount": fine, "receipt_no": "FS-350200-0001"} | overrides


def test_cash_over_100_is_refused_unless_hard_to_enforce_penalty_law_art_68(world, forms):
    case = delivered(world, fine="150")
    with pytest.raises(InvalidData) as refused:
        services.act(case, "collect", world.handler, collection("150"), today=DAY0)
    assert "第六十八条第一项" in refused.value.message
    with pytest.raises(InvalidData):  # the reason must be recorded
        services.act(case, "collect", world.handler, collection("150", reason="hard"), today=DAY0)
    with pytest.raises(InvalidData):  # the amount is the decision's
        services.act(case, "collect", world.handler, collection("100", reason="hard", note="外地游客"),
                     today=DAY0)
    case.refresh_from_db()
    assert case.simple_penalty.collected_on is None
    services.act(case, "collect", world.handler,
                 collection("150", reason="hard", note="外地游客当日离厦"), today=DAY0)
    case.simple_penalty.refresh_from_db()
    assert case.simple_penalty.receipt_no == "FS-350200-0001"


def test_remote_collection_needs_the_partys_request_penalty_law_art_69(world, forms):
    case = delivered(world, fine="180")
    with pytest.raises(InvalidData) as refused:
        services.act(case, "collect", world.handler,
                     collection("180", reason="remote", note="海岛渡口"), today=DAY0)
    assert "第六十九条" in refused.value.message
    services.act(case, "collect", world.handler,
                 collection("180", reason="remote", note="海岛渡口", party_requested=True), today=DAY0)


def test_a_receipt_number_is_mandatory_penalty_law_art_70(world, forms):
    case = delivered(world)
    with pytest.raises(InvalidData):
        services.act(case, "collect", world.handler, collection("50", receipt_no=""), today=DAY0)


def test_cash_to_the_agency_then_the_bank_each_within_2_working_days_penalty_law_art_71(
        world, forms):
    case = delivered(world)
    services.act(case, "collect", world.handler, collection("50"), today=DAY0)
    handover = clock(case, "cash_handover")
    assert handover.due_on == DAY0 + timedelta(days=2) and "第七十一条" in sl.LIMITS["cash_handover"].citation
    with pytest.raises(NotAllowed):  # the bank before the agency has the cash
        services.act(case, "bank", world.handler, {"on": DAY0.isoformat()}, today=DAY0)
    later = DAY0 + timedelta(days=3)
    services.act(case, "hand_over", world.handler, {"on": later.isoformat()}, today=later)
    assert clock(case, "cash_handover").state == Clock.MISSED
    services.act(case, "bank", world.handler, {"on": later.isoformat()}, today=later)
    assert clock(case, "bank_deposit").state == Clock.MET
    with pytest.raises(NotAllowed):  # payment is already made
        services.act(case, "record_payment", world.handler,
                     {"paid_on": later.isoformat(), "amount": "50"}, today=later)


def test_on_water_the_two_days_run_from_landing_penalty_law_art_71(world, forms):
    case = delivered(world)
    services.act(case, "collect", world.handler, collection("50", on_water=True), today=DAY0)
    assert not case.clocks.filter(code=sl.LIMITS["cash_handover"].code).exists()
    with pytest.raises(NotAllowed) as refused:
        services.act(case, "hand_over", world.handler, {"on": DAY0.isoformat()}, today=DAY0)
    assert "抵岸" in refused.value.message
    landed = DAY0 + timedelta(days=3)  # Thursday
    services.act(case, "land", world.handler, {"landed_on": landed.isoformat()}, today=landed)
    assert clock(case, "cash_handover").due_on == landed + timedelta(days=4)  # Fri, Mon


def test_warnings_have_nothing_to_collect(world, forms):
    case = delivered(world, kind="warning", fine=None)
    with pytest.raises(NotAllowed):
        services.act(case, "collect", world.handler, collection("50"), today=DAY0)
    assert not case.clocks.filter(code=sl.LIMITS["payment"].code).exists()


# -- payment, publicity, archive ---------------------------------------------------------------
def test_archive_needs_the_money_in_the_bank_and_the_decision_published(world, forms):
    from fazhi.enforcement.models import PublishedDecision

    case = delivered(world, fine="80")
    assert clock(case, "payment").due_on == DAY0 + timedelta(days=15)  # 第六十七条第三款
    services.act(case, "file", world.handler, {}, today=DAY0)
    with pytest.raises(NotAllowed):
        services.act(case, "archive", world.handler, {}, today=DAY0)
    services.act(case, "record_payment", world.handler,
                 {"paid_on": DAY0.isoformat(), "amount": "80"}, today=DAY0)
    with pytest.raises(NotAllowed) as refused:
        services.act(case, "archive", world.handler, {}, today=DAY0)
    assert "公示" in refused.value.message
    services.act(case, "publish", world.handler, {}, today=DAY0 + timedelta(days=1))
    row = PublishedDecision.objects.get(case=case)
    assert (row.decision_no, row.party_name, row.on_time) == ("XM01", "张*", True)
    case = services.act(case, "archive", world.handler, {}, today=DAY0 + timedelta(days=1))
    assert (case.state, case.outcome) == ("closed", "penalised")


def test_every_simple_limit_is_listed_with_its_article(world):
    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    listed = out.getvalue()
    for limit in sl.LIMITS.values():
        assert limit.code in listed and "第" in limit.citation
    assert "《行政处罚法》第七十一条" in listed
    assert "UNVERIFIED" in sl.LIMITS["filing"].citation


def test_the_remedies_name_reconsideration_first_review_law_art_23(world, forms):
    p = decide(world).simple_penalty
    assert "《行政复议法》第二十三条第一款第一项" in p.remedies and "六十日" in p.remedies


def test_one_act_is_fined_once_penalty_law_art_29(world, forms):
    same = "350203198001019999"
    decide(world, party_id=same)
    with pytest.raises(NotAllowed) as refused:
        decide(world, party_id=same)
    assert "第二十九条" in refused.value.message and "XM01" in refused.value.message
    later = decide(world, party_id=same, occurred_at="2025-03-02 18:00")
    assert later.simple_penalty.form_no == "XM02"


def test_no_penalty_under_14_penalty_law_art_30(world, forms):
    with pytest.raises(NotAllowed) as refused:
        decide(world, party_birth_date="2012-01-01")  # 13 on 2025-03-03
    assert "第三十条" in refused.value.message
    nothing_written(forms)


def test_late_payment_owes_the_surcharge_penalty_law_art_72(world, forms):
    case = delivered(world, fine="100")
    late = DAY0 + timedelta(days=17)  # 2 days after the 15
    with pytest.raises(InvalidData) as refused:
        services.act(case, "record_payment", world.handler,
                     {"paid_on": late.isoformat(), "amount": "100"}, today=late)
    assert "106.00" in refused.value.message and "第七十二条" in refused.value.message
    services.act(case, "record_payment", world.handler,
                 {"paid_on": late.isoformat(), "amount": "106"}, today=late)
