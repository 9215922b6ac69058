"""The audit trail moves to core.Event (kind = subject: task, finding, report; format 1,
v1 hashes kept) and tasks, findings and reports get their chain heads (ADR 0018)."""

from django.db import migrations, models

from fazhi.core import history_migration as hm

OWNERS = {"task": "reporting_keytask", "finding": "reporting_supervisionfinding",
          "report": "reporting_annualreport"}
OLD_COLUMNS = ("subject", "subject_id", "seq", "action", "actor", "actor_user_id", "at",
               "payload", "prev_hash", "hash")


def forward(apps, schema_editor):
    hm.copy_events(schema_editor, "reporting_auditevent", kind="subject", owner="subject_id",
                   actor_kind="CASE WHEN actor_user_id IS NULL THEN 'system' ELSE 'staff' END")
    for kind, table in OWNERS.items():
        hm.set_heads(schema_editor, table, kind)


def backward(apps, schema_editor):
    hm.copy_back(schema_editor, "reporting_auditevent", OLD_COLUMNS,
                 ("kind", "owner_id", *OLD_COLUMNS[2:]),
                 "kind IN ('task', 'finding', 'report')")


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_report_import_metadata'),
        ('cases', '0003_history_to_core'),  # case events keep their ids: copied first
    ]

    operations = [
        migrations.AddField(
            model_name='annualreport',
            name='event_count',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='annualreport',
            name='head_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='keytask',
            name='event_count',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='keytask',
            name='head_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='supervisionfinding',
            name='event_count',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='supervisionfinding',
            name='head_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(
            name='AuditEvent',
        ),
    ]
