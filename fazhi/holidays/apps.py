from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "fazhi.holidays"
    label = "holidays"
    verbose_name = "节假日安排"
