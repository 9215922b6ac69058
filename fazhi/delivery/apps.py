from fazhi.core import modules


class DeliveryConfig(modules.FazhiApp):
    name = "fazhi.delivery"
    label = "delivery"
    verbose_name = "电子送达"

    def ready(self) -> None:
        from fazhi.delivery import jobs  # noqa: F401  registers the receipts sweep

    def declare(self) -> modules.Module:
        return modules.Module(title="电子送达")
