"""Complaints and reports in lifecycle states, built through the engine (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.complaints import services
from fazhi.org.actors import Actor

DAY0 = date(2025, 3, 3)  # a Monday
PUBLIC = Actor.public("投诉人")
USCC = "91350200MA31T9AU5D"  # a valid code (GB 32100-2015), in the directory below
OTHER_USCC = "91350203MA0000002B"  # valid, not in the directory


def submission(**overrides) -> dict:
    data = {"kind": "complaint", "uscc": USCC, "complainant_name": "李某某",
            "applicant_id": "350203198001011234", "complainant_contact": "13800000000",
            "subject": "预付卡退费纠纷", "request": "请求退还预付卡余额1200元",
            "facts": "门店停业后拒绝退还预付卡余额。", "amount": "1200.00", "channel": "phone"}
    return data | overrides


def days(n: int) -> timedelta:
    return timedelta(days=n)


class World:
    """A market regulator with a handler and a head, an entity in the directory."""

    def __init__(self, regulator, entity, staff):
        self.regulator, self.entity, self.staff = regulator, entity, staff

    def __getattr__(self, name: str):  # world.handler, world.head
        try:
            return self.__dict__["staff"][name]
        except KeyError:
            raise AttributeError(name) from None

    def received(self, on: date = DAY0, **overrides):
        return services.receive(self.regulator, self.handler, submission(**overrides),
                                received_on=on, today=on)

    def act(self, case, action: str, data: dict | None = None, on: date = DAY0, who=None):
        return services.act(case, action, who or self.handler, data or {}, today=on)

    def mediating(self, on: date = DAY0, **overrides):
        return self.act(self.received(on, **overrides), "accept", on=on + days(2))

    def report(self, on: date = DAY0, **overrides):
        return self.received(on, **({"kind": "report", "violation": "虚假宣传：标价与结算价不符"}
                                    | overrides))


def make_world(city) -> World:  # noqa: ANN001 - the city Region
    from conftest import make_staff
    from fazhi.org.models import Agency
    from fazhi.subjects.models import MarketEntity

    regulator = Agency.objects.create(code="XMSJJ", name="厦门市市场监督管理局",
                                      short_name="市市场监管局", region=city)
    entity = MarketEntity.objects.create(uscc=USCC, name="厦门某某健身有限公司",
                                         entity_type="有限责任公司", address="厦门市思明区某路2号",
                                         base_class="B", credit_class="B")
    staff = {role: make_staff(regulator, f"sj_{role}", [role], f"sj{role}")
             for role in ("handler", "head")}
    return World(regulator, entity, staff)


def english_world(agency, handler, head, on: date) -> list:
    """Complaints and reports in several states for the English crawl."""
    def received(n: int, **overrides):
        return services.receive(agency, handler, submission(
            uscc="", business_name=f"shop {n}", business_address="road 1",
            subject=f"matter {n}", applicant_id=f"3502031980010100{n:02d}") | overrides,
            received_on=on, today=on)

    first = received(1, kind="both", violation="false advertising")
    mediating = received(2)
    services.act(mediating, "accept", handler, {}, today=on)
    services.act(mediating, "hold_session", handler, {"held_on": on.isoformat(),
                                                      "record": "heard both"}, today=on)
    declined = received(3)
    services.act(declined, "decline", handler, {"ground": "not_consumer", "reason": "business use"},
                 today=on)
    return [first, first.split_reports.get().case, mediating, declined]
