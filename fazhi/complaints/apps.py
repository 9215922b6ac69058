from fazhi.core import modules
from fazhi.core.modules import (
    DemoBuilder,
    HomeSection,
    Module,
    NavLink,
    PartyView,
    ProcedureScreens,
)


class ComplaintsConfig(modules.FazhiApp):
    name = "fazhi.complaints"
    label = "complaints"
    verbose_name = "市场监管投诉举报"

    def ready(self) -> None:
        from fazhi.complaints import jobs, links, procedure  # noqa: F401 - registers both procedures
        from fazhi.subjects.signals import entity_facts

        # an entity's credit view hears of its complaints (fazhi/complaints/links.py)
        entity_facts.connect(links.entity_facts, dispatch_uid="complaints.entity_facts")

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.complaints import demo, queries, views
        from fazhi.complaints.procedure import PAYLOAD_LABELS

        party = PartyView(template="complaints/_party.html", context=views.party_context,
                          actions_template="complaints/_party_actions.html", api=views.party_api)
        return Module(
            title="市场监管投诉举报",
            urls=(("", "fazhi.complaints.urls"),),
            staff_nav=(NavLink(_("Complaints by business"), "complaints:businesses", order=58),),
            public_nav=(NavLink(_("Consumer complaints"), "complaints:submit", order=78,
                                current=("/complaints/",),
                                description="消费维权：在线投诉经营者或者举报违法行为，凭查询码查询受理、"
                                            "调解和核查进度。"),),
            home=(HomeSection("complaints/home/_submit.html", order=78,
                              context=views.home_figures),),
            indicators="fazhi.complaints.indicators",
            demo=DemoBuilder(demo.build, after=("org", "subjects", "enforcement"),
                             report=demo.report),
            search=queries.search,
            procedures={
                "complaint": ProcedureScreens(
                    intake=NavLink(_("Register a complaint or report"), "complaints:staff_new",
                                   roles=frozenset({"handler"})),
                    payload_labels=PAYLOAD_LABELS, party=party),
                "consumer_report": ProcedureScreens(payload_labels=PAYLOAD_LABELS, party=party)},
        )
