"""Penalty cases in lifecycle states, built through the engine (never by hand)."""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.enforcement import services

CATEGORY = "市场监管"
DAY0 = date(2025, 3, 3)  # a Monday


def lead_data(**overrides) -> dict:
    data = {"party_type": "organisation", "party_name": "厦门某某食品有限公司",
            "party_id": "91350200MA2Y0000XX", "violation_code": "SP-034-1",
            "violation": "经营超过保质期的食品", "legal_basis": "《食品安全法》第三十四条、第一百二十四条",
            "category": CATEGORY, "source": "complaint", "act_date": "2025-02-20"}
    return data | overrides


def av_data(step: str, on: date, kind: str, officer_ids: list[int]) -> dict:
    import hashlib

    start = f"{on.isoformat()}T09:00:00"
    return {"kind": kind, "step": step, "title": "执法记录仪录像", "device": "ZFJLY-001",
            "started_at": start, "stopped_at": f"{on.isoformat()}T09:40:00",
            "officer_ids": officer_ids, "archive_ref": "音像档案系统 2025/03/001",
            "sha256": hashlib.sha256(f"{step}{on}".encode()).hexdigest(), "size": 52428800,
            "filename": "ZFJLY-001-0900.mp4"}


class World:
    """An agency's staff and officers (see conftest.py)."""

    def __init__(self, agency, handler, head, reviewer, officers):
        self.agency, self.handler, self.head, self.reviewer = agency, handler, head, reviewer
        self.officers = officers

    @property
    def two(self) -> list[int]:
        return [self.officers[0].pk, self.officers[1].pk]

    def lead(self, on: date = DAY0, **overrides):
        return services.register_lead(self.agency, self.handler, lead_data(**overrides),
                                      discovered_on=on, today=on)

    def opened(self, on: date = DAY0, **overrides):
        case = self.lead(on, **overrides)
        return services.act(case, "initiate", self.head, {"officer_ids": self.two}, today=on)

    def av(self, case, step: str = "inspection", on: date = DAY0, kind: str = "video"):
        """An audio/video record of `step`, held in the agency's archive (第四十七条)."""
        from fazhi.enforcement import records

        return records.register(case, self.handler, av_data(step, on, kind, self.two), today=on)

    def investigated(self, on: date = DAY0, **overrides):
        case = self.opened(on, **overrides)
        self.av(case, "inspection", on)
        services.act(case, "record_investigation", self.handler,
                     {"kind": "inspection", "officer_ids": self.two, "summary": "现场检查笔录"},
                     today=on)
        return services.act(case, "end_investigation", self.handler,
                            {"harm": "minor", "amount_involved": "3000", "first_offence": False,
                             "summary": "调查终结：违法事实清楚"}, today=on)

    def proposed(self, on: date = DAY0, fine: str = "20000", kinds=("fine",), **overrides):
        case = self.investigated(on, **overrides)
        return services.act(case, "conclude", self.head,
                            {"way": "penalise", "fine": fine, "kinds": list(kinds),
                             "reasons": "事实清楚，证据确凿"}, today=on)

    def notified(self, on: date = DAY0, **kw):
        case = self.proposed(on, **kw)
        return services.act(case, "notify", self.handler, {"served_on": on.isoformat()}, today=on)

    def decided(self, on: date = DAY0, fine: str = "20000", **kw):
        case = self.notified(on, fine=fine, **kw)
        services.act(case, "waive", self.handler, {"note": "当事人书面放弃"}, today=on)
        return services.act(case, "decide", self.head,
                            {"fine": fine, "kinds": ["fine"], "reasons": "依法作出处罚"}, today=on)

    def served(self, on: date = DAY0, **kw):
        case = self.decided(on, **kw)
        return services.act(case, "serve", self.handler,
                            {"served_on": on.isoformat(), "channel": "direct"}, today=on)


def days(n: int) -> timedelta:
    return timedelta(days=n)
