"""The whole lottery lifecycle through the services (random-draws.md §5.2, instruments.md §9)."""

import json
import secrets

import pytest

from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.law import draws
from fazhi.lottery import appeals, commands, drawing, notary_steps, registration, rounds
from fazhi.lottery.models import Lottery, Registration, Selection
from fazhi.lottery.tests import factories as f
from fazhi.lottery.tests.factories import HOUR, T0

pytestmark = pytest.mark.django_db


def test_full_lifecycle_publishes_a_result_the_kernel_reproduces(admin, notary):
    lot = f.published(admin, notary, n=8)
    assert lot.state == Lottery.PUBLISHED
    result = json.loads(lot.result_json)
    again = draws.run_draw(rounds.spec_for(lot), lot.pool_file.encode(), lot.source_values,
                           bytes.fromhex(lot.notary_reveal), bytes.fromhex(lot.notary_commitment))
    assert again.to_json().decode() == lot.result_json
    winners = result["pools"][0]["winners"]
    assert len(winners) == 3 and len(result["pools"][0]["alternates"]) == 2
    notified = Selection.objects.filter(lottery=lot, status=Selection.NOTIFIED)
    assert sorted(s.code for s in notified) == sorted(w["code"] for w in winners)
    actions = list(lot.events.values_list("action", flat=True))
    assert actions == ["announce", "open_registration", "freeze", "commit", "enter_source",
                       "enter_source", "reveal", "draw", "publish"]
    assert commands.verify_chain(lot) == []


def test_commitment_is_published_before_any_source_value(admin):
    lot = f.frozen(admin, n=5)
    assert lot.source_values == {} and lot.file_hash and lot.merkle_root
    assert lot.counts == {"individual": {"records": 5, "tickets": 5}}
    pool = draws.parse_pool_file(lot.pool_file.encode())
    assert pool.file_hash.hex() == lot.file_hash and pool.merkle_root().hex() == lot.merkle_root
    # the pool file holds pseudonymous codes only, never names or ID numbers
    assert f.make_id(1) not in lot.pool_file and "测试" not in lot.pool_file


def test_edited_event_breaks_the_chain(admin):
    lot = f.frozen(admin, n=4)
    lot.events.filter(seq=2).update(payload='{"at":"forged"}')
    assert commands.verify_chain(lot)


def test_registration_after_freeze_is_refused(admin):
    lot = f.frozen(admin, n=4)
    with pytest.raises(NotAllowed, match="已截止登记"):
        registration.register(lot.pk, name="张三", id_number=f.make_id(99), phone="13800009999",
                          pool="individual", now=T0 + 2 * HOUR)


def test_registration_after_freeze_time_is_refused_even_before_the_freeze_job(admin):
    lot = f.opened(admin)
    with pytest.raises(NotAllowed, match="已截止登记"):
        registration.register(lot.pk, name="张三", id_number=f.make_id(1), phone="13800000001",
                          pool="individual", now=T0 + 21 * HOUR)


def test_second_registration_with_the_code_replaces_the_first(admin):
    """The last registration prevails (instruments.md §9.2), once ownership is proven."""
    lot = f.opened(admin, pools=[{"name": "individual", "label": "个人", "quota": 1},
                                 {"name": "family", "label": "家庭", "quota": 1}])
    first = registration.register(lot.pk, name="张三", id_number=f.make_id(5),
                              phone="13800000005", pool="individual", now=T0 + HOUR)
    assert first.outcome == "created"
    second = registration.register(lot.pk, name="张三", id_number=f.make_id(5).lower(),
                               phone="13900000005", pool="family", code=first.registration.code,
                               now=T0 + 2 * HOUR)
    assert second.outcome == "changed"
    assert second.registration.code == first.registration.code
    assert Registration.objects.filter(lottery=lot).count() == 1
    assert (second.registration.pool, second.registration.phone) == ("family", "13900000005")


