"""Links of the penalty procedure to the rest of the platform (issue 13 part 9):

* an inspection referral opens a lead (`fazhi.subjects.signals.referral_made`);
* a consumer report (举报) the regulator decided to open a case on opens a lead with the
  source 投诉举报 (`report_to_lead`, sent by fazhi.complaints);
* a decision on a referral is told back (`penalty_decided`: inspections makes the credit
  record and marks its referral decided); a decision on any other organisation in the
  directory makes its credit record here (双公示, 《行政处罚法》第四十八条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.enforcement import models as m
from fazhi.org.actors import Actor
from fazhi.subjects import credit
from fazhi.subjects.models import CreditRecord, MarketEntity
from fazhi.subjects.signals import penalty_decided

REFERRAL_CODE = "待核定"  # the violation code is confirmed when the case is opened


def on_referral(sender: Any, *, referral_id: int, agency: Any, uscc: str, name: str,
                reason: str, found_on: date, **kwargs: Any) -> str:
    """A lead from an inspection referral, registered by the platform on the agency's behalf."""
    from fazhi.enforcement import services

    data = {"party_type": m.ORGANISATION, "party_name": name, "party_id": uscc,
            "violation_code": REFERRAL_CODE, "violation": reason[:500],
            "legal_basis": reason[:500], "category": "", "source": "inspection",
            "referral_id": referral_id, "act_date": found_on.isoformat()}
    case = services.register_lead(agency, Actor.system("双随机抽查移交"), data,
                                  discovered_on=found_on, today=kwargs.get("today") or found_on)
    return case.number


def on_report(sender: Any, *, report_id: int, agency: Any, uscc: str, name: str,
              violation: str, legal_basis: str, act_date: date, received_on: date,
              **kwargs: Any) -> str:
    """A lead from a consumer report (《市场监督管理行政处罚程序规定》第十八条): registered on
    the agency's behalf, discovered on the day the report was received."""
    from fazhi.enforcement import services

    data = {"party_type": m.ORGANISATION, "party_name": name, "party_id": uscc,
            "violation_code": REFERRAL_CODE, "violation": violation[:500],
            "legal_basis": legal_basis[:500], "category": "", "source": "complaint",
            "act_date": act_date.isoformat()}
    case = services.register_lead(agency, Actor.system("投诉举报移交"), data,
                                  discovered_on=received_on,
                                  today=kwargs.get("today") or received_on)
    return case.number


def severity(p: m.PenaltyCase) -> str:
    if set(p.kinds) & m.SEVERE_KINDS:
        return CreditRecord.SERIOUS
    return CreditRecord.GENERAL if p.fine or set(p.kinds) - {"warning", "criticism"} \
        else CreditRecord.MINOR


def decided(p: m.PenaltyCase, agency: Any, summary: str, today: date) -> None:
    """The credit record of the decision (through inspections for a referral)."""
    if p.party_type != m.ORGANISATION:
        return
    info = {"uscc": p.party_id, "decision_no": p.decision_no, "decided_on": p.decided_on,
            "agency": agency, "severity": severity(p), "summary": summary,
            "legal_basis": p.legal_basis[:150]}
    if p.referral_id is not None:
        penalty_decided.send(sender=m.PenaltyCase, referral_id=p.referral_id, **info)
        return
    entity = MarketEntity.objects.filter(uscc=p.party_id).first()
    if entity is not None:
        credit.record_penalty_decision(entity, decision_no=p.decision_no, decided_on=p.decided_on,
                                       agency=agency, severity=info["severity"], summary=summary,
                                       legal_basis=info["legal_basis"], today=today)
