from fazhi.core import modules
from fazhi.core.modules import (
    DemoBuilder,
    HomeSection,
    Module,
    NavLink,
    PartyView,
    ProcedureScreens,
)


class ReconsiderationConfig(modules.FazhiApp):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self) -> None:
        from fazhi.reconsideration import jobs, procedure  # noqa: F401 - registers both

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.reconsideration import demo, queries, views
        from fazhi.reconsideration.procedure import PAYLOAD_LABELS

        return Module(
            title="行政复议",
            urls=(("", "fazhi.reconsideration.urls"),),
            public_nav=(NavLink(_("Administrative reconsideration"), "reconsideration:apply",
                                order=74, current=("/reconsideration/",),
                                description="对行政行为不服的，在线申请行政复议，取得查询码；"
                                            "查阅已公开的行政复议决定书。",
                                pages=(NavLink(_("Apply for administrative reconsideration"),
                                               "reconsideration:apply"),
                                       NavLink(_("Reconsideration decisions"),
                                               "reconsideration:decisions"))),),
            home=(HomeSection("reconsideration/home/_stats.html", order=74,
                              context=views.home_figures),),
            indicators="fazhi.reconsideration.indicators",
            demo=DemoBuilder(demo.build, after=("org", "disclosure", "normative"),
                             report=demo.report, logins=demo.logins),
            search=queries.search,
            landing=views.expert_landing,
            procedures={"reconsideration": ProcedureScreens(
                intake=NavLink(_("Register an application"), "reconsideration:staff_new",
                               roles=frozenset({"handler"})),
                payload_labels=PAYLOAD_LABELS,
                party=PartyView(template="reconsideration/_party.html",
                                context=views.party_context, api=views.party_api,
                                actions_template="reconsideration/_party_actions.html"))},
        )
