"""What each normative-document transition does, run by the engine inside its transaction.

A DomainError refuses the action and rolls back everything (the case, its event and every
row written here). Why an action cannot be taken now is a `*_refusal` check the procedure
declares as the transition's guard (the engine runs it before the effect, screens before
offering the action); the effects check only the data. The legality review and the filing
review are steps of the document's own case, taken by the legal office and the filing
body in their parts (fazhi.cases.review). Sources: domain/instruments.md §1 (S2 = 国办发〔2018〕115号, S3 = 国办发〔2018〕37号,
S6 = 优化营商环境条例, S7 = 政府信息公开条例, S13 = 市县法治政府建设示范指标体系).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.cases import review
from fazhi.cases.engine import next_number
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits
from fazhi.law.workdays import corresponding_date
from fazhi.normative import config, search
from fazhi.normative import models as m
from fazhi.normative.limits import LIMITS, REVIEW_LIMITS
from fazhi.org.models import Agency
from fazhi.publication.services import publish

# Actions whose actor counts as a drafter (the four-eyes rule, ADR 0006).
DRAFTING_ACTIONS = frozenset({"open", "revise", "open_comment", "close_comment",
                              "publish_comment_summary", "submit_review"})
NO_REVIEW = ("未经合法性审核或者经审核不合法的文件，不得{what}"
             f"（{config.S2_DUTY}；统一登记、统一编号、统一发布须以审核通过为前提）")


def _doc(step: Step) -> m.NormativeDocument:
    return step.case.normative


def _set_status(doc: m.NormativeDocument, status: str, **fields) -> None:
    doc.status = status
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.save()


def _not_future(value: date, step: Step, what: str, field: str) -> None:
    if value > step.today:
        raise InvalidData(f"{what}不能晚于今天", field=field)


def _not_before(value: date, earliest: date | None, what: str, earlier: str, field: str) -> None:
    if earliest is not None and value < earliest:
        raise InvalidData(f"{what}不能早于{earlier}（{earliest:%Y-%m-%d}）", field=field)


def latest_review(doc: m.NormativeDocument) -> m.LegalityReview | None:
    return doc.reviews.order_by("-round").first()


def has_passed_review(doc: m.NormativeDocument) -> bool:
    review = latest_review(doc)
    return review is not None and review.passed


def open_round(doc: m.NormativeDocument) -> m.LegalityReview | None:
    """The review round waiting for an opinion, if any."""
    found = latest_review(doc)
    return found if found is not None and found.completed_on is None else None


def filing_body_for(doc: m.NormativeDocument) -> Agency:
    """§1.7 (S24): a government's documents go to the next-higher government's legal office;
    a department's to its own government's legal office."""
    issuer = doc.issuer
    region = issuer.region.parent if doc.doc_type == m.GOVERNMENT else issuer.region
    while region is not None:
        office = Agency.objects.filter(region=region, is_legal_office=True).order_by("id").first()
        if office is not None:
            return office
        region = region.parent
    raise NotAllowed(f"未找到“{issuer.name}”的备案审查机关（政府文件报上一级人民政府法制机构，"
                     "部门文件报本级人民政府法制机构），请先在机构设置中配置")


# -- drafting and comment ---------------------------------------------------------------

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
    doc, data = _doc(step), step.data
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
    doc, data = _doc(step), step.data
    if data.opens_on < step.today:
        raise InvalidData("征求意见开始日不能早于今天", field="opens_on")
    minimum = minimum_comment_close(doc, data.opens_on)
    if data.closes_on < minimum.last_day:
        raise InvalidData(f"{minimum.basis}，截止日不得早于{minimum.last_day:%Y年%m月%d日}",
                          field="closes_on")
    _set_status(doc, m.COMMENTING, comment_opens_on=data.opens_on,
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
    doc, data = _doc(step), step.data
    if data.closes_on <= doc.comment_closes_on:
        raise InvalidData("顺延后的截止日应晚于原截止日", field="closes_on")
    minimum = minimum_comment_close(doc, doc.comment_opens_on)
    _set_status(doc, m.COMMENTING, comment_closes_on=data.closes_on,
                comment_close_provisional=minimum.provisional)
    _publish_comment_notice(step, doc)


# -- why an action would be refused ---------------------------------------------------------
# Each `*_refusal` returns the Chinese reason an action cannot be taken now ("" when it can);
# the procedure declares it as the transition's guard, which the engine runs before the
# effect and screens before offering the action. Checks of the submitted data (dates,
# numbers) stay in the effects.

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


def close_comment(step: Step) -> None:
    doc = _doc(step)
    _set_status(doc, m.COMMENT_CLOSED)
    step.payload |= {"comments": doc.comments.filter(moderation=m.APPROVED).count()}


def unhandled_comments(doc: m.NormativeDocument) -> int:
    return doc.comments.filter(moderation=m.APPROVED, handling="").count()


def publish_comment_summary(step: Step) -> None:
    doc = _doc(step)
    doc.comment_summary, doc.comment_summary_published = step.data.summary, True
    doc.save()
    approved = doc.comments.filter(moderation=m.APPROVED)
    counts = {code: approved.filter(handling=code).count() for code, _ in m.HANDLING}
    publish(kind="normative.comment_summary", case=step.case, agency=doc.issuer,
            title=f"《{doc.title}》征求意见采纳情况", body=step.data.summary,
            data={"total": approved.count(), **counts})
    step.payload |= {"counts": counts}


# -- legality review (fazhi.cases.review) --------------------------------------------------

def submit_review(step: Step) -> None:
    """报送合法性审核 (S2 二(五)): a new round; the legal office takes part in the case as
    the review body, and its clock (5–15 WD) runs from today."""
    doc = _doc(step)
    office = review.legal_office_for(doc.issuer)
    prev = latest_review(doc)
    found = m.LegalityReview.objects.create(
        document=doc, round=(prev.round + 1) if prev else 1, submitted_on=step.today,
        submitted_by=step.actor.label, reviewer_agency=office,
        package={"explanation": doc.drafting_explanation, "legal_basis": doc.legal_basis_list,
                 **step.data.model_dump()})
    _set_status(doc, m.UNDER_REVIEW)
    step.add_party(office, review.REVIEW_BODY)
    step.start_clock("review", step.today)
    step.payload |= {"round": found.round, "reviewer_agency": office.name}


def earliest_opinion_on(round_: m.LegalityReview) -> timelimits.Deadline:
    """The 5th working day after the package arrived (S2 二(五)), shown before the checklist."""
    return review.earliest_opinion(REVIEW_LIMITS["review_min"], round_.submitted_on)


def review_time_warning(round_: m.LegalityReview) -> str:
    """"审核时间不足5个工作日…" for an opinion before the earliest date (ADR 0011)."""
    return review.time_warning(REVIEW_LIMITS["review_min"], round_.submitted_on,
                               round_.completed_on, round_.emergency)


def drafter_user_ids(doc: m.NormativeDocument) -> set[int]:
    return review.drafter_ids(doc.case, DRAFTING_ACTIONS, doc.drafted_by_user_id)


def review_decide(step: Step) -> None:
    """出具审核意见 (S2 二(六)): by a reviewer of the review body who did not draft the
    document (four-eyes); a failed round sends the draft back for revision."""
    doc, data = _doc(step), step.data
    found = open_round(doc)
    if found is None:
        raise NotAllowed("本文件没有待出具意见的合法性审核")
    review.refuse_drafter(step.actor.user_id, drafter_user_ids(doc),
                          f"{config.S2_REVIEWER}、{config.S2_DUTY}")
    found.reviewer, found.reviewer_user_id = step.actor.label, step.actor.user_id
    found.completed_on, found.checklist = step.today, data.checklist
    found.outcome, found.opinion, found.reasons = data.outcome, data.opinion, data.reasons
    found.emergency = data.emergency
    found.save()
    step.payload |= {"round": found.round}
    warning = review_time_warning(found)
    if warning:
        step.payload |= {"warning": warning,
                         "earliest_on": earliest_opinion_on(found).due.isoformat()}
    step.finish_clock("review", step.today)
    step.release_party(review.REVIEW_BODY)
    failed = data.outcome == m.FAIL
    _set_status(doc, m.REVISING if failed else m.REVIEWED)
    step.move_to(doc.status)


# -- deliberation, registration, publication --------------------------------------------

def deliberate(step: Step) -> None:
    doc, data = _doc(step), step.data
    passed = latest_review(doc)
    _not_future(data.deliberated_on, step, "审议日期", "deliberated_on")
    _not_before(data.deliberated_on, passed.completed_on, "审议日期", "合法性审核完成日期",
                "deliberated_on")
    if passed.outcome == m.PASS_WITH_CHANGES and not data.non_adoption_reasons.strip():
        step.payload |= {"note": "审核意见为修改后合法；未填写未采纳理由，视为已全部采纳"}
    _set_status(doc, m.DELIBERATED, deliberation_meeting=data.meeting,
                deliberated_on=data.deliberated_on, deliberation_minutes=data.minutes,
                non_adoption_reasons=data.non_adoption_reasons)


def register_number(step: Step) -> None:
    """统一登记、统一编号 (§1.6): three gapless series per issuer and year, taken in this
    transaction from locked counter rows, so concurrent registrations cannot collide."""
    doc, data = _doc(step), step.data
    _not_future(data.signed_on, step, "签发日期", "signed_on")
    _not_before(data.signed_on, doc.deliberated_on, "签发日期", "审议日期", "signed_on")
    series = m.IssuerSeries.objects.filter(issuer=doc.issuer).first()
    if series is None:
        raise NotAllowed(f"制定机关“{doc.issuer.name}”尚未配置发文编号规则（发文字号前缀、登记号前缀、"
                         "索引号前缀），请系统管理员先行配置")
    year, code = data.signed_on.year, doc.issuer.code
    seq = next_number(f"normative:doc_no:{code}", year)
    reg = next_number(f"normative:registration:{code}", year)
    idx = next_number(f"normative:index:{code}", year)
    _set_status(doc, m.REGISTERED, number_year=year, number_seq=seq,
                doc_no=f"{series.doc_no_prefix}〔{year}〕{seq}号",
                registration_no=f"{series.registration_prefix}-{year}-{reg:03d}",
                disclosure_index_no=f"{series.index_prefix}-{year}-{idx:03d}",
                registered_on=step.today, signed_by=data.signed_by, signed_on=data.signed_on)
    step.start_clock("publication", data.signed_on)
    step.payload |= {"doc_no": doc.doc_no, "registration_no": doc.registration_no,
                     "disclosure_index_no": doc.disclosure_index_no}


def validity_end(effective_from: date, provisional: bool) -> date:
    """valid_until (§1.8): the day before the anniversary, 5 years (2 for 暂行/试行) by default."""
    params = config.current()
    years = params.provisional_validity_years if provisional else params.validity_years
    return corresponding_date(effective_from, years * 12) - timedelta(days=1)


def _resolve_links(doc: m.NormativeDocument, data) -> list[tuple[str, m.NormativeDocument]]:
    pairs = [(m.AMENDS, n) for n in data.amends] + [(m.REPEALS, n) for n in data.repeals] + \
        [(m.REPLACES, n) for n in data.replaces]
    out = []
    for kind, number in pairs:
        target = m.NormativeDocument.objects.filter(doc_no=number.strip(),
                                                    status__in=m.LIVE_STATUSES).first()
        if target is None or target.pk == doc.pk:
            raise InvalidData(f"未找到发文字号为“{number}”的现行有效文件", field=kind)
        out.append((kind, target))
    return out


def publish_document(step: Step) -> None:
    doc, data = _doc(step), step.data
    _not_future(data.published_at, step, "公布日期", "published_at")
    _not_before(data.published_at, doc.signed_on, "公布日期", "签发日期", "published_at")
    links = _resolve_links(doc, data)
    _set_status(doc, m.PUBLISHED, published_at=data.published_at,
                effective_from=data.effective_from, publication_channels=data.channels,
                interpretation=data.interpretation,
                valid_until=validity_end(data.effective_from, doc.is_provisional))
    for kind, target in links:
        m.DocumentLink.objects.create(source=doc, target=target, kind=kind,
                                      effective_on=data.effective_from, cited_as=doc.doc_no)
    step.finish_clock("publication", data.published_at)
    step.start_clock("filing", data.published_at)
    if data.effective_from <= step.today:  # effective at once: no day as "published" only
        _in_force(step, doc)
    step.move_to(doc.status)
    republish(doc)
    _index_as_newest(doc)
    step.payload |= {"valid_until": doc.valid_until.isoformat(),
                     "links": [[kind, t.doc_no] for kind, t in links]}


def _index_as_newest(doc: m.NormativeDocument) -> None:
    """Library search lists body matches newest indexed first (ADR 0010): a draft indexed
    months ago takes its place as new on the day it is published."""
    search.reindex(doc, force=True)


def republish(doc: m.NormativeDocument) -> None:
    """The public record of the document, refreshed on every status change."""
    publish(kind="normative.document", case=doc.case, agency=doc.issuer, title=doc.title,
            body=doc.body, data={
                "doc_no": doc.doc_no, "registration_no": doc.registration_no,
                "disclosure_index_no": doc.disclosure_index_no, "doc_type": doc.doc_type,
                "status": doc.status, "status_label": doc.status_label,
                "published_at": _iso(doc.published_at), "effective_from": _iso(doc.effective_from),
                "valid_until": _iso(doc.valid_until), "ended_on": _iso(doc.ended_on)})


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def take_effect(step: Step) -> None:
    doc = _doc(step)
    _in_force(step, doc)
    republish(doc)


def _in_force(step: Step, doc: m.NormativeDocument) -> None:
    """In force: the links to what this document amends, repeals or replaces take effect,
    each as a step of the target's own case that this one causes."""
    _set_status(doc, m.IN_FORCE)
    for link in doc.links_out.select_related("target").filter(
            target__status__in=m.LIVE_STATUSES):
        action = "amended_by" if link.kind == m.AMENDS else "repealed_by"
        step.then(link.target_id, action, {
            "link_id": link.pk, "kind": link.kind, "source": doc.doc_no,
            "effective_on": link.effective_on.isoformat()},
            by=f"{doc.issuer.short_name}（{doc.doc_no}）")


