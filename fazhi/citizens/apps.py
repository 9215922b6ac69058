from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, HomeSection, Module, NavLink


class CitizensConfig(modules.FazhiApp):
    """One view per citizen (B8, ADR 0045): a signed-in citizen or firm sees every matter of
    theirs across procedures; staff look a person up across agencies, within visibility."""

    name = "fazhi.citizens"
    label = "citizens"
    verbose_name = "我的事项"

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.citizens import demo, views

        return Module(
            title="我的事项",
            urls=(("", "fazhi.citizens.urls"),),
            staff_nav=(NavLink(_("Person lookup"), "citizens:staff_person", order=88),),
            public_nav=(NavLink(_("My matters"), "citizens:home", order=32,
                                current=("/citizen/",),
                                description="公众和企业登录后，在一处查看本人在各程序中的全部事项、"
                                            "下一期限、送达的文书和可办理的事项，并评价已办结的事项。"),),
            home=(HomeSection("citizens/home/_card.html", order=32),),
            search=views.search,
            indicators="fazhi.citizens.indicators",
            landing=views.landing,
            demo=DemoBuilder(demo.build, after=demo.AFTER, report=demo.report, logins=demo.logins),
        )
