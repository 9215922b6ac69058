"""Public forms. The application is the procedure's pydantic schema rendered by the shared
form layer (fazhi.core.schemaforms): the schema is the one source of its fields and legal
rules, its Chinese messages sit next to the fields. Django cleans what is Django's: an
existing agency, an acceptable file, and the short forms that have no schema."""

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator

from fazhi.cases.files import check_upload
from fazhi.core.errors import InvalidData
from fazhi.core.forms import IdentifierField, add_text_rules
from fazhi.core.schemaforms import SchemaForm
from fazhi.disclosure import models as m
from fazhi.disclosure.procedure import Application
from fazhi.org.models import Agency

# Application fields the public fills in (channel is always "online" on the portal), in
# the form's order; the agency follows the address.
APPLICATION_FIELDS = [
    "applicant_type", "org_category", "applicant_name", "id_number", "legal_rep",
    "contact_name", "phone", "email", "address", "description", "doc_number", "form",
    "delivery",
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
REQUIRED = "（必填）"


def _label(name: str) -> str:
    info = Application.model_fields[name]
    return (info.title or name) + (REQUIRED if info.is_required() else "")


class PortalForm(forms.Form):
    """Chinese labels take no colon; NUL, other control and bidi-override characters get a
    precise message at the field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        add_text_rules(self)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                name = str(field.label).removesuffix(REQUIRED)
                field.validators = [v for v in field.validators
                                    if not isinstance(v, ProhibitNullCharactersValidator)]
                field.validators.append(
                    ProhibitNullCharactersValidator(f"{name}：不能包含空字符（\\0）"))


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
        types = "、".join(settings.FAZHI_UPLOAD_TYPES)
        limit = settings.FAZHI_UPLOAD_MAX_BYTES // (1024 * 1024)
        field = self.fields["identity_proof"]
        field.help_text = (f"自然人上传身份证件，法人或其他组织上传营业执照等证明文件"
                           f"（《政府信息公开条例》第二十九条）。格式：{types}；不超过 {limit} MB。")
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
            raise forms.ValidationError(f"身份证明：{exc.message}") from None
        return uploaded.name, content

    def extra_data(self) -> dict[str, str]:
        return {"channel": "online"}  # the portal is the online channel


class CorrectionForm(PortalForm):
    content = forms.CharField(
        label="补正内容", required=False, widget=forms.Textarea(attrs={"rows": 6, "required": True}),
        help_text="请按补正通知逐项补充或者更正申请内容")


class WithdrawForm(PortalForm):
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


class TrackForm(PortalForm):
    code = forms.CharField(
        label="查询码", max_length=64, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters", "required": True}),
        help_text="提交申请时取得的 16 位查询码，例如 ABCD-EFGH-JKLM-NPQR；不区分大小写")
