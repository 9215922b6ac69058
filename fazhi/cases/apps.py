from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "fazhi.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from fazhi.cases import jobs  # noqa: F401  (registers tick jobs)
        from fazhi.holidays.signals import calendar_loaded

        calendar_loaded.connect(_recompute, dispatch_uid="cases.recompute_on_calendar")


def _recompute(sender, year: int, **kwargs) -> None:
    from fazhi.cases.clocks import recompute_after_calendar_load

    recompute_after_calendar_load(year)
