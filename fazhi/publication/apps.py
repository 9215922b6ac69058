from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "fazhi.publication"
    label = "publication"
