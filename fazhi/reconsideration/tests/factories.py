"""Reconsideration cases in lifecycle states, built through the engine (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.org.actors import Actor
from fazhi.reconsideration import services

DAY0 = date(2025, 3, 3)  # a Monday


def application(**overrides) -> dict:
    data = {"channel": "online", "applicant_name": "林某某", "applicant_id": "350203199001011234",
            "applicant_contact": "13800000000", "respondent_code": "XMSJJ",
            "act": "对申请人作出的罚款五千元的行政处罚决定", "act_kind": "penalty",
            "act_no": "厦市监罚〔2025〕12号", "act_date": "2025-02-10", "known_on": "2025-02-12",
            "amount": "5000", "request": "撤销该行政处罚决定", "reasons": "事实不清，证据不足"}
    return data | overrides


class World:
    def __init__(self, body, office, respondent_agency, *, handler, head, respondent, organ_head):
        self.body, self.office, self.respondent_agency = body, office, respondent_agency
        self.handler, self.head, self.respondent = handler, head, respondent
        self.organ_head = organ_head
        self.public = Actor.public()

    def apply(self, on: date = DAY0, **overrides):
        return services.apply(self.body, self.public, application(**overrides), today=on)

    def accepted(self, on: date = DAY0, **overrides):
        case = self.apply(on, **overrides)
        return services.act(case, "accept", self.handler, {}, today=on)

    def tracked(self, on: date = DAY0, track: str = "ordinary", ground: str = "", **overrides):
        case = self.accepted(on, **overrides)
        return services.act(case, "set_track", self.handler,
                            {"track": track, "ground": ground, "clear": True,
                             "handler_name": "王复议"}, today=on)

    def replied(self, on: date = DAY0, **kw):
        case = self.tracked(on, **kw)
        services.act(case, "send_copy", self.handler,
                     {"sent_on": on.isoformat(), "received_on": on.isoformat()}, today=on)
        return services.act(case, "file_reply", self.respondent,
                            {"reply": "原行政行为事实清楚", "evidence": "现场检查笔录等"}, today=on)

    def heard(self, on: date = DAY0, **kw):
        case = self.replied(on, **kw)
        return services.act(case, "hear_parties", self.handler,
                            {"way": "phone", "summary": "申请人坚持复议请求"}, today=on)

    def propose(self, case, on: date = DAY0, **decision):
        data = {"kind": "revoke", "content": "撤销原行政处罚决定", "reasons": "主要事实不清"} | decision
        return services.act(case, "propose", self.handler, data, today=on)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def english_world(office, respondent_agency, city, roles: dict, on: date) -> None:
    """Reconsideration cases in a few states for the English crawl (fazhi/core/tests/
    test_english.py): under review, proposed with a hearing, and decided, served and
    published. `office` is the legal office (the `agency` fixture)."""
    from conftest import make_staff
    from fazhi.org.models import Agency

    body = Agency.objects.create(code="XMSZF", name="City government", short_name="CG",
                                 region=city, kind="government")
    world = World(body, office, respondent_agency, handler=roles["handler"], head=roles["head"],
                  respondent=make_staff(respondent_agency, "recon_respondent", ["handler"]),
                  organ_head=roles["head"])
    overrides = {"respondent_code": respondent_agency.code,
                 "act_date": (on - days(10)).isoformat(), "known_on": (on - days(5)).isoformat()}
    world.apply(on, **overrides)
    world.heard(on, **overrides)
    case = world.heard(on, **overrides)
    world.propose(case, on, kind="revoke", redo=True, redo_days=30, content="revoked")
    services.act(case, "decide", world.head, {"decision_no": "FY-2026-1"}, today=on)
    services.act(case, "serve", world.handler, {"served_on": on.isoformat(), "channel": "direct"},
                 today=on)  # performing: the redo is supervised (第七十七条)
    services.act(case, "issue_letter", world.head, {  # 第七十六条
        "recipient_code": respondent_agency.code, "letter_no": "FY-YJ-1", "content": "correct it",
        "received_on": on.isoformat()}, today=on)
    from fazhi.reconsideration.demo import _documents

    numbers = _documents()
    if numbers:  # incidental review: one pending, one concluded unlawful (第五十六条至第五十九条)
        for finding in ("", "unlawful"):
            case = world.heard(on, **overrides)
            services.act(case, "request_review", world.handler, {
                "document_no": numbers[0], "clauses": "Art. 3", "grounds": "no basis",
                "requested_on": on.isoformat(), "suspended_on": on.isoformat(),
                "competent": True}, today=on)
            if finding:
                services.act(case, "conclude_review", world.head, {
                    "finding": finding, "opinion": "conflicts with higher law",
                    "concluded_on": on.isoformat()}, today=on)
