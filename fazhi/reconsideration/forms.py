"""The public application form (《行政复议法》第二十二条: through the body's internet channel)."""

from django import forms

from fazhi.core.forms import PortalForm
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm
from fazhi.org.models import Agency
from fazhi.reconsideration import models as m
from fazhi.reconsideration.procedure import Application, Intake

FIELD = "core/forms/field.html"


class ApplyForm(SchemaForm):
    mark_required = True
    body = forms.ModelChoiceField(
        label="行政复议机关", queryset=Agency.objects.filter(kind="government").order_by("code"),
        empty_label="请选择", template_name=FIELD,
        error_messages={"required": "行政复议机关：请选择", "invalid_choice": "行政复议机关：所选机关不存在"},
        help_text="对县级以上地方各级人民政府工作部门的行政行为不服的，向本级人民政府申请（第二十四条）")
    respondent_code = forms.ModelChoiceField(
        label="被申请人（作出行政行为的机关）", queryset=Agency.objects.order_by("code"),
        to_field_name="code", empty_label="请选择", template_name=FIELD,
        error_messages={"required": "被申请人：请选择", "invalid_choice": "被申请人：所选机关不存在"})

    class Meta:
        schema = Application
        exclude = ("channel", "body_code", "petition_case")
        fields = ["applicant_name", "applicant_id", "applicant_contact", "body", "respondent_code",
                  "act", "act_kind", "act_no", "act_date", "known_on", "told_of_right",
                  "right_known_on", "real_property", "amount", "request", "reasons",
                  "good_reason", "obstacle_from", "obstacle_to", "disclosure_case", "review_document"]
        choices = {"act_kind": m.ACT_KINDS}
        widgets = {"act": forms.Textarea(attrs={"rows": 2}),
                   "request": forms.Textarea(attrs={"rows": 3}),
                   "reasons": forms.Textarea(attrs={"rows": 6}),
                   "good_reason": forms.Textarea(attrs={"rows": 2}),
                   "applicant_id": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"told_of_right": True})
        super().__init__(*args, **kwargs)
        for name in ("body", "respondent_code"):  # read at display: the reader's language
            self.fields[name].empty_label = local("请选择")

    def extra_data(self) -> dict:
        respondent = self.cleaned_data.get("respondent_code")
        return {"channel": "online"} | ({"respondent_code": respondent.code} if respondent else {})



class CorrectionForm(PortalForm):
    """The applicant's correcting materials, sent online with the receipt code (第三十一条)."""

    materials = forms.CharField(label="补正材料说明", min_length=2, max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 5}))


class IntakeForm(ApplyForm):
    """The office registers an application made in person, by post or orally (第二十二条):
    how it came, the postmark date of a posted one, the record of an oral one."""

    # declared on the parent: a schema form generates undeclared schema fields per class
    body = ApplyForm.declared_fields["body"]
    respondent_code = ApplyForm.declared_fields["respondent_code"]

    class Meta(ApplyForm.Meta):
        schema = Intake
        exclude = ("body_code",)
        fields = ["channel", "posted_on", "oral_record", "petition_case", *ApplyForm.Meta.fields]
        choices = {**ApplyForm.Meta.choices, "channel": dict(m.CHANNELS)}
        widgets = {**ApplyForm.Meta.widgets, "oral_record": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]  # online applications come through the portal
        channel.choices = [c for c in channel.choices if c[0] != "online"]

    def extra_data(self) -> dict:
        respondent = self.cleaned_data.get("respondent_code")
        return {"respondent_code": respondent.code} if respondent else {}


class ExpertOpinionForm(PortalForm):
    """A drawn expert's signed individual opinion (第五十二条, ADR 0049)."""

    opinion = forms.CharField(label="个人意见", min_length=2, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 6}))
    signed = forms.BooleanField(label="本人确认以上意见系本人独立、客观、公正作出，并对其真实性负责",
                                required=True)


class ExpertConflictForm(PortalForm):
    """回避: the expert declares a conflict of interest in the case (第五十二条)."""

    reason = forms.CharField(label="回避理由", min_length=2, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
