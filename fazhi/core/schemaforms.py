"""One form layer for every page: Django forms generated from the pydantic schemas
(docs/decisions/0019-one-form-layer.md).

The schema is the single source of a form's fields and rules: label = the field's title,
help = its description, the widget from its type, and every message from
`fazhi.core.validation` (Chinese, next to its field; model-level ones on top). Django does
what is Django's: rendering, reading the POST (`getlist` for lists), files, CSRF. The
generated fields only carry what was typed (they never refuse anything), so each problem
has one message, the schema's.

    class ResultForm(SchemaForm):
        evidence = forms.FileField(label="证据材料", required=False)  # Django's concern

        class Meta:
            schema = ResultInput
            choices = {"result": RESULTS}            # coded values' labels
            widgets = {"findings": forms.Textarea(attrs={"rows": 4})}

    form = ResultForm(request.POST, request.FILES)
    if form.is_valid():          # the schema has validated: form.parsed is the model
        services.enter_result(actor, pk, form.parsed)

Types: str → text (a textarea above TEXTAREA_OVER characters); Literal → select (radio
via `widgets`); date → date input; datetime → "YYYY-MM-DD HH:MM" (local time); int →
number with its bounds; bool → checkbox; list[str] → one value per line (or several
same-named inputs); a list with choices → checkboxes; list[Model] → one line per item,
read by `Meta.parsers`. `schema_form_class(schema, ...)` builds a form class at run time
(a transition's form on the generic case page).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Literal

from annotated_types import Ge, Gt, Le, Lt, MaxLen
from django import forms
from django.db import models
from django.forms.forms import DeclarativeFieldsMetaclass
from django.utils import timezone
from django.utils.translation import gettext
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from fazhi.core.errors import DomainError, InvalidData
from fazhi.core.i18n import local
from fazhi.core.validation import validate

TEXTAREA_OVER = 200  # strings allowed longer than this get a textarea
FILE_FIELD = "file"  # the engine reports upload problems under this field name
FIELD_TEMPLATE = "core/forms/field.html"
FORM_TEMPLATE = "core/forms/form.html"
UPLOAD_HELP = "允许：PDF、图片、Word、Excel、OFD、文本"
LINES_HELP = "每行填写一项"


# -- widgets -------------------------------------------------------------------------------

class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A local time as typed text ("2025-06-01 09:00"), the form people write it in."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d %H:%M")


class _ListInput:
    """A list typed as text: split by `split`, shown joined by `joiner`; several inputs of
    the same name are read as well."""

    joiner = "\n"

    @staticmethod
    def split(text: str) -> list[str]:
        return text.splitlines()

    def value_from_datadict(self, data, files, name):  # noqa: ANN001, ANN201
        if hasattr(data, "getlist"):
            return data.getlist(name) if name in data else None
        value = data.get(name)
        return value if value is None or isinstance(value, list) else [value]

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return self.joiner.join(str(v) for v in value)
        return super().format_value(value)


class LinesInput(_ListInput, forms.Textarea):
    """One value per line."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"rows": "3"} | (attrs or {}))


class WordsInput(_ListInput, forms.TextInput):
    """Values separated by spaces, on one line (codes such as 3502 3503)."""

    joiner = " "

    @staticmethod
    def split(text: str) -> list[str]:
        return text.split()


# -- fields: they carry what was typed, the schema judges -----------------------------------

class SchemaBoundField(forms.BoundField):
    """The browser's `required` hint where the schema requires the field (Django's own
    rule for where the attribute is valid: not on each of several checkboxes, a select
    only with an empty first option)."""

    def build_widget_attrs(self, attrs, widget=None):  # noqa: ANN001, ANN201
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if (self.field.schema_required and not isinstance(widget, forms.CheckboxInput)
                and widget.use_required_attribute(self.initial)
                and self.form.use_required_attribute):
            attrs["required"] = True
        return attrs


class SchemaField(forms.Field):
    """One schema field as a transport field: never refuses (so no second message), knows
    whether the schema requires it (the star and the browser hint) and its form value."""

    bound_field_class = SchemaBoundField

    def __init__(self, *, schema_required: bool = False, **kwargs: Any) -> None:
        kwargs["required"] = False
        kwargs.setdefault("template_name", FIELD_TEMPLATE)
        super().__init__(**kwargs)
        self.schema_required = schema_required

    def to_python(self, value: Any) -> Any:
        return "" if value is None else str(value).strip()

    def schema_value(self, value: Any) -> Any:
        """What goes to the schema; None leaves the field out (its default, or 必须填写)."""
        return None if value in ("", None) else value


class TextField(SchemaField):
    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if max_length is not None and isinstance(self.widget, forms.TextInput | forms.Textarea):
            self.widget.attrs.setdefault("maxlength", str(max_length))


