"""Plan events move to core.Event (kind "plan", format 1, v1 hashes kept; ADR 0018)."""

from django.db import migrations

from fazhi.core import history_migration as hm

OLD_COLUMNS = ("plan_id", "seq", "action", "actor", "actor_kind", "at", "payload",
               "prev_hash", "hash")


def forward(apps, schema_editor):
    hm.copy_events(schema_editor, "inspections_planevent", kind="'plan'", owner="plan_id",
                   actor_user_id="NULL")


def backward(apps, schema_editor):
    hm.copy_back(schema_editor, "inspections_planevent", OLD_COLUMNS,
                 ("owner_id", *OLD_COLUMNS[1:]), "kind = 'plan'")


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0007_plan_void_and_rerun'),
        ('cases', '0003_history_to_core'),  # case events keep their ids: copied first
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(
            name='PlanEvent',
        ),
    ]
