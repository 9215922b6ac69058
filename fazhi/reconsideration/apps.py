from fazhi.core import modules
from fazhi.core.modules import Module, ProcedureScreens


class ReconsiderationConfig(modules.FazhiApp):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self) -> None:
        from fazhi.reconsideration import jobs, procedure  # noqa: F401 - registers both

    def declare(self) -> Module:
        from fazhi.reconsideration.procedure import PAYLOAD_LABELS

        return Module(
            title="行政复议",
            procedures={"reconsideration": ProcedureScreens(payload_labels=PAYLOAD_LABELS)},
        )
