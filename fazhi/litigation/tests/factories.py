"""Litigation response cases in lifecycle states, built through the engine (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.litigation import services

DAY0 = date(2025, 3, 3)  # a Monday: the complaint copy received
# The judgment served on a Monday (2025-05-05): 10 and 15 days later fall on working days,
# so the appeal limits end where the statute puts them (no holiday roll-over)
JUDGED = 63


def days(n: int) -> timedelta:
    return timedelta(days=n)


def papers(**overrides) -> dict:
    data = {"court": "厦门市思明区人民法院", "court_case_no": "（2025）闽0203行初17号",
            "plaintiff": "张某", "claims": "请求撤销被告作出的不予公开答复",
            "act": "政府信息公开申请答复", "served_on": DAY0.isoformat()}
    return data | overrides


def defence(on: date, **overrides) -> dict:
    data = {"filed_on": on.isoformat(), "evidence": ["申请登记表", "答复书", "送达回证"],
            "basis": "《政府信息公开条例》第三十六条",
            "latest_collected_on": (DAY0 - days(30)).isoformat()}
    return data | overrides


def head_hearing(on: date) -> dict:
    return {"held_on": on.isoformat(), "head_present": True, "head_name": "王局长"}


def judgment(on: date, outcome: str = "upheld", kind: str = "judgment") -> dict:
    return {"kind": kind, "outcome": outcome, "document_no": "（2025）闽0203行初17号",
            "served_on": on.isoformat()}


class World:
    """The defendant agency (市司法局, the `agency` fixture) with a handler and its head."""

    def __init__(self, agency, handler, head):
        self.agency, self.handler, self.head = agency, handler, head

    def act(self, case, action: str, data: dict, on: date, who=None):  # noqa: ANN001
        return services.act(case, action, who or self.handler, data, today=on)

    def registered(self, **overrides):
        return services.register(self.agency, self.handler, papers(**overrides), today=DAY0)

    def defended(self, **overrides):
        case = self.registered(**overrides)
        return self.act(case, "defend", defence(DAY0 + days(10)), DAY0 + days(10))

    def heard(self, **overrides):
        case = self.defended(**overrides)
        return self.act(case, "hear", head_hearing(DAY0 + days(40)), DAY0 + days(40), self.head)

    def judged(self, outcome: str = "upheld", kind: str = "judgment", **overrides):
        case = self.heard(**overrides)
        return self.act(case, "judge", judgment(DAY0 + days(JUDGED), outcome, kind),
                        DAY0 + days(JUDGED))

    def effective(self, outcome: str = "upheld", **overrides):
        case = self.judged(outcome, **overrides)
        return self.act(case, "take_effect", {}, DAY0 + days(80))
