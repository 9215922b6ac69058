from django.apps import AppConfig


class LotteryConfig(AppConfig):
    name = "fazhi.lottery"
    label = "lottery"
