"""Why a reconsideration action cannot be taken now (run by the engine before the data is
read, and by screens), and the checks the effects share with them. Each message names the
article of 《行政复议法》 it comes from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fazhi.cases.models import Clock
from fazhi.core.i18n import local
from fazhi.holidays.services import current_calendar
from fazhi.law.timelimits import Stop, evaluate
from fazhi.law.workdays import WorkCalendar
from fazhi.reconsideration import experts
from fazhi.reconsideration import models as m
from fazhi.reconsideration.limits import LAW, LIMITS

if TYPE_CHECKING:
    from fazhi.cases.models import Case

GOOD_REASON = "因不可抗力或者其他正当理由耽误"


def record(case: Case) -> m.Reconsideration | None:
    try:
        return case.reconsideration
    except m.Reconsideration.DoesNotExist:
        return None


def _clock(case: Case, key: str) -> Clock | None:
    return Clock.objects.filter(case_id=case.pk, code=LIMITS[key].code).first()


# -- the application window (第二十条、第二十一条) -------------------------------------------
def window(app: Any, filed_on: date, calendar: WorkCalendar) -> tuple[str | None, str]:
    """(refusal, explanation) of an application filed (or posted) on `filed_on`: the outer
    bar from the act's date (第二十一条, no resumption), then the 60 days from knowing the
    act (第二十条第一款) — from knowing the right and the limit when the agency never told
    them, at most one year from knowing the act (第二十条第三款) — resumed after an
    obstacle that was a good reason (第二十条第二款)."""
    bar = LIMITS["bar_property" if app.real_property else "bar"]
    outer = evaluate(bar, calendar, app.act_date, today=filed_on)
    if filed_on > outer.due:
        years = 20 if app.real_property else 5
        return (local("自行政行为作出之日（{act}）起已超过{years}年（截止{due}），不予受理"
                      "（{law}第二十一条）").format(act=app.act_date, years=years, due=outer.due,
                                                 law=LAW), outer.explanation)
    stops = []
    if app.obstacle_from and app.obstacle_to:
        stops.append(Stop(app.obstacle_from, app.obstacle_to, f"{GOOD_REASON}（{app.good_reason}）",
                          bound=app.obstacle_to))
    if app.told_of_right:
        found = evaluate(LIMITS["apply"], calendar, app.known_on, stops=stops, today=filed_on)
        due, text = found.due, found.explanation
    else:
        cap = evaluate(LIMITS["apply_untold"], calendar, app.known_on, stops=stops, today=filed_on)
        due, text = cap.due, cap.explanation
        if app.right_known_on:
            found = evaluate(LIMITS["apply"], calendar, app.right_known_on, stops=stops,
                             today=filed_on)
            if found.due < cap.due:
                due, text = found.due, found.explanation
    if filed_on <= due:
        return None, text
    if stops:
        why = local("扣除正当理由耽误的期间后仍已超过申请期限（截止{due}）").format(due=due)
    else:
        why = local("申请已超过申请期限（截止{due}）；因不可抗力或者其他正当理由耽误的，"
                    "请写明理由和障碍起止日期，期限自障碍消除之日起继续计算（{law}第二十条第二款）"
                    ).format(due=due, law=LAW)
    return local("{why}，不予受理（{law}第二十条）").format(why=why, law=LAW), text


# -- acceptance and correction (第三十条、第三十一条) ------------------------------------------
def deem_refusal(case: Case, today: date) -> str | None:
    """视为受理 only once the 5 WD review has lapsed with no decision (第三十条第二款)."""
    clock = _clock(case, "accept")
    if clock is None or clock.state != Clock.RUNNING:
        return local("受理审查期限未在计算中")
    if today <= clock.due_on:
        return local("受理审查期限至{due}届满，届满前不能视为受理（{law}第三十条第二款）").format(
            due=clock.due_on, law=LAW)
    return None


def correction_notice_refusal(case: Case, today: date) -> str | None:
    """One written notice listing every item, within the 5 WD review (第三十一条第一款)."""
    r = record(case)
    if r is not None and r.corrections:
        return local("补正通知应当一次性告知全部补正事项，本案已通知补正过（{law}第三十一条第一款）"
                     ).format(law=LAW)
    clock = _clock(case, "accept")
    if clock is not None and clock.state == Clock.RUNNING and today > clock.due_on:
        return local("受理审查期限已于{due}届满，申请视为受理，不能再通知补正（{law}第三十条第二款）"
                     ).format(due=clock.due_on, law=LAW)
    return None


def abandon_refusal(case: Case, today: date) -> str | None:
    clock = _clock(case, "correction")
    if clock is not None and clock.state == Clock.RUNNING and today <= clock.due_on:
        return local("补正期限至{due}届满，届满前不能视为放弃申请（{law}第三十一条第二款）").format(
            due=clock.due_on, law=LAW)
    return None


# -- the track (第五十三条、第五十五条) and the time to decide (第六十二条) ---------------------------
def simplified_refusal(r: m.Reconsideration, ground: str, clear: bool) -> str | None:
    """第五十三条: simplified only when facts and rights are clear with little dispute, and
    the case is an on-the-spot act, a warning or 通报批评, ≤ ¥3,000, a GIO case, or all
    parties agree."""
    if not clear:
        return local("适用简易程序须事实清楚、权利义务关系明确、争议不大（{law}第五十三条第一款）"
                     ).format(law=LAW)
    fits = {"on_the_spot": r.act_kind == "on_the_spot", "warning": r.act_kind == "warning",
            "amount": r.amount is not None and r.amount <= SIMPLE_AMOUNT,
            "gio": r.act_kind == "gio", "agreed": True}
    if not fits.get(ground, False):
        return local("本案不符合所选的简易程序情形（{law}第五十三条第一款：当场作出、警告或者通报批评、"
                     "涉及款额三千元以下、政府信息公开，或者当事人各方同意）").format(law=LAW)
    return None


SIMPLE_AMOUNT = Decimal("3000")


def convert_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or r.track != m.SIMPLIFIED:
        return local("本案未适用简易程序，无需转为普通程序（{law}第五十五条）").format(law=LAW)
    return None


def extend_refusal(case: Case, today: date) -> str | None:
    """第六十二条: one extension of at most 30 days, ordinary procedure only."""
    r = record(case)
    if r is None or not r.track:
        return local("尚未确定审理程序，不能延长审理期限")
    if r.simplified:
        return local("适用简易程序审理的行政复议案件，应当在受理之日起三十日内作出决定，"
                     "不得延长（{law}第六十二条第二款）").format(law=LAW)
    clock = _clock(case, "decide")
    if clock is not None and clock.extended:
        return local("行政复议决定期限只能延长一次，本案已经延长（{law}第六十二条第一款）").format(law=LAW)
    return None


# -- hearing the parties and the decision (第四十九条、第六十一条、第六十三条、第七十条) ----------------
def draw_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is not None and r.committee.get("chosen") and not experts.pending_recusals(r):
        return local("本案已抽取行政复议委员会专家")
    return None


def opinion_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or not r.committee.get("chosen"):
        return local("尚未抽取行政复议委员会专家（{law}第五十二条）").format(law=LAW)
    if experts.pending_recusals(r):
        return local("抽取的专家{codes}已申请回避，应当重新抽取专家（{law}第五十二条）").format(
            codes="、".join(sorted(experts.pending_recusals(r))), law=LAW)
    return None


def propose_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is not None and r.review.get("with_application") and not r.review_finding:
        return local("申请人一并提出的规范性文件附带审查申请尚未处理，应当先依法处理（{law}第五十六条）"
                     ).format(law=LAW)
    if r is not None and r.major and not r.committee_opinion:
        return local("重大、疑难、复杂案件应当提请行政复议委员会提出咨询意见，并记录在案"
                     "（{law}第五十二条、第六十一条第三款）").format(law=LAW)
    if r is not None and r.track == m.ORDINARY and not r.parties_heard:
        return local("适用普通程序审理的，应当当面或者通过互联网、电话等方式听取当事人的意见，"
                     "并记录在案（{law}第四十九条）").format(law=LAW)
    return None


def proposal_refusal(r: m.Reconsideration, proposal: dict[str, Any]) -> str | None:
    """What no decision may be, whoever proposes it."""
    kind = proposal.get("kind")
    if kind == "change" and detriment(r, proposal):
        return local("行政复议机关不得作出对申请人更为不利的变更决定，但第三人提出相反请求的除外"
                     "（{law}第六十三条第二款）").format(law=LAW)
    if kind == "uphold" and r.no_reply:
        return local("被申请人未按期提出书面答复、提交证据和依据，视为该行政行为没有证据、依据，"
                     "不得维持（{law}第七十条）").format(law=LAW)
    if r.hearing_record_no and proposal.get("hearing_record_no") != r.hearing_record_no:
        return local("本案经过听证，决定应当根据听证笔录作出，须引用听证笔录（{no}）"
                     "（{law}第六十一条第二款）").format(no=r.hearing_record_no, law=LAW)
    return None


def detriment(r: m.Reconsideration, proposal: dict[str, Any]) -> bool:
    """A change that leaves the applicant worse off than the original act: a larger amount,
    or a heavier burden the proposer marks."""
    if proposal.get("third_party_requested"):
        return False
    amount = proposal.get("amount")
    larger = (amount is not None and r.amount is not None
              and Decimal(str(amount)) > r.amount)
    return bool(larger or proposal.get("heavier"))


def decide_refusal(case: Case, today: date) -> str | None:
    """The head approves only a proposal the law allows (checked again: the hearing record
    or the reply may have changed since it was proposed)."""
    r = record(case)
    if r is None or not r.proposal:
        return local("尚无行政复议决定意见")
    return proposal_refusal(r, r.proposal)




def reply_lapsed_refusal(case: Case, today: date) -> str | None:
    """第四十八条、第五十四条: the respondent's time must have run before it is recorded as lapsed."""
    for key in ("reply", "reply_simplified"):
        clock = _clock(case, key)
        if clock is not None and clock.state == Clock.RUNNING and today <= clock.due_on:
            return local("被申请人答复期限至{due}届满，届满前不能记录逾期未答复"
                         "（{law}第四十八条、第五十四条）").format(due=clock.due_on, law=LAW)
    return None


