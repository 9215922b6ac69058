"""Demo builder: two example cases at the city's first agency, one finished."""

from fazhi.core.modules import DemoContext
from fazhi.org.demo import Org
from tests.example_app import services


def build(ctx: DemoContext) -> int:
    org: Org = ctx.built["org"]
    agency = org.agencies[0]
    handler = org.handlers[agency.pk]
    first = services.receive(agency, handler, "示例演示事项甲", on=ctx.today)
    services.receive(agency, handler, "示例演示事项乙", on=ctx.today)
    services.finish(handler, first, on=ctx.today)
    return 2


def report(ctx: DemoContext) -> list[str]:
    return [f"示例事项 {ctx.built['example_app']} 件。"]
