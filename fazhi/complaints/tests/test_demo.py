"""The demo builder makes complaints and reports in every state through the engine, without
refusals (splits, leads in enforcement, repeat offenders)."""

from fazhi.cases.models import Case


def test_demo_builds_complaints_and_reports_in_every_state(demo_city):
    out, err = demo_city
    assert "complaints #" not in out + err  # no planned action refused
    from fazhi.complaints.procedure import REPORT_STATES, STATES

    states = set(Case.objects.filter(procedure="complaint").values_list("state", flat=True))
    assert states == set(STATES)
    states = set(Case.objects.filter(procedure="consumer_report").values_list("state", flat=True))
    assert states == set(REPORT_STATES)
    assert Case.objects.filter(procedure="consumer_report",
                               consumer_report__complaint__isnull=False).exists()
    lead = Case.objects.filter(procedure="consumer_report", state="opened") \
        .values_list("consumer_report__lead_number", flat=True).first()
    assert Case.objects.get(number=lead).procedure == "penalty"
    from django.contrib.auth.models import User

    from fazhi.complaints import queries
    from fazhi.org.actors import Actor

    regulator = Case.objects.filter(procedure="complaint").values_list("agency", flat=True).first()
    user = User.objects.get(username="scjgj_handler")
    assert user.staff.agency_id == regulator
    latest = Case.objects.filter(procedure="complaint").latest("received_on").received_on
    rows = queries.repeat_stats(Actor.for_user(user), latest, limit=3)
    assert rows and rows[0]["repeat"]
