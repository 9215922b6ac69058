"""The legality review and the filing review become steps of the document's own case
(ADR 0022): the legal office and the filing body take part in it.

For an existing database: every review round and filing of an earlier release gives its
agency its part on the document's case (active while the old case was open); an old case
still open (a review awaiting its opinion, a filing under review) has its running clocks
copied to the document's case and is closed with a hash-chained "transfer" event naming
the document, so the work continues there. Closed old cases stay as they are, linked from
their round or filing (`legacy_case`), their histories intact. The document cases' due
dates are then re-derived from their running clocks.

Reversing renames the fields back; the parts and moved clocks are not undone.
"""

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone

from fazhi.law import ledger

BY = "系统（程序调整：审核、备案并入文件案件）"
OPEN_STATES = {"normative_review": {"reviewing"},
               "normative_filing": {"submitted", "received", "correction"}}


def forward(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Clock = apps.get_model("cases", "Clock")
    Participant = apps.get_model("cases", "Participant")
    Event = apps.get_model("core", "Event")
    moved: set[int] = set()
    for model, role in ((apps.get_model("normative", "LegalityReview"), "review_body"),
                        (apps.get_model("normative", "Filing"), "filing_body")):
        rows = model.objects.filter(legacy_case__isnull=False).select_related("legacy_case")
        for row in rows.order_by("id"):
            old = row.legacy_case
            agency = row.reviewer_agency_id if role == "review_body" else row.filed_with_id
            still_open = old.is_open and old.state in OPEN_STATES[old.procedure]
            part, _ = Participant.objects.get_or_create(
                case_id=row.document_id, agency_id=agency, role=role,
                defaults={"active": still_open, "since_seq": 0})
            if still_open and not part.active:
                Participant.objects.filter(pk=part.pk).update(active=True)
            if still_open:
                _move_clocks(Clock, old.pk, row.document_id)
                _transfer(Case, Event, Clock, old, row.document_id)
                moved.add(row.document_id)
    for case_id in moved:
        running = Clock.objects.filter(case_id=case_id, state="running", party="")
        due = running.aggregate(d=Min("due_on"))["d"]
        provisional = bool(due) and running.filter(due_on=due, provisional=True).exists()
        Case.objects.filter(pk=case_id).update(due_on=due, due_provisional=provisional)


def _move_clocks(Clock, old_id: int, doc_id: int) -> None:
    """The old case's running clocks continue on the document's case (same limit codes)."""
    for clock in Clock.objects.filter(case_id=old_id, state="running"):
        Clock.objects.filter(case_id=doc_id, code=clock.code).delete()
        Clock.objects.create(
            case_id=doc_id, code=clock.code, party=clock.party, started_on=clock.started_on,
            note=clock.note, stops=clock.stops, extended=clock.extended, due_on=clock.due_on,
            provisional=clock.provisional, paused=clock.paused, explanation=clock.explanation,
            state="running", finished_on=None)
    Clock.objects.filter(case_id=old_id, state="running").update(state="cancelled")


def _transfer(Case, Event, Clock, old, doc_id: int) -> None:
    """Close the old case with one event in its chain (the state it produced included)."""
    doc = Case.objects.get(pk=doc_id)
    at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = ledger.canonical_payload({"document": doc.number,
                                        "note": "审核、备案改在文件案件中办理"})
    state = ledger.canonical_payload({"state": "transferred", "is_open": False,
                                      "outcome": old.outcome})
    label = ledger.clean_label(BY)
    prev = old.head_hash or ledger.GENESIS
    seq = old.event_count + 1
    digest = ledger.event_hash("case", old.pk, seq, "transfer", label, at, payload, state, prev)
    Event.objects.create(kind="case", owner_id=old.pk, seq=seq, action="transfer", actor=label,
                         actor_kind="system", actor_user_id=None, at=at, payload=payload,
                         state=state, prev_hash=prev, hash=digest)
    Case.objects.filter(pk=old.pk).update(
        state="transferred", is_open=False, closed_at=timezone.now(), due_on=None,
        due_provisional=False, event_count=seq, head_hash=digest)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0004_participants'),
        ('core', '0001_history_and_checkpoints'),
        ('normative', '0006_comment_history'),
    ]

    operations = [
        migrations.RenameField(model_name='legalityreview', old_name='case',
                               new_name='legacy_case'),
        migrations.RenameField(model_name='filing', old_name='case', new_name='legacy_case'),
        migrations.AlterField(
            model_name='legalityreview', name='legacy_case',
            field=models.OneToOneField(blank=True, null=True,
                                       on_delete=models.deletion.PROTECT,
                                       related_name='normative_review', to='cases.case',
                                       verbose_name='原审核案件（已并入文件案件）'),
        ),
        migrations.AlterField(
            model_name='filing', name='legacy_case',
            field=models.OneToOneField(blank=True, null=True,
                                       on_delete=models.deletion.PROTECT,
                                       related_name='normative_filing', to='cases.case',
                                       verbose_name='原备案审查案件（已并入文件案件）'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
