"""Public forms of the portal shell, on `fazhi.core.forms.PortalForm` (Django cleans the
transport: text without NUL characters, known choices). A procedure's own public forms
(e.g. fazhi.disclosure.forms) are its pydantic schema rendered by the shared form layer
(fazhi.core.schemaforms), or, when they have no schema, build on `PortalForm` too."""

from django import forms

from fazhi.core.forms import PortalForm
from fazhi.core.schemaforms import LocalisedForm


class TrackForm(PortalForm, LocalisedForm):
    code = forms.CharField(
        label="查询码", max_length=64, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters", "required": True}),
        help_text="提交申请时取得的 16 位查询码，例如 ABCD-EFGH-JKLM-NPQR；不区分大小写")
