from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink, PartyView, ProcedureScreens


class PetitionsConfig(modules.FazhiApp):
    name = "fazhi.petitions"
    label = "petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        from fazhi.cases.signals import mediation_concluded, petition_routed
        from fazhi.petitions import importer, jobs, links, procedure  # noqa: F401 - registers the procedure, jobs, import kind

        # 访调对接: a referred mediation's agreement closes the petition (fazhi/petitions/links.py)
        mediation_concluded.connect(links.on_mediated, dispatch_uid="petitions.on_mediated")
        # 诉访分离: a routed petition follows its reconsideration case (fazhi/petitions/links.py)
        petition_routed.connect(links.on_routed, dispatch_uid="petitions.on_routed")

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.cases.signals import PETITION_LABELS
        from fazhi.petitions import demo, views
        from fazhi.petitions.procedure import PAYLOAD_LABELS

        return Module(
            title="信访",
            urls=(("", "fazhi.petitions.urls"),),
            staff_nav=(NavLink(_("Petition backlog"), "petitions:backlog", order=55),),
            public_nav=(NavLink(_("Submit a petition"), "petitions:submit", order=75,
                                current=("/petitions/",),
                                description="网上信访：在线提出信访事项，凭查询码查询办理进度、"
                                            "请求复查复核和评价。"),),
            indicators="fazhi.petitions.indicators",
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report,
                             agencies=(demo.BUREAU[0],)),
            procedures={"petition": ProcedureScreens(
                intake=NavLink(_("Register a petition"), "petitions:staff_new",
                               roles=frozenset({"handler"})),
                payload_labels=PAYLOAD_LABELS | PETITION_LABELS, detail=views.staff_detail,
                party=PartyView(template="petitions/_party.html", context=views.party_context,
                                actions_template="petitions/_party_actions.html",
                                api=views.party_api))},
        )
