from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink


class ReportingConfig(modules.FazhiApp):
    """Key tasks, supervision, the indicator registry (every app's `indicators.py`) and the
    annual report."""

    name = "fazhi.reporting"
    label = "reporting"
    verbose_name = "法治政府建设报告与工作要点"

    def ready(self) -> None:
        from fazhi.reporting import jobs  # noqa: F401  (registers tick jobs)

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.reporting import demo, queries

        return Module(
            title="法治政府建设年度报告",
            urls=(("reporting/", "fazhi.reporting.urls"),),
            staff_nav=(NavLink(_("Tasks and annual report"), "reporting:home", order=60,
                               current=("/reporting/",)),),
            public_nav=(NavLink(_("Annual reports"), "reporting:public_list", order=80,
                                current=("/reporting/public/",),
                                description="法治政府建设年度报告及其中每一项数据的来源。"),),
            search=queries.site_search,
            # after every builder whose records its indicators count
            demo=DemoBuilder(demo.build, report=demo.report, after=(
                "org", "disclosure", "normative", "subjects", "inspections", "lottery")),
        )
