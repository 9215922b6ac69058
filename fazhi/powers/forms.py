"""The legal office's forms: a certificate event, the catalogue upload."""

from __future__ import annotations

from django import forms

from fazhi.core.schemaforms import LocalisedForm
from fazhi.powers.models import CertificateEvent


class CertificateEventForm(LocalisedForm):
    kind = forms.ChoiceField(label="事项", choices=list(CertificateEvent.KINDS.items()))
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="暂扣至（不含；不填则待恢复）", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ItemImportForm(LocalisedForm):
    file = forms.FileField(label="文件（.csv 或 .xlsx）")
