"""Move the regulated subjects and officers out of inspections (ADR 0017).

State only: the tables stay where inspections created them (`db_table` names them) until
0002 renames them, after inspections 0006 has moved the credit record's link to the
inspection side. `CreditRecord.inspection` is carried here only so 0006 can copy it.
"""

import django.db.models.deletion
import django.utils.timezone
import fazhi.subjects.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('inspections', '0005_referral_decided_status'),
        ('org', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='CreditRecord',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('category', models.CharField(max_length=40, verbose_name='信息类别')),
                    ('legal_basis', models.CharField(max_length=200, verbose_name='依据')),
                    ('act_date', models.DateField(verbose_name='认定日期')),
                    ('decision_no', models.CharField(blank=True, max_length=60, verbose_name='文书编号')),
                    ('severity', models.CharField(choices=[('minor', '轻微'), ('general', '一般'), ('serious', '严重')], max_length=8, verbose_name='失信程度')),
                    ('summary', models.TextField(verbose_name='内容摘要')),
                    ('min_publish_until', models.DateField(verbose_name='最短公示期至')),
                    ('max_publish_until', models.DateField(verbose_name='最长公示期至')),
                    ('status', models.CharField(choices=[('published', '公示中'), ('stopped', '已到期停止公示'), ('repaired', '已信用修复')], default='published', max_length=10, verbose_name='状态')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('source_agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.agency', verbose_name='提供机关')),
                    ('inspection', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inspections.inspectionrecord')),
                ],
                options={
                    'db_table': 'inspections_creditrecord',
                    'verbose_name': '信用记录',
                    'verbose_name_plural': '信用记录',
                },
            ),
            migrations.CreateModel(
                name='CreditRepair',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('applied_on', models.DateField(verbose_name='申请日期')),
                    ('decided_on', models.DateField(verbose_name='决定日期')),
                    ('approved', models.BooleanField(verbose_name='准予修复')),
                    ('reason', models.TextField(verbose_name='理由')),
                    ('decided_by', models.CharField(max_length=100, verbose_name='决定人')),
                    ('record', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='repairs', to='subjects.creditrecord')),
                ],
                options={
                    'db_table': 'inspections_creditrepair',
                    'verbose_name': '信用修复',
                    'verbose_name_plural': '信用修复',
                },
            ),
            migrations.CreateModel(
                name='MarketEntity',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('uscc', models.CharField(max_length=18, unique=True, validators=[fazhi.subjects.models.validate_uscc], verbose_name='统一社会信用代码')),
                    ('name', models.CharField(db_index=True, max_length=200, verbose_name='名称')),
                    ('entity_type', models.CharField(max_length=40, verbose_name='主体类型')),
                    ('industry', models.CharField(blank=True, max_length=80, verbose_name='行业')),
                    ('address', models.CharField(blank=True, max_length=200, verbose_name='住所')),
                    ('base_class', models.CharField(max_length=2, verbose_name='信用风险分类（导入）')),
                    ('credit_class', models.CharField(db_index=True, max_length=2, verbose_name='信用风险分类')),
                    ('status', models.CharField(default='存续', max_length=20, verbose_name='登记状态')),
                    ('updated_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='更新时间')),
                    ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='所在区')),
                ],
                options={
                    'db_table': 'inspections_marketentity',
                    'verbose_name': '检查对象名录（市场主体）',
                    'verbose_name_plural': '检查对象名录（市场主体）',
                    'ordering': ['uscc'],
                },
            ),
            migrations.AddField(
                model_name='creditrecord',
                name='entity',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credit_records', to='subjects.marketentity'),
            ),
            migrations.CreateModel(
                name='Officer',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('code', models.CharField(max_length=20, unique=True, verbose_name='检查人员编号')),
                    ('name', models.CharField(max_length=40, verbose_name='姓名')),
                    ('cert_no', models.CharField(max_length=40, unique=True, verbose_name='执法证号')),
                    ('cert_valid_until', models.DateField(verbose_name='执法证有效期至')),
                    ('qualifications', models.JSONField(blank=True, default=list, verbose_name='资格与专长')),
                    ('capacity', models.PositiveIntegerField(default=10, verbose_name='每个计划最多检查户数')),
                    ('active', models.BooleanField(default=True, verbose_name='在岗')),
                    ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='officers', to='org.agency', verbose_name='所属机关')),
                    ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='org.region', verbose_name='检查区域（空为全市）')),
                    ('staff', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='officer', to='org.staff', verbose_name='对应工作人员')),
                ],
                options={
                    'db_table': 'inspections_inspector',
                    'verbose_name': '执法人员名录',
                    'verbose_name_plural': '执法人员名录',
                    'ordering': ['code'],
                },
            ),
            migrations.CreateModel(
                name='SeriousListEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('legal_basis', models.CharField(max_length=200, verbose_name='列入依据')),
                    ('listed_on', models.DateField(verbose_name='列入日期')),
                    ('term_until', models.DateField(verbose_name='移出日期（期满）')),
                    ('early_removal_from', models.DateField(verbose_name='可申请提前移出日期')),
                    ('removed_on', models.DateField(blank=True, null=True, verbose_name='移出日期')),
                    ('removal_reason', models.CharField(blank=True, max_length=200, verbose_name='移出原因')),
                    ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='org.agency', verbose_name='列入机关')),
                    ('entity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='serious_entries', to='subjects.marketentity')),
                ],
                options={
                    'db_table': 'inspections_seriouslistentry',
                    'verbose_name': '严重失信主体名单',
                    'verbose_name_plural': '严重失信主体名单',
                },
            ),
            migrations.AddIndex(
                model_name='marketentity',
                index=models.Index(fields=['status', 'credit_class', 'uscc', 'district'], name='entity_directory_idx'),
            ),
            migrations.AddIndex(
                model_name='creditrecord',
                index=models.Index(fields=['entity', 'status'], name='credit_entity_status'),
            ),
        ], database_operations=[]),
    ]
