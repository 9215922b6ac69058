from django.apps import AppConfig


class NormativeConfig(AppConfig):
    name = "fazhi.normative"
    label = "normative"
