from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink


class LotteryConfig(modules.FazhiApp):
    name = "fazhi.lottery"
    label = "lottery"
    verbose_name = "公证摇号"

    def ready(self) -> None:
        from fazhi.lottery import jobs  # noqa: F401  (registers tick jobs)

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.core.modules import MatterSource
        from fazhi.lottery import demo, matters, queries

        label = _("Notarised lotteries")
        return Module(
            title="公证摇号",
            urls=(("lottery/", "fazhi.lottery.urls"),),
            staff_nav=(NavLink(label, "lottery:staff_list", order=40, current=("/lottery/",)),),
            public_nav=(NavLink(
                label, "lottery:list", order=60, current=("/lottery/",),
                description="公证摇号：公告、登记、结果公示、申诉，以及可独立运行的验证程序。",
                pages=(NavLink(_("Lottery announcements"), "lottery:list"),
                       NavLink(_("Draw verifier"), "lottery:verifier"))),),
            indicators="fazhi.lottery.indicators",
            search=queries.site_search,
            catalogue=queries.catalogue,
            matters=MatterSource(key=matters.key, find=matters.find),
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report),
        )
