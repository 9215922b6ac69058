from fazhi.core import modules
from fazhi.core.modules import Module, NavLink


class LotteryConfig(modules.FazhiApp):
    name = "fazhi.lottery"
    label = "lottery"
    verbose_name = "公证摇号"

    def ready(self) -> None:
        from fazhi.lottery import jobs  # noqa: F401  (registers tick jobs)

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.lottery import queries

        label = _("Notarised lotteries")
        return Module(
            title="公证摇号",
            urls=(("lottery/", "fazhi.lottery.urls"),),
            staff_nav=(NavLink(label, "lottery:staff_list", order=40, current=("/lottery/",)),),
            public_nav=(NavLink(label, "lottery:list", order=60, current=("/lottery/",)),),
            indicators="fazhi.lottery.indicators",
            search=queries.site_search,
        )
