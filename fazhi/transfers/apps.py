from fazhi.core import modules
from fazhi.core.modules import Module


class TransfersConfig(modules.FazhiApp):
    name = "fazhi.transfers"
    label = "transfers"
    verbose_name = "涉嫌犯罪案件移送"

    def ready(self) -> None:
        from fazhi.org import roles
        from fazhi.transfers import procedure  # noqa: F401 - registers the procedure

        # The roles this app adds to the staff directory (labels only; org keeps its own).
        roles.LABELS.setdefault("police_liaison", "公安机关联络员")
        roles.LABELS.setdefault("procurator", "检察官")

    def declare(self) -> Module:
        return Module(title="涉嫌犯罪案件移送")
