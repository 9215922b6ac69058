from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module


class SubjectsConfig(modules.FazhiApp):
    name = "fazhi.subjects"
    label = "subjects"
    verbose_name = "监管对象与执法人员"

    def ready(self) -> None:
        from fazhi.subjects import jobs  # noqa: F401  (registers tick jobs)

    def declare(self) -> Module:
        """Only a demo builder: the directories (the procedure apps show them)."""
        from fazhi.subjects import demo

        return Module(title="监管对象与执法人员",
                      demo=DemoBuilder(demo.build, after=("org",), report=demo.report))
