"""The remedy notice (救济途径告知) every administrative decision must carry, and its limits.

A decision tells the person how to challenge it: administrative reconsideration within 60
days of knowing of it (《行政复议法》（2023）第二十条), or an administrative lawsuit within 6
months (《行政诉讼法》第四十六条) — except where reconsideration must come first (《行政复议法》
第二十三条, e.g. 第一款第（四）项: a refusal to disclose government information), when only
reconsideration is named and the lawsuit follows its decision. Disclosure replies use it
now; penalties, reconsideration decisions and the other procedures next. Pure Python.
"""

from datetime import date

from fazhi.law.timelimits import Limit, Unit

RECONSIDERATION = Limit(
    code="remedy.reconsideration_application", label="申请行政复议期限", value=60, unit=Unit.CD,
    trigger="知道或者应当知道该行政行为之日", citation="《行政复议法》（2023）第二十条",
    effective_from=date(2024, 1, 1))
LITIGATION = Limit(
    code="remedy.litigation", label="提起行政诉讼期限", value=6, unit=Unit.MONTH,
    trigger="知道或者应当知道作出行政行为之日", citation="《行政诉讼法》第四十六条",
    effective_from=date(2015, 5, 1))
LIMITS = {"remedy_reconsideration": RECONSIDERATION, "remedy_litigation": LITIGATION}

_DAYS = {60: "六十"}
_MONTHS = {6: "六"}


def remedy_notice(*, reconsideration_first: bool, what: str = "本答复",
                  first_reason: str = "不予公开的") -> str:
    """The sentence a decision ends with. `reconsideration_first`: the law requires
    reconsideration before a lawsuit (第二十三条; `first_reason` names the case)."""
    within = f"可以自收到{what}之日起{_DAYS[RECONSIDERATION.value]}日内依法申请行政复议"
    if reconsideration_first:
        return (f"如对{what}不服，{within}（《行政复议法》第二十条）；对行政复议决定不服的，"
                f"可以依法提起行政诉讼（{first_reason}，应当先申请行政复议，《行政复议法》第二十三条）。")
    return (f"如对{what}不服，{within}（《行政复议法》第二十条），或者自收到{what}之日起"
            f"{_MONTHS[LITIGATION.value]}个月内依法提起行政诉讼（《行政诉讼法》第四十六条）。")
