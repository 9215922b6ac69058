from django import forms

from fazhi.citizens.models import Citizen, Rating
from fazhi.core.forms import IdentifierField, PortalForm, TextField
from fazhi.core.schemaforms import LocalisedForm


class VerifyForm(PortalForm, LocalisedForm):
    kind = forms.ChoiceField(label="当事人类别", choices=Citizen.KINDS, widget=forms.RadioSelect,
                             initial=Citizen.PERSON)
    name = TextField(label="姓名或单位名称", max_length=100)
    identifier = IdentifierField(label="身份证号码或统一社会信用代码", max_length=40,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))


class RatingForm(PortalForm, LocalisedForm):
    case = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    score = forms.ChoiceField(label="满意度", widget=forms.RadioSelect, choices=Rating.SCORES)
    comment = TextField(label="意见（可选）", required=False, max_length=500)


class PersonForm(PortalForm, LocalisedForm):
    identifier = IdentifierField(label="身份证号码或统一社会信用代码", max_length=40,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    reason = TextField(label="查询事由", max_length=200)
