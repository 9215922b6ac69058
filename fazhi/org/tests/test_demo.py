"""The demo city: built through the engine, every state present, deterministic, refuses to
overwrite data, and its ledger verifies."""

import io
import random
from datetime import date, datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.core.ledger import verify
from fazhi.core.models import Checkpoint, Event
from fazhi.disclosure.models import DisclosureRequest
from fazhi.disclosure.procedure import STATES
from fazhi.org import demo
from fazhi.org.models import Agency, Region, Staff

TODAY = date(2026, 6, 15)


def run_demo(**options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", cases=40, seed=7, today=TODAY.isoformat(), stdout=out, stderr=err,
                 **options)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[list[tuple]]:
    """What every builder made, without the random receipt and registration codes."""
    from django.db.models import Count

    from fazhi.inspections.models import Plan, Target
    from fazhi.lottery.models import Lottery
    from fazhi.normative.models import NormativeDocument
    from fazhi.reporting.models import FigureSnapshot, KeyTask
    from fazhi.subjects.models import MarketEntity, Officer

    return [
        list(Case.objects.order_by("number").values_list(
            "number", "state", "outcome", "applicant_name", "received_on", "due_on",
            "event_count")),
        list(NormativeDocument.objects.order_by("pk").values_list(
            "title", "status", "doc_no", "published_at", "valid_until")),
        list(MarketEntity.objects.order_by("uscc").values_list("uscc", "name", "credit_class")),
        list(Officer.objects.order_by("code").values_list("code", "name", "cert_valid_until")),
        list(Plan.objects.order_by("pk").values_list("title", "state", "file_hash")
             .annotate(n=Count("targets"))),
        list(Target.objects.order_by("plan", "stratum", "rank").values_list("uscc", "stratum")),
        list(Lottery.objects.order_by("pk").values_list("title", "state")
             .annotate(n=Count("registrations"))),
        list(KeyTask.objects.order_by("pk").values_list("text", "status", "percent")),
        list(FigureSnapshot.objects.order_by("indicator").values_list("indicator", "value")),
    ]


def test_gb11643_check_digit():
    assert demo.id_check_digit("11010519491231002") == "X"  # the standard's worked example
    rng = random.Random(1)
    for _ in range(50):
        number = demo.person_id(rng, "350203")
        assert len(number) == 18 and number[:6] == "350203"
        assert demo.id_check_digit(number[:17]) == number[17]


@pytest.mark.django_db
def test_demo_builds_the_city_with_cases_in_every_state():
    out, err = run_demo()
    assert err == ""  # no planned action was refused by the engine

    assert set(Region.objects.values_list("code", flat=True)) == {
        "350200", "350203", "350205", "350206", "350211", "350212", "350213"}
    assert Agency.objects.get(name="厦门市司法局").is_legal_office
    assert Agency.objects.filter(name="厦门市思明区人民政府", region__code="350203").exists()
    assert Agency.objects.count() >= 30

    assert authenticate(username="sfj_handler", password="demo12345").staff.roles == ["handler"]
    # 条例第三十三条第二款: extensions are approved by the head of the disclosure office.
    gio_head = authenticate(username="sfj_gio_head", password="demo12345").staff
    assert gio_head.roles == ["gio_head"] and "sfj_gio_head" in out
    extenders = set(Event.objects.filter(kind="case", action="extend")
                    .values_list("actor_user_id", flat=True))
    assert extenders and all(Staff.objects.get(user_id=pk).roles == ["gio_head"]
                             for pk in extenders)
    assert authenticate(username="supervisor", password="demo12345").staff.roles == ["supervisor"]
    assert authenticate(username="admin", password="demo12345").is_superuser
    assert "sfj_handler" in out and "demo12345" in out

    requests = Case.objects.filter(procedure="disclosure")  # the other builders' cases too
    assert set(requests.values_list("state", flat=True)) == set(STATES)
    outcomes = set(requests.filter(state="closed").values_list("outcome", flat=True))
    assert {f"A{n}" for n in range(1, 13)} | {"no_correction", "fee_unpaid"} <= outcomes
    assert requests.filter(is_open=True, due_on__lt=TODAY).exists()  # overdue
    assert DisclosureRequest.objects.filter(extended_on__isnull=False, case__is_open=True).exists()
    assert not Case.objects.filter(received_on__gt=TODAY).exists()

    # Built through the engine: every event is chained, the ledger and its checkpoint verify.
    events = Event.objects.filter(kind="case")
    assert events.count() == sum(Case.objects.values_list("event_count", flat=True))
    report = verify(TODAY)
    assert report.problems == [] and report.events == Event.objects.count()
    assert Checkpoint.objects.order_by("-upto_event_id").first().event_count == report.events
    assert report.unanchored_events == 0
    # one checkpoint for the build, not one per simulated day (the clock moves ~10 min/step)
    assert Checkpoint.objects.count() == 1
    # every role has a printed login, the notary and the lottery organiser included
    for username in ("gzc_notary", "jyj_admin", "yfzsb_head", "scjgj_jc01"):
        assert username in out and authenticate(username=username, password="demo12345")
    # Event times follow the simulated calendar, and the real clock is back afterwards.
    received = dict(Case.objects.values_list("pk", "received_on"))
    for event in events.filter(seq=1):
        assert timezone.localtime(event.at_datetime).date() == received[event.owner_id]
    assert timezone.datetime is datetime


@pytest.mark.slow  # started first (conftest.py)
# --reset flushes the database (TRUNCATE on PostgreSQL), which cannot run inside the test's
# wrapping transaction while deferred constraint checks are pending.
@pytest.mark.django_db(transaction=True)
def test_demo_refuses_existing_data_and_reset_rebuilds_the_same_city():
    run_demo()
    before = snapshot()
    with pytest.raises(CommandError, match="--reset"):
        run_demo()
    assert snapshot() == before

    run_demo(reset=True)
    assert snapshot() == before  # same seed, same city


@pytest.mark.django_db
def test_demo_agencies_have_full_contact_details(settings):
    """《政府信息公开条例》第十二条: each agency's disclosure office, its address, hours,
    telephone, fax and internet contact; the Justice Bureau hosts the site, so its record
    matches the footer's development defaults."""
    demo.build_org(random.Random(3))
    for agency in Agency.objects.all():
        assert agency.address.startswith("厦门市") and agency.phone.startswith("0592-0")
        assert agency.hours == "工作日 8:00–12:00，14:30–17:30（夏令时 15:00–18:00）"
        assert len(agency.postcode) == 6 and agency.email.endswith(".example")
        assert agency.disclosure_office and agency.disclosure_phone.startswith("0592-0")
        assert agency.fax.startswith("0592-0") and agency.full_clean() is None
    district = Agency.objects.get(code="XMSMQ")
    assert "思明区行政服务中心" in district.disclosure_address
    assert district.disclosure_address != district.address
    bureau = Agency.objects.get(code="XMSFJ")
    assert (bureau.address, bureau.phone, bureau.email) == (
        settings.FAZHI_SITE_ADDRESS, settings.FAZHI_SITE_PHONE, settings.FAZHI_SITE_EMAIL)
    assert bureau.name == settings.FAZHI_SITE_OWNER
