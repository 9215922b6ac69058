"""Case participants (ADR 0022): every existing case gets its opening agency as the owner
part, in one statement."""

import django.db.models.deletion
from django.db import migrations, models


def owners(apps, schema_editor):
    q = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO cases_participant (case_id, agency_id, {q('role')}, active, "
                       "since_seq) SELECT id, agency_id, 'owner', %s, 1 FROM cases_case", [True])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_history_to_core'),
        ('org', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Participant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(max_length=40, verbose_name='在本案中的角色')),
                ('active', models.BooleanField(default=True, help_text='在办：案件在该机关的待办中；办毕后仍可查阅', verbose_name='在办')),
                ('since_seq', models.PositiveIntegerField(default=0, verbose_name='自第几条记录起')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='org.agency', verbose_name='机关')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='cases.case')),
            ],
            options={
                'verbose_name': '案件参与机关',
                'verbose_name_plural': '案件参与机关',
                'indexes': [models.Index(fields=['agency', 'active', 'case'], name='participant_agency')],
                'constraints': [models.UniqueConstraint(fields=('case', 'agency', 'role'), name='participant_case_agency_role')],
            },
        ),
        migrations.RunPython(owners, migrations.RunPython.noop),
    ]
