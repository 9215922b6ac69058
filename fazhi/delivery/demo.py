"""Demo: consents and deliveries on documents the procedures have ready to serve (the
disclosure replies waiting for service), through the services: some parties consented
online or on a signed form and are served by inbox or e-mail, some read what they got, the
rest are served by post with a tracking number and, for some, a return slip."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from fazhi.cases.models import Case
from fazhi.core.demo import simulated_clock
from fazhi.core.errors import DomainError
from fazhi.core.modules import DemoContext
from fazhi.delivery import services
from fazhi.delivery.models import Delivery

MAX_CASES = 40
MIN_CASES = 6  # every path of the builder at least twice


def build(ctx: DemoContext) -> int:
    with simulated_clock() as clock:
        clock[0] = datetime.combine(ctx.today, time(1, 30), tzinfo=UTC)  # 09:30 in the city
        return _build(ctx, clock)


def _build(ctx: DemoContext, clock: list[datetime]) -> int:
    org = ctx.built["org"]
    served = 0
    for code, states in services.ready_procedures().items():
        ready = Case.objects.filter(procedure=code, state__in=states, is_open=True).order_by("pk")
        wanted = max(MIN_CASES, ctx.cases // 20) - ready.count()
        declared = services._SERVES[code]
        if wanted > 0 and declared.prepare is not None:  # a small demo has few ready documents
            try:
                declared.prepare(lambda case: org.handlers.get(case.agency_id), ctx.today, wanted)
            except DomainError as exc:
                ctx.failures.append(f"电子送达（准备待送达文书）：{exc.message}")
        # the newest stays waiting to be served, as in a real office
        for n, case in enumerate(list(ready[:MAX_CASES + 1])[:-1]):
            handler = org.handlers.get(case.agency_id)
            declared = services.declared_for(case)
            document = declared.document(case) if declared else None
            if handler is None or document is None:
                continue
            try:
                served += _serve(ctx, n, case, handler, document, clock)
            except DomainError as exc:
                ctx.failures.append(f"电子送达 {case.number}：{exc.message}")
    return served


def _serve(ctx: DemoContext, n: int, case: Case, handler, document: services.Servable,
           clock: list[datetime]) -> int:
    """In turn: no consent (post), consent on a signed form (read), consent online (read
    one time in two)."""
    party = document.party
    if n % 3:
        channels = ["portal", "email"] if party.email else ["portal"]
        services.give_consent(party=party, channels=channels, actor=handler, case=case,
                              how="signed_form" if n % 3 == 1 else "online", email=party.email)
    delivery = services.serve(case=case, document_title=document.title,
                              content=document.content, filename=document.filename,
                              party=party, actor=handler)
    if delivery.channel == "portal" and n % 6 != 5:
        before = clock[0]
        clock[0] = before + timedelta(minutes=ctx.rng.randrange(20, 600))  # read that day
        services.open_document(delivery, case)
        clock[0] = before
    elif delivery.channel == "post":
        number = f"XA{ctx.rng.randrange(10**8, 10**9)}CN"
        delivery = services.record_post(delivery, handler, tracking_number=number,
                                        posted_on=ctx.today, today=ctx.today)
        if n % 2 == 0:
            services.record_receipt(delivery, handler, received_on=ctx.today, today=ctx.today)
    return 1


def report(ctx: DemoContext) -> list[str]:
    total = Delivery.objects.count()
    electronic = Delivery.objects.filter(channel__in=("portal", "email", "sms")).count()
    read = Delivery.objects.filter(read_at__isnull=False).count()
    return [f"电子送达：送达 {total} 份文书，其中电子送达 {electronic} 份、已阅读 {read} 份。"]
