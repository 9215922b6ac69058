"""Normative-document commands. Case changes go through the engine (the single write path);
comments and cleanup campaigns are detail rows written here, each in one transaction; a
comment's submission, moderation and handling are appended to its history."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.cases import review
from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.cases.validation import validate
from fazhi.core.chains import append_event
from fazhi.core.errors import DomainError, Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.throttle import hit
from fazhi.normative import models as m
from fazhi.normative import queries
from fazhi.normative.procedure import Draft, EndOfValidity, Suggestion
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

COMMENT_RATE = getattr(settings, "FAZHI_THROTTLE_SUBMIT", "10/h")


class Throttled(DomainError):
    status = 429
    code = "throttled"


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _throttle(scope: str, key: str) -> None:
    if not hit(scope, key, COMMENT_RATE):
        raise Throttled("提交过于频繁，请稍后再试")


# -- the document case -------------------------------------------------------------------

def register_draft(actor: Actor, data: dict | Draft, *, today: date | None = None) -> Case:
    """A drafting agency registers a draft; the case belongs to the actor's agency."""
    today = _today(today)
    draft = data if isinstance(data, Draft) else validate(Draft, data)
    if actor.kind != "staff":
        raise Forbidden("仅限工作人员登记文件草案")
    agency = Agency.objects.get(pk=actor.agency_id)
    return open_case("normative", agency, actor, draft, received_on=today, title=draft.title,
                     today=today)


def act(actor: Actor, case: Case | int, action: str, data: dict | None = None,
        *, today: date | None = None) -> Case:
    """One action on a case of these procedures (through the engine)."""
    return advance(case, action, actor, data, today=_today(today))


def document_for(actor: Actor, pk: int) -> m.NormativeDocument:
    """A document of the actor's agency's pages (404 otherwise: no hint it exists)."""
    doc = queries.for_staff(actor).filter(pk=pk).select_related("case", "issuer").first()
    if doc is None:
        raise NotFound("文件不存在")
    return doc


# -- comments (§1.4) ------------------------------------------------------------------------

