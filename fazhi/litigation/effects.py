"""What each transition of litigation response does (run by the engine, in its transaction:
a refusal here leaves nothing written). The Fazhi case whose act is challenged is told
through `fazhi.cases.signals.act_challenged` (procedure apps do not import each other)."""

from __future__ import annotations

from datetime import date

from fazhi.cases.engine import record
from fazhi.cases.models import Case
from fazhi.cases.signals import act_challenged
from fazhi.cases.step import Step
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.litigation import models as m
from fazhi.litigation.limits import LAW
from fazhi.org.actors import Actor


def _l(step: Step) -> m.Litigation:
    return step.case.litigation


def _on_or_before_today(step: Step, on: date, field: str, since: date | None = None) -> None:
    if on > step.today:
        raise InvalidData("日期不能晚于今天", field=field)
    if since is not None and on < since:
        raise InvalidData(local("日期不能早于{since}").format(since=since.isoformat()), field=field)


def _tell_challenged(step: Step, row: m.Litigation, stage: str) -> None:
    """The challenged case learns of the suit and, once it ends, of the outcome: an entry in
    its history (its case page shows it) and `act_challenged` for receivers that act on it."""
    if not row.challenged_case:
        return
    challenged = (Case.objects.filter(number=row.challenged_case, agency_id=step.case.agency_id)
                  .only("pk").first())
    if challenged is None:
        raise InvalidData("被诉行为所在案件不存在（须为本机关的案件）", field="challenged_case")
    entry = {"court": row.court, "court_case_no": row.court_case_no,
             "litigation_case": step.case.number}
    if stage == "decided":
        entry["outcome_label"] = dict(m.OUTCOMES).get(row.outcome, "")
    record(challenged, f"litigation:{stage}", Actor.system("行政应诉"), lambda _: (entry, []))
    done = act_challenged.send(
        sender=m.Litigation, number=row.challenged_case, stage=stage, court=row.court,
        court_case_no=row.court_case_no, litigation_case=step.case.number,
        outcome=row.outcome, outcome_label=dict(m.OUTCOMES).get(row.outcome, ""),
        lost=row.lost, corrected=row.corrected, today=step.today)
    linked = "；".join(str(answer) for _, answer in done if answer)
    if linked:
        step.payload["linked"] = linked


# -- the papers and the defence ---------------------------------------------------------
def register(step: Step) -> None:
    d = step.data
    _on_or_before_today(step, d.served_on, "served_on")
    row = m.Litigation(case=step.case, court=d.court, court_case_no=d.court_case_no,
                       plaintiff=d.plaintiff, claims=d.claims, act=d.act,
                       challenged_case=d.challenged_case.strip(), served_on=d.served_on)
    row.save()
    step.start_clock("defence", d.served_on)
    _tell_challenged(step, row, "registered")


def defend(step: Step) -> None:
    """第六十七条: within 15 days of receiving the complaint copy; 第三十五条: the defendant
    collects no evidence itself during the suit."""
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.filed_on, "filed_on", row.served_on)
    if d.latest_collected_on > row.served_on:
        raise NotAllowed(local("证据收集日期（{on}）晚于收到起诉状副本之日：在诉讼过程中，被告及其"
                               "诉讼代理人不得自行向原告、第三人和证人收集证据（{basis}第三十五条）")
                         .format(on=d.latest_collected_on.isoformat(), basis=LAW))
    clock = step.clock("defence")
    row.defence_on, row.evidence = d.filed_on, [e.strip() for e in d.evidence if e.strip()]
    row.defence_late = clock is not None and d.filed_on > clock.due_on
    step.save(row)
    step.finish_clock("defence", d.filed_on)
    if row.defence_late:
        step.payload["late"] = True
        step.payload["consequence"] = local("无正当理由逾期提供证据的，视为没有相应证据"
                                            "（{basis}第三十四条第二款）").format(basis=LAW)


