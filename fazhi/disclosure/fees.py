"""Information processing fees (信息处理费), 国办函〔2020〕109号 (domain/procedures.md §1.6).

Free by default (条例第四十二条); charged only when volume or frequency clearly exceeds a
reasonable range, on one basis per request, both excess-progressive.
"""

PER_REQUEST, PER_VOLUME = "per_request", "per_volume"
BASES = {PER_REQUEST: "按件计收", PER_VOLUME: "按量计收"}


def per_request_fee(requests_in_month: int) -> int:
    """Yuan for the month's requests by one applicant: 1–10 free, 11–30 ¥100 each, then
    ¥100 more per request for each further band of 10 (31–40 ¥200, 41–50 ¥300, …)."""
    total = 0
    for n in range(11, requests_in_month + 1):
        total += 100 if n <= 30 else 100 * (2 + (n - 31) // 10)
    return total


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


def fee(basis: str, quantity: int) -> int:
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    return per_request_fee(quantity) if basis == PER_REQUEST else per_volume_fee(quantity)
