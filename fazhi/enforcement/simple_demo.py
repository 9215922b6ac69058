"""Demo: on-the-spot penalties of the market regulation bureau (called by demo.build, in its
transaction and simulated clock): two form ranges, a voided form, and cases in every state —
decided, delivered, cash collected and overdue to hand over, collected on water, filed and
unpaid, closed after payment or after the cash reached the bank, a warning."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.enforcement import simple_services as services

CATEGORY = "市场监管"
# (stage, kind, fine, party type) per case
PLAN = [("decided", "fine", "50", "natural"), ("delivered", "warning", None, "natural"),
        ("cash_overdue", "fine", "80", "natural"), ("on_water", "fine", "100", "natural"),
        ("filed", "fine", "1500", "organisation"), ("filed", "fine", "200", "natural"),
        ("closed_paid", "fine", "2000", "organisation"), ("closed_cash", "fine", "60", "natural"),
        ("closed_cash", "fine", "100", "natural"), ("closed_warning", "warning", None, "organisation"),
        ("delivered", "fine", "150", "natural"), ("closed_paid", "fine", "3000", "organisation")]
VIOLATION = ("SC009", "经营者不按规定明码标价", "《中华人民共和国价格法》第四十二条；《明码标价和禁止价格欺诈规定》")


def build(ctx: DemoContext, agency, staff: dict, officers: list, clock: list[datetime]) -> dict:  # noqa: ANN001
    """Returns {state: count}; refusals go to ctx.failures."""
    start = ctx.today - timedelta(days=45)
    able = [o for o in officers if (o.cert_valid_from or date.min) <= start][:2]
    if len(able) < 2:
        ctx.failures.append("enforcement: fewer than two officers certified for the simple demo")
        return {}
    head, handler = staff["head"], staff["handler"]
    prefix = f"{agency.code}DC"
    first = services.allocate_range(agency, head, officer_id=able[0].pk, prefix=prefix, start=1,
                                    end=500, today=start)
    services.allocate_range(agency, head, officer_id=able[1].pk, prefix=prefix, start=501,
                            end=1000, today=start)
    services.void_form(first, handler, number=3, reason="填写错误，决定书污损作废", today=start)
    states: dict[str, int] = {}
    for n, (stage, kind, fine, party) in enumerate(PLAN):
        day = start + timedelta(days=2 + n * 3)
        clock[0] = datetime.combine(day, time(2, 0), tzinfo=UTC) + timedelta(minutes=n)
        try:
            with transaction.atomic():
                case = _case(agency, handler, able[n % 2], n, day, stage, kind, fine, party)
        except DomainError as exc:
            ctx.failures.append(f"enforcement simple #{n} ({stage}): {exc.message}")
            continue
        states[case.state] = states.get(case.state, 0) + 1
    return states


def _case(agency, handler, officer, n: int, day: date, stage: str, kind: str,  # noqa: ANN001, ANN202, C901, PLR0913
          fine: str | None, party: str):
    code, violation, basis = VIOLATION
    party_id = f"91350200MA2Y{n:04d}DC" if party == "organisation" else f"3502031985{n % 12 + 1:02d}1{n:04d}"
    data = {"officer_id": officer.pk, "credentials_shown": True, "facts_certain": True,
            "party_type": party, "party_name": f"厦门某某商行{n:02d}" if party == "organisation" else f"李{n:02d}",
            "party_id": party_id, "violation_code": code, "violation": violation,
            "legal_basis": basis, "category": CATEGORY, "sector": "市场监管",
            "occurred_at": f"{day.isoformat()} 10:{n:02d}", "place": "思明区中山路步行街",
            "kind": kind, "fine": fine}
    case = services.decide(agency, handler, data, today=day)
    if stage == "decided":
        return case
    signed = {"party_signed": n % 4 != 2, "refusal_note": "当事人拒绝签收，已在决定书上注明"}
    case = services.act(case, "deliver", handler, signed, today=day)
    if stage == "delivered":
        return case
    if stage in ("cash_overdue", "on_water", "closed_cash"):
        reason = "small" if fine and float(fine) <= 100 else "hard"
        services.act(case, "collect", handler, {
            "reason": reason, "note": "" if reason == "small" else "外地游客当日离厦",
            "amount": fine, "receipt_no": f"FS-350200-{n:06d}", "on_water": stage == "on_water"},
            today=day)
        if stage in ("cash_overdue", "on_water"):
            return case
        handed = day + timedelta(days=1)
        services.act(case, "hand_over", handler, {"on": handed.isoformat()}, today=handed)
        services.act(case, "bank", handler, {"on": handed.isoformat()}, today=handed)
    case = services.act(case, "file", handler, {}, today=day + timedelta(days=1))
    if stage == "filed":
        return case
    if stage == "closed_paid":
        paid = day + timedelta(days=5)
        services.act(case, "record_payment", handler, {"paid_on": paid.isoformat(), "amount": fine},
                     today=paid)
    services.act(case, "publish", handler, {}, today=day + timedelta(days=6))
    return services.act(case, "archive", handler, {}, today=day + timedelta(days=6))
