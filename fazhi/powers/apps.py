from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, HomeSection, Module, NavLink


class PowersConfig(modules.FazhiApp):
    name = "fazhi.powers"
    label = "powers"
    verbose_name = "行政执法主体与权责清单"

    def ready(self) -> None:
        from fazhi.powers import importer  # noqa: F401  (registers the catalogue import kind)

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.powers import demo, queries

        return Module(
            title="行政执法公示",
            urls=(("", "fazhi.powers.urls"),),
            staff_nav=(NavLink(_("Enforcement registry"), "powers:staff_officers", order=55,
                               current=("/workspace/powers/",)),),
            public_nav=(NavLink(
                _("Enforcement publicity"), "powers:bodies", order=65, current=("/powers/",),
                description="行政执法事前公开：执法主体及其职权、委托与划转、权责清单和执法证查询。",
                pages=(NavLink(_("Enforcement bodies"), "powers:bodies"),
                       NavLink(_("Catalogue of enforcement items"), "powers:items"),
                       NavLink(_("Check an officer's certificate"), "powers:lookup"))),),
            home=(HomeSection("powers/home/_registry.html", order=65,
                              context=queries.home_figures),),
            indicators="fazhi.powers.indicators",
            search=queries.search,
            demo=DemoBuilder(demo.build, after=("org", "subjects"), report=demo.report),
        )
