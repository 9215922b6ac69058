from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self) -> None:
        from fazhi.disclosure import procedure  # noqa: F401  (registers the procedure)
