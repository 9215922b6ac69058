"""A partial index on the engine's parts (cases_participant) for the visibility subquery,
which leaves out owner parts (fazhi.cases.querysets.NOT_OWNER): the 信访 office owns a
part on every petition it registers, a million a year, and `participant_agency` cannot
skip them (ADR 0047). Here because petitions are what makes them that many; the same
DDL on SQLite and PostgreSQL."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_initial"),
        ("petitions", "0002_drop_redundant_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS participant_shared ON cases_participant "
            "(agency_id, active, case_id) WHERE NOT (role = 'owner')",
            "DROP INDEX IF EXISTS participant_shared"),
    ]
