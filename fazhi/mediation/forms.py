"""The party's online application (申请人民调解) and the committee's registration form."""

from django import forms

from fazhi.core.forms import PortalForm
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm
from fazhi.mediation.models import Committee
from fazhi.mediation.procedure import Application, Intake

_COMMITTEE_ERRORS = {"required": "人民调解委员会：请选择人民调解委员会",
                     "invalid_choice": "人民调解委员会：所选调解委员会不存在，请重新选择"}


def _committee_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="人民调解委员会", queryset=Committee.objects.order_by("name"), empty_label="请选择",
        error_messages=_COMMITTEE_ERRORS,
        help_text="一般向纠纷发生地或者当事人所在地的人民调解委员会申请（《人民调解法》第十七条）")


class ApplyForm(SchemaForm):
    """第十七条: a party may apply to a people's mediation committee; mediation is free (第四条)."""

    committee_id = _committee_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee_id"].empty_label = local("请选择")

    class Meta:
        schema = Application
        widgets = {"applicant_id": forms.TextInput(attrs={"autocomplete": "off"}),
                   "request": forms.Textarea(attrs={"rows": 3}),
                   "facts": forms.Textarea(attrs={"rows": 5})}


class StaffForm(SchemaForm):
    """Registration by the committee's staff: the committees of the actor's agency only."""

    committee_id = _committee_field()

    def __init__(self, *args, agency_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee_id"]
        field.queryset = Committee.objects.filter(host_id=agency_id).order_by("name")
        field.empty_label = local("请选择")

    class Meta:
        schema = Intake
        fields = ["committee_id", "source", "referrer_kind", "referrer_body", "referrer_number"]
        choices = {"source": [("application", "当事人申请"), ("initiative", "调解委员会主动调解"),
                              ("referral", "移送委托调解")],
                   "referrer_kind": [("", "（非移送）"), ("court", "人民法院（诉调对接）"),
                                     ("petition", "信访部门（访调对接）"),
                                     ("police", "公安机关（警调对接）"),
                                     ("procuratorate", "人民检察院（检调对接）"),
                                     ("arbitration", "仲裁机构（裁调对接）")]}


class StopForm(PortalForm):
    """第十七条、第二十三条: the applicant refuses or ends the mediation from the track page."""

    reason = forms.CharField(label="说明（可选）", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