# -- incidental review of a normative document (第十三条、第五十六条至第六十条) ------------------
def review_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is not None and r.review.get("finding"):
        return local("本案已对规范性文件作出附带审查处理（{law}第五十九条）").format(law=LAW)
    return None


def notify_issuer_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or not r.review.get("issuer_code"):
        return local("未记录规范性文件的制定机关")
    if r.review.get("issuer_notified_on"):
        return local("已书面通知制定机关（{law}第五十八条）").format(law=LAW)
    return None


def issuer_reply_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or not r.review.get("issuer_notified_on"):
        return local("尚未书面通知制定机关答复（{law}第五十八条）").format(law=LAW)
    if r.review.get("issuer_reply"):
        return local("制定机关已提交书面答复")
    return None


def transfer_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or r.review.get("competent", True):
        return local("本机关有权处理该规范性文件，应当在三十日内依法处理，无需转送（{law}第五十六条）"
                     ).format(law=LAW)
    if r.review.get("transferred_to"):
        return local("已转送有权处理的行政机关，等待其回复处理意见（{law}第六十条）").format(law=LAW)
    return None


def conclude_review_refusal(case: Case, today: date) -> str | None:
    """The body decides itself only when it is competent (第五十六条、第五十七条)."""
    r = record(case)
    if r is None or not r.review.get("competent", False):
        return local("本机关无权处理，须转送有权处理的行政机关并由其回复处理意见（{law}第五十六条、"
                     "第六十条）").format(law=LAW)
    return None


