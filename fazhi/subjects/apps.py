from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "fazhi.subjects"
    label = "subjects"
    verbose_name = "监管对象与执法人员"

    def ready(self) -> None:
        from fazhi.subjects import jobs  # noqa: F401  (registers tick jobs)