def amended_by(step: Step) -> None:
    step.payload |= {"note": f"本文件由{step.data.source}修改"}


def repealed_by(step: Step) -> None:
    doc = _doc(step)
    _set_status(doc, m.REPEALED, ended_on=step.data.effective_on)
    _stop_filing(step)
    republish(doc)


# -- filing and filing review (备案、备案审查) -----------------------------------------------

ACTIVE_FILING = ("submitted", "received", "correction")


def current_filing(doc: m.NormativeDocument) -> m.Filing | None:
    """The filing the filing body is handling, if any."""
    return doc.filings.filter(status__in=ACTIVE_FILING).order_by("-id").first()


def file(step: Step) -> None:
    """报送备案 (§1.7). Filing after the deadline is recorded as late, never refused; the
    filing body takes part in the case until its review ends."""
    doc, data = _doc(step), step.data
    _not_future(data.filed_on, step, "报备日期", "filed_on")
    _not_before(data.filed_on, doc.published_at, "报备日期", "公布日期", "filed_on")
    clock = step.clock("filing")
    due = clock.due_on if clock is not None else doc.published_at
    body = filing_body_for(doc)
    filing = m.Filing.objects.create(document=doc, filed_with=body, filed_on=data.filed_on,
                                     is_late=data.filed_on > due)
    step.finish_clock("filing", data.filed_on)
    step.add_party(body, "filing_body")
    step.payload |= {"filed_with": body.name, "due_on": due.isoformat(), "late": filing.is_late}


