"""Chinese text helpers: width, simplified, pinyin insertions, mojibake, segmentation."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.law.zhtext import (
    cjk_count,
    find_garbled,
    fold,
    is_pinyin_syllable,
    normalise_width,
    segment,
    strip_pinyin,
    to_simplified,
)


def test_width_normalisation_keeps_chinese_punctuation() -> None:
    assert normalise_width("２０２１年ＡＢ\u3000（一）。\r\n") == "2021年AB （一）。\n"
    assert normalise_width("e\u0301") == "é"  # NFC


def test_traditional_to_simplified() -> None:
    assert to_simplified("嚴格規範公正文明執法") == "严格规范公正文明执法"
    assert to_simplified("") == ""


@pytest.mark.parametrize("word", ["zhí", "guī", "chuàng", "lǜ", "nǚ", "er", "zhi", "zhi2", "ā"])
def test_pinyin_syllables(word: str) -> None:
    assert is_pinyin_syllable(word)


@pytest.mark.parametrize("word", ["WTO", "Zhi", "app", "pdf", "a", "e", "xyz", "", "12", "街"])
def test_not_pinyin(word: str) -> None:
    assert not is_pinyin_syllable(word)


def test_strip_pinyin_removes_only_annotations() -> None:
    assert strip_pinyin("執(zhí)法") == ("執法", 1)
    assert strip_pinyin("鎮(zhèn)(街)一支隊伍") == ("鎮(街)一支隊伍", 1)
    assert strip_pinyin("質(zhi4)量、質(zhi)量") == ("質量、質量", 2)
    kept = "(一)會議(擴大)、(2020)、貿易組織(WTO)、模式(PPP)、讀音（zhí）、條款(a)、abc(zhí)"
    assert strip_pinyin(kept) == (kept, 0)


_LATIN_GROUP = re.compile(r"\([A-Za-z\u00c0-\u024f0-9]*\)")


@given(st.text(alphabet="執法規範()（）一二bahíBA12 ", max_size=40))
def test_strip_pinyin_only_removes_latin_parentheses(text: str) -> None:
    stripped, removed = strip_pinyin(text)
    assert cjk_count(stripped) == cjk_count(text)
    assert _LATIN_GROUP.sub("", stripped) == _LATIN_GROUP.sub("", text)
    assert (removed == 0) == (stripped == text)


def test_garbled_segments_found_with_reasons() -> None:
    text = "建立行政复议专家?guī)熘贫?积极推进行政复议体制改革。"
    (span,) = find_garbled(text)
    assert text[span.start : span.end] == "?guī)熘贫?"
    assert "残缺的拼音注音" in span.reasons


@pytest.mark.parametrize(
    "text, snippet",
    [
        ("改革!癳政务”全国首创", "!癳"),
        ("开展专项锟斤拷行动", "锟斤拷"),
        ("全面\ufffd推进", "\ufffd"),
        ("加强鈥滃叏闈㈤潻鏂扳€", "鈥"),
    ],
)
def test_mojibake_markers(text: str, snippet: str) -> None:
    spans = find_garbled(text)
    assert spans and snippet in text[spans[0].start : spans[0].end]


@pytest.mark.parametrize(
    "text, snippet",
    [
        ("全年召开?,F常务会议12次", "?,F"),
        ("组织执法案卷评查?]'次", "?]'"),
        ("调解成功率\ufffd,%达到", "\ufffd,%"),
        ("全年召开?,F。", "?,F"),
    ],
)
def test_encoding_anomaly_between_chinese_characters(text: str, snippet: str) -> None:
    """A short run of ASCII punctuation with "?" or U+FFFD inside clean Chinese text is a
    decoding error: flagged where it is, the text left alone."""
    (span,) = find_garbled(text)
    assert text[span.start : span.end] == snippet
    assert any("编码异常" in r for r in span.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "深入推进“放管服”改革，全面落实证明事项告知承诺制。",
        "2020年,在省委、省政府的领导下,我市(街)开展工作。",  # ASCII commas in a scrape
        "推进“互联网+监管”,实现A/B类事项全覆盖。",
        "王喆同志任市司法局局长。",  # one rare name character is not mojibake
        "这样做是否合法?",  # a question mark at the end of a sentence
        "“e政务”全国首创刷脸认证，98%的事项网上可办(市委第五次会议)。",
    ],
)
def test_clean_text_is_not_flagged(text: str) -> None:
    assert find_garbled(text) == []


def test_segment_folds_and_drops_punctuation() -> None:
    words = segment("加強行政復議工作，ＡＢＣ。")
    assert "行政复议" in words
    assert "，" not in words and "。" not in words
    assert "abc" in words
    assert set(segment("行政复议", for_search=True)) >= {"行政", "复议", "行政复议"}


def test_fold_is_idempotent() -> None:
    once = fold("執法ＡＢＣ")
    assert once == "执法abc" == fold(once)
