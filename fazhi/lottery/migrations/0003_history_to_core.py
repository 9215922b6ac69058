"""Lottery events move to core.Event (kind "lottery", format 1, v1 hashes kept; ADR 0018)."""

from django.db import migrations

from fazhi.core import history_migration as hm

OLD_COLUMNS = ("lottery_id", "seq", "action", "actor", "actor_kind", "at", "payload",
               "prev_hash", "hash")


def forward(apps, schema_editor):
    hm.copy_events(schema_editor, "lottery_lotteryevent", kind="'lottery'", owner="lottery_id",
                   actor_user_id="NULL")


def backward(apps, schema_editor):
    hm.copy_back(schema_editor, "lottery_lotteryevent", OLD_COLUMNS,
                 ("owner_id", *OLD_COLUMNS[1:]), "kind = 'lottery'")


class Migration(migrations.Migration):

    dependencies = [
        ('lottery', '0002_held_entry_changes'),
        ('cases', '0003_history_to_core'),  # case events keep their ids: copied first
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(
            name='LotteryEvent',
        ),
    ]
