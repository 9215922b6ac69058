from fazhi.core import modules
from fazhi.core.modules import HomeSection, Module, NavLink


class PortalConfig(modules.FazhiApp):
    """The public shell: home page, receipt-code tracking, site search, ledger checkpoints.
    Its navigation, home page and search show what every app declares (fazhi.core.modules)."""

    name = "fazhi.portal"
    label = "portal"

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.portal import views

        return Module(
            title="门户",
            urls=(("", "fazhi.portal.urls"),),
            public_nav=(NavLink(_("Home"), "portal:home", order=0, exact=True),
                        NavLink(_("Track progress"), "portal:track", order=30),
                        NavLink(_("Site search"), "portal:search", order=85),
                        NavLink(_("Ledger checkpoints"), "portal:ledger", order=90),
                        NavLink(_("Staff sign-in"), "login", order=100)),
            home=(HomeSection("portal/home/_track.html", order=30),
                  HomeSection("portal/home/_ledger.html", order=90,
                              context=views.checkpoint_figure)))
