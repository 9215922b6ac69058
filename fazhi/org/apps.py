from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module


class OrgConfig(modules.FazhiApp):
    """Regions, agencies, staff and roles. Its demo builder makes only the organisation;
    every procedure app's builder runs after it (`after=("org",)`)."""

    name = "fazhi.org"
    label = "org"
    verbose_name = "机关和人员"

    def declare(self) -> Module:
        from fazhi.org import demo

        return Module(title="机关和人员", demo=DemoBuilder(demo.build))
