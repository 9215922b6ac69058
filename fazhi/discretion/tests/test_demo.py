"""The demo city's benchmarks: five agencies, about forty, a superseded version, the lists."""

import random
from datetime import date
from decimal import Decimal as D

import pytest

from fazhi.core.modules import DemoContext
from fazhi.discretion import demo, services
from fazhi.discretion.models import Benchmark, ExemptionList
from fazhi.org import demo as org_demo

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def built() -> DemoContext:
    ctx = DemoContext(seed=7, today=TODAY, cases=40, rng=random.Random(7))
    ctx.built["org"] = org_demo.build(ctx)
    demo.build(ctx)
    return ctx


def test_demo_benchmarks_support_the_flows() -> None:
    ctx = built()
    published = Benchmark.objects.filter(status="published")
    assert published.values("agency").distinct().count() == 5
    assert 38 <= published.count() <= 45
    assert Benchmark.objects.filter(status="draft").count() == 1
    scjg = ctx.built["org"].by_code["XMSCJGJ"]
    facts = {"amount_involved": D(2000), "corrected": True}
    old = services.assess(scjg, "SCJG-001", facts, on=date(2024, 6, 1))
    new = services.assess(scjg, "SCJG-001", facts, on=TODAY)
    assert old.version == "2023年版" and new.version == "2025年版"
    assert ExemptionList.objects.filter(status="published").count() == 7
    found = services.exemption(scjg, "SCJG-003", {"first_offence": True, "corrected": True,
                                                  "harm": "minor", "amount_involved": D(100)}, on=TODAY)
    assert found is not None and found.kind == "first_offence"
    assert "裁量基准：已公布" in demo.report(ctx)[0]
