"""The late-payment surcharge (加处罚款), 《行政处罚法》第七十二条第一款第一项: 3 % of the
fine for each day after the payment period, never more than the fine itself; the days while
reconsideration or litigation is pending do not accrue (第七十三条第三款; 《行政强制法》
第四十五条). Pure arithmetic on dates and amounts."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

RATE = Decimal("0.03")
CENT = Decimal("0.01")


def late_days(due: date, until: date, pauses: Iterable[tuple[date, date | None]] = ()) -> int:
    """Days after `due` through `until`, less the days inside a pause (start..end, an open
    pause running through `until`)."""
    if until <= due:
        return 0
    paused = set()
    for start, end in pauses:
        day, last = max(start, due + timedelta(days=1)), min(end or until, until)
        while day <= last:
            paused.add(day)
            day += timedelta(days=1)
    return (until - due).days - len(paused)


def surcharge(fine: Decimal, due: date, until: date,
              pauses: Iterable[tuple[date, date | None]] = ()) -> Decimal:
    """The surcharge owed on `until`: 3 % a day, capped at the fine."""
    owed = fine * RATE * late_days(due, until, pauses)
    return min(owed, fine).quantize(CENT, rounding=ROUND_HALF_UP)
