from django.apps import AppConfig


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"

    def ready(self) -> None:
        from fazhi.normative import jobs, procedure  # noqa: F401  (registers procedures, tick jobs)
