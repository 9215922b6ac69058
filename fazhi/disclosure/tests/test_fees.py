"""Information processing fees, 国办函〔2020〕109号 (domain/procedures.md §1.6): per request
(第四条) excess-progressive over an applicant's requests in a calendar month, each request
billed at its marginal price; per volume (第五条) over one request's pages."""

from datetime import date

import pytest

from fazhi.core.errors import InvalidData
from fazhi.disclosure.fees import (
    per_request_charge,
    per_request_fee,
    per_request_price,
    per_volume_fee,
)
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as f

ID = "350203199001011234"


@pytest.mark.parametrize(("n", "price"), [
    (1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300),
    (51, 400), (60, 400), (61, 500)])
def test_per_request_price_of_the_nth_item_at_each_band_boundary_109_art4(n, price):
    """109号第四条: 1–10 free; 11–30 ¥100; from 31, ¥100 more per item for each band of 10."""
    assert per_request_price(n) == price


@pytest.mark.parametrize(("requests", "total"), [(10, 0), (11, 100), (30, 2000), (31, 2200),
                                                  (40, 4000), (41, 4300), (50, 7000)])
def test_per_request_month_totals_match_the_worked_examples_109_art4(requests, total):
    """§1.6 worked examples: 31 requests in a month → ¥2,200; 40 → ¥4,000; 41 → ¥4,300."""
    assert per_request_fee(requests) == total


def test_a_request_is_billed_at_its_marginal_price_109_art4():
    """109号第四条 counts the month's requests cumulatively: the 12th is billed ¥100, not
    the ¥200 of the month's total, and the 41st ¥300, not ¥4,300."""
    assert per_request_charge(11, 1) == 100
    assert per_request_charge(40, 1) == 300
    assert per_request_charge(0, 1) == 0
    # A request split into 3 items ("一事一申请") after 29: items 30, 31, 32.
    assert per_request_charge(29, 3) == 100 + 200 + 200
    assert sum(per_request_charge(n, 1) for n in range(41)) == per_request_fee(41)


@pytest.mark.parametrize(("pages", "amount"), [(30, 0), (31, 10), (100, 700), (101, 720),
                                               (150, 1700), (200, 2700), (201, 2740)])
def test_per_volume_bands_109_art5(pages, amount):
    """109号第五条: ≤30 pages free, 31–100 ¥10, 101–200 ¥20, ≥201 ¥40 per page;
    150 pages → ¥1,700 (§1.6)."""
    assert per_volume_fee(pages) == amount


# -- through the engine: the count of the applicant's earlier requests that month -------


def requests(agency, n: int, on: date, **overrides) -> list:
    return [f.received(agency, on=on, id_number=ID, **overrides) for _ in range(n)]


def bill(handler, case, quantity: int = 1, on: date = date(2025, 9, 22)):
    return act(handler, case, "fee_notice", {"basis": "per_request", "quantity": quantity,
                                             "notice_received_on": on.isoformat()}, today=on)


@pytest.mark.django_db
def test_the_12th_request_of_a_month_is_billed_100_yuan_109_art4(agency, handler):
    """109号第四条: the applicant's 12th request in September is billed ¥100, the price of
    the 12th item, whatever the month's total would be."""
    cases = requests(agency, 12, date(2025, 9, 1))
    twelfth = bill(handler, cases[11])
    detail = twelfth.disclosure
    assert (detail.fee_prior, detail.fee_amount) == (11, 100)
    assert '"prior_items":11' in twelfth.events.order_by("-seq").first().payload


@pytest.mark.django_db
def test_the_41st_request_is_billed_300_yuan_not_4300_109_art4(agency, handler):
    """§1.6: 41 requests in a month come to ¥4,300 in all; the 41st alone is ¥300."""
    cases = requests(agency, 41, date(2025, 9, 2))
    assert bill(handler, cases[40]).disclosure.fee_amount == 300


@pytest.mark.django_db
def test_earlier_multi_item_requests_count_as_their_items_109_art4(agency, handler):
    """109号第四条: a request with several matters may count as several items ("一事一申请");
    the next request's price follows from all of them. 9 requests, then one of 5 items
    (items 10–14: ¥400), then the 11th request is the 15th item: ¥100."""
    cases = requests(agency, 11, date(2025, 9, 3))
    assert bill(handler, cases[9], quantity=5).disclosure.fee_amount == 400
    assert bill(handler, cases[10]).disclosure.fee_prior == 14


@pytest.mark.django_db
def test_only_this_applicants_requests_of_that_month_at_this_agency_count_109_art4(
        agency, other_agency, handler):
    """109号第四条 counts the same applicant within one calendar month (the month of
    receipt); a full-width ID number is the same applicant (NFKC)."""
    requests(agency, 5, date(2025, 8, 29))  # August
    requests(other_agency, 5, date(2025, 9, 1))  # another agency
    [f.received(agency, on=date(2025, 9, 1), id_number="350203198001011236")
     for _ in range(3)]  # another applicant
    wide = "".join(chr(ord(c) + 0xFEE0) for c in ID)  # ３５０２０３…
    cases = [*requests(agency, 5, date(2025, 9, 1)),
             *[f.received(agency, on=date(2025, 9, 2), id_number=wide) for _ in range(6)]]
    assert cases[-1].disclosure.id_number == ID
    eleventh = bill(handler, cases[-1])
    assert (eleventh.disclosure.fee_prior, eleventh.disclosure.fee_amount) == (10, 100)


@pytest.mark.django_db
def test_within_the_free_band_a_fee_notice_is_refused_with_the_count_109_art4(
        agency, handler):
    cases = requests(agency, 3, date(2025, 9, 1))
    with pytest.raises(InvalidData, match="此前已有2件申请.*不收费"):
        bill(handler, cases[2], quantity=2)


@pytest.mark.django_db
def test_the_fee_notice_form_shows_the_months_count(agency, handler):
    """The fee notice shows how many requests the system found for the applicant's month."""
    from fazhi.disclosure.procedure import DISCLOSURE

    cases = requests(agency, 4, date(2025, 9, 1))
    hint = DISCLOSURE.transition("fee_notice").hint_for(cases[3])
    assert "2025年09月此前已向本机关提出3件申请" in hint and "自第4件起计费" in hint
