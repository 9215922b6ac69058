"""Pydantic validation with one precise Chinese message per problem (docs/decisions/0019).

`validate(schema, data)` is what the engine, every service and every form call: the input
rules of fazhi.core.inputs first (identifiers NFKC, free text without control characters),
then the schema; every failure becomes `InvalidData` whose `errors` are
[(field, "标签：说明")]. `error_text(err)` translates one pydantic error: every error type
pydantic can raise has a Chinese sentence here, and anything unforeseen reads "取值无效",
so no English from pydantic reaches a person.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from fazhi.core.errors import InvalidData
from fazhi.core.i18n import local
from fazhi.core.inputs import clean_data, nested_schema  # NFKC identifiers, text without controls

_DATE = "日期格式不正确（应为 YYYY-MM-DD）"
_DATETIME = "时间格式不正确（应为 YYYY-MM-DD HH:MM）"
_TIME = "时间格式不正确（应为 HH:MM）"
_LIST = "应为多项（列表）"
_MAPPING = "格式不正确（应为键值对）"
_NUMBER = "应为数字"
_URL = "网址格式不正确"
_INVALID = "取值无效"
_FORMAT = "格式不正确"
_ARGUMENTS = "参数无效"

# Every pydantic-core error type (pydantic_core.core_schema.ErrorType), in its order; a
# test checks the table is complete. Placeholders name only numeric or code context.
MESSAGES: dict[str, str] = {
    "no_such_attribute": "不是可以填写的项目",
    "json_invalid": "不是有效的 JSON 格式",
    "json_type": "应为 JSON 文本",
    "needs_python_object": _INVALID,
    "recursion_loop": "数据存在循环引用",
    "recursion_depth_exceeded": "数据嵌套层级过深",
    "missing": "必须填写",
    "frozen_field": "不能修改",
    "frozen_instance": "不能修改",
    "extra_forbidden": "不是可以填写的项目",
    "invalid_key": "键名无效",
    "get_attribute_error": _INVALID,
    "model_type": "格式不正确（应为一组数据）",
    "model_attributes_type": "格式不正确（应为一组数据）",
    "dataclass_type": "格式不正确（应为一组数据）",
    "dataclass_exact_type": "格式不正确（应为一组数据）",
    "named_tuple_type": _FORMAT,
    "default_factory_not_called": _INVALID,
    "none_required": "应当留空",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "不能小于{ge}",
    "less_than": "应小于{lt}",
    "less_than_equal": "不能大于{le}",
    "multiple_of": "应为{multiple_of}的倍数",
    "finite_number": "应为有限的数字",
    "too_short": "至少需要{min_length}项",
    "too_long": "最多{max_length}项",
    "iterable_type": _LIST,
    "iteration_error": "无法逐项读取",
    "string_type": "应为文本",
    "string_unicode": "应为有效的文字（Unicode）",
    "string_too_short": "至少需要{min_length}个字符",
    "string_too_long": "不能超过{max_length}个字符",
    "string_pattern_mismatch": _FORMAT,
    "string_not_ascii": "只能包含半角字母、数字和符号",
    "enum": "所选项目无效（可选：{expected}）",
    "dict_type": _MAPPING,
    "frozen_dict_type": _MAPPING,
    "ordered_dict_type": _MAPPING,
    "counter_type": _MAPPING,
    "mapping_type": _MAPPING,
    "list_type": _LIST,
    "deque_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "set_item_not_hashable": "含有无效的项",
    "bool_type": "应为是或否",
    "bool_parsing": "应为是或否",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "整数超出可处理的范围",
    "int_from_float": "应为整数（不能有小数）",
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bytes_type": "应为文件或二进制数据",
    "bytes_too_short": "至少需要{min_length}个字节",
    "bytes_too_long": "不能超过{max_length}个字节",
    "bytes_invalid_encoding": "编码无效",
    "value_error": _INVALID,  # a validator's own (Chinese) message is used instead
    "assertion_error": _INVALID,  # likewise
    "literal_error": "所选项目无效（可选：{expected}）",
    "missing_sentinel_error": _INVALID,
    "ellipsis_error": _INVALID,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "应为日期，不能含有时间",
    "date_past": "应为今天以前的日期",
    "date_future": "应为今天以后的日期",
    "time_type": _TIME,
    "time_parsing": _TIME,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_past": "应为已经过去的时间",
    "datetime_future": "应为尚未到来的时间",
    "timezone_naive": "不能带时区",
    "timezone_aware": "须带时区",
    "timezone_offset": "时区不正确",
    "time_delta_type": "时长格式不正确",
    "time_delta_parsing": "时长格式不正确",
    "frozen_set_type": _LIST,
    "is_instance_of": _INVALID,
    "is_subclass_of": _INVALID,
    "callable_type": _INVALID,
    "union_tag_invalid": "类型“{tag}”无效（可选：{expected_tags}）",
    "union_tag_not_found": "缺少类型（{discriminator}）",
    "arguments_type": _ARGUMENTS,
    "missing_argument": "必须填写",
    "unexpected_keyword_argument": "不是可以填写的项目",
    "missing_keyword_only_argument": "必须填写",
    "unexpected_positional_argument": _ARGUMENTS,
    "missing_positional_only_argument": "必须填写",
    "multiple_argument_values": _ARGUMENTS,
    "url_type": _URL,
    "url_parsing": _URL,
    "url_syntax_violation": _URL,
    "url_too_long": "网址不能超过{max_length}个字符",
    "url_scheme": "网址应以 {expected_schemes} 开头",
    "uuid_type": "编号格式不正确（应为 UUID）",
    "uuid_parsing": "编号格式不正确（应为 UUID）",
    "uuid_version": "编号格式不正确（应为第{expected_version}版 UUID）",
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_max_digits": "数字不能超过{max_digits}位",
    "decimal_max_places": "小数不能超过{decimal_places}位",
    "decimal_whole_digits": "整数部分不能超过{whole_digits}位",
    "fraction_type": "应为分数或数字",
    "fraction_parsing": "应为分数或数字",
    "complex_type": "应为复数",
    "complex_str_parsing": "应为复数",
}
FALLBACK = _INVALID
_CJK = re.compile(r"[\u3400-\u9fff]")
_LISTED = ("expected", "expected_tags", "expected_schemes", "discriminator")  # 'a' or 'b'


def _choices(value: Any) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a、b、c" (no English in a Chinese sentence)."""
    return "、".join(p.strip().strip("'\"") for p in re.split(r",| or ", str(value)) if p.strip())