def _filing(step: Step) -> m.Filing:
    return current_filing(_doc(step))


def _filing_done(step: Step) -> None:
    """The filing body's part ends with this filing (returned, conforming, corrected)."""
    step.release_party("filing_body")


def filing_receive(step: Step) -> None:
    filing, data = _filing(step), step.data
    _not_future(data.checked_on, step, "形式审查日期", "checked_on")
    _not_before(data.checked_on, filing.filed_on, "形式审查日期", "报备日期", "checked_on")
    filing.status, filing.formal_check_on = "received", data.checked_on
    filing.save()
    step.start_clock("filing_review", data.checked_on)


def filing_return(step: Step) -> None:
    filing, data = _filing(step), step.data
    _not_future(data.checked_on, step, "形式审查日期", "checked_on")
    filing.status, filing.formal_check_on = "returned", data.checked_on
    filing.return_reasons = data.reasons
    filing.save()
    _filing_done(step)


def _reviewed(step: Step, status: str) -> m.Filing:
    filing, data = _filing(step), step.data
    _not_future(data.reviewed_on, step, "审查完成日期", "reviewed_on")
    _not_before(data.reviewed_on, filing.formal_check_on, "审查完成日期", "登记日期", "reviewed_on")
    filing.status, filing.reviewed_on, filing.review_opinion = status, data.reviewed_on, data.opinion
    step.finish_clock("filing_review", data.reviewed_on)
    return filing


