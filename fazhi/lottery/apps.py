from django.apps import AppConfig


class LotteryConfig(AppConfig):
    name = "fazhi.lottery"
    label = "lottery"
    verbose_name = "公证摇号"

    def ready(self) -> None:
        from fazhi.lottery import jobs  # noqa: F401  (registers tick jobs)
