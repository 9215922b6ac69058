from fazhi.core import modules
from fazhi.core.modules import Module, ProcedureScreens


class EnforcementConfig(modules.FazhiApp):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"

    def ready(self) -> None:
        from fazhi.enforcement import links, procedure  # noqa: F401 - registers the procedure
        from fazhi.subjects.signals import referral_made

        referral_made.connect(links.on_referral, dispatch_uid="enforcement.on_referral")

    def declare(self) -> Module:
        from fazhi.enforcement.procedure import PAYLOAD_LABELS

        return Module(
            title="行政执法",
            procedures={"penalty": ProcedureScreens(payload_labels=PAYLOAD_LABELS)},
        )
