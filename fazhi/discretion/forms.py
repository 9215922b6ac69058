from django import forms

from fazhi.core.forms import TextField
from fazhi.core.schemaforms import LocalisedForm
from fazhi.discretion.models import LIST_KINDS


class BenchmarkImportForm(LocalisedForm):
    version = TextField(label="版本", max_length=40, help_text="例如：2024年版")
    effective_from = forms.DateField(label="施行日期", help_text="公布后自该日起适用；此前的案件仍适用原版本")
    file = forms.FileField(label="文件（.xlsx 或 .csv）")


class ListImportForm(LocalisedForm):
    kind = forms.ChoiceField(label="清单类型", choices=LIST_KINDS)
    title = TextField(label="清单名称", max_length=200)
    version = TextField(label="版本", max_length=40)
    effective_from = forms.DateField(label="施行日期")
    file = forms.FileField(label="文件（.xlsx 或 .csv）")
