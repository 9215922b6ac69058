from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "fazhi.reporting"
    label = "reporting"
    verbose_name = "法治政府建设报告与工作要点"

    def ready(self) -> None:
        from fazhi.reporting import indicators, jobs  # noqa: F401  (registers indicators, jobs)