def filing_approve(step: Step) -> None:
    _reviewed(step, "conforming").save()
    _filing_done(step)


def filing_demand(step: Step) -> None:
    filing = _reviewed(step, "correction")
    filing.correction_demand = step.data.demand
    filing.save()
    step.start_clock("correction", step.data.reviewed_on)


def filing_corrected(step: Step) -> None:
    filing, data = _filing(step), step.data
    _not_future(data.corrected_on, step, "纠正完成日期", "corrected_on")
    _not_before(data.corrected_on, filing.reviewed_on, "纠正完成日期", "审查完成日期", "corrected_on")
    filing.status, filing.corrected_on = "corrected", data.corrected_on
    filing.correction_report = data.report
    filing.save()
    step.finish_clock("correction", data.corrected_on)
    _filing_done(step)


def filing_revoke(step: Step) -> None:
    """提请撤销: the issuer did not correct; the document is declared invalid."""
    filing, data = _filing(step), step.data
    _not_future(data.decided_on, step, "决定日期", "decided_on")
    filing.status = "revoked"
    filing.save()
    _end(step, m.INVALID, data.decided_on, "decided_on")


# -- end of validity ----------------------------------------------------------------------

def _stop_filing(step: Step) -> None:
    """The document ended: no filing or filing review is pending any more."""
    for key in ("filing", "filing_review", "correction"):
        step.cancel_clock(key)
    step.release_party("filing_body")


