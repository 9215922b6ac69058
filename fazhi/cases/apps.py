from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fazhi.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from fazhi.cases import jobs  # noqa: F401  (registers tick jobs)
        from fazhi.cases.ledger import due_from_clocks
        from fazhi.cases.models import Case
        from fazhi.cases.records import CASES
        from fazhi.core import indicators
        from fazhi.holidays.signals import calendar_loaded

        # verify-ledger compares a case's stored due date with its clocks' (ADR 0023: wired
        # here, so the model does not import the ledger that reads it)
        Case.expected_derived = staticmethod(due_from_clocks)
        indicators.DEFAULT_RECORDS[:] = [CASES]  # an indicator naming no records counts cases

        calendar_loaded.connect(_recompute, dispatch_uid="cases.recompute_on_calendar")


def _recompute(sender, year: int, **kwargs) -> None:
    from fazhi.cases.clocks import recompute_after_calendar_load

    recompute_after_calendar_load(year)
