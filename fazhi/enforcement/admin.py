"""Operators keep each agency's audio-video recording item list (音像记录事项清单) here;
full-process records are read-only: each was written with its case's hash chain."""

from django import forms
from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.enforcement.config import RECORD_STEPS
from fazhi.enforcement.models import ProcessRecord, RecordPolicy


class RecordPolicyForm(forms.ModelForm):
    class Meta:
        model = RecordPolicy
        fields = ["agency", "av_steps", "retention", "citation", "effective_from"]
        help_texts = {"av_steps": "环节代码列表，可选：" + "、".join(
            f"{code}（{label}）" for code, label in RECORD_STEPS.items())}

    def clean_av_steps(self) -> list[str]:
        steps = self.cleaned_data["av_steps"]
        if not isinstance(steps, list) or any(s not in RECORD_STEPS for s in steps):
            raise forms.ValidationError("须为环节代码的列表，例如 [\"preserve\", \"seize\"]")
        return steps


@admin.register(RecordPolicy)
class RecordPolicyAdmin(admin.ModelAdmin):
    form = RecordPolicyForm
    list_display = ["agency", "effective_from", "retention", "citation"]


@admin.register(ProcessRecord)
class ProcessRecordAdmin(ReadOnly):
    list_display = ["case", "kind", "step", "title", "started_at", "sha256"]
    list_filter = ["kind", "step"]
    search_fields = ["sha256", "case__number"]
