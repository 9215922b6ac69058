from fazhi.core import modules
from fazhi.core.modules import Module


class PowersConfig(modules.FazhiApp):
    name = "fazhi.powers"
    label = "powers"
    verbose_name = "行政执法主体与权责清单"

    def declare(self) -> Module:
        return Module(title="行政执法主体与权责清单")
