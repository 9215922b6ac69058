"""The consumer's online complaint or report (网上投诉举报), and the withdrawal form on the
track page."""

from django import forms

from fazhi.complaints import models as m
from fazhi.complaints.procedure import Intake, Submission
from fazhi.core.forms import PortalForm
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm
from fazhi.org.models import Agency

ORDER = ["kind", "uscc", "business_name", "business_address", "subject", "request", "amount",
         "violation", "facts", "complainant_name", "applicant_id", "complainant_contact"]


def regulators():
    """Agencies that handle complaints: the market regulators, else every agency."""
    found = Agency.objects.filter(name__contains="市场监督管理").order_by("code")
    return found if found.exists() else Agency.objects.order_by("code")


class SubmitForm(SchemaForm):
    """第九条: the complainant, the business, the request and the facts."""

    agency = forms.ModelChoiceField(
        label="受理部门", queryset=Agency.objects.none(), empty_label="请选择",
        error_messages={"required": "受理部门：请选择受理投诉举报的市场监督管理部门",
                        "invalid_choice": "受理部门：所选部门不存在，请重新选择"},
        help_text="一般向经营者所在地的市场监督管理部门提出（《市场监督管理投诉举报处理暂行办法》第十条）")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = regulators()
        self.fields["agency"].empty_label = local("请选择")

    class Meta:
        schema = Submission
        fields = ORDER
        choices = {"kind": m.KINDS}
        widgets = {"applicant_id": forms.TextInput(attrs={"autocomplete": "off"}),
                   "request": forms.Textarea(attrs={"rows": 3}),
                   "facts": forms.Textarea(attrs={"rows": 5})}


class StaffForm(SchemaForm):
    """Registration by staff: a 12315 call, a letter or a visit (or online, typed in)."""

    class Meta:
        schema = Intake
        fields = ["channel", *ORDER]
        choices = {"kind": m.KINDS, "channel": m.CHANNELS}
        widgets = {"request": forms.Textarea(attrs={"rows": 3}),
                   "facts": forms.Textarea(attrs={"rows": 5})}


class WithdrawForm(PortalForm):
    note = forms.CharField(label="说明（可选）", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = local("说明（可选）")  # in the reader's language
