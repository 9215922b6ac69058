from fazhi.core import modules


class DeliveryConfig(modules.FazhiApp):
    name = "fazhi.delivery"
    label = "delivery"
    verbose_name = "电子送达"

    def ready(self) -> None:
        from fazhi.delivery import jobs  # noqa: F401  registers the receipts sweep

    def declare(self) -> modules.Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.core.modules import DemoBuilder, HomeSection, Module, NavLink
        from fazhi.delivery import demo, queries

        return Module(
            title="电子送达",
            urls=(("", "fazhi.delivery.urls"),),
            staff_nav=(NavLink(_("Electronic service"), "delivery:staff", order=45,
                               current=("/workspace/delivery/",)),),
            public_nav=(NavLink(_("Electronic service"), "delivery:guide", order=35,
                                current=("/delivery/",),
                                description="经当事人同意，行政机关通过平台收件箱、电子邮件或短信送达文书；"
                                            "凭查询码在收件箱阅读。",
                                pages=(NavLink(_("Inbox of documents served"), "delivery:inbox"),)),),
            home=(HomeSection("delivery/home/_delivery.html", order=35),),
            indicators="fazhi.delivery.indicators",
            demo=DemoBuilder(demo.build, after=("org", "disclosure"), report=demo.report),
            search=queries.search,
        )
