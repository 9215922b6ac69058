"""Petitions in lifecycle states, built through the engine (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.org.actors import Actor
from fazhi.petitions import services

DAY0 = date(2025, 3, 3)  # a Monday
PUBLIC = Actor.public("信访人")


def intake(**overrides) -> dict:
    data = {"petitioner_name": "陈某某", "petitioner_id": "350203198001011234",
            "petitioner_contact": "13800000000", "petitioner_address": "厦门市思明区某路1号",
            "subject": "小区违建影响采光", "request": "请求依法拆除违法建筑",
            "facts": "邻居加建三层，遮挡采光。", "about": "思明区建设与交通局", "channel": "letter"}
    return data | overrides


def days(n: int) -> timedelta:
    return timedelta(days=n)


class World:
    """The 信访 office, the competent district bureau, the district and city governments,
    each with a handler and a head (see conftest.py)."""

    def __init__(self, office, bureau, district, city, staff):
        self.office, self.bureau, self.district, self.city = office, bureau, district, city
        self.staff = staff

    def __getattr__(self, name: str):  # world.office_handler, world.bureau_head, …
        try:
            return self.__dict__["staff"][name]
        except KeyError:
            raise AttributeError(name) from None

    def received(self, on: date = DAY0, **overrides):
        return services.receive(self.office, self.office_handler, intake(**overrides),
                                received_on=on, today=on)

    def transferred(self, on: date = DAY0, **overrides):
        case = self.received(on, **overrides)
        return services.act(case, "transfer", self.office_handler,
                            {"agency_id": self.bureau.pk, "mode": "assign"}, today=on + days(2))

    def accepted(self, on: date = DAY0, **overrides):
        case = self.transferred(on, **overrides)
        return services.act(case, "accept", self.bureau_handler, {"route": "petition"},
                            today=on + days(5))

    def answered(self, on: date = DAY0, **overrides):
        case = self.accepted(on, **overrides)
        served = on + days(40)
        return services.act(case, "answer", self.bureau_handler,
                            {"opinion": "not_support", "findings": "经查，加建已取得许可",
                             "reasons": "不违反规划", "basis": "《城乡规划法》第四十条",
                             "served_on": served.isoformat()}, today=served)

    def reviewed(self, on: date = DAY0, **overrides):
        case = self.answered(on, **overrides)
        services.act(case, "request_review", PUBLIC, {"grounds": "不服处理意见"}, today=on + days(50))
        served = on + days(70)
        return services.act(case, "decide_review", self.district_handler,
                            {"result": "upheld", "text": "维持", "served_on": served.isoformat()},
                            today=served)

    def in_rereview(self, on: date = DAY0, **overrides):
        case = self.reviewed(on, **overrides)
        return services.act(case, "request_rereview", PUBLIC, {"grounds": "不服复查意见"},
                            today=on + days(80))

    def final(self, on: date = DAY0, **overrides):
        case = self.in_rereview(on, **overrides)
        served = on + days(100)
        return services.act(case, "decide_rereview", self.city_handler,
                            {"result": "upheld", "text": "维持复查意见",
                             "served_on": served.isoformat()}, today=served)


def english_world(agency, other_agency, handler, head, on: date) -> list:
    """Petitions in several states for the English crawl (fazhi/core/tests/test_english.py):
    `agency` the receiving office, `other_agency` the competent and review body."""
    def received(n: int):
        return services.receive(agency, handler, intake(subject=f"matter {n}",
                                                        petitioner_id=f"3502031980010100{n:02d}"),
                                received_on=on, today=on)

    cases = [received(1)]
    services.act(received(2), "transfer", handler, {"agency_id": other_agency.pk,
                                                    "mode": "transfer"}, today=on)
    routed = received(3)
    services.act(routed, "accept", handler, {"route": "administrative", "routed_to": "review body"},
                 today=on)
    answered = received(4)
    services.act(answered, "accept", handler, {"route": "petition"}, today=on)
    services.act(answered, "extend", head, {"reason": "complex"}, today=on)
    services.act(answered, "answer", handler, {"opinion": "explain", "findings": "found",
                                               "reasons": "reasons", "basis": "basis",
                                               "served_on": on.isoformat()}, today=on)
    services.act(answered, "tag_campaign", head, {"name": "campaign"}, today=on)
    reviewing = received(5)
    services.act(reviewing, "accept", handler, {"route": "petition"}, today=on)
    services.act(reviewing, "answer", handler, {"opinion": "support", "findings": "found",
                                                "reasons": "reasons", "basis": "basis",
                                                "served_on": on.isoformat()}, today=on)
    services.act(reviewing, "request_review", handler,
                 {"grounds": "grounds", "body_id": other_agency.pk}, today=on)
    return [*cases, routed, answered, reviewing]


def make_world(city) -> World:  # noqa: ANN001 - the city Region
    """The 信访 office, a district bureau, the district and the city governments, each with a
    handler and a head (usernames office_handler, bureau_head, …)."""
    from conftest import make_staff
    from fazhi.org.models import Agency, Region

    district = Region.objects.create(code="350203", name="思明区", level="district", parent=city)
    office = Agency.objects.create(code="XMXFJ", name="厦门市信访局", short_name="市信访局",
                                   region=city)
    bureau = Agency.objects.create(code="XMSMQJSJ", name="厦门市思明区建设与交通局",
                                   short_name="思明区建设与交通局", region=district)
    district_gov = Agency.objects.create(code="XMSMQ", name="厦门市思明区人民政府",
                                         short_name="思明区政府", kind="government", region=district)
    city_gov = Agency.objects.create(code="XMSZF", name="厦门市人民政府", short_name="市政府",
                                     kind="government", region=city)
    staff = {}
    for prefix, agency in (("office", office), ("bureau", bureau), ("district", district_gov),
                           ("city", city_gov)):
        for role in ("handler", "head"):
            staff[f"{prefix}_{role}"] = make_staff(agency, f"{prefix}_{role}", [role],
                                                   f"{prefix}{role}")
    return World(office, bureau, district_gov, city_gov, staff)