def error_text(err: dict[str, Any]) -> str:
    """The Chinese sentence for one pydantic error (without the field's label)."""
    ctx = err.get("ctx") or {}
    if err.get("type") in ("value_error", "assertion_error"):
        text = str(ctx.get("error", "")).removeprefix("Value error, ").removeprefix(
            "Assertion failed, ")
        return local(text) if _CJK.search(text) else local(_FORMAT)  # a library's English: not shown
    template = local(MESSAGES.get(err.get("type", ""), FALLBACK))
    values = {k: _choices(v) if k in _LISTED else v for k, v in ctx.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return local(FALLBACK)


def field_label(schema: type[BaseModel], name: str) -> str:
    info = schema.model_fields.get(name)
    return local(info.title) if info and info.title else name


def where(schema: type[BaseModel], loc: tuple | list) -> str:
    """A location as people read it: "分组第2项「名额」" for ("pools", 1, "quota")."""
    out, model = "", schema
    for part in loc:
        if isinstance(part, int):
            out += local("第{n}项").format(n=part + 1)
            continue
        info = model.model_fields.get(str(part)) if model is not None else None
        if info is None:  # a union branch or validator name pydantic adds: not a field
            continue
        title = local(info.title or str(part))
        out += local("「{title}」").format(title=title) if out else title
        model = nested_schema(info.annotation)
    return out


def messages(exc: ValidationError, schema: type[BaseModel]) -> list[tuple[str, str]]:
    """[(top-level field, "标签：说明")] for every error; model-level errors have field ''."""
    out = []
    for err in exc.errors():
        loc = err.get("loc") or ()
        label = where(schema, loc) or (str(loc[0]) if loc else "")
        text = error_text(err)
        out.append((str(loc[0]) if loc else "",
                    local("{label}：{text}").format(label=label, text=text) if label else text))
    return out


def validate(schema: type[BaseModel] | None, data: Any) -> BaseModel | None:
    """`data` parsed by `schema`, or InvalidData listing every problem at once."""
    if schema is None:
        return None
    if isinstance(data, schema):
        return data
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
    error = InvalidData(local("；").join(m for _, m in found), field=field or None)
    error.errors = found
    raise error
