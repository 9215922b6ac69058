from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, HomeSection, Module, NavLink


class DiscretionConfig(modules.FazhiApp):
    name = "fazhi.discretion"
    label = "discretion"
    verbose_name = "行政处罚裁量基准"

    def declare(self) -> Module:
        from fazhi.discretion import demo, queries, views

        return Module(
            title="行政处罚裁量基准",
            urls=(("", "fazhi.discretion.urls"),),
            staff_nav=(NavLink("裁量基准", "discretion:staff", order=56),),
            public_nav=(NavLink("裁量基准", "discretion:list", order=76,
                                current=("/discretion/",),
                                description="各执法机关公布的行政处罚裁量基准和首违不罚、轻微违法不予处罚清单。",
                                pages=(NavLink("裁量基准", "discretion:list"),
                                       NavLink("不予处罚清单", "discretion:lists"))),),
            home=(HomeSection("discretion/home/_benchmarks.html", order=76,
                              context=views.home_figures),),
            indicators="fazhi.discretion.indicators",
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report),
            search=queries.search,
        )
