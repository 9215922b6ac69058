"""The party's forms on the track page."""

from django import forms


class StatementForm(forms.Form):
    statement = forms.CharField(label="陈述、申辩意见", min_length=2, max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 5}))


class HearingForm(forms.Form):
    note = forms.CharField(label="说明（可选）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
