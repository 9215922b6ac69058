from django.apps import AppConfig


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"

    def ready(self) -> None:
        # Registers the procedures (incl. historical imports), tick jobs and the search index
        # receiver, whichever entry point (web, CLI, tick) loads the app.
        from fazhi.normative import case_details, importer, jobs, procedure, search  # noqa: F401

        case_details.register()  # readable review/filing/suggestion details in the workspace

        from fazhi.holidays.signals import calendar_loaded

        calendar_loaded.connect(_recompute, dispatch_uid="normative.recompute_on_calendar")


def _recompute(sender, year: int, **kwargs) -> None:
    from fazhi.normative.recompute import recompute_after_calendar_load

    recompute_after_calendar_load(year)
