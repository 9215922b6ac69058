"""Custody's indicators: one aggregate each over items, drilled down through the items'
own visibility filter; a published report freezes codes and agencies, never the owner."""

import pytest

from fazhi.core import indicators
from fazhi.custody import services
from fazhi.custody.tests.conftest import DAY, final, raw_item

pytestmark = pytest.mark.django_db


def test_counts_rates_and_the_drill_down(stored, seized, handler, keeper, other_handler):
    services.seize(None, [raw_item()], other_handler, DAY)
    final(stored, handler)
    services.offer(stored, "destroy", keeper, {"method": "粉碎", "witness": "监督员"}, DAY)
    services.accept(stored, handler, DAY)
    seized_count = indicators.get("custody.items_seized")
    value = seized_count.compute(DAY.year)
    assert value.value == 2
    centre = indicators.get("custody.centre_rate").compute(DAY.year)
    assert (centre.value, centre.numerator, centre.denominator) == (50.0, 1, 2)
    disposed = indicators.get("custody.disposal_rate").compute(DAY.year)
    assert disposed.value == 50.0
    mine = seized_count.kind.visible(value.records, handler)
    assert list(mine) == [stored]  # the other agency's item stays out of the drill-down
    public = seized_count.kind.public_rows(value.records)
    assert {r["label"] for r in public} == set(value.records.values_list("code", flat=True))
    assert "张三" not in str(public)
