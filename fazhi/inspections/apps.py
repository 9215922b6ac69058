from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = "双随机、一公开"

    def ready(self) -> None:
        from fazhi.holidays.signals import calendar_loaded
        from fazhi.inspections import importer, procedure  # noqa: F401  (items kind, time limits)

        calendar_loaded.connect(_recompute, dispatch_uid="inspections.recompute_on_calendar")


def _recompute(sender, year: int, **kwargs) -> None:
    """Stored publication limits follow a newly loaded holiday notice (in its transaction)."""
    from fazhi.inspections.services import recompute_publication_dues

    recompute_publication_dues(year)
