"""The printable receipt (回执) of a disclosure request: one content, two forms — a PDF
downloaded from the receipt and track pages, and the plain text of the e-mail copy.

The receipt never carries the receipt code (docs/decisions/0025): a printed or forwarded
receipt is handed to others (a lawyer, a reception desk, staff at a hearing), while the
code opens the case to whoever holds it. The applicant got the code once, on the receipt
page or by SMS/e-mail when staff registered the request. Personal data is masked as on the
track page, since whoever holds the code may download it there.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from fazhi.cases import procedure as registry
from fazhi.cases import tracking
from fazhi.cases.models import Case
from fazhi.core.pdf import Block, Heading, Paragraph, Table, pdf_document, plain_text
from fazhi.disclosure.models import NATURAL
from fazhi.law.redaction import mask_name

TITLE = "政府信息公开申请回执"
REG = "《政府信息公开条例》"


def receipt_blocks(case: Case) -> list[Block]:
    """The receipt's content, in order."""
    detail = case.disclosure
    proc = registry.get(case.procedure, case.procedure_version)
    agency = case.agency
    return [
        Paragraph(f"{agency.name}已于{case.received_on:%Y年%m月%d日}收到您的政府信息公开申请，"
                  f"现予登记（{REG}第三十一条）。"),
        Heading("申请信息"),
        Table([
            ("受理机关", agency.name), ("案件编号", case.number),
            ("收到申请日期", f"{case.received_on:%Y-%m-%d}"),
            ("申请渠道", detail.get_channel_display()),
            ("申请人", mask_name(detail.applicant_name) if detail.applicant_type == NATURAL
             else detail.applicant_name),
            ("所需信息", detail.description),
            ("提供形式", detail.get_form_display()),
            ("获取方式", detail.get_delivery_display()),
        ]),
        Heading("答复期限"),
        *_deadlines(case, proc),
        Paragraph(f"能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；"
                  f"需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长最长不超过20个"
                  f"工作日（{REG}第三十三条）。申请内容不明确的，行政机关自收到申请之日起7个工作日内"
                  f"一次性告知需要补正的事项（{REG}第三十条）。"),
        Heading("查询办理进度"),
        Paragraph(f"请在本网站“查询进度”页面（{reverse('portal:track')}）输入查询码，查看办理进度、"
                  "答复和公开的文件，在线补正或撤回申请。为保护您的申请，本回执不载明查询码：查询码在"
                  "您提交申请后的页面上显示过一次，工作人员代为登记的，已通过短信或电子邮件发送给您。"
                  "请妥善保管查询码，勿告知他人，工作人员不会向您索要。"),
        Heading("联系方式"),
        Table(_contact_rows(agency)),
        Paragraph(f"本回执生成于{timezone.localtime():%Y-%m-%d %H:%M}。"),
    ]


def _deadlines(case: Case, proc: registry.Procedure) -> list[Block]:
    clocks = tracking.running_clocks(case, proc)
    if not clocks:
        return [Paragraph("答复期限当前暂停计算或已结束，请以查询进度页面为准。")]
    return [Table([(c.label, f"{c.due_on:%Y-%m-%d}" + ("（临时）" if c.provisional else "")
                    + (f"\n{c.explanation}" if c.explanation else "")) for c in clocks])]


def _contact_rows(agency) -> list[tuple[str, str]]:
    rows = [("政府信息公开工作机构", agency.disclosure_office or agency.name),
            ("地址", agency.disclosure_address or agency.address),
            ("咨询电话", agency.disclosure_phone or agency.phone),
            ("电子邮箱", agency.disclosure_email or agency.email),
            ("办公时间", agency.hours)]
    return [(label, value) for label, value in rows if value]


def receipt_pdf(case: Case) -> bytes:
    return pdf_document(TITLE, receipt_blocks(case), subject=case.number,
                        author=case.agency.name)


def receipt_text(case: Case) -> str:
    return plain_text(TITLE, receipt_blocks(case))
