from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink, ProcedureScreens


class LitigationConfig(modules.FazhiApp):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"

    def ready(self) -> None:
        from fazhi.litigation import procedure  # noqa: F401 - registers the procedure

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.litigation import demo
        from fazhi.litigation.procedure import PAYLOAD_LABELS

        # No public pages: court cases are not the agency's to publish; the indicators
        # reach the annual report through reporting.
        return Module(
            title="行政应诉",
            urls=(("", "fazhi.litigation.urls"),),
            indicators="fazhi.litigation.indicators",
            demo=DemoBuilder(demo.build, after=("org", "disclosure", "enforcement"),
                             report=demo.report),
            procedures={"litigation": ProcedureScreens(
                intake=NavLink(_("Register court papers"), "litigation:staff_new",
                               roles=frozenset({"handler"})),
                payload_labels=PAYLOAD_LABELS)},
        )