@pytest.mark.parametrize(("id_number", "phone", "message"), [
    ("35020319900101001", "13800000000", "18 位"),
    (f.make_id(1)[:-1] + ("0" if f.make_id(1)[-1] != "0" else "1"), "13800000000", "校验码"),
    ("350203199002300011", "13800000000", "出生日期无效"),
    (f.make_id(1, born="20150101"), "13800000000", "年满 18 周岁"),
    (f.make_id(1, prefix="110101"), "13800000000", "地址码不在"),
    (f.make_id(1), "12345", "手机号码"),
])
def test_eligibility_failures_have_chinese_messages(admin, id_number, phone, message):
    lot = f.opened(admin)
    with pytest.raises(InvalidData, match=message):
        registration.register(lot.pk, name="张三", id_number=id_number, phone=phone,
                          pool="individual", now=T0 + HOUR)
    assert not Registration.objects.filter(lottery=lot).exists()


def test_notary_mismatch_voids_the_draw_and_rerun_needs_new_sources(admin, notary):
    lot, _ = f.committed(admin, notary)
    f.with_sources(lot, admin)
    lot = notary_steps.reveal(notary, lot.pk, secrets.token_hex(32), now=T0 + 25 * HOUR)
    assert lot.state == Lottery.VOID and "不符" in lot.void_reason
    assert lot.published_at is not None and lot.void_attempts[0]["draw_id"] == lot.draw_id
    with pytest.raises(NotAllowed):
        drawing.draw(notary, lot.pk)
    with pytest.raises(InvalidData, match="未曾使用"):
        notary_steps.rerun(admin, lot.pk, lot.sources)
    lot = notary_steps.rerun(admin, lot.pk, [{"id": "kl8-2025-06-03", "description": "后一期"}])
    assert lot.state == Lottery.FROZEN and lot.draw_id.endswith("-A2")
    assert lot.notary_commitment == "" and lot.file_hash  # same pool, new commitment needed


def test_missing_source_uses_the_fallback_and_records_it(admin, notary):
    lot, r_n = f.committed(admin, notary)
    primary, fallback, sse = notary_steps.source_ids(lot)
    notary_steps.enter_source(admin, lot.pk, primary, None, evidence_text="当日停开")
    notary_steps.enter_source(admin, lot.pk, fallback, "1 2 3 4 5", evidence_url="https://x.example/")
    notary_steps.enter_source(admin, lot.pk, sse, "3361.98", evidence_text="收盘价")
    notary_steps.reveal(notary, lot.pk, r_n.hex())
    lot = drawing.draw(notary, lot.pk)
    used = json.loads(lot.result_json)["sources"]["used"]
    assert used[0]["id"] == fallback and used[0]["skipped"] == [primary]
    assert used[0]["fallback"] == 1


def test_reveal_before_the_sources_is_refused(admin, notary):
    lot, r_n = f.committed(admin, notary)
    with pytest.raises(NotAllowed, match="随机源"):
        notary_steps.reveal(notary, lot.pk, r_n.hex())


@pytest.mark.parametrize("weight", [0, -1, "1.5", 2.5])
def test_weights_must_be_positive_integers(admin, weight):
    with pytest.raises(InvalidData, match="最大权重"):
        f.announced(admin, max_weight=weight, weight_rule="carryover")


def test_empty_pool_is_refused_at_the_freeze(admin):
    lot = f.opened(admin, pools=[{"name": "individual", "label": "个人", "quota": 1},
                                 {"name": "family", "label": "家庭", "quota": 1}])
    f.register_many(lot, 3)
    with pytest.raises(NotAllowed, match="“家庭”没有登记记录"):
        notary_steps.freeze(admin, lot.pk)


def test_quota_larger_than_pool_is_refused(admin):
    lot = f.opened(admin)
    f.register_many(lot, 2)
    with pytest.raises(NotAllowed, match="多于登记的 2 人"):
        notary_steps.freeze(admin, lot.pk)


def test_roles_are_checked(admin, notary, handler):
    lot = f.frozen(admin, n=4)
    with pytest.raises(Forbidden):
        notary_steps.commit(admin, lot.pk, "00" * 32)
    with pytest.raises(Forbidden):
        notary_steps.commit(handler, lot.pk, "00" * 32)
    with pytest.raises(InvalidData, match="64 位"):
        notary_steps.commit(notary, lot.pk, "abc")


