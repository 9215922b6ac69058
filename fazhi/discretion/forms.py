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


YES_NO = [("yes", "是"), ("no", "否")]
HARM_CHOICES = [("none", "未造成危害后果"), ("minor", "危害后果轻微"), ("serious", "危害后果严重")]


class AssessForm(LocalisedForm):
    """A trial assessment: the facts of a case against a published benchmark (writes nothing)."""

    violation_code = forms.ChoiceField(label="违法行为")
    on = forms.DateField(label="违法行为发生日期", help_text="适用该日施行的版本")
    amount_involved = forms.DecimalField(label="涉案金额（元）", required=False, min_value=0,
                                         max_digits=15, decimal_places=2)
    illegal_income = forms.DecimalField(label="违法所得（元）", required=False, min_value=0,
                                        max_digits=15, decimal_places=2)
    duration_days = forms.IntegerField(label="持续天数", required=False, min_value=0, max_value=100000)
    harm = forms.ChoiceField(label="危害后果", choices=HARM_CHOICES)
    first_offence = forms.ChoiceField(label="初次违法", choices=YES_NO)
    corrected = forms.ChoiceField(label="已及时改正", choices=YES_NO)
    cooperated = forms.ChoiceField(label="配合调查", choices=YES_NO)
    proposed_fine = forms.DecimalField(label="拟罚款（元）", required=False, min_value=0,
                                       max_digits=15, decimal_places=2)
    proposed_kinds = forms.MultipleChoiceField(label="拟处罚种类", required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, codes: list[tuple[str, str]], kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation_code"].choices = codes
        self.fields["proposed_kinds"].choices = kinds

    def facts(self) -> dict[str, object]:
        d = self.cleaned_data
        facts: dict[str, object] = {k: d[k] for k in ("amount_involved", "illegal_income", "duration_days")
                                    if d.get(k) is not None}
        facts["harm"] = d["harm"]
        facts |= {k: d[k] == "yes" for k in ("first_offence", "corrected", "cooperated")}
        return facts
