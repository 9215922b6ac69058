"""Public forms of the portal shell. Django cleans the transport (text without NUL
characters, known choices). A procedure's own public forms (e.g. fazhi.disclosure.forms)
are its pydantic schema rendered by the shared form layer (fazhi.core.schemaforms), or, when
they have no schema, build on `PortalForm`."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from fazhi.core.forms import add_text_rules

REQUIRED = "（必填）"


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


class TrackForm(PortalForm):
    code = forms.CharField(
        label="查询码", max_length=64, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters", "required": True}),
        help_text="提交申请时取得的 16 位查询码，例如 ABCD-EFGH-JKLM-NPQR；不区分大小写")
