"""Forms of the disclosure screens: the public application, correction and withdrawal
(portal) and the staff registration of a request received by letter, in person or by fax
(workspace). Django cleans the transport (text without NUL characters, known choices, an
existing agency, an acceptable file); the procedure's pydantic schema stays the one source
of the legal rules, and its Chinese messages are attached to these fields."""

from django import forms
from django.conf import settings

from fazhi.cases import procedure as registry
from fazhi.cases.files import check_upload
from fazhi.cases.validation import validate
from fazhi.core.errors import InvalidData
from fazhi.core.forms import IdentifierField
from fazhi.disclosure import models as m
from fazhi.disclosure.procedure import Application, Intake
from fazhi.org.models import Agency
from fazhi.portal.forms import REQUIRED, PortalForm
from fazhi.workspace.forms import SchemaForm, schema_form

# Application fields the public fills in (channel is always "online" on the portal).
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
_TEXTAREAS = {"description": 6, "address": 2}
_BLANK = [("", "请选择")]


def _label(name: str) -> str:
    info = Application.model_fields[name]
    return (info.title or name) + (REQUIRED if info.is_required() else "")


def _text_field(name: str) -> forms.CharField:
    info = Application.model_fields[name]
    rows = _TEXTAREAS.get(name)
    attrs: dict = {"autocomplete": "off"} if name == "id_number" else {}
    if info.is_required():
        attrs["required"] = True  # browser hint only; the schema gives the message
    widget = forms.Textarea(attrs=attrs | {"rows": rows}) if rows else forms.TextInput(attrs)
    if name == "phone":
        widget = forms.TextInput(attrs | {"type": "tel", "autocomplete": "tel"})
    elif name == "email":
        widget = forms.TextInput(attrs | {"type": "email", "autocomplete": "email"})
    return forms.CharField(label=_label(name), required=False, widget=widget,
                           help_text=HELP.get(name, ""))


def _choice_field(name: str, choices: list[tuple[str, str]], *, radio: bool = False,
                  blank: bool = False) -> forms.ChoiceField:
    widget = forms.RadioSelect if radio else forms.Select
    return forms.ChoiceField(label=_label(name), required=False, widget=widget,
                             choices=(_BLANK if blank else []) + choices,
                             error_messages={"invalid_choice": f"{Application.model_fields[name].title}"
                                                               "：所选项目无效，请重新选择"},
                             help_text=HELP.get(name, ""))


class ApplyForm(PortalForm):
    applicant_type = _choice_field("applicant_type", m.APPLICANT_TYPES, radio=True)
    org_category = _choice_field("org_category", m.ORG_CATEGORIES, blank=True)
    applicant_name = _text_field("applicant_name")
    id_number = _text_field("id_number")
    legal_rep = _text_field("legal_rep")
    contact_name = _text_field("contact_name")
    phone = _text_field("phone")
    email = _text_field("email")
    address = _text_field("address")
    agency = forms.ModelChoiceField(
        label="受理机关" + REQUIRED, queryset=Agency.objects.order_by("code"), empty_label="请选择",
        error_messages={"required": "受理机关：请选择受理申请的行政机关",
                        "invalid_choice": "受理机关：所选机关不存在，请重新选择"},
        help_text="向制作或者保存该政府信息的行政机关提出申请（《政府信息公开条例》第二十七条）")
    description = _text_field("description")
    doc_number = _text_field("doc_number")
    form = _choice_field("form", m.FORMS)
    delivery = _choice_field("delivery", m.DELIVERIES)
    identity_proof = forms.FileField(
        label="身份证明" + REQUIRED, required=True,
        error_messages={"required": "身份证明：请上传身份证明文件（《政府信息公开条例》第二十九条）",
                        "invalid": "身份证明：文件无效，请重新选择",
                        "empty": "身份证明：文件为空"})

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

    def application_data(self) -> dict[str, str]:
        """The schema's input: the filled-in cleaned values (an empty or refused field is left
        out, so the schema reports it as missing or applies its default) and the portal's
        fixed channel."""
        data = {name: self.cleaned_data.get(name) for name in APPLICATION_FIELDS}
        return {name: value for name, value in data.items() if value} | {"channel": "online"}

    def add_schema_errors(self, errors: list[tuple[str, str]]) -> None:
        """Attach the engine's Chinese messages to fields (model-level ones to the form)."""
        for name, message in errors:
            target = "identity_proof" if name == "file" else name
            if target in self.fields:
                if target not in self.errors:
                    self.add_error(target, message)
            else:
                self.add_error(None, message)


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




# -- staff registration of a request received by letter, in person or by fax ----------------

def registration_form(data=None) -> SchemaForm:
    """The 条例第二十九条 fields and, right after the channel, the one date per channel
    that is the receipt date (条例第三十一条: submission, signing or confirmation)."""
    form = schema_form(Intake, registry.get("disclosure").labels, prefix="new",
                       data=data, with_file=True, file_label="身份证明扫描件（可选）")
    channel = form.get("channel")
    channel.choices = [c for c in channel.choices if c[0] != "online"]
    dates = [form.get(name) for name in ("submitted_on", "signed_on", "confirmed_on")]
    rest = [f for f in form.fields if f not in dates]
    at = rest.index(channel) + 1
    form.fields = rest[:at] + dates + rest[at:]
    return form


def registration_errors(form: SchemaForm, data: dict) -> None:
    """Check the application and its channel's date together so every mistake shows."""
    if data.get("channel") == "online":
        form.add_errors(InvalidData("互联网渠道的申请由申请人在网上提交，无需登记",
                                    field="channel"))
    try:
        validate(Intake, data)
    except InvalidData as exc:
        form.add_errors(exc)
