from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink, PartyView, ProcedureScreens


class MediationConfig(modules.FazhiApp):
    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = "人民调解"

    def ready(self) -> None:
        from fazhi.mediation import procedure  # registers the procedure
        from fazhi.org import roles

        # The roles of a court's staff (ADR 0048; labels only: org keeps its own)
        roles.LABELS.setdefault(procedure.CLERK, "书记员")
        roles.LABELS.setdefault(procedure.JUDGE, "审判员")

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.mediation import demo, views
        from fazhi.mediation.procedure import PAYLOAD_LABELS

        return Module(
            title="人民调解",
            urls=(("", "fazhi.mediation.urls"),),
            staff_nav=(NavLink(_("Mediation campaigns"), "mediation:campaigns", order=57),),
            public_nav=(NavLink(_("Apply for mediation"), "mediation:apply", order=77,
                                current=("/mediation/",),
                                description="人民调解：在线申请调解，免费；凭查询码查询调解和司法确认进度。"),),
            indicators="fazhi.mediation.indicators",
            demo=DemoBuilder(demo.build, after=("org", "powers", "petitions"), report=demo.report,
                             agencies=(demo.COURT_CODE,)),
            procedures={"mediation": ProcedureScreens(
                intake=NavLink(_("Register a mediation"), "mediation:staff_new",
                               roles=frozenset({"handler"})),
                payload_labels=PAYLOAD_LABELS,
                party=PartyView(template="mediation/_party.html", context=views.party_context,
                                actions_template="mediation/_party_actions.html",
                                api=views.party_api))},
        )
