"""Information processing fees (信息处理费), 国办函〔2020〕109号 (domain/procedures.md §1.6).

Free by default (条例第四十二条); charged only when volume or frequency clearly exceeds a
reasonable range, on one basis per request (109号第三条), both excess-progressive.

Per request (按件, 第四条) the bands count an applicant's requests in one calendar month,
so a request is billed at its *marginal* price: the items it adds on top of the items the
applicant had already made that month (a request with several matters may count as
several items, "一事一申请"). Per volume (按量, 第五条) bills one request's pages.
"""

PER_REQUEST, PER_VOLUME = "per_request", "per_volume"
BASES = {PER_REQUEST: "按件计收", PER_VOLUME: "按量计收"}
CITATION = "国办函〔2020〕109号"


def per_request_price(n: int) -> int:
    """Yuan for the n-th item of a month (1-based): 1–10 free, 11–30 ¥100, then ¥100 more
    for each further band of 10 (31–40 ¥200, 41–50 ¥300, …)."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def per_request_fee(requests_in_month: int) -> int:
    """Yuan for all of one applicant's items in a month, the 1st to the given one."""
    return sum(per_request_price(n) for n in range(1, requests_in_month + 1))


def per_request_charge(prior: int, items: int) -> int:
    """Yuan for `items` new items when the applicant already had `prior` that month: the
    price of the (prior+1)-th to the (prior+items)-th item."""
    if prior < 0 or items < 0:
        raise ValueError("counts must not be negative")
    return per_request_fee(prior + items) - per_request_fee(prior)


def per_volume_fee(pages: int) -> int:
    """Yuan for one request's pages: ≤30 free, 31–100 ¥10, 101–200 ¥20, ≥201 ¥40 per page."""
    bands = [(30, 0), (100, 10), (200, 20), (None, 40)]
    total, lower = 0, 0
    for upper, price in bands:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


def fee(basis: str, quantity: int, prior: int = 0) -> int:
    """The fee of one request: per request, its `quantity` items after `prior` items that
    month; per volume, its `quantity` pages (`prior` does not apply)."""
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    if basis == PER_REQUEST:
        return per_request_charge(prior, quantity)
    return per_volume_fee(quantity)
