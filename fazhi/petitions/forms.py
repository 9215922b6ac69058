"""The petitioner's forms: the online petition (网上信访), and on the track page the review
or re-review request and the satisfaction rating."""

from django import forms

from fazhi.core.forms import PortalForm
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm
from fazhi.org.models import Agency
from fazhi.petitions.procedure import Submission


class SubmitForm(SchemaForm):
    """第十九条: name, address, request, facts and reasons, in writing."""

    agency = forms.ModelChoiceField(
        label="受理机关", queryset=Agency.objects.order_by("code"), empty_label="请选择",
        error_messages={"required": "受理机关：请选择受理信访事项的机关",
                        "invalid_choice": "受理机关：所选机关不存在，请重新选择"},
        help_text="一般向信访工作机构或者有权处理的机关提出（《信访工作条例》第十七条）")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = local("请选择")

    class Meta:
        schema = Submission
        widgets = {"petitioner_id": forms.TextInput(attrs={"autocomplete": "off"}),
                   "request": forms.Textarea(attrs={"rows": 3}),
                   "facts": forms.Textarea(attrs={"rows": 6})}


class RequestForm(PortalForm):
    grounds = forms.CharField(label="请求理由", min_length=2, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))


class RatingForm(PortalForm):
    score = forms.ChoiceField(label="满意度", widget=forms.RadioSelect,
                              choices=[("satisfied", "满意"), ("basic", "基本满意"),
                                       ("unsatisfied", "不满意")])
    comment = forms.CharField(label="意见（可选）", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