class ChoiceField(SchemaField):
    """A select (or radios): the options shown; a value outside them is the schema's to refuse."""

    def __init__(self, *, choices: Iterable[tuple[Any, str]] = (), **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Select)
        super().__init__(**kwargs)
        self.choices = choices

    @property
    def choices(self) -> list[tuple[Any, str]]:
        return self._choices

    @choices.setter
    def choices(self, value: Iterable[tuple[Any, str]]) -> None:
        self._choices = self.widget.choices = [(str(k), v) for k, v in value]

    def __deepcopy__(self, memo: dict) -> ChoiceField:
        result = super().__deepcopy__(memo)
        result._choices = list(self._choices)
        return result


class BoolField(SchemaField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool:
        return bool(value)

    def schema_value(self, value: Any) -> bool:
        return bool(value)  # an unticked box is a "no", not a missing answer


class DateTimeField(SchemaField):
    """A local wall-clock time made aware in the site's time zone (USE_TZ); anything not a
    time is passed on as typed, for the schema's message."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return text
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class ListField(ChoiceField):
    """A list: ticked choices, or lines of a textarea (each read by `parse`, whose
    ValueError is the line's message)."""

    def __init__(self, *, parse: Callable[[str], Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", LinesInput)
        super().__init__(**kwargs)
        self.parse = parse

    def to_python(self, value: Any) -> list:
        values = value if isinstance(value, list | tuple) else [] if value is None else [value]
        split = getattr(self.widget, "split", str.splitlines)
        items = [part.strip() for v in values for part in split(str(v)) if part.strip()]
        if self.parse is None:
            return items
        try:
            parsed = [self.parse(item) for item in items]
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="line") from None
        return [item for item in parsed if item is not None]  # None: a line to skip

    def schema_value(self, value: Any) -> list | None:
        return list(value) or None


# -- the form --------------------------------------------------------------------------------

class SchemaOptions:
    """`Meta` of a SchemaForm; every option is keyed by the schema's field name."""

    def __init__(self, meta: type | None) -> None:
        self.schema: type[BaseModel] | None = getattr(meta, "schema", None)
        self.fields: list[str] | None = getattr(meta, "fields", None)  # order; others follow
        self.exclude: set[str] = set(getattr(meta, "exclude", ()))
        self.labels: dict[str, str] = getattr(meta, "labels", {})
        self.help_texts: dict[str, str] = getattr(meta, "help_texts", {})
        self.widgets: dict[str, Any] = getattr(meta, "widgets", {})
        self.choices: dict[str, Any] = getattr(meta, "choices", {})  # {code: label} or pairs
        self.renames: dict[str, str] = getattr(meta, "renames", {})
        self.parsers: dict[str, Callable[[str], Any]] = getattr(meta, "parsers", {})

    def form_name(self, name: str) -> str:
        return self.renames.get(name, name)

    def schema_names(self) -> list[str]:
        fields = self.schema.model_fields if self.schema else {}
        return [n for n in fields if n not in self.exclude]


class SchemaFormMetaclass(DeclarativeFieldsMetaclass):
    """Like ModelForm's: the schema's fields are generated unless declared; `Meta.fields`
    puts the named ones first (declared extras included), the rest follow in the schema's
    order, extras last; `Meta.exclude` leaves schema fields out."""

    def __new__(mcs, name, bases, attrs):  # noqa: ANN001, ANN204, N804
        options = SchemaOptions(attrs.get("Meta"))
        if options.schema is not None:
            declared = {k: v for k, v in attrs.items() if isinstance(v, forms.Field)}
            fields = {}
            for schema_name in options.schema_names():
                form_name = options.form_name(schema_name)
                fields[form_name] = declared.pop(form_name, None) or schema_field(
                    options, schema_name)
                _fill_from_schema(fields[form_name], options, schema_name)
            fields |= declared
            order = [*(options.fields or []), *(n for n in fields if n not in (options.fields or []))]
            attrs = {k: v for k, v in attrs.items() if not isinstance(v, forms.Field)}
            attrs |= {n: fields[n] for n in order if n in fields}
        new_class = super().__new__(mcs, name, bases, attrs)
        if options.schema is not None or not hasattr(new_class, "schema_options"):
            new_class.schema_options = options
        return new_class


class SchemaForm(forms.Form, metaclass=SchemaFormMetaclass):
    """A Django form of a pydantic schema. `is_valid()` runs the schema (`parsed` is then
    the model); `schema_data()` is the schema's input, for a service that validates itself
    (`check_schema=False`); `add_errors(exc)` places a service's DomainError."""

    template_name = FORM_TEMPLATE
    mark_required = True  # a star after the label of what the schema requires
    schema_options: SchemaOptions

    def __init__(self, *args: Any, check_schema: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels take no colon
        super().__init__(*args, **kwargs)
        self.check_schema = check_schema
        self.parsed: BaseModel | None = None
        for field in self.fields.values():
            _localise(field)

    @property
    def schema(self) -> type[BaseModel] | None:
        return self.schema_options.schema

    def schema_data(self) -> dict[str, Any]:
        """The schema's input from what was posted: empty fields are left out (an optional
        one takes its default, a required one gets 必须填写), as are fields whose input could
        not be read; a Django field standing for a schema field (a record chosen from the
        database) gives its cleaned value, records as their ids; then `extra_data()`."""
        if self._errors is None:
            self.full_clean()
        out: dict[str, Any] = {}
        for name in self.schema_options.schema_names():
            form_name = self.schema_options.form_name(name)
            field = self.fields.get(form_name)
            if field is None or form_name not in self.cleaned_data:
                continue
            value = self.cleaned_data[form_name]
            value = field.schema_value(value) if isinstance(field, SchemaField) else _ids(value)
            if value is not None:
                out[name] = value
        return out | self.extra_data()

    def extra_data(self) -> dict[str, Any]:
        """Schema input from declared fields that are not the schema's (override)."""
        return {}

    def covering(self, name: str) -> list[str]:
        """The form fields a schema field is typed in (override when it is several)."""
        return [self.schema_options.form_name(name)]

    def _post_clean(self) -> None:
        if not self.check_schema or self.schema is None:
            return
        try:
            self.parsed = validate(self.schema, self.schema_data())
        except InvalidData as exc:
            # a field whose input could not be read keeps that message alone
            unread = {name for name in self.schema.model_fields
                      if any(f in self._errors for f in self.covering(name))}
            self.add_errors(exc, keep=unread)

    def add_errors(self, exc: DomainError, keep: set[str] = frozenset()) -> None:
        """Each message next to its field (by schema name, form name or label), others on
        top; messages about the schema fields in `keep` are left out."""
        if self._errors is None:
            self.full_clean()
        found = getattr(exc, "errors", None) or [(exc.field or "", exc.message)]
        for name, message in found:
            if name in keep:
                continue
            target = self._field_for(name or "")
            message = local(message)
            if target is None or target not in self._errors:
                self.add_error(target, message)
            elif message not in self._errors[target]:
                self._errors[target].append(message)  # a second problem of the same field

    def _field_for(self, name: str) -> str | None:
        if not name:
            return None
        if name == FILE_FIELD and FILE_FIELD not in self.fields:
            return next((n for n, f in self.fields.items() if isinstance(f, forms.FileField)),
                        None)
        form_name = self.schema_options.form_name(name)
        if form_name in self.fields:
            return form_name
        return next((n for n, f in self.fields.items() if f.label in (name, local(name))), None)

    def _clean_fields(self) -> None:
        super()._clean_fields()
        for name, errors in self._errors.items():  # Django's own ("提交的文件为空。"): labelled
            label = str(self.fields[name].label or "") if name in self.fields else ""
            colon = gettext(": ")  # "：" in Chinese
            if label:  # a message "标签：说明" already says where it belongs
                errors.data = [local(e) if "：" in e or colon in e else f"{label}{colon}{local(e)}"
                               for e in errors]


class LocalisedForm(forms.Form):
    """A plain Django form whose labels, help and choices are declared in Chinese: shown in
    the active language like a SchemaForm's (ADR 0027)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _localise(field)


def _localise(field: forms.Field) -> None:
    """Label, help and choice labels declared in Chinese, in the active language (ADR 0027);
    a form's own English msgids are already translated."""
    field.label = local(str(field.label)) if field.label else field.label
    field.help_text = local(str(field.help_text)) if field.help_text else field.help_text
    choices = getattr(field, "choices", None)
    if isinstance(choices, list) and all(isinstance(c, tuple | list) and len(c) == 2 and isinstance(c[1], str)
                       for c in choices):
        field.choices = [(value, local(text)) for value, text in choices]


def _ids(value: Any) -> Any:
    """A chosen record as its id, several as their ids; nothing chosen as None."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple):
        return [v.pk if isinstance(v, models.Model) else v for v in value] or None
    return None if value in ("", None) else value


# -- generating fields -----------------------------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """`X | None` → X (Annotated is already stripped by pydantic's FieldInfo)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _bound(metadata: list, kind: type, attr: str) -> Any:
    return next((getattr(m, attr) for m in metadata if isinstance(m, kind)), None)


def _coded(options: SchemaOptions, name: str) -> dict[str, str]:
    """The labels of a field's coded values (`Meta.choices` as a dict)."""
    found = options.choices.get(name) or {}
    return found if isinstance(found, dict) else dict(found)


def _given(options: SchemaOptions, name: str) -> list[tuple[str, str]] | None:
    """Options the form lists itself (`Meta.choices` as pairs): shown exactly as given."""
    found = options.choices.get(name)
    return None if found is None or isinstance(found, dict) else [(str(k), v) for k, v in found]


def _options(values: Iterable[Any], coded: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for value in values:
        text = str(value)
        out.append((text, coded.get(text) or ("（无）" if text == "" else text)))
    return out


def schema_field(options: SchemaOptions, name: str) -> SchemaField:
    """The transport field for one schema field, by its type."""
    info = options.schema.model_fields[name]
    annotation = _unwrap(info.annotation)
    required = info.is_required()
    widget = options.widgets.get(name)
    kw: dict[str, Any] = {"schema_required": required}
    if widget is not None:
        kw["widget"] = widget
    coded, given = _coded(options, name), _given(options, name)
    if given is not None and typing.get_origin(annotation) is not list:
        return ChoiceField(choices=given, **kw)
    if typing.get_origin(annotation) is Literal:
        values = [str(v) for v in typing.get_args(annotation)]
        choices = _options(values, coded)
        if required and "" not in values:  # make the user choose, not default silently
            choices.insert(0, ("", coded.get("", "请选择")))
        return ChoiceField(choices=choices, **kw)
    if typing.get_origin(annotation) is list:
        item = _unwrap(typing.get_args(annotation)[0]) if typing.get_args(annotation) else str
        if typing.get_origin(item) is Literal:
            kw.setdefault("widget", forms.CheckboxSelectMultiple)
            return ListField(choices=_options(typing.get_args(item), coded), **kw)
        if coded:
            kw.setdefault("widget", forms.CheckboxSelectMultiple)
        return ListField(choices=list(coded.items()), parse=options.parsers.get(name), **kw)
    if annotation is bool:
        return BoolField(**kw)
    if annotation is date:
        kw.setdefault("widget", DateInput)
        return SchemaField(**kw)
    if annotation is datetime:
        kw.setdefault("widget", DateTimeInput)
        return DateTimeField(**kw)
    if annotation is int:
        return _number(info.metadata, kw)
    if coded:  # a free str with known codes (e.g. a reply's ground): offer the codes
        return ChoiceField(choices=[("", "（无）"), *coded.items()], **kw)
    limit = _bound(info.metadata, MaxLen, "max_length")
    if "widget" not in kw and limit is not None and limit > TEXTAREA_OVER:
        kw["widget"] = forms.Textarea(attrs={"rows": "4"})
    return TextField(max_length=limit, **kw)


def _number(metadata: list, kw: dict[str, Any]) -> SchemaField:
    low = _bound(metadata, Ge, "ge")
    high = _bound(metadata, Le, "le")
    above, below = _bound(metadata, Gt, "gt"), _bound(metadata, Lt, "lt")
    low = above + 1 if low is None and above is not None else low
    high = below - 1 if high is None and below is not None else high
    attrs = {k: str(v) for k, v in (("min", low), ("max", high)) if v is not None}
    widget = kw.pop("widget", None) or forms.NumberInput
    widget = widget(attrs=attrs) if isinstance(widget, type) else widget
    return SchemaField(widget=widget, **kw)


def _fill_from_schema(field: forms.Field, options: SchemaOptions, name: str) -> None:
    """Label, help and initial value from the schema unless the form sets its own."""
    info = options.schema.model_fields[name]
    if field.label is None:
        field.label = options.labels.get(name) or info.title or name
    if not field.help_text and name in options.help_texts:
        field.help_text = options.help_texts[name]  # "" for none
    elif not field.help_text:
        field.help_text = info.description or (
            LINES_HELP if isinstance(field.widget, LinesInput) else "")
    if field.initial is None and info.default not in (PydanticUndefined, None):
        field.initial = info.default
    if field.initial is None and info.default_factory is not None:
        field.initial = info.get_default(call_default_factory=True) or None
    if not getattr(field, "template_name", None):
        field.template_name = FIELD_TEMPLATE


def schema_form_class(schema: type[BaseModel] | None, choices: dict[str, Any] | None = None,
                      *, upload_label: str | None = None,
                      upload_help: str = UPLOAD_HELP) -> type[SchemaForm]:
    """A form class for `schema` made at run time (a transition's form on the case page);
    `choices` are the procedure's labels of coded values; `upload_label` adds the optional
    attachment the engine checks (field `file`)."""
    meta = type("Meta", (), {"schema": schema, "choices": choices or {}})
    attrs: dict[str, Any] = {"Meta": meta, "__module__": __name__}
    if upload_label:
        attrs[FILE_FIELD] = forms.FileField(label=upload_label, required=False,
                                            help_text=upload_help, template_name=FIELD_TEMPLATE)
    name = f"{schema.__name__}Form" if schema else "EmptyForm"
    return SchemaFormMetaclass(name, (SchemaForm,), attrs)