def test_unclaimed_quota_goes_to_alternates_in_order(admin, notary):
    lot = f.published(admin, notary, n=8)
    winners = list(Selection.objects.filter(lottery=lot, kind="winner").order_by("rank"))
    drawing.claim(admin, lot.pk, winners[0].code, now=T0 + 27 * HOUR)
    drawing.expire_claims(admin, lot.pk, now=T0 + 80 * HOUR)
    states = dict(Selection.objects.filter(lottery=lot).values_list("code", "status"))
    assert states[winners[0].code] == "claimed"
    assert states[winners[1].code] == states[winners[2].code] == "unclaimed"
    alternates = Selection.objects.filter(lottery=lot, kind="alternate").order_by("rank")
    assert [(a.status, a.promoted) for a in alternates] == [("notified", True)] * 2
    with pytest.raises(NotAllowed, match="领取期限"):
        drawing.claim(admin, lot.pk, winners[1].code, now=T0 + 81 * HOUR)


def test_upheld_appeal_deletes_the_record_and_publishes_the_diff(admin, notary):
    lot = f.published(admin, notary, n=8)
    loser_alt = Selection.objects.filter(lottery=lot, kind="alternate").order_by("rank").first()
    winner = Selection.objects.get(lottery=lot, kind="winner", rank=1)
    reg = Registration.objects.get(code=winner.code)
    appeal = appeals.submit_appeal(lot.pk, code=winner.code, id_number=f.make_id(
        int(reg.name[2:-1])), text="本人不符合条件，申请取消", now=T0 + 27 * HOUR)
    lot = appeals.answer_appeal(admin, lot.pk, appeal.pk, upheld=True, answer="经核实成立",
                                 op="delete", now=T0 + 28 * HOUR)
    diff = lot.corrections[0]["diff"]["individual"]
    assert diff["winners"]["removed"] == [winner.code]
    assert diff["winners"]["added"] == [loser_alt.code]
    assert Selection.objects.get(code=winner.code).status == "removed"
    assert Selection.objects.get(code=loser_alt.code).status == "notified"


def test_appeal_outside_the_window_is_refused(admin, notary):
    lot = f.published(admin, notary, n=8)
    reg = Registration.objects.filter(lottery=lot).first()
    with pytest.raises(NotAllowed, match="异议期"):
        appeals.submit_appeal(lot.pk, code=reg.code, id_number="x", text="迟到的异议内容",
                               now=T0 + 60 * HOUR)


def test_daily_lottery_carries_losers_over_with_their_codes(admin, notary):
    lot = f.published(admin, notary, n=8, recurrence="daily", weight_rule="carryover",
                      max_weight=5)
    from fazhi.lottery import jobs

    done = jobs.run(now=T0 + 27 * HOUR)
    assert done["next"] == [lot.draw_id]
    nxt = Lottery.objects.get(previous=lot)
    assert nxt.round_no == 2 and nxt.state == Lottery.OPEN
    winners = set(Selection.objects.filter(lottery=lot, kind="winner").values_list("code",
                                                                                    flat=True))
    carried = dict(Registration.objects.filter(lottery=nxt).values_list("code", "weight"))
    assert len(carried) == 5 and not winners & set(carried)
    assert set(carried.values()) == {2}
    assert "2025-06-03" in nxt.spec_json  # sources move with the draw date
    assert jobs.run(now=T0 + 28 * HOUR)["next"] == []  # idempotent


def test_tick_freezes_when_the_time_has_passed(admin):
    from fazhi.lottery import jobs

    lot = f.opened(admin)
    f.register_many(lot, 4)
    assert jobs.run(now=T0 + 2 * HOUR)["frozen"] == []
    assert jobs.run(now=T0 + 20 * HOUR)["frozen"] == [lot.draw_id]
    assert Lottery.objects.get(pk=lot.pk).state == Lottery.FROZEN
