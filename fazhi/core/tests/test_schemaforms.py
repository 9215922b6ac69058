"""The one form layer (fazhi.core.schemaforms, ADR 0019): a pydantic schema rendered as a
Django form, the POST read back (lists included), every problem in Chinese at its field.

Rule: the UI is Simplified Chinese and bad input gets a clear message (DESIGN.md §5; the
project's standards); 《政府信息公开条例》第二十九条 is the portal form's content.
"""

import re
import typing
from datetime import date, datetime
from typing import Literal

import pytest
from django import forms
from django.http import QueryDict
from django.utils import timezone
from pydantic import BaseModel, Field, model_validator
from pydantic_core.core_schema import ErrorType

from fazhi.core.errors import InvalidData
from fazhi.core.schemaforms import SchemaForm, schema_form_class
from fazhi.core.validation import MESSAGES, error_text, validate

CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH = ("Input should", "Field required", "value is not", "Value error", "valid list")


def assert_chinese(message: str) -> None:
    assert CJK.search(message), message
    assert not any(text in message for text in ENGLISH), message


class Sample(BaseModel):
    title: str = Field(title="标题", min_length=2, max_length=20, description="文件的标题")
    body: str = Field(default="", title="正文", max_length=5000)
    kind: Literal["a", "b"] = Field(title="类型")
    on: date = Field(title="日期")
    at: datetime | None = Field(default=None, title="时间")
    count: int = Field(default=1, title="数量", ge=1, le=9)
    urgent: bool = Field(default=False, title="紧急")
    refs: list[str] = Field(default_factory=list, max_length=3, title="相关文号")
    tags: list[Literal["x", "y"]] = Field(default_factory=list, title="标签")

    @model_validator(mode="after")
    def _urgent_needs_body(self) -> "Sample":
        if self.urgent and not self.body:
            raise ValueError("紧急件须填写正文")
        return self


class SampleForm(SchemaForm):
    class Meta:
        schema = Sample
        choices = {"kind": {"a": "甲类", "b": "乙类"}, "tags": {"x": "标签X", "y": "标签Y"}}


def post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


GOOD = {"title": "一份文件", "kind": "a", "on": "2026-03-02"}


# -- rendering --------------------------------------------------------------------------------

def test_fields_follow_the_schema_types_labels_and_help():
    form = SampleForm(auto_id="s-%s")
    html = str(form)
    assert list(form.fields) == list(Sample.model_fields)
    assert '<label for="s-title">标题 <span class="required"' in html
    assert 'maxlength="20"' in html and "文件的标题" in html
    assert '<textarea name="body"' in html  # longer than a line
    assert '<option value="" selected>请选择</option>' in html and ">甲类</option>" in html
    assert '<input type="date" name="on"' in html
    assert 'type="number" name="count" value="1" min="1" max="9"' in html
    assert 'type="checkbox" name="urgent"' in html
    assert '<textarea name="refs"' in html and "每行填写一项" in html
    assert 'type="checkbox" name="tags" value="x"' in html and "标签Y" in html


# -- reading the POST ---------------------------------------------------------------------------

def test_lists_are_read_from_lines_or_repeated_inputs_and_empty_fields_left_out():
    lines = SampleForm(post(**GOOD, refs="厦府规〔2020〕1号\r\n\r\n厦府规〔2020〕2号 ", body=""))
    assert lines.is_valid(), lines.errors
    assert lines.parsed.refs == ["厦府规〔2020〕1号", "厦府规〔2020〕2号"]
    assert "body" not in lines.schema_data() and lines.parsed.urgent is False
    repeated = SampleForm(post(**GOOD, refs=["甲", "乙"], tags=["x", "y"], urgent="on",
                               body="正文"))
    assert repeated.is_valid(), repeated.errors
    assert (repeated.parsed.refs, repeated.parsed.tags) == (["甲", "乙"], ["x", "y"])
    assert repeated.parsed.urgent is True


def test_a_local_time_is_made_aware():
    form = SampleForm(post(**GOOD, at="2026-03-02 09:30"))
    assert form.is_valid(), form.errors
    assert timezone.is_aware(form.parsed.at)
    assert timezone.localtime(form.parsed.at).hour == 9


# -- messages ----------------------------------------------------------------------------------

def test_every_problem_is_shown_at_its_field_in_chinese_and_values_are_kept():
    form = SampleForm(post(title="甲", kind="c", on="2026-13-01", count="0",
                           refs="1\n2\n3\n4", tags=["z"], at="明天"), auto_id="s-%s")
    assert not form.is_valid()
    expected = {"title": "标题：至少需要2个字符", "kind": "类型：所选项目无效（可选：a、b）",
                "on": "日期：日期格式不正确", "count": "数量：不能小于1",
                "refs": "相关文号：最多3项", "tags": "标签第1项：所选项目无效",
                "at": "时间：时间格式不正确"}
    for name, message in expected.items():
        assert message in form.errors[name][0], (name, form.errors[name])
    html = str(form)
    assert 'value="2026-13-01"' in html and 'aria-invalid="true"' in html
    for messages in form.errors.values():
        for message in messages:
            assert_chinese(message)


def test_a_model_level_rule_is_shown_on_top():
    form = SampleForm(post(**GOOD, urgent="on"))
    assert not form.is_valid()
    assert form.non_field_errors() == ["紧急件须填写正文"]
    assert '<div class="errorlist" role="alert"><ul><li>紧急件须填写正文' in str(form)


def test_a_services_refusal_is_placed_by_field_name_or_label():
    form = SampleForm(post(**GOOD), check_schema=False)
    error = InvalidData("标题：与已有文件重名；审批未通过", field="title")
    error.errors = [("title", "标题：与已有文件重名"), ("日期", "日期：不是工作日"), ("", "审批未通过")]
    form.add_errors(error)
    assert form.errors["title"] == ["标题：与已有文件重名"]
    assert form.errors["on"] == ["日期：不是工作日"]
    assert form.non_field_errors() == ["审批未通过"]


