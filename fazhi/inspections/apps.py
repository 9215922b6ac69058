from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = "双随机、一公开"

    def ready(self) -> None:
        from fazhi.inspections import jobs, procedure  # noqa: F401  (tick jobs, time limits)