def reply_review_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or not r.review.get("transferred_to"):
        return local("附带审查未转送，无需回复处理意见（{law}第六十条）").format(law=LAW)
    return None


# -- opinion letters (第七十六条) and performance (第七十七条、第七十八条) ------------------------
def letter_refusal(case: Case, today: date) -> str | None:
    """One letter outstanding at a time: its 60-day report must come in first."""
    r = record(case)
    if r is not None and r.letter_no and not r.letter_reported_on:
        return local("行政复议意见书（{no}）的整改情况尚未报告，报告后方可再制发").format(no=r.letter_no)
    return None


def letter_report_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or not r.letter_no or r.letter_reported_on:
        return local("没有待报告整改情况的行政复议意见书（{law}第七十六条）").format(law=LAW)
    return None


def report_performance_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None or not r.perform_required:
        return local("本决定不需要被申请人履行（{law}第七十七条）").format(law=LAW)
    if r.performed_on:
        return local("被申请人已报告履行情况")
    return None


def order_performance_refusal(case: Case, today: date) -> str | None:
    """第七十七条: only when the respondent fails to perform or delays without good reason —
    here, once the period the decision (or the last order) set has run."""
    r = record(case)
    if r is None or not r.perform_required or r.performed_on:
        return local("被申请人无不履行或者拖延履行的情形，不能责令限期履行（{law}第七十七条）").format(law=LAW)
    if r.perform_due is None or today <= r.perform_due:
        due = r.perform_due.isoformat() if r.perform_due else local("未确定")
        return local("履行期限（{due}）届满前不能认定被申请人不履行，不能责令限期履行（{law}第七十七条）"
                     ).format(due=due, law=LAW)
    return None


def enforcement_refusal(case: Case, today: date) -> str | None:
    """第七十八条: only after the applicant's 15 days to sue (行政诉讼法第四十五条) have run."""
    r = record(case)
    if r is None or r.decision not in {"uphold", "change"}:
        return local("只有维持或者变更的决定，申请人逾期不起诉又不履行的，才依法强制执行（{law}第七十八条）"
                     ).format(law=LAW)
    if r.enforcement:
        return local("已记录强制执行途径")
    due = evaluate(LIMITS["litigation"], current_calendar(), r.served_on).due \
        if r.served_on else None
    if due is None or today <= due:
        return local("申请人起诉期限（至{due}）届满前不能强制执行（{law}第七十八条）").format(
            due=due, law=LAW)
    return None


def conclude_refusal(case: Case, today: date) -> str | None:
    r = record(case)
    if r is None:
        return local("尚无行政复议决定")
    if r.letter_no and not r.letter_reported_on:
        return local("行政复议意见书（{no}）的整改情况尚未报告（{law}第七十六条）").format(
            no=r.letter_no, law=LAW)
    if r.perform_required and not r.performed_on:
        return local("被申请人尚未报告履行情况（{law}第七十七条）").format(law=LAW)
    return None

