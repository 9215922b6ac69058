from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "fazhi.holidays"
    label = "holidays"
