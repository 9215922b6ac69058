"""The printable label of an item: its code as text and as a QR code, the case and what the
item is, on a 100 × 70 mm page (label printers take PDF). The QR code comes from
reportlab's own barcode module (already used for every PDF): no new dependency.

The label carries no personal data: it is stuck on the item and seen by anyone handling it.
"""

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from fazhi.core.pdf import FONT
from fazhi.custody.models import Item

WIDTH, HEIGHT = 100 * mm, 70 * mm
QR_SIZE = 40 * mm


def qr_drawing(text: str, size: float = QR_SIZE) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def label_pdf(item: Item) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(WIDTH, HEIGHT))
    page.setTitle(f"涉案财物标签 {item.code}")
    renderPDF.draw(qr_drawing(item.code), page, 4 * mm, HEIGHT - 4 * mm - QR_SIZE)
    page.setFont(FONT, 12)
    page.drawString(4 * mm, 12 * mm, item.code)
    page.setFont(FONT, 9)
    page.drawString(4 * mm, 6 * mm, item.agency.short_name)
    text_x, y = 48 * mm, HEIGHT - 10 * mm
    page.setFont(FONT, 11)
    page.drawString(text_x, y, "涉案财物标签")
    page.setFont(FONT, 8)
    for line in _lines(item):
        y -= 5 * mm
        page.drawString(text_x, y, line)
    page.showPage()
    page.save()
    return out.getvalue()


def _lines(item: Item) -> list[str]:
    description = item.description
    chunks = [description[i:i + 12] for i in range(0, min(len(description), 48), 12)]
    return [f"案件：{item.case_label}", *(f"财物：{c}" if n == 0 else f"　　　{c}"
                                        for n, c in enumerate(chunks)),
            f"数量：{item.quantity.normalize():f} {item.unit}",
            f"扣押日期：{item.seized_on:%Y-%m-%d}"]
