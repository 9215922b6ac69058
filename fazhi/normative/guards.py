"""Why a normative-document action cannot be taken now: the `*_refusal` checks the
procedure declares as the transitions' guards (the engine runs them before the effect,
screens before offering the action). Each returns the Chinese reason, "" when the action
may be taken; checks of the submitted data (dates, numbers) stay in the effects. Sources: domain/instruments.md §1 (S2 = 国办发〔2018〕115号).
"""

from __future__ import annotations

from datetime import date

from fazhi.normative import config
from fazhi.normative import models as m
from fazhi.normative.documents import (
    ACTIVE_FILING,
    NO_REVIEW,
    current_filing,
    has_passed_review,
    unhandled_comments,
)


def close_comment_refusal(doc: m.NormativeDocument, today: date) -> str:
    if doc.comment_closes_on is not None and today <= doc.comment_closes_on:
        return f"征求意见期至{doc.comment_closes_on:%Y年%m月%d日}截止，期满前不能结束征求意见"
    return ""


def comment_summary_refusal(doc: m.NormativeDocument) -> str:
    if doc.comment_closes_on is None:
        return "本文件未公开征求意见，无需公布意见采纳情况"
    pending = doc.comments.filter(moderation=m.PENDING).count()
    if pending:
        return f"尚有{pending}条意见未审核，请先审核全部意见"
    open_items = unhandled_comments(doc)
    if open_items:
        return f"尚有{open_items}条意见未记录处理情况，请先逐条记录采纳情况"
    return ""


def submit_review_refusal(doc: m.NormativeDocument) -> str:
    if doc.status == m.COMMENTING:
        return (f"征求意见期至{doc.comment_closes_on:%Y年%m月%d日}截止，"
                "征求意见结束后方可报送合法性审核")
    if (doc.burdens_rights or doc.market_related) and doc.comment_closes_on is None:
        return ("本文件涉及减损权利、增加义务或市场主体生产经营活动，应当先公开征求意见"
                "（市县法治政府建设示范指标体系第24项；《优化营商环境条例》第六十二条）")
    pending = unhandled_comments(doc) + doc.comments.filter(moderation=m.PENDING).count()
    if pending:
        return (f"尚有{pending}条意见未审核或未记录处理情况；送审材料应当包括意见采纳情况"
                f"（{config.S2_REVIEW_TIME}）")
    return ""


def deliberate_refusal(doc: m.NormativeDocument) -> str:
    if doc.status == m.DELIBERATED:
        return "本文件已记录集体审议决定"
    if doc.status != m.REVIEWED or not has_passed_review(doc):
        return NO_REVIEW.format(what="提交集体审议")
    return ""


def register_refusal(doc: m.NormativeDocument) -> str:
    if doc.status in m.PRE_REVIEW_STATUSES or not has_passed_review(doc):
        return NO_REVIEW.format(what="统一登记、编号")
    if doc.status != m.DELIBERATED:
        return "文件尚未经制定机关集体审议决定，不得登记编号（国办发〔2018〕37号）"
    return ""


def publish_refusal(doc: m.NormativeDocument) -> str:
    if doc.status in m.PRE_REVIEW_STATUSES or not has_passed_review(doc):
        return NO_REVIEW.format(what="发布")
    if doc.status != m.REGISTERED:
        return "文件尚未统一登记编号，不得发布（统一登记、统一编号、统一发布）"
    return ""


def file_refusal(doc: m.NormativeDocument) -> str:
    if doc.filings.filter(status__in=ACTIVE_FILING).exists():
        return "本文件已报送备案，备案审查机关正在办理"
    if doc.filings.filter(status__in=("conforming", "corrected")).exists():
        return "本文件已完成备案审查"
    return ""


def take_effect_refusal(doc: m.NormativeDocument, today: date) -> str:
    if doc.effective_from is not None and doc.effective_from > today:
        return f"本文件自{doc.effective_from:%Y年%m月%d日}起施行，尚未到施行日期"
    return ""


def expire_refusal(doc: m.NormativeDocument, today: date) -> str:
    if doc.valid_until is None or doc.valid_until >= today:
        return "本文件有效期尚未届满"
    return ""


def filing_refusal(doc: m.NormativeDocument, wanted: tuple[str, ...], label: str) -> str:
    """A filing-review step needs the current filing in one of the `wanted` statuses."""
    current = current_filing(doc)
    if current is None:
        return f"本文件没有正在办理的备案，不能执行“{label}”"
    if current.status not in wanted:
        return f"备案当前为“{current.get_status_display()}”，不能执行“{label}”"
    return ""
