from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "账本"

    def ready(self) -> None:
        from fazhi.core import jobs  # noqa: F401  (registers tick jobs)
