"""Mediations in lifecycle states, built through the engine (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import make_staff
from fazhi.mediation import services
from fazhi.mediation.models import Committee, Mediator
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Region

DAY0 = date(2025, 3, 3)  # a Monday
PUBLIC = Actor.public("申请人")
COURT = "厦门市湖里区人民法院"  # not on the platform: the committee records its steps
PLATFORM_COURT = "厦门市思明区人民法院"  # on the platform: its clerk records them (ADR 0048)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def application(committee: Committee, **overrides) -> dict:
    data = {"committee_id": committee.pk, "applicant_name": "陈某某",
            "applicant_id": "350203198001011234", "applicant_contact": "13800000000",
            "respondent_name": "李某某", "respondent_contact": "13900000000",
            "subject": "楼上漏水赔偿纠纷", "facts": "楼上卫生间漏水，损坏天花板。",
            "request": "请求对方赔偿维修费用"}
    return data | overrides


AGREEMENT = {"responsibility": "被申请人承担全部责任", "terms": "被申请人赔偿维修费三千元",
             "performance": "十日内一次性支付", "signed_applicant": True, "signed_respondent": True,
             "mediator_signed": True, "sealed": True}


class World:
    def __init__(self, street, committee, mediators, other_committee, staff, court=None):
        self.street, self.committee, self.mediators = street, committee, mediators
        self.other_committee, self.staff, self.court = other_committee, staff, court

    def __getattr__(self, name: str):  # world.handler, world.head
        try:
            return self.__dict__["staff"][name]
        except KeyError:
            raise AttributeError(name) from None

    def applied(self, on: date = DAY0, **overrides):
        return services.receive(PUBLIC, application(self.committee, **overrides),
                                received_on=on, today=on)

    def act(self, case, action: str, data: dict | None = None, on: date = DAY0, who=None):
        return services.act(case, action, who or self.handler, data or {}, today=on)

    def accepted(self, on: date = DAY0, **overrides):
        return self.act(self.applied(on, **overrides), "accept", on=on + days(1))

    def mediating(self, on: date = DAY0, **overrides):
        case = self.act(self.accepted(on, **overrides), "assign",
                        {"mediator_ids": [self.mediators[0].pk]}, on=on + days(2))
        return self.act(case, "hold_session", {"held_on": (on + days(3)).isoformat(),
                                               "record": "听取双方陈述"}, on=on + days(3))

    def agreed(self, on: date = DAY0, **overrides):
        effective = on + days(5)
        return self.act(self.mediating(on, **overrides), "agree",
                        AGREEMENT | {"effective_on": effective.isoformat()}, on=effective)

    def filed(self, on: date = DAY0, **overrides):
        return self.act(self.agreed(on, **overrides), "apply_confirmation",
                        {"court": COURT, "by_applicant": True, "by_respondent": True},
                        on=on + days(10))

    def examining(self, on: date = DAY0, **overrides):
        return self.act(self.filed(on, **overrides), "court_accept",
                        {"court_number": "（2025）闽0203民特1号"}, on=on + days(12))

    def filed_online(self, on: date = DAY0, **overrides):
        """Applied jointly to the court on the platform: the case is in its clerk's inbox."""
        return self.act(self.agreed(on, **overrides), "apply_confirmation",
                        {"court": PLATFORM_COURT, "by_applicant": True, "by_respondent": True},
                        on=on + days(10))

    def examining_online(self, on: date = DAY0, **overrides):
        return self.act(self.filed_online(on, **overrides), "accept_confirmation",
                        {"court_number": "（2025）闽0203民特2号"}, on=on + days(12), who=self.clerk)

    def ruled(self, ruling: str = "valid", on: date = DAY0, **overrides):
        served = on + days(20)
        return self.act(self.examining(on, **overrides), "rule",
                        {"ruling": ruling, "reason": "" if ruling == "valid" else "内容不明确",
                         "served_on": served.isoformat()}, on=served)


def make_world(city) -> World:
    district = Region.objects.create(code="350203", name="思明区", level="district", parent=city)
    street = Agency.objects.create(code="XMSMLJJD", name="厦门市思明区鹭江街道办事处",
                                   short_name="鹭江街道", kind="other", region=district)
    other = Agency.objects.create(code="XMSMZSJD", name="厦门市思明区中山街道办事处",
                                  short_name="中山街道", kind="other", region=district)
    committee = Committee.objects.create(name="鹭江街道人民调解委员会", kind="street", host=street)
    other_committee = Committee.objects.create(name="中山街道人民调解委员会", kind="street",
                                               host=other)
    mediators = [Mediator.objects.create(committee=committee, name=n) for n in ("林某", "黄某")]
    Mediator.objects.create(committee=other_committee, name="王某")
    staff = {role: make_staff(street, f"street_{role}", [role], f"street{role}")
             for role in ("handler", "head")}
    # 思明区人民法院 on the platform (ADR 0048): a clerk and a judge
    court = Agency.objects.create(code="XMSMFY", name=PLATFORM_COURT, short_name="思明区法院",
                                  kind="court", region=district)
    staff |= {role: make_staff(court, f"court_{role}", [role], f"court{role}")
              for role in ("clerk", "judge")}
    return World(street, committee, mediators, other_committee, staff, court)


def english_world(agency, handler, head, on: date) -> list:
    """Mediations in several states for the English crawl (fazhi/core/tests/test_english.py):
    a committee hosted by `agency`, a referral, an agreement, a confirmation and a failure."""
    committee = Committee.objects.create(name="committee", kind="street", host=agency)
    mediator = Mediator.objects.create(committee=committee, name="mediator")

    def applied(n: int, **overrides):
        return services.receive(handler, application(committee, subject=f"dispute {n}") | overrides,
                                received_on=on, today=on)

    def mediating(n: int):
        case = services.act(applied(n), "accept", handler, {}, today=on)
        case = services.act(case, "assign", handler, {"mediator_ids": [mediator.pk]}, today=on)
        return services.act(case, "hold_session", handler,
                            {"held_on": on.isoformat(), "record": "record"}, today=on)

    cases = [applied(1, source="referral", referrer_kind="court", referrer_body="court",
                     referrer_number="C-1"), mediating(2)]
    services.act(mediating(3), "fail", handler, {"route": "litigation", "reason": "apart"}, today=on)
    agreed = services.act(mediating(4), "agree", handler,
                          AGREEMENT | {"effective_on": on.isoformat()}, today=on)
    services.act(agreed, "tag_campaign", head, {"name": "campaign"}, today=on)
    confirmed = services.act(mediating(5), "agree", handler,
                             AGREEMENT | {"effective_on": on.isoformat()}, today=on)
    for action, data in (("apply_confirmation", {"court": "court", "by_applicant": True,
                                                 "by_respondent": True}),
                         ("court_accept", {"court_number": "M-1"}),
                         ("rule", {"ruling": "valid", "served_on": on.isoformat()})):
        confirmed = services.act(confirmed, action, handler, data, today=on)
    return [*cases, agreed, confirmed]
