"""Identifier normalisation (NFKC) and control-character refusal at every input."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law import inputs


def test_full_width_id_number_reads_as_ascii():
    assert inputs.identifier("３５０２０３１９９００１０１１２３４") == "350203199001011234"
    assert inputs.identifier(" 3502 0319 9001 0112 3x ") == "35020319900101123X"
    assert inputs.identifier("ｓｆｊ", upper=False) == "sfj"


@pytest.mark.parametrize("value", ["٣٥٠٢٠٣", "３５０２\u202e", "35名02", "3502\x00"])
def test_what_is_not_ascii_after_nfkc_is_refused_with_a_message(value):
    with pytest.raises(inputs.InputError, match="字符"):
        inputs.identifier(value)


@given(st.text())
def test_identifier_is_ascii_or_refused(value):
    try:
        out = inputs.identifier(value)
    except inputs.InputError:
        return
    assert out.isascii() and not any(ch.isspace() for ch in out)
    assert out == unicodedata.normalize("NFKC", out)


@pytest.mark.parametrize("bad", ["\x01", "\x1b[31m", "\u202e", "\u2066", "\x85", "\x7f"])
def test_control_and_bidi_override_characters_are_refused(bad):
    with pytest.raises(inputs.InputError, match="控制字符"):
        inputs.text(f"张三{bad}李四")
    assert inputs.strip_controls(f"张三{bad}李四").replace("[31m", "") == "张三李四"


def test_line_breaks_only_in_multiline_fields():
    assert inputs.text("第一行\n第二行\t完") == "第一行\n第二行\t完"
    with pytest.raises(inputs.InputError):
        inputs.text("第一行\n第二行", multiline=False)
    assert inputs.control_characters("a\nb", multiline=False) == ["U+000A"]


@given(st.text())
def test_stripped_text_is_accepted(value):
    assert inputs.text(inputs.strip_controls(value)) == inputs.strip_controls(value)
