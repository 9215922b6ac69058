"""The 45 working days of mediation (《市场监督管理投诉举报处理暂行办法》第二十一条, restated):
a mediation still running when they lapse is ended by the tick on that ground, and the
7-working-day clock to tell both parties starts (the inbox shows it)."""

from datetime import date

from fazhi.cases.models import Clock
from fazhi.complaints import services
from fazhi.complaints.limits import LIMITS
from fazhi.core.errors import DomainError
from fazhi.core.tick import job
from fazhi.org.actors import Actor


def end_lapsed(today: date) -> int:
    """End the mediations whose limit passed before today; returns how many."""
    ended = 0
    lapsed = Clock.objects.filter(code=LIMITS["mediate"].code, state=Clock.RUNNING,
                                  due_on__lt=today, case__state="mediating")
    for case_id in lapsed.values_list("case_id", flat=True):
        try:
            services.act(case_id, "end", Actor.system("调解期限届满"),
                         {"ground": "no_agreement_45"}, today=today)
        except DomainError:
            continue
        ended += 1
    return ended


@job("complaints.mediation_lapse")
def run(today: date) -> str:
    return f"{end_lapsed(today)} mediations ended"
