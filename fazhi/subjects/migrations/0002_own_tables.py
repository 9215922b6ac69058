"""The moved tables take this app's names (ADR 0017): a rename, no copy. The credit
record's link to an inspection was moved to the inspection side by inspections 0006."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('subjects', '0001_move_from_inspections'),
        ('inspections', '0006_subjects_moved_out'),
    ]

    operations = [
        migrations.RemoveField(model_name='creditrecord', name='inspection'),
        migrations.AlterModelTable(name='marketentity', table=None),
        migrations.AlterModelTable(name='officer', table=None),
        migrations.AlterModelTable(name='creditrecord', table=None),
        migrations.AlterModelTable(name='creditrepair', table=None),
        migrations.AlterModelTable(name='seriouslistentry', table=None),
    ]
