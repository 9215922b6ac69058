from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "fazhi.publication"
    label = "publication"
    verbose_name = "公开发布"
