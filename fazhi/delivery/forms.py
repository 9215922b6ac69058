"""The delivery screens' forms: plain Django forms; the services check the law."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core.schemaforms import LocalisedForm
from fazhi.delivery.models import CHANNELS, CONSENT_HOW, ELECTRONIC

ELECTRONIC_CHOICES = [(c, label) for c, label in CHANNELS if c in ELECTRONIC]


class ServeForm(LocalisedForm):
    channel = forms.ChoiceField(label="送达方式", choices=CHANNELS,
                                error_messages={"required": _("请选择送达方式"),
                                                "invalid_choice": _("送达方式无效")})


class ConsentForm(LocalisedForm):
    channels = forms.MultipleChoiceField(
        label="同意的电子送达方式", choices=ELECTRONIC_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一种电子送达方式")})
    email = forms.CharField(label="确认的电子邮箱", required=False, max_length=120)
    phone = forms.CharField(label="确认的手机号码", required=False, max_length=30)
    how = forms.ChoiceField(label="确认方式", choices=CONSENT_HOW, initial="signed_form",
                            required=False)  # the party's own confirmation is online


class PostForm(LocalisedForm):
    tracking_number = forms.CharField(label="邮件号码", max_length=30,
                                      error_messages={"required": _("请填写邮件号码")})
    posted_on = forms.DateField(label="交邮日期", widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": _("请填写交邮日期"),
                                                "invalid": _("交邮日期格式无效")})


class ReceiptForm(LocalisedForm):
    received_on = forms.DateField(label="回执签收日期",
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  error_messages={"required": _("请填写签收日期"),
                                                  "invalid": _("签收日期格式无效")})


class CodeForm(LocalisedForm):
    code = forms.CharField(label="查询码", max_length=64,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
