"""The staff forms: the team's report (a new transfer) and a threshold set's import."""

from typing import Literal

from django import forms
from pydantic import BaseModel, Field

from fazhi.core.schemaforms import LocalisedForm, SchemaForm

HARM = [("none", "无"), ("minor", "一般"), ("serious", "严重")]


class NewTransfer(BaseModel):
    """What the team reports (第五条第一款) and the facts checked against the thresholds."""

    report: str = Field(min_length=10, max_length=5000, title="移送涉嫌犯罪案件的书面报告")
    officers: list[str] = Field(min_length=2, max_length=10, title="专案组成员（2名以上行政执法人员）")
    source_reference: str = Field(min_length=1, max_length=100, title="来源案件编号")
    violation_code: str = Field(default="", max_length=40, title="违法行为代码")
    amount_involved: int | None = Field(default=None, ge=0, title="涉案金额（元）")
    illegal_income: int | None = Field(default=None, ge=0, title="违法所得（元）")
    harm: Literal["none", "minor", "serious"] = Field(default="none", title="危害后果")


class NewTransferForm(SchemaForm):
    class Meta:
        schema = NewTransfer
        choices = {"harm": HARM}
        widgets = {"report": forms.Textarea(attrs={"rows": 6})}


class ThresholdImportForm(LocalisedForm):
    version = forms.CharField(label="版本", max_length=40)
    source = forms.CharField(label="来源", max_length=200)
    effective_from = forms.DateField(label="施行日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=200, required=False)
    file = forms.FileField(label="文件（.csv 或 .xlsx）")
