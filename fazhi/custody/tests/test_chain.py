"""The custody chain: two-step hand-overs by two people, disposal only once final, the
hash chain verified by `fazhi verify-ledger`."""

import pytest
from django.core.management import call_command

from fazhi.core.chains import chain_problems
from fazhi.core.errors import Forbidden, NotAllowed
from fazhi.core.ledger import verify
from fazhi.custody import finality, services
from fazhi.custody.models import RETURNED, SEIZED, STORED, Item
from fazhi.custody.tests.conftest import DAY, final, raw_item
from fazhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_storing_takes_an_offer_by_the_giver_and_an_acceptance_by_the_centre(
        seized, handler, keeper, centre):
    services.offer(seized, "store", handler, {"centre": centre.pk, "location": "A-01"}, DAY)
    seized.refresh_from_db()
    assert (seized.state, seized.pending_action, seized.centre_id) == (SEIZED, "store", None)
    item = services.accept(seized, keeper, DAY)
    assert (item.state, item.centre_id, item.location, item.holder) == (
        STORED, centre.pk, "A-01", "赵保管")
    assert [e.action for e in item.events] == ["seize", "offer", "accept"]


def test_the_giver_cannot_accept_their_own_hand_over(seized, handler, centre):
    services.offer(seized, "store", handler, {"centre": centre.pk}, DAY)
    with pytest.raises(Forbidden, match="同一人"):
        services.accept(seized, handler, DAY)


def test_only_a_custodian_of_the_receiving_centre_accepts(seized, handler, handler2, centre):
    services.offer(seized, "store", handler, {"centre": centre.pk}, DAY)
    with pytest.raises(Forbidden, match="接收方"):
        services.accept(seized, handler2, DAY)


def test_one_hand_over_at_a_time_and_a_withdrawn_offer_moves_nothing(seized, handler, centre):
    services.offer(seized, "store", handler, {"centre": centre.pk}, DAY)
    with pytest.raises(NotAllowed, match="待确认"):
        services.offer(seized, "move", handler, {"location": "B"}, DAY)
    item = services.withdraw(seized, handler, DAY)
    assert (item.state, item.pending_action, item.location) == (SEIZED, "", "暂存室")


def test_the_taker_may_decline_and_a_stranger_may_not(seized, handler, keeper, centre,
                                                      other_handler):
    services.offer(seized, "store", handler, {"centre": centre.pk}, DAY)
    with pytest.raises(services.NotFound):
        services.withdraw(seized, other_handler, DAY)
    item = services.withdraw(seized, keeper, DAY)
    assert (item.state, item.pending_action, item.centre_id) == (SEIZED, "", None)
    assert [e.action for e in item.events] == ["seize", "offer", "withdraw"]


def test_a_move_inside_the_centre_needs_two_keepers(stored, keeper, keeper2):
    services.offer(stored, "move", keeper, {"location": "B-07"}, DAY)
    item = services.accept(stored, keeper2, DAY)
    assert (item.state, item.location, item.holder) == (STORED, "B-07", "孙保管")


def test_once_stored_only_the_centre_hands_the_item_over(stored, handler):
    with pytest.raises(Forbidden, match="当前保管方"):
        services.offer(stored, "move", handler, {"location": "X"}, DAY)


def test_disposal_before_the_decision_is_final_is_refused(stored, keeper, handler):
    with pytest.raises(NotAllowed, match="生效决定尚未登记，不能处置"):
        services.offer(stored, "return", keeper, {"recipient": "张三"}, DAY)
    final(stored, handler)
    services.offer(stored, "return", keeper, {"recipient": "张三"}, DAY)
    item = services.accept(stored, handler, DAY)
    assert (item.state, item.disposed_on, item.location) == (RETURNED, DAY, "")


def test_a_platform_case_must_be_final_by_its_procedure(handler, keeper, centre, agency):
    from fazhi.disclosure.tests import factories

    case = factories.received(agency, on=DAY)
    [item] = services.seize(case, [raw_item(case_ref="")], handler, DAY)
    services.offer(item, "store", handler, {"centre": centre.pk}, DAY)
    services.accept(item, keeper, DAY)
    with pytest.raises(NotAllowed, match=f"案件 {case.number} 的处理决定尚未生效"):
        services.offer(item, "confiscate", keeper, {"decision_ref": "罚决1号"}, DAY)
    finality.register(case.procedure, lambda c: c.pk == case.pk)
    try:
        services.offer(item, "confiscate", keeper, {"decision_ref": "罚决1号"}, DAY)
        # the decision ceases to be final (revoked on review) before the taker accepts
        finality.register(case.procedure, lambda c: False)
        with pytest.raises(NotAllowed, match="尚未生效"):
            services.accept(item, handler, DAY)
    finally:
        finality.unregister(case.procedure)


def test_by_default_a_case_is_final_once_closed():
    from fazhi.cases.models import Case

    assert not finality.is_final(Case(procedure="unregistered", is_open=True))
    assert finality.is_final(Case(procedure="unregistered", is_open=False))
    finality.register("unregistered", lambda case: case.outcome == "decided")
    try:
        assert not finality.is_final(Case(procedure="unregistered", is_open=False))
        assert finality.is_final(Case(procedure="unregistered", is_open=True, outcome="decided"))
    finally:
        finality.unregister("unregistered")


def test_each_disposal_records_what_it_needs(stored, keeper, handler):
    final(stored, handler)
    with pytest.raises(services.InvalidData, match="监督人"):
        services.offer(stored, "destroy", keeper, {"method": "粉碎"}, DAY)
    with pytest.raises(services.InvalidData, match="成交价款"):
        services.offer(stored, "auction", keeper, {"auction_ref": "拍1", "proceeds": "abc"}, DAY)


def test_a_disposed_item_takes_no_more_steps(stored, keeper, handler):
    final(stored, handler)
    services.offer(stored, "destroy", keeper, {"method": "粉碎", "witness": "监督员"}, DAY)
    services.accept(stored, handler, DAY)
    with pytest.raises(NotAllowed, match="已销毁"):
        services.offer(stored, "move", keeper, {"location": "X"}, DAY)


def test_the_owner_is_notified_on_return_through_the_outbox(stored, keeper, handler):
    final(stored, handler)
    services.offer(stored, "return", keeper, {"recipient": "张三"}, DAY)
    services.accept(stored, handler, DAY)
    note = Notification.objects.get(kind="custody.returned")
    assert note.recipient == "13800000000" and stored.code in note.body and "退还" in note.body


def test_appraisal_is_recorded_by_the_holder(stored, keeper, handler):
    with pytest.raises(Forbidden):
        services.appraise(stored, handler, {"institution": "价格认证中心", "report": "1",
                                            "value": "100"}, DAY)
    item = services.appraise(stored, keeper, {"institution": "价格认证中心", "report": "1",
                                              "value": "3500"}, DAY)
    assert str(item.appraised_value) == "3500.00"


def test_verify_ledger_covers_custody_and_finds_an_edited_location(stored, keeper2):
    report = verify()
    assert report.ok and any(k.kind == "custody" and k.events == 3 for k in report.kinds)
    Item.objects.filter(pk=stored.pk).update(location="somewhere else", holder="x")
    assert not verify().ok  # the recorded state no longer matches the item
    item = Item.objects.get(pk=stored.pk)
    assert chain_problems(item)


def test_verify_ledger_command_runs_over_custody(stored, capsys):
    call_command("verify_ledger", "--json")
    assert '"custody"' in capsys.readouterr().out
