from fazhi.core import modules
from fazhi.core.modules import Module


class ApiConfig(modules.FazhiApp):
    """The API shell: /api/v1/ (staff) and /api/public/v1/, each assembled from the shell's
    own routes and every app's router (`Module.api_private`, `Module.api_public`)."""

    name = "fazhi.api"
    label = "api"

    def declare(self) -> Module:
        return Module(title="接口", urls=(("api/", "fazhi.api.urls"),))
