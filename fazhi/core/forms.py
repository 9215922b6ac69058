"""Django form pieces shared by every module's forms."""

from django import forms

from fazhi.law.inputs import InputError, identifier


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