# -- hearings and the judgment -------------------------------------------------------------
def hear(step: Step) -> None:
    """第三条第三款: the head appears, or entrusts a staff member of the agency."""
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.held_on, "held_on", row.served_on)
    step.save(m.Hearing(case=step.case, held_on=d.held_on, instance=row.instance,
                        head_present=d.head_present, head_name=d.head_name.strip(),
                        deputy_name=d.deputy_name.strip(), deputy_title=d.deputy_title.strip(),
                        reason=d.reason.strip()))
    row.hearings += 1
    row.first_hearing_on = row.first_hearing_on or d.held_on
    row.head_appeared = row.head_appeared or d.head_present
    step.save(row)
    step.payload["instance"] = row.instance


def judge(step: Step) -> None:
    """A first-instance judgment opens the appeal period (第八十五条: 15 days for a judgment,
    10 for a ruling); a second-instance one is final (第七条, 两审终审)."""
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.served_on, "served_on", row.first_hearing_on or row.served_on)
    row.kind, row.outcome, row.document_no, row.judged_on = (d.kind, d.outcome, d.document_no,
                                                            d.served_on)
    row.perform_by = d.perform_by
    row.lost = row.corrected = d.outcome in m.LOST
    step.payload["instance"] = row.instance
    if row.instance == 1:
        step.save(row)
        step.start_clock("appeal_judgment" if d.kind == "judgment" else "appeal_ruling",
                         d.served_on)
        step.move_to("judged")
        return
    _conclude(step, row, d.served_on)
    step.move_to("effective")


def _conclude(step: Step, row: m.Litigation, on: date) -> None:
    row.concluded_on = on
    step.save(row)
    _tell_challenged(step, row, "decided")


def appeal(step: Step) -> None:
    """第八十五条: the agency appeals within 15 days of service (10 for a ruling)."""
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.filed_on, "filed_on", row.judged_on)
    key = "appeal_judgment" if row.kind == "judgment" else "appeal_ruling"
    clock = step.clock(key)
    if clock is not None and d.filed_on > clock.due_on:
        days = 15 if row.kind == "judgment" else 10
        raise NotAllowed(local("上诉期限（{kind}书送达之日起{days}日）已于{due}届满，第一审{kind}已"
                               "发生法律效力（{basis}第八十五条）").format(
            kind=local(dict(m.KINDS)[row.kind]), days=days, due=clock.due_on.isoformat(),
            basis=LAW))
    row.appealed_by, row.instance = d.appellant, 2
    row.outcome, row.lost, row.corrected = "", False, False  # the second instance decides
    step.save(row)
    step.finish_clock(key, d.filed_on)


def take_effect(step: Step) -> None:
    row = _l(step)
    key = "appeal_judgment" if row.kind == "judgment" else "appeal_ruling"
    clock = step.clock(key)
    ended = clock.due_on if clock else step.today  # the last day of the appeal period
    step.finish_clock(key, ended)
    _conclude(step, row, ended)


def withdraw(step: Step) -> None:
    """第六十二条: withdrawal allowed by ruling; after the defendant changed its act, the act
    counts as corrected."""
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.served_on, "served_on", row.served_on)
    row.outcome, row.kind, row.document_no = "withdrawn", "ruling", d.ruling_no
    row.corrected, row.lost = d.act_changed, False
    for key in ("defence", "appeal_judgment", "appeal_ruling"):
        step.cancel_clock(key)
    _conclude(step, row, d.served_on)


def perform(step: Step) -> None:
    """第九十四条: the agency performs the effective judgment."""
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.performed_on, "performed_on", row.concluded_on)
    row.performed_on, row.performance = d.performed_on, d.content
    step.save(row)


# -- judicial suggestions (司法建议) ----------------------------------------------------------
def receive_suggestion(step: Step) -> None:
    d, row = step.data, _l(step)
    _on_or_before_today(step, d.received_on, "received_on", row.served_on)
    row.suggestions += 1
    row.suggestion_no = d.suggestion_no
    step.save(row)
    step.start_clock("suggestion", d.received_on)


def answer_suggestion(step: Step) -> None:
    d, row = step.data, _l(step)
    clock = step.clock("suggestion")
    _on_or_before_today(step, d.answered_on, "answered_on", clock.started_on if clock else None)
    row.suggestions_answered += 1
    step.save(row)
    step.finish_clock("suggestion", d.answered_on)


def close(step: Step) -> None:
    step.outcome = _l(step).outcome
