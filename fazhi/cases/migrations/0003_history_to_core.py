"""Case events and ledger checkpoints move to core.Event / core.Checkpoint (ADR 0018).

Events keep their ids and v1 hashes (format 1), checkpoints their ids, so every published
checkpoint still verifies."""

from django.db import migrations

from fazhi.core import history_migration as hm

OLD_COLUMNS = ("id", "case_id", "seq", "action", "actor", "actor_kind", "actor_user_id", "at",
               "payload", "prev_hash", "hash")


def forward(apps, schema_editor):
    hm.copy_events(schema_editor, "cases_caseevent", kind="'case'", owner="case_id",
                   keep_ids=True)
    hm._execute(schema_editor, "INSERT INTO core_checkpoint (id, upto_event_id, event_count, "
                               "root, created_at) SELECT id, upto_event_id, event_count, root, "
                               "created_at FROM cases_ledgercheckpoint ORDER BY id")
    hm.reset_sequences(schema_editor, apps.get_model("core", "Event"),
                       apps.get_model("core", "Checkpoint"))


def backward(apps, schema_editor):
    hm.copy_back(schema_editor, "cases_caseevent", OLD_COLUMNS,
                 ("id", "owner_id", *OLD_COLUMNS[2:]), "kind = 'case'")
    hm._execute(schema_editor, "INSERT INTO cases_ledgercheckpoint (id, upto_event_id, "
                               "event_count, root, created_at) SELECT id, upto_event_id, "
                               "event_count, root, created_at FROM core_checkpoint ORDER BY id")
    hm._execute(schema_editor, "DELETE FROM core_checkpoint")
    hm.reset_sequences(schema_editor, apps.get_model("cases", "CaseEvent"),
                       apps.get_model("cases", "LedgerCheckpoint"))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_clock_party_and_bounded_stops'),
        ('core', '0001_history_and_checkpoints'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(
            name='LedgerCheckpoint',
        ),
        migrations.DeleteModel(
            name='CaseEvent',
        ),
    ]
