"""Forms of the disclosure screens: the public application, correction and withdrawal
(portal) and the staff registration of a request received by letter, in person or by fax
(workspace). The application and the registration are the procedure's pydantic schemas
rendered by the shared form layer (fazhi.core.schemaforms): the schema is the one source of
their fields and legal rules, its Chinese messages sit next to the fields. Django cleans
what is Django's: an existing agency, an acceptable file, and the short forms that have no
schema."""

from django import forms
from django.conf import settings

from fazhi.cases import procedure as registry
from fazhi.cases.files import check_upload
from fazhi.core.errors import InvalidData
from fazhi.core.forms import REQUIRED, IdentifierField, PortalForm
from fazhi.core.i18n import local
from fazhi.core.schemaforms import LocalisedForm, SchemaForm, schema_form_class
from fazhi.disclosure import models as m
from fazhi.disclosure.procedure import Application, Intake
from fazhi.org.models import Agency

# Application fields the public fills in (channel is always "online" on the portal), in
# the form's order; the agency follows the address.
APPLICATION_FIELDS = [
    "applicant_type", "org_category", "applicant_name", "id_number", "legal_rep",
    "contact_name", "phone", "email", "address", "description", "doc_number", "form",
    "delivery", "e_service",
]
HELP = {
    "applicant_name": "自然人填写姓名；法人或其他组织填写全称",
    "id_number": "自然人填写身份证件号码；法人或其他组织填写统一社会信用代码",
    "legal_rep": "仅法人或其他组织填写",
    "contact_name": "仅法人或其他组织填写",
    "email": "选择以电子邮件获取的，必须填写",
    "description": "请写明所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述"
                   "（《政府信息公开条例》第二十九条）。无需说明申请用途。",
    "doc_number": "如知道文号，请填写，便于查找",
}


def _label(name: str) -> str:
    info = Application.model_fields[name]
    return (info.title or name) + (REQUIRED if info.is_required() else "")


class ApplyForm(SchemaForm):
    """条例第二十九条: the application, the agency it goes to and the identity proof."""

    mark_required = False  # the labels say （必填）
    agency = forms.ModelChoiceField(
        label="受理机关" + REQUIRED, queryset=Agency.objects.order_by("code"), empty_label="请选择",
        error_messages={"required": "受理机关：请选择受理申请的行政机关",
                        "invalid_choice": "受理机关：所选机关不存在，请重新选择"},
        help_text="向制作或者保存该政府信息的行政机关提出申请（《政府信息公开条例》第二十七条）",
        template_name="core/forms/field.html")
    identity_proof = forms.FileField(
        label="身份证明" + REQUIRED, required=True, template_name="core/forms/field.html",
        error_messages={"required": "身份证明：请上传身份证明文件（《政府信息公开条例》第二十九条）",
                        "invalid": "身份证明：文件无效，请重新选择",
                        "empty": "身份证明：文件为空"})

    class Meta:
        schema = Application
        exclude = ("channel",)
        fields = [*APPLICATION_FIELDS[:9], "agency", *APPLICATION_FIELDS[9:], "identity_proof"]
        labels = {name: _label(name) for name in APPLICATION_FIELDS}
        help_texts = HELP
        choices = {"applicant_type": m.APPLICANT_TYPES,
                   "org_category": [("", "请选择"), *m.ORG_CATEGORIES],
                   "form": m.FORMS, "delivery": m.DELIVERIES}
        widgets = {
            "applicant_type": forms.RadioSelect,
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"applicant_type": m.NATURAL, "form": "electronic",
                                      "delivery": "online"})
        super().__init__(*args, **kwargs)
        types = local("、").join(settings.FAZHI_UPLOAD_TYPES)
        limit = settings.FAZHI_UPLOAD_MAX_BYTES // (1024 * 1024)
        field = self.fields["identity_proof"]
        field.help_text = local("自然人上传身份证件，法人或其他组织上传营业执照等证明文件"
                                "（《政府信息公开条例》第二十九条）。格式：{types}；不超过 {limit} MB。"
                                ).format(types=types, limit=limit)
        self.fields["agency"].empty_label = local("请选择")
        field.widget.attrs["accept"] = ",".join(f".{t}" for t in settings.FAZHI_UPLOAD_TYPES)

    def clean_identity_proof(self) -> tuple[str, bytes] | None:
        """Read at most one byte past the limit, so an oversized upload is refused with the
        engine's own message without being read whole into memory."""
        uploaded = self.cleaned_data.get("identity_proof")
        if uploaded is None:
            return None
        content = uploaded.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1)
        try:
            check_upload(uploaded.name, content)
        except InvalidData as exc:
            raise forms.ValidationError(local("身份证明") + local("：") + local(exc.message)) from None
        return uploaded.name, content

    def extra_data(self) -> dict[str, str]:
        return {"channel": "online"}  # the portal is the online channel


class CorrectionForm(PortalForm, LocalisedForm):
    content = forms.CharField(
        label="补正内容", required=False, widget=forms.Textarea(attrs={"rows": 6, "required": True}),
        help_text="请按补正通知逐项补充或者更正申请内容")


class WithdrawForm(PortalForm, LocalisedForm):
    """Withdrawal cannot be undone, so besides the receipt code (which anyone holding it
    has) it asks for something only the applicant knows: the end of their ID number."""

    reason = forms.CharField(label="撤回理由（选填）", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    id_suffix = IdentifierField(
        label="身份证件号码（或统一社会信用代码）的后四位" + REQUIRED, min_length=4, max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text",
                                      "required": True, "size": 6}),
        error_messages={"required": "请填写申请时所填证件号码的后四位",
                        "min_length": "请填写证件号码的后四位（4 个字符）",
                        "max_length": "请填写证件号码的后四位（4 个字符）"},
        help_text="为确认是申请人本人撤回，请填写申请时所填证件号码的最后四位")

    def __init__(self, *args, needs_suffix: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_suffix:  # a case without an ID number on record: nothing to ask
            del self.fields["id_suffix"]


# -- staff registration of a request received by letter, in person or by fax ----------------

def registration_form(data=None, files=None) -> SchemaForm:
    """The 条例第二十九条 fields and, right after the channel, the one date per channel
    that is the receipt date (条例第三十一条: submission, signing or confirmation)."""
    form_class = schema_form_class(Intake, registry.get("disclosure").labels,
                                   upload_label="身份证明扫描件（可选）")
    form = form_class(data, files, auto_id="new-%s")
    channel = form.fields["channel"]
    channel.choices = [c for c in channel.choices if c[0] != "online"]
    dates = ["submitted_on", "signed_on", "confirmed_on"]
    rest = [name for name in form.fields if name not in dates]
    at = rest.index("channel") + 1
    form.order_fields(rest[:at] + dates + rest[at:])
    return form


def registration_data(form: SchemaForm) -> dict:
    """The application, checked with its channel's date so every mistake shows at once."""
    data = form.schema_data()  # the schema's messages are on the form now
    if data.get("channel") == "online":
        form.add_errors(InvalidData("互联网渠道的申请由申请人在网上提交，无需登记",
                                    field="channel"))
    return data
