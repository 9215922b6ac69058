"""Benchmarks and lists for the tests, built through the services."""

from datetime import date
from decimal import Decimal as D

from fazhi.discretion import services
from fazhi.discretion.models import Benchmark
from fazhi.law.discretion import Benchmark as KB
from fazhi.law.discretion import Span, Tier
from fazhi.org.actors import Actor

LAW = "《中华人民共和国食品安全法》第一百二十六条第一款"


def tiers(light_max: D = D(5000)) -> tuple[Tier, ...]:
    return (
        Tier("L", "从轻", amount_involved=Span(None, D(10000)), corrected=True,
             kinds=("warning", "fine"), fine_min=D(1000), fine_max=light_max, row=2),
        Tier("M", "一般", amount_involved=Span(None, D(10000)), corrected=False,
             kinds=("fine",), fine_min=D(5000), fine_max=D(20000), row=3),
        Tier("H", "从重", amount_involved=Span(D(10000), None),
             kinds=("fine", "confiscate_income"), multiple_min=D(1), multiple_max=D(5), row=4),
    )


def published(agency, *, version: str = "2024", effective_from: date = date(2024, 1, 1),
              light_max: D = D(5000), code: str = "SP-126") -> Benchmark:
    actor = Actor.system()
    (b,) = services.save_benchmarks(agency, [(KB(code, tiers(light_max)), "未按规定查验进货", LAW)],
                                    version=version, effective_from=effective_from, actor=actor)
    return services.publish(b, actor, on=effective_from)


def facts(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"amount_involved": D(500), "illegal_income": D(0), "duration_days": 3,
                               "harm": "none", "first_offence": True, "corrected": True,
                               "cooperated": True}
    return base | kw
