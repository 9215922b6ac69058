"""The shared PDF renderer: Chinese text set without any font file, and extractable."""

import pytest

from fazhi.core.pdf import Heading, Paragraph, Table, pdf_document, pdf_text


def test_chinese_text_round_trips_through_the_pdf():
    data = pdf_document("政府信息公开申请回执", [
        Heading("申请信息"),
        Paragraph("申请人请求公开：2025年度 <行政许可> 情况 & 统计\n第二行"),
        Table([("受理机关", "市司法局"), ("编号", "YSQ-2026-0001")]),
    ], subject="回执")
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for piece in ("政府信息公开申请回执", "申请信息", "<行政许可> 情况 & 统计", "第二行",
                  "受理机关", "市司法局", "YSQ-2026-0001"):
        assert piece in text


def test_no_font_file_is_embedded():
    """The CID font is named, not embedded: nothing on the machine is needed to make it."""
    data = pdf_document("标题", [Paragraph("正文")])
    assert b"/STSong-Light" in data
    assert b"/FontFile" not in data


def test_unknown_block_is_refused():
    with pytest.raises(TypeError):
        pdf_document("标题", ["not a block"])


def test_pdf_response_is_a_private_download():
    from fazhi.core.pdf import pdf_response

    response = pdf_response(pdf_document("标题", []), "receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="receipt.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_plain_text_carries_the_same_content():
    from fazhi.core.pdf import plain_text

    text = plain_text("回执", [Heading("申请信息"), Paragraph("正文"), Table([("编号", "GK-1")])])
    assert text == "回执\n\n\n【申请信息】\n正文\n编号：GK-1\n"
