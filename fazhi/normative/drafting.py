"""Effects of drafting and public comment (征求意见): registering and revising the draft,
opening, extending and closing the comment period and publishing its summary. Run by
the engine inside its transaction; a DomainError refuses the action and rolls back
everything. Sources: domain/instruments.md §1 (S2 = 国办发〔2018〕115号, S6 = 优化营商环境条例).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits
from fazhi.normative import models as m
from fazhi.normative.documents import document_of, set_status
from fazhi.normative.limits import LIMITS
from fazhi.org.models import Agency
from fazhi.publication.services import publish


def _co_issuers(codes: list[str], issuer: Agency) -> list[Agency]:
    found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidData(f"联合发文机关代码不存在：{'、'.join(missing)}", field="co_issuers")
    if issuer.code in found:
        raise InvalidData("联合发文机关不能包括牵头制定机关本身", field="co_issuers")
    return list(found.values())


def _draft_fields(data) -> dict:
    return data.model_dump(exclude={"co_issuers"})


def register_draft(step: Step) -> None:
    data, issuer = step.data, step.case.agency
    if data.doc_type == m.DEPARTMENTAL and issuer.kind == "government":
        raise InvalidData("以人民政府名义制发的文件应为政府规范性文件", field="doc_type")
    co = _co_issuers(data.co_issuers, issuer)
    doc = m.NormativeDocument.objects.create(
        case=step.case, issuer=issuer, drafted_by=step.actor.label,
        drafted_by_user_id=step.actor.user_id, **_draft_fields(data))
    doc.co_issuers.set(co)
    step.payload = {"title": data.title, "doc_type": data.doc_type,
                    "burdens_rights": data.burdens_rights, "market_related": data.market_related}


def revise(step: Step) -> None:
    doc, data = document_of(step), step.data
    co = _co_issuers(data.co_issuers, doc.issuer)
    for name, value in _draft_fields(data).items():
        setattr(doc, name, value)
    doc.save()
    doc.co_issuers.set(co)
    step.payload = {"title": data.title}


@dataclass(frozen=True)
class CommentMinimum:
    """The earliest lawful last day of a comment period, why, and whether it rests on an
    estimated holiday calendar (then it is checked again when the year is loaded)."""

    last_day: date
    basis: str
    provisional: bool


def minimum_comment_close(doc: m.NormativeDocument, opens_on: date) -> CommentMinimum:
    """The earliest lawful last day of a comment period opening on `opens_on` (§1.4)."""
    cal = current_calendar()
    general = timelimits.evaluate(LIMITS["comment"], cal, opens_on)
    found = CommentMinimum(general.due, (
        f"征求意见期限一般不少于{LIMITS['comment'].value}个工作日（{LIMITS['comment'].citation}）"),
        general.provisional)
    if doc.market_related:
        market = timelimits.evaluate(LIMITS["market_comment"], cal, opens_on)
        provisional = general.provisional or market.provisional
        if market.due > general.due:
            found = CommentMinimum(market.due, (
                f"本文件与市场主体生产经营活动密切相关，征求意见期限一般不少于"
                f"{LIMITS['market_comment'].value}日（{LIMITS['market_comment'].citation}）"),
                provisional)
        else:
            found = CommentMinimum(found.last_day, found.basis, provisional)
    return found


def open_comment(step: Step) -> None:
    doc, data = document_of(step), step.data
    if data.opens_on < step.today:
        raise InvalidData("征求意见开始日不能早于今天", field="opens_on")
    minimum = minimum_comment_close(doc, data.opens_on)
    if data.closes_on < minimum.last_day:
        raise InvalidData(f"{minimum.basis}，截止日不得早于{minimum.last_day:%Y年%m月%d日}",
                          field="closes_on")
    set_status(doc, m.COMMENTING, comment_opens_on=data.opens_on,
                comment_closes_on=data.closes_on, comment_channel=data.channel,
                comment_close_provisional=minimum.provisional)
    _publish_comment_notice(step, doc)


def _publish_comment_notice(step: Step, doc: m.NormativeDocument) -> None:
    publish(kind="normative.draft", case=step.case, agency=doc.issuer,
            title=f"关于公开征求《{doc.title}》意见的公告", body=doc.drafting_explanation,
            data={"opens_on": doc.comment_opens_on.isoformat(),
                  "closes_on": doc.comment_closes_on.isoformat(), "channel": doc.comment_channel})


def extend_comment(step: Step) -> None:
    """A loaded holiday notice showed the period shorter than the minimum (§1.4): its last
    day moves to the minimum, never earlier, and the public notice follows."""
    doc, data = document_of(step), step.data
    if data.closes_on <= doc.comment_closes_on:
        raise InvalidData("顺延后的截止日应晚于原截止日", field="closes_on")
    minimum = minimum_comment_close(doc, doc.comment_opens_on)
    set_status(doc, m.COMMENTING, comment_closes_on=data.closes_on,
                comment_close_provisional=minimum.provisional)
    _publish_comment_notice(step, doc)


def close_comment(step: Step) -> None:
    doc = document_of(step)
    set_status(doc, m.COMMENT_CLOSED)
    step.payload |= {"comments": doc.comments.filter(moderation=m.APPROVED).count()}


def publish_comment_summary(step: Step) -> None:
    doc = document_of(step)
    doc.comment_summary, doc.comment_summary_published = step.data.summary, True
    doc.save()
    approved = doc.comments.filter(moderation=m.APPROVED)
    counts = {code: approved.filter(handling=code).count() for code, _ in m.HANDLING}
    publish(kind="normative.comment_summary", case=step.case, agency=doc.issuer,
            title=f"《{doc.title}》征求意见采纳情况", body=step.data.summary,
            data={"total": approved.count(), **counts})
    step.payload |= {"counts": counts}
