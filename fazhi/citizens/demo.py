"""Demo citizens (ADR 0045): a resident and a firm with sign-in accounts, whose matters
span several procedures.

Generic, through the engine only (this app imports no procedure app): for each procedure
with cases in the demo city, a few of its cases serve as templates; each is opened again
for the demo citizen with the same opening data (the identifier and name replaced) and
its recorded steps replayed on their dates as the system actor, as far as the engine
allows (a step that needs a file, say, ends the replay there, as a refusal would). The
firm also finds the enforcement cases already opened against it (its USCC is taken from
the city's busiest enforcement party)."""

from __future__ import annotations

import json
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from fazhi.cases import engine
from fazhi.cases import procedure as registry
from fazhi.cases.models import Case
from fazhi.cases.parties import PARTY_FIELDS, normalised
from fazhi.citizens import services
from fazhi.citizens.models import Citizen
from fazhi.citizens.verifiers import Proof
from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.org.actors import Actor
from fazhi.org.demo import credit_code, person_id

AFTER = ("org", "disclosure", "petitions", "reconsideration", "mediation", "enforcement",
         "lottery")
PERSON_LOGIN, FIRM_LOGIN = "citizen", "citizen_firm"
PERSON_NAME, FIRM_NAME = "林晓燕", "厦门鹭岛示范贸易有限公司"
PER_PROCEDURE = 2  # templates per procedure: the most advanced cases first
FIRM_PROCEDURE = "penalty"  # enforcement's ordinary penalty procedure: parties are firms
# documents are not a person's matters; an on-the-spot penalty's copy would spend serially
# numbered forms from an officer's range (第五十二条), which the enforcement demo accounts for
SKIP = {"normative", "normative_review", "filing", "simple_penalty"}


def build(ctx: DemoContext) -> dict:
    org = ctx.built["org"]
    person_id_number = person_id(ctx.rng, "350203")
    firm_uscc = _busiest_firm() or credit_code(ctx.rng, "350200")
    out = {}
    for login, kind, name, number in ((PERSON_LOGIN, Citizen.PERSON, PERSON_NAME, person_id_number),
                                      (FIRM_LOGIN, Citizen.FIRM, FIRM_NAME, firm_uscc)):
        with transaction.atomic():
            user = User.objects.create(username=login, password=org.password,
                                       email=f"{login}@example.com")
            citizen = services.bind(user, Proof(kind, normalised(number), name, "demo"))
        copies = _copies(ctx, number, name) if kind == Citizen.PERSON else \
            _copies(ctx, number, name, codes=("disclosure", FIRM_PROCEDURE))
        out[login] = (citizen, copies)
    return out


def _busiest_firm() -> str:
    """The USCC of the party with the most enforcement cases (from their opening events)."""
    from django.db.models import Count

    top = (Case.objects.filter(procedure=FIRM_PROCEDURE).exclude(party_key="")
           .values("party_key").annotate(n=Count("id")).order_by("-n", "party_key").first())
    if top is None:
        return ""
    case = Case.objects.filter(procedure=FIRM_PROCEDURE, party_key=top["party_key"]).first()
    proc = registry.get(case.procedure, case.procedure_version)
    event = case.events.order_by("seq").only("payload").first()
    data = opening_data(case, proc, json.loads(event.payload) if event else {})
    return next((data[f] for f in PARTY_FIELDS if isinstance(data.get(f), str)), "")


def _templates(codes: tuple[str, ...] | None) -> list[Case]:
    found = []
    procedures = codes or sorted(set(Case.objects.exclude(party_key="")
                                     .values_list("procedure", flat=True).distinct()))
    for code in procedures:
        if code in SKIP:
            continue
        rows = Case.objects.filter(procedure=code).exclude(party_key="")
        closed = list(rows.filter(is_open=False).order_by("event_count", "id")[:1])
        opened = list(rows.filter(is_open=True).order_by("-event_count", "id")[:PER_PROCEDURE - len(closed)])
        found += closed + opened
    return found


def _copies(ctx: DemoContext, number: str, name: str, codes: tuple[str, ...] | None = None) -> int:
    made = 0
    for template in _templates(codes):
        try:
            with transaction.atomic():
                _copy(template, number, name, ctx.today)
            made += 1
        except DomainError as exc:
            ctx.failures.append(f"citizens: {template.number} → {exc.message}")
    return made


def _copy(template: Case, number: str, name: str, today: date) -> Case:
    proc = registry.get(template.procedure, template.procedure_version)
    events = list(template.events.order_by("seq").only("action", "payload", "at"))
    opening = proc.transition(registry.OPEN)
    data = _fields(opening.schema, opening_data(template, proc, json.loads(events[0].payload)))
    for field in PARTY_FIELDS:
        if field in data:
            data[field] = number
    for field, value in list(data.items()):
        if field.endswith("_name") and value == template.applicant_name:
            data[field] = name
    system = Actor.system("演示数据")
    with simulated_clock() as clock:
        clock[0] = events[0].at_datetime
        case = engine.open_case(template.procedure, template.agency, system, data,
                                received_on=template.received_on, title=template.title,
                                applicant_name=name, today=max(template.received_on,
                                                               events[0].at_datetime.date()))
        for event in events[1:]:
            if registry.is_record(event.action):
                continue
            transition = proc.transition(event.action)
            if transition is None:
                break
            day = event.at_datetime.date()
            clock[0] = event.at_datetime
            try:
                with transaction.atomic():
                    engine.advance(case, event.action, system,
                                   _fields(transition.schema, json.loads(event.payload)),
                                   today=min(day, today))
            except DomainError:
                break
    return case


def opening_data(case: Case, proc: registry.Procedure, payload: dict) -> dict:
    """The opening event's payload and what the procedure keeps in its detail row instead
    (personal data is not in the ledger's payload)."""
    data = dict(payload)
    detail = getattr(case, proc.detail, None) if proc.detail else None
    schema = proc.transition(registry.OPEN).schema
    if detail is not None and schema is not None:
        for name in schema.model_fields:
            if name not in data and hasattr(detail, name):
                value = getattr(detail, name)
                data[name] = value.isoformat() if isinstance(value, date) else value
    return data


def _fields(schema, payload: dict) -> dict:
    if schema is None:
        return {}
    return {k: v for k, v in payload.items() if k in schema.model_fields}


def report(ctx: DemoContext) -> list[str]:
    built = ctx.built.get("citizens") or {}
    lines = []
    for login, (citizen, _copies_made) in built.items():
        n = Case.objects.filter(party_key=citizen.party_key).count()
        kinds = Case.objects.filter(party_key=citizen.party_key).values("procedure").distinct().count()
        lines.append(f"我的事项：演示用户 {login}（{citizen.display_name}）有 {n} 件事项，涉及 {kinds} 个程序")
    return lines


def logins() -> list[tuple[str, str, str, str, str]]:
    """The demo citizens' accounts for `make run`'s list of demo logins."""
    from fazhi.org.demo_city import PASSWORD

    return [(c.user.username, PASSWORD, "—", "公众用户（我的事项）" if c.kind == Citizen.PERSON
             else "企业用户（我的事项）", c.display_name)
            for c in Citizen.objects.select_related("user")
            .filter(user__username__in=(PERSON_LOGIN, FIRM_LOGIN)).order_by("user__username")]

