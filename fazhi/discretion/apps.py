from fazhi.core import modules
from fazhi.core.modules import Module


class DiscretionConfig(modules.FazhiApp):
    name = "fazhi.discretion"
    label = "discretion"
    verbose_name = "行政处罚裁量基准"

    def declare(self) -> Module:
        return Module(title="行政处罚裁量基准")
