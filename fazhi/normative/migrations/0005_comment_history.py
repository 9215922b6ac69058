"""Public comments get their own history (core.Event, kind "comment"; ADR 0011)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('normative', '0004_doc_no_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='event_count',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='comment',
            name='head_hash',
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
