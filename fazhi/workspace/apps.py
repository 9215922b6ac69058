from fazhi.core import modules
from fazhi.core.modules import Module, NavLink


class WorkspaceConfig(modules.FazhiApp):
    """The staff shell: the inbox across every procedure, the case page, supervision,
    sign-in. Its navigation shows every app's staff links (fazhi.core.modules)."""

    name = "fazhi.workspace"
    label = "workspace"

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        return Module(
            title="工作台",
            urls=(("workspace/", "fazhi.workspace.urls"),
                  ("accounts/", "fazhi.workspace.account_urls")),
            staff_nav=(NavLink(_("Inbox"), "workspace:inbox", order=0),))
