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
            public_nav=(
                NavLink(_("Home"), "portal:home", order=0, exact=True,
                        description="本站首页：各栏目入口。"),
                NavLink(_("Track progress"), "portal:track", order=30,
                        description="凭查询码查看办理状态、答复期限及计算依据，在线补正或撤回申请。"),
                NavLink(_("Site search"), "portal:search", order=85,
                        description="在各栏目已公开的信息中检索。"),
                NavLink(_("Ledger checkpoints"), "portal:ledger", order=90,
                        description="防篡改账本的公开检查点，任何人都可以核对。"),
                NavLink(_("About this site"), "portal:contacts", order=95, header=False,
                        current=("/contacts/", "/accessibility/", "/sitemap/"),
                        description="各机关的地址、电话和办公时间，无障碍与适老化说明，网站地图。",
                        pages=(NavLink(_("Agency contacts"), "portal:contacts"),
                               NavLink(_("Accessibility statement"), "portal:accessibility"),
                               NavLink(_("Site map"), "portal:sitemap"))),
                NavLink(_("Staff sign-in"), "login", order=100, current=("/accounts/",),
                        description="机关工作人员登录工作台。")),
            home=(HomeSection("portal/home/_track.html", order=30),
                  HomeSection("portal/home/_ledger.html", order=90,
                              context=views.checkpoint_figure)))
