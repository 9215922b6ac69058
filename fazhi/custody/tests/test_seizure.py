"""Seizure: codes, all-or-nothing registration, who may register."""

import re

import pytest

from fazhi.core.errors import Forbidden, InvalidData
from fazhi.core.models import Event
from fazhi.custody import services
from fazhi.custody.models import SEIZED, Item
from fazhi.custody.tests.conftest import DAY, raw_item

pytestmark = pytest.mark.django_db


def test_each_item_gets_a_unique_printable_code_and_a_first_chain_event(handler):
    items = services.seize(None, [raw_item(), raw_item(description="电动自行车")], handler, DAY)
    codes = [i.code for i in items]
    assert len(set(codes)) == 2
    assert all(re.fullmatch(r"SW-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", c) for c in codes)
    first = Event.objects.get(kind="custody", owner_id=items[0].pk)
    assert (first.seq, first.action, items[0].state) == (1, "seize", SEIZED)
    assert items[0].event_count == 1 and items[0].head_hash == first.hash


def test_a_duplicate_code_is_refused_with_409_and_nothing_is_written(handler):
    [first] = services.seize(None, [raw_item(code="sw-abcde-fghjk")], handler, DAY)
    assert first.code == "SW-ABCDE-FGHJK"  # typed in lower case, stored as printed
    with pytest.raises(services.Duplicate) as refused:
        services.seize(None, [raw_item(), raw_item(code="SW-ABCDE-FGHJK")], handler, DAY)
    assert refused.value.status == 409 and "SW-ABCDE-FGHJK" in refused.value.message
    assert Item.objects.count() == 1  # the first item of the refused batch was not kept


def test_a_code_repeated_within_one_registration_is_refused(handler):
    with pytest.raises(services.Duplicate, match="重复"):
        services.seize(None, [raw_item(code="X1"), raw_item(code="X1")], handler, DAY)
    assert not Item.objects.exists()


def test_a_bad_row_names_the_item_and_the_field(handler):
    with pytest.raises(InvalidData) as refused:
        services.seize(None, [raw_item(), raw_item(quantity="0")], handler, DAY)
    assert refused.value.message == "第2件财物：数量应为正数" and refused.value.field == "quantity"
    with pytest.raises(InvalidData, match="案件编号"):
        services.seize(None, [raw_item(case_ref="")], handler, DAY)
    assert not Item.objects.exists()


def test_only_a_handler_of_the_case_agency_registers(handler, other_handler, head, agency):
    from fazhi.disclosure.tests import factories

    case = factories.received(agency, on=DAY)
    with pytest.raises(Forbidden):
        services.seize(None, [raw_item()], head, DAY)
    with pytest.raises(services.NotFound):
        services.seize(case, [raw_item()], other_handler, DAY)
    [item] = services.seize(case, [raw_item(case_ref="")], handler, DAY)
    assert item.case_label == case.number


def test_photos_are_stored_by_hash_and_chained(handler):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    [item] = services.seize(None, [raw_item(photos=[("a.png", png)])], handler, DAY)
    photo = item.photos.get()
    assert photo.event_seq == 2 and item.event_count == 2
    assert Event.objects.get(kind="custody", owner_id=item.pk, seq=2).action == "photo"
    with pytest.raises(InvalidData, match="PNG 或 JPG"):
        services.seize(None, [raw_item(photos=[("a.pdf", b"%PDF-1.4")])], handler, DAY)


def test_a_code_typed_full_width_or_spaced_reads_as_the_printed_code():
    """A scanner or IME may give full-width characters (ＳＷ－…): NFKC first, like every identifier."""
    assert services.normalise_code("ＳＷ ＡＢＣＤＥ ＦＧＨＪＫ") == "SW-ABCDE-FGHJK"
    assert services.normalise_code("sw-abcde-fghjk") == "SW-ABCDE-FGHJK"


def test_the_owners_phone_is_folded_to_the_digits_the_return_notice_uses(handler):
    """NFKC before storing: a number typed full-width with spaces is the SMS address."""
    [item] = services.seize(None, [raw_item(owner_phone="１３８ ０００ ０００００")], handler, DAY)
    assert item.owner_phone == "13800000000"
    with pytest.raises(InvalidData, match="所有人联系电话"):
        services.seize(None, [raw_item(code="", owner_phone="一三八")], handler, DAY)
    assert Item.objects.count() == 1