def _end(step: Step, status: str, effective_on: date | None = None,
         field: str = "effective_on") -> None:
    doc = _doc(step)
    effective_on = effective_on or step.data.effective_on
    _not_future(effective_on, step, "生效日期", field)
    _not_before(effective_on, doc.published_at, "生效日期", "公布日期", field)
    _set_status(doc, status, ended_on=effective_on)
    _stop_filing(step)
    republish(doc)


def repeal(step: Step) -> None:
    _end(step, m.REPEALED)


def declare_invalid(step: Step) -> None:
    _end(step, m.INVALID)


def expire(step: Step) -> None:
    doc = _doc(step)
    _set_status(doc, m.EXPIRED, ended_on=doc.valid_until + timedelta(days=1))
    _stop_filing(step)
    republish(doc)
    step.payload |= {"valid_until": doc.valid_until.isoformat()}


def withdraw(step: Step) -> None:
    _set_status(_doc(step), m.WITHDRAWN)


# -- review suggestions --------------------------------------------------------------------

def suggestion_opened(step: Step) -> None:
    data = step.data
    doc = m.NormativeDocument.objects.filter(pk=data.document_id,
                                             status__in=m.PUBLIC_STATUSES).first()
    if doc is None:
        raise InvalidData("所建议审查的文件不存在或尚未公布", field="document_id")
    m.ReviewSuggestion.objects.create(case=step.case, document=doc, submitted_on=step.today,
                                      **data.model_dump(exclude={"document_id"}))
    step.start_clock("reply", step.case.received_on)
    step.payload = {"document": doc.case.number}  # no personal data in the ledger payload


def suggestion_answer(step: Step) -> None:
    suggestion, data = step.case.normative_suggestion, step.data
    suggestion.finding, suggestion.answer, suggestion.answered_on = data.finding, data.answer, step.today
    suggestion.save()
    step.outcome = data.finding
    doc = suggestion.document
    publish(kind="normative.suggestion_answer", case=step.case, agency=step.case.agency,
            title=f"关于《{doc.title}》审查建议的答复", body=data.answer,
            data={"document_id": doc.pk, "doc_no": doc.doc_no, "finding": data.finding,
                  "answered_on": step.today.isoformat()},
            personal_names=[suggestion.suggester_name])
