from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink


class CustodyConfig(modules.FazhiApp):
    name = "fazhi.custody"
    label = "custody"
    verbose_name = "涉案财物管理"

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.custody import demo

        return Module(
            title="涉案财物管理",
            urls=(("", "fazhi.custody.urls"),),
            staff_nav=(NavLink(_("Case property"), "custody:items", order=58,
                               current=("/workspace/custody/",)),),
            indicators="fazhi.custody.indicators",
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report,
                             agencies=(demo.CENTRE_CODE,)),
        )
