"""Normative documents in lifecycle states, built through the services and the engine."""

from datetime import date, timedelta

from conftest import make_staff
from fazhi.normative import models as m
from fazhi.normative import services as s

D0 = date(2026, 3, 2)  # a Monday


def draft_data(**overrides) -> dict:
    data = {
        "title": "厦门市市场监督管理局关于规范食品摊贩登记管理的规定",
        "doc_type": "departmental", "drafting_unit": "市市场监管局食品经营监管处",
        "legal_basis": "《中华人民共和国食品安全法》\n《福建省食品小作坊小餐饮及摊贩管理条例》",
        "subject": "食品摊贩登记条件、程序和监督管理",
        "burdens_rights": True, "market_related": False,
        "body": "第一条 为规范食品摊贩登记管理，根据《中华人民共和国食品安全法》等规定，制定本规定。",
        "drafting_explanation": "为落实食品安全法关于食品摊贩管理的要求，起草本规定。",
        "is_provisional": False, "co_issuers": [],
    }
    return data | overrides


class World:
    """Agencies and staff: a drafting department, the city legal office (reviews, filings)."""

    def __init__(self, agency, other_agency):
        self.legal, self.dept = agency, other_agency
        self.drafter = make_staff(other_agency, "drafter", ["handler"], "钱起草")
        self.head = make_staff(other_agency, "depthead", ["head"], "孙局长")
        self.reviewer = make_staff(agency, "reviewer", ["reviewer"], "周审核")
        self.legal_handler = make_staff(agency, "legalhandler", ["handler"], "吴备案")
        m.IssuerSeries.objects.create(issuer=other_agency, doc_no_prefix="厦市监规",
                                      registration_prefix="XMSJGF", index_prefix="XM00133-12-01")

    def draft(self, today=D0, **overrides):
        return s.register_draft(self.drafter, draft_data(**overrides), today=today)

    def commented(self, today=D0, **overrides):
        case = self.draft(today, **overrides)
        return s.act(self.drafter, case, "open_comment", {
            "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=35)).isoformat()},
            today=today)

    def comment_closed(self, today=D0, **overrides):
        case = self.commented(today, **overrides)
        after = case.normative.comment_closes_on + timedelta(days=1)
        case = s.act(self.drafter, case, "close_comment", {}, today=after)
        return case, after

    def under_review(self, today=D0, **overrides):
        case, day = self.comment_closed(today, **overrides)
        return s.act(self.drafter, case, "submit_review", review_package(), today=day), day

    def decide(self, case, day, outcome="pass", **overrides):
        """The legal office's reviewer decides the open round, on the document's case."""
        data = checklist() | {"outcome": outcome, "opinion": "经审核，该文件制定主体合法、内容合法。"}
        if outcome != "pass":
            data["reasons"] = "第三条设定的登记条件缺乏上位法依据。"
        return s.act(self.reviewer, case, "decide", data | overrides,
                     today=day + timedelta(days=10))

    def reviewed(self, today=D0, **overrides):
        case, day = self.under_review(today, **overrides)
        self.decide(case, day)
        return case.__class__.objects.get(pk=case.pk), day + timedelta(days=10)

    def deliberated(self, today=D0, **overrides):
        case, day = self.reviewed(today, **overrides)
        case = s.act(self.head, case, "deliberate", {
            "meeting": "市市场监管局2026年第5次局务会议", "deliberated_on": day.isoformat(),
            "minutes": "会议审议通过。"}, today=day)
        return case, day

    def registered(self, today=D0, **overrides):
        case, day = self.deliberated(today, **overrides)
        case = s.act(self.drafter, case, "register",
                     {"signed_by": "孙局长", "signed_on": day.isoformat()}, today=day)
        return case, day

    def published(self, today=D0, effective_in=0, **overrides):
        case, day = self.registered(today, **overrides)
        case = s.act(self.drafter, case, "publish", {
            "published_at": day.isoformat(),
            "effective_from": (day + timedelta(days=effective_in)).isoformat()}, today=day)
        return case, day


def review_package() -> dict:
    return {"consultation_record": "公开征求意见35日，收到意见2条，均已采纳。",
            "own_opinion": "经起草单位法制机构审查，本文件合法。"}


def checklist(**overrides) -> dict:
    from fazhi.normative.procedure import CHECKLIST

    return {key: "ok" for key in CHECKLIST} | overrides