def test_an_unreadable_line_keeps_its_own_message():
    class Row(BaseModel):
        code: str = Field(title="代码", min_length=2)

    class Rows(BaseModel):
        rows: list[Row] = Field(title="明细", min_length=1)

    def row(line: str) -> dict:
        if "," in line:
            raise ValueError(f"明细行格式不正确：{line}")
        return {"code": line}

    class RowsForm(SchemaForm):
        class Meta:
            schema = Rows
            parsers = {"rows": row}

    bad = RowsForm(post(rows="a,b"))
    assert not bad.is_valid() and bad.errors["rows"] == ["明细行格式不正确：a,b"]
    short = RowsForm(post(rows="A\nBB"))
    assert not short.is_valid() and short.errors["rows"] == ["明细第1项「代码」：至少需要2个字符"]


def test_every_pydantic_error_type_has_a_chinese_message():
    """pydantic_core's list of error types: each one is translated (a new pydantic version
    adding a type fails here), and its context never puts English into the sentence."""
    types = typing.get_args(ErrorType)
    assert set(types) <= set(MESSAGES), set(types) - set(MESSAGES)
    ctx = {"gt": 1, "ge": 1, "lt": 9, "le": 9, "multiple_of": 2, "min_length": 1,
           "max_length": 5, "expected": "'a', 'b' or 'c'", "tag": "x", "expected_tags": "'a'",
           "discriminator": "'kind'", "expected_schemes": "'http' or 'https'",
           "expected_version": 4, "max_digits": 5, "decimal_places": 2, "whole_digits": 3,
           "error": "value is not a valid email address", "field_type": "List",
           "actual_length": 9, "reason": "input is too short", "class": "Model"}
    for kind in types:
        text = error_text({"type": kind, "ctx": ctx, "msg": "Input should be English"})
        assert_chinese(text)
        assert " or " not in text and "'" not in text, (kind, text)
    assert error_text({"type": "an_error_pydantic_adds_later", "ctx": {}}) == "取值无效"


# -- every schema a person can fill in ----------------------------------------------------------

BAD_VALUES = [None, "", "无效值", "x" * 200_001, -10**9, 10**40, 1.5, "2026-13-01",
              "2026-01-01T10:30:00", [], ["x"] * 60, [None], [{}], {"a": 1}, True, "1.5",
              "9" * 5000]


def form_schemas() -> dict[str, type[BaseModel]]:
    """Every registered transition's schema, every schema a form renders and every schema a
    service validates people's input with."""
    import fazhi.disclosure.forms
    import fazhi.inspections.forms
    import fazhi.lottery.forms
    import fazhi.normative.forms
    import fazhi.portal.forms  # noqa: F401  (their forms register as SchemaForm subclasses)
    from fazhi.cases import procedure as registry
    from fazhi.disclosure.procedure import Intake
    from fazhi.inspections import procedure as inspections
    from fazhi.lottery import procedure as lottery

    found = {f"{p.code}.{t.action}": t.schema for p in registry.all_procedures()
             for t in p.transitions if t.schema is not None}
    pending = list(SchemaForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.schema_options.schema is not None:
            found[form.__name__] = form.schema_options.schema
    for schema in (Intake, lottery.LotteryRules, lottery.PoolRule, lottery.SourceRule,
                   inspections.PlanRules, inspections.StratumRule, inspections.Exclusion,
                   inspections.SourceRule, inspections.ResultInput):
        found[schema.__name__] = schema
    return found


@pytest.mark.django_db
def test_every_schema_answers_bad_input_in_chinese(agency):
    """Whatever a person (or an API client) sends to any field of any schema, the answer is
    InvalidData with Chinese messages: never pydantic's English, never an exception."""
    schemas = form_schemas()
    assert {"normative.publish", "disclosure.open", "LotteryRules", "ApplyForm"} <= set(schemas)
    seen = 0
    for where, schema in schemas.items():
        for data in [{}] + [{name: bad} for name in schema.model_fields for bad in BAD_VALUES]:
            try:
                validate(schema, data)
            except InvalidData as exc:
                for _, message in exc.errors:
                    seen += 1
                    assert_chinese(message)
                    assert message.strip("：")
            except Exception as exc:  # noqa: BLE001
                pytest.fail(f"{where} {data!r:.80}: {type(exc).__name__}: {exc}")
    assert seen > 1000


@pytest.mark.django_db
def test_every_transition_form_answers_typed_garbage_in_chinese(agency):
    """The same through the forms: strings as a browser sends them, each field at a time."""
    for schema in form_schemas().values():
        form_class = schema_form_class(schema)
        for name in form_class.base_fields:
            for typed in ("", "无效值", "-5", "2026-13-01", "x" * 200_001, "\x00"):
                form = form_class(post(**{name: typed}))
                form.is_valid()
                for messages in form.errors.values():
                    for message in messages:
                        assert_chinese(message)


def test_a_form_field_can_stand_for_a_schema_field_under_another_name():
    class Pick(BaseModel):
        office_id: int = Field(title="监督机构")

    class PickForm(SchemaForm):
        office = forms.IntegerField(required=False)

        class Meta:
            schema = Pick
            renames = {"office_id": "office"}

    form = PickForm(post(office=""))
    assert not form.is_valid()
    assert form.errors["office"] == ["监督机构：必须填写"]
    assert form.fields["office"].label == "监督机构"
    ok = PickForm(post(office="7"))
    assert ok.is_valid() and ok.parsed.office_id == 7
