"""Django form pieces shared by every module's forms."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from fazhi.law.inputs import InputError, identifier, text


class IdentifierField(forms.CharField):
    """An identifier typed by a person (ID number, credit code, phone, code): NFKC-normalised
    (full-width ３５０２… reads as 3502…), spaces removed, upper-cased; anything still not
    ASCII is refused with a message (fazhi.law.inputs.identifier)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return identifier(value)
        except InputError as exc:
            raise forms.ValidationError(str(exc), code="identifier") from None


class TextField(forms.CharField):
    """Free text without control or bidi-override characters (line breaks only when
    `multiline`), refused at the field with fazhi.law.inputs.text()'s message."""

    def __init__(self, *args, multiline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators.append(refuse_controls(multiline))


def refuse_controls(multiline: bool):
    """A form-field validator: fazhi.law.inputs.text() as a Django ValidationError."""
    def validator(value: str) -> None:
        try:
            text(value or "", multiline=multiline)
        except InputError as exc:
            raise forms.ValidationError(str(exc), code="control_characters") from None
    return validator


def add_text_rules(form: forms.Form) -> None:
    """Every text field of `form` refuses control and bidi-override characters (line breaks
    only in a textarea), so a view marked @checks_fields shows the message at the field."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.validators.append(refuse_controls(isinstance(field.widget, forms.Textarea)))


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