def source_hash(ip: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


def submit_comment(document_id: int, data: dict, *, ip: str, today: date | None = None) -> m.Comment:
    """A public comment; accepted only while the period is open, throttled per address."""
    from fazhi.normative.forms import CommentData

    today = _today(today)
    doc = m.NormativeDocument.objects.filter(pk=document_id).first()
    if doc is None or doc.comment_opens_on is None:
        raise NotFound("该文件未公开征求意见")
    if not doc.comment_open_on(today):
        if doc.comment_closes_on and today > doc.comment_closes_on:
            raise NotAllowed(f"征求意见已于{doc.comment_closes_on:%Y年%m月%d日}截止，不再接收意见")
        raise NotAllowed(f"征求意见自{doc.comment_opens_on:%Y年%m月%d日}开始，目前尚未开始")
    parsed = validate(CommentData, data)
    _throttle("normative.comment", ip)
    with transaction.atomic():
        comment = m.Comment.objects.create(document=doc, submitted_on=today,
                                           source_hash=source_hash(ip), **parsed.model_dump())
        # no name or contact in the ledger (ADR 0006); the text's digest shows any later edit
        _record(comment, "submit", Actor.public("公众"), {
            "document": doc.pk, "submitted_on": today, "author_kind": comment.author_kind,
            "text_sha256": hashlib.sha256(comment.text.encode()).hexdigest()})
    return comment


def _record(comment: m.Comment, action: str, actor: Actor, payload: dict) -> None:
    append_event(comment, action, actor, payload)
    comment.save()


def _own_comment(actor: Actor, comment_id: int) -> m.Comment:
    """The comment, locked for the caller's transaction, if the staff actor may handle it."""
    comment = (m.Comment.objects.select_for_update(of=("self",)).filter(pk=comment_id)
               .select_related("document").first())
    if comment is None or actor.kind != "staff" or comment.document.issuer_id != actor.agency_id:
        raise NotFound("意见不存在")
    if not actor.has_any(frozenset({"handler", "head"})):
        raise Forbidden("您没有处理征求意见的权限")
    return comment


@transaction.atomic
def moderate_comment(actor: Actor, comment_id: int, decision: str, note: str = "") -> m.Comment:
    comment = _own_comment(actor, comment_id)
    if decision not in (m.APPROVED, m.REJECTED):
        raise InvalidData("审核结果无效（可选：approved、rejected）", field="decision")
    if decision == m.REJECTED and len(note.strip()) < 2:
        raise InvalidData("不予通过的，请写明理由（如：与文件无关、含有违法或不文明内容）", field="note")
    comment.moderation, comment.moderated_by = decision, actor.label
    comment.moderation_note = note.strip()[:200]
    _record(comment, "moderate", actor, {"decision": decision, "note": comment.moderation_note})
    return comment


@transaction.atomic
def handle_comment(actor: Actor, comment_id: int, handling: str, reason: str = "") -> m.Comment:
    comment = _own_comment(actor, comment_id)
    if comment.moderation != m.APPROVED:
        raise NotAllowed("只能对审核通过的意见记录处理情况")
    if handling not in dict(m.HANDLING):
        raise InvalidData("处理情况无效", field="handling")
    if handling in ("partly", "not_adopted") and len(reason.strip()) < 2:
        raise InvalidData("部分采纳或不予采纳的，须说明理由", field="reason")
    comment.handling, comment.handling_reason, comment.handled_by = handling, reason.strip(), actor.label
    _record(comment, "handle", actor, {"handling": handling, "reason": comment.handling_reason})
    return comment


# -- cleanup campaigns (§1.9) ---------------------------------------------------------------

def _legal_staff(actor: Actor) -> Agency:
    if actor.kind != "staff" or not actor.has_any(frozenset({"handler", "reviewer", "head"})):
        raise Forbidden("仅限法制机构工作人员组织规范性文件清理")
    agency = Agency.objects.get(pk=actor.agency_id)
    if not agency.is_legal_office:
        raise Forbidden("规范性文件清理由法制机构组织")
    return agency


def create_campaign(actor: Actor, *, title: str, trigger: str, scope_term: str,
                    started_on: date | None = None) -> m.CleanupCampaign:
    """A campaign over every document in force whose basis or body mentions `scope_term`."""
    agency = _legal_staff(actor)
    title, trigger, scope_term = title.strip(), trigger.strip(), scope_term.strip()
    if len(title) < 4:
        raise InvalidData("清理名称至少需要4个字符", field="title")
    if len(trigger) < 4:
        raise InvalidData("请写明清理原因（如：民法典施行）", field="trigger")
    with transaction.atomic():
        campaign = m.CleanupCampaign.objects.create(
            title=title, trigger=trigger, scope_term=scope_term, agency=agency,
            started_on=_today(started_on), created_by=actor.label)
        docs = list(queries.cleanup_candidates(scope_term, agency.region))
        if not docs:
            raise NotAllowed(f"没有包含“{scope_term}”的现行有效文件，无需建立清理")
        m.CleanupItem.objects.bulk_create([m.CleanupItem(campaign=campaign, document=d) for d in docs])
    return campaign


def _campaign(actor: Actor, campaign_id: int) -> m.CleanupCampaign:
    agency = _legal_staff(actor)
    campaign = m.CleanupCampaign.objects.filter(pk=campaign_id, agency=agency).first()
    if campaign is None:
        raise NotFound("清理不存在")
    return campaign


def decide_item(actor: Actor, item_id: int, *, outcome: str, reason: str,
                responsible_agency: str, today: date | None = None) -> m.CleanupItem:
    item = m.CleanupItem.objects.filter(pk=item_id).select_related("campaign").first()
    if item is None:
        raise NotFound("清理事项不存在")
    campaign = _campaign(actor, item.campaign_id)
    if campaign.applied_on:
        raise NotAllowed("清理结果已经决定并执行，不能再修改")
    if outcome not in dict(m.CLEANUP_OUTCOMES):
        raise InvalidData("清理结果无效（可选：继续有效、修改、废止、宣布失效）", field="outcome")
    if len(reason.strip()) < 2:
        raise InvalidData("请写明清理理由", field="reason")
    responsible = Agency.objects.filter(code=responsible_agency).first()
    if responsible is None:
        raise InvalidData(f"责任单位代码不存在：{responsible_agency}", field="responsible_agency")
    item.outcome, item.reason, item.responsible_agency = outcome, reason.strip(), responsible
    item.decided_on, item.decided_by = _today(today), actor.label
    item.save()
    return item


def apply_campaign(actor: Actor, campaign_id: int, *, decision_no: str,
                   applied_on: date | None = None, today: date | None = None) -> m.CleanupCampaign:
    """Carry out the decided outcomes all at once: repeal / declare invalid through each
    document's case, with a link to the cleanup decision; nothing changes if one fails."""
    today = _today(today)
    applied_on = applied_on or today
    campaign = _campaign(actor, campaign_id)
    if campaign.applied_on:
        raise NotAllowed("清理结果已经执行")
    if len(decision_no.strip()) < 2:
        raise InvalidData("请填写清理决定文号", field="decision_no")
    undecided = campaign.items.filter(outcome="").count()
    if undecided:
        raise NotAllowed(f"尚有{undecided}件文件未确定清理结果")
    with transaction.atomic():
        system = Actor.system(f"{actor.label}（清理：{decision_no}）")
        for item in campaign.items.select_related("document__case"):
            if item.outcome not in (m.REPEAL, m.DECLARE_INVALID):
                continue
            doc = item.document
            if doc.status not in m.LIVE_STATUSES:
                raise NotAllowed(f"《{doc.title}》当前为“{doc.status_label}”，不能再{item.get_outcome_display()}")
            action = "repeal" if item.outcome == m.REPEAL else "declare_invalid"
            advance(doc.case, action, system,
                    EndOfValidity(reason=item.reason, effective_on=applied_on, cited_as=decision_no),
                    today=today)
            m.DocumentLink.objects.create(target=doc, kind=m.REPEALS, effective_on=applied_on,
                                          cited_as=decision_no, cleanup_item=item)
            item.applied = True
            item.save(update_fields=["applied"])
        campaign.decision_no, campaign.applied_on = decision_no.strip(), applied_on
        campaign.save()
    return campaign


def publish_campaign(actor: Actor, campaign_id: int, *, today: date | None = None) -> m.CleanupCampaign:
    campaign = _campaign(actor, campaign_id)
    if not campaign.applied_on:
        raise NotAllowed("清理结果尚未决定执行，不能公布")
    campaign.published_on = _today(today)
    campaign.save(update_fields=["published_on"])
    return campaign


# -- review suggestions (审查建议) ---------------------------------------------------------------

def submit_suggestion(data: dict, *, ip: str, today: date | None = None) -> Case:
    """A citizen's suggestion that a published document is unlawful → a case of the legal office."""
    today = _today(today)
    parsed = validate(Suggestion, data)
    doc = m.NormativeDocument.objects.filter(pk=parsed.document_id,
                                             status__in=m.PUBLIC_STATUSES).first()
    if doc is None:
        raise InvalidData("所建议审查的文件不存在或尚未公布", field="document_id")
    _throttle("normative.suggestion", ip)
    office = review.legal_office_for(doc.issuer)
    return open_case("normative_suggestion", office, Actor.public("建议人"), parsed,
                     received_on=today, title=f"审查建议：{doc.title}"[:200],
                     applicant_name=parsed.suggester_name, today=today)
