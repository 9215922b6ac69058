from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fazhi.notifications"
    label = "notifications"
    verbose_name = "通知发送"

    def ready(self) -> None:
        from fazhi.notifications import jobs  # noqa: F401  (registers the delivery sweep)
