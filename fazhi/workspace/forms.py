"""Forms generated from a transition's pydantic schema.

The schema stays the one source of truth: these forms only render fields (label = field
title, help = description, widget from the type) and collect the raw strings. Validation
is the engine's (pydantic + effects); its Chinese messages are put back next to the fields.
"""

import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from annotated_types import Ge, Le, MaxLen
from django.http import QueryDict
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from fazhi.core.errors import DomainError

TEXTAREA_OVER = 200  # strings allowed longer than this get a textarea
FILE_FIELD = "file"  # the engine reports upload problems under this field name


@dataclass
class FormField:
    name: str
    label: str
    widget: str  # text | textarea | select | date | number | checkbox | file
    required: bool = False
    help: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: str = ""
    min: int | None = None
    max: int | None = None
    maxlength: int | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class SchemaForm:
    """A rendered form for one schema; `prefix` keeps several forms' ids apart on a page."""

    prefix: str
    fields: list[FormField]
    errors: list[str] = field(default_factory=list)  # model-level and unplaced messages

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or any(f.errors for f in self.fields))

    def get(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    def add_errors(self, exc: DomainError) -> None:
        """Place each message next to its field (by name or by Chinese title), else on top."""
        found = getattr(exc, "errors", None) or [(exc.field or "", exc.message)]
        for name, message in found:
            target = self._field_for(name or "")
            if target is None:
                self.errors.append(message)
            else:
                target.errors.append(message)

    def _field_for(self, name: str) -> FormField | None:
        if not name:
            return None
        return self.get(name) or next((f for f in self.fields if f.label == name), None)


def _unwrap(annotation: Any) -> Any:
    """`X | None` → X; Annotated is already stripped by pydantic's FieldInfo."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else str
    return annotation


def _constraint(metadata: list, kind: type, attr: str) -> int | None:
    return next((getattr(m, attr) for m in metadata if isinstance(m, kind)), None)


def _choice_label(labels: dict[str, str], value: str) -> str:
    return labels.get(value, value) if value else "（无）"


def _field(name: str, info, labels: dict[str, dict[str, str]]) -> FormField:
    annotation = _unwrap(info.annotation)
    spec = FormField(name=name, label=info.title or name, widget="text",
                     required=info.is_required(), help=info.description or "")
    coded = labels.get(name, {})
    if typing.get_origin(annotation) is Literal:
        values = [str(v) for v in typing.get_args(annotation)]
        spec.widget = "select"
        spec.choices = [(v, _choice_label(coded, v)) for v in values]
        if spec.required and "" not in values:  # make the user choose, not default silently
            spec.choices.insert(0, ("", "请选择"))
    elif annotation is date:
        spec.widget = "date"
    elif annotation is bool:
        spec.widget = "checkbox"
    elif annotation is int:
        spec.widget = "number"
        spec.min = _constraint(info.metadata, Ge, "ge")
        spec.max = _constraint(info.metadata, Le, "le")
    elif coded:  # a free str with known codes (e.g. a reply's ground): offer the codes
        spec.widget = "select"
        spec.choices = [("", "（无）")] + list(coded.items())
    else:
        spec.maxlength = _constraint(info.metadata, MaxLen, "max_length")
        if spec.maxlength is not None and spec.maxlength > TEXTAREA_OVER:
            spec.widget = "textarea"
    if info.default is not PydanticUndefined and info.default is not None:
        spec.value = str(info.default)
    return spec


def schema_form(schema: type[BaseModel] | None, labels: dict[str, dict[str, str]], *,
                prefix: str = "", data: QueryDict | dict | None = None,
                with_file: bool = False, file_label: str = "附件（可选）") -> SchemaForm:
    """A form for `schema`; with `data` (a POST), its values are kept for re-rendering."""
    fields = [_field(name, info, labels)
              for name, info in (schema.model_fields.items() if schema else [])]
    if with_file:
        fields.append(FormField(name=FILE_FIELD, label=file_label, widget="file",
                                help="允许：PDF、图片、Word、Excel、OFD、文本"))
    if data is not None:
        for spec in fields:
            if spec.widget == "checkbox":
                spec.value = "on" if data.get(spec.name) else ""
            elif spec.widget != "file":
                spec.value = str(data.get(spec.name, ""))
    return SchemaForm(prefix=prefix, fields=fields)


def form_data(schema: type[BaseModel] | None, data: QueryDict | dict) -> dict[str, Any]:
    """The schema's fields from a POST. Empty fields are left out: an optional one takes
    its default, a required one gets the schema's "必须填写"; an unticked box is False."""
    out: dict[str, Any] = {}
    for name, info in (schema.model_fields.items() if schema else []):
        raw = data.get(name)
        if _unwrap(info.annotation) is bool:
            out[name] = bool(raw)
        elif raw is not None and str(raw).strip() != "":
            out[name] = raw.strip() if isinstance(raw, str) else raw
    return out
