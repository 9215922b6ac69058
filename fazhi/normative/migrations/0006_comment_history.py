"""Public comments get their own history (core.Event, kind "comment"; ADR 0018)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('normative', '0005_filing_dates_from_clocks_comment_provisional'),
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
