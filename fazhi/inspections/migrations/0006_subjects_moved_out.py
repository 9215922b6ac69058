"""The entity and officer directories and credit records now belong to the subjects app
(ADR 0017): the foreign keys point there, and the link between a credit record and the
inspection that made it moves to this side (`InspectionRecord.credit_record`), so the lower
app points at no procedure app. No table is copied."""

import django.db.models.deletion
from django.db import migrations, models


def link_from_inspection_side(apps, schema_editor):
    credit = apps.get_model("subjects", "CreditRecord")
    record = apps.get_model("inspections", "InspectionRecord")
    pairs = credit.objects.filter(inspection__isnull=False).values_list("inspection_id", "pk")
    for record_id, credit_id in pairs.iterator(chunk_size=2000):
        record.objects.filter(pk=record_id).update(credit_record_id=credit_id)


def link_from_credit_side(apps, schema_editor):
    credit = apps.get_model("subjects", "CreditRecord")
    record = apps.get_model("inspections", "InspectionRecord")
    pairs = record.objects.filter(credit_record__isnull=False).values_list("pk", "credit_record_id")
    for record_id, credit_id in pairs.iterator(chunk_size=2000):
        credit.objects.filter(pk=credit_id).update(inspection_id=record_id)


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0005_referral_decided_status'),
        ('subjects', '0001_move_from_inspections'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='conflict',
                name='inspector',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conflicts', to='subjects.officer'),
            ),
            migrations.AlterField(
                model_name='recusal',
                name='replacement',
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='subjects.officer'),
            ),
            migrations.AlterField(
                model_name='recusal',
                name='leaving',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='subjects.officer'),
            ),
            migrations.AlterField(
                model_name='teammember',
                name='inspector',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='subjects.officer'),
            ),
            migrations.AlterField(
                model_name='target',
                name='entity',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='subjects.marketentity'),
            ),
            migrations.DeleteModel(name='CreditRepair'),
            migrations.DeleteModel(name='SeriousListEntry'),
            migrations.DeleteModel(name='CreditRecord'),
            migrations.DeleteModel(name='Inspector'),
            migrations.DeleteModel(name='MarketEntity'),
        ], database_operations=[]),
        migrations.AddField(
            model_name='inspectionrecord',
            name='credit_record',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspection', to='subjects.creditrecord'),
        ),
        migrations.RunPython(link_from_inspection_side, link_from_credit_side),
    ]
