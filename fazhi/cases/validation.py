"""Turn pydantic validation errors into one precise Chinese message per field."""

from pydantic import BaseModel, ValidationError

from fazhi.core.errors import InvalidData

_MESSAGES = {
    "missing": "必须填写",
    "string_too_short": "至少需要{min_length}个字符",
    "string_too_long": "不能超过{max_length}个字符",
    "string_pattern_mismatch": "格式不正确",
    "literal_error": "取值无效（可选：{expected}）",
    "date_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_from_datetime_parsing": "日期格式不正确（应为 YYYY-MM-DD）",
    "date_type": "日期格式不正确（应为 YYYY-MM-DD）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "greater_than_equal": "不能小于{ge}",
    "less_than_equal": "不能大于{le}",
    "string_type": "应为文本",
    "bool_parsing": "应为是或否",
}


def field_label(schema: type[BaseModel], name: str) -> str:
    info = schema.model_fields.get(name)
    return (info.title if info and info.title else name)


def messages(exc: ValidationError, schema: type[BaseModel]) -> list[tuple[str, str]]:
    """[(field, Chinese message)] for every error; model-level errors have field ''."""
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        name = loc[0] if loc else ""
        if err["type"] == "value_error":
            text = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            template = _MESSAGES.get(err["type"], err["msg"])
            try:
                text = template.format(**err.get("ctx", {}))
            except (KeyError, IndexError):
                text = template
        label = field_label(schema, name) if name else ""
        out.append((name, f"{label}：{text}" if label else text))
    return out


def validate(schema: type[BaseModel] | None, data) -> BaseModel | None:
    if schema is None:
        return None
    if isinstance(data, schema):
        return data
    from fazhi.core.inputs import clean_data  # identifiers NFKC, free text without controls

    data, refused = clean_data(schema, data or {})
    try:
        parsed = schema.model_validate(data)
    except ValidationError as exc:
        found = messages(exc, schema)
    else:
        found = []
    # a refused input's own message stands for its field; the schema's others join it
    found = refused + [(f, m) for f, m in found if f not in {name for name, _ in refused}]
    if not found:
        return parsed
    field, message = found[0]
    error = InvalidData("；".join(m for _, m in found), field=field or None)
    error.errors = found
    raise error

