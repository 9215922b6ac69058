from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "fazhi.workspace"
    label = "workspace"
