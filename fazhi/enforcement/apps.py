from fazhi.core import modules
from fazhi.core.modules import (
    DemoBuilder,
    HomeSection,
    Module,
    NavLink,
    PartyView,
    ProcedureScreens,
)


class EnforcementConfig(modules.FazhiApp):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"

    def ready(self) -> None:
        from fazhi.enforcement import links, procedure, simple  # noqa: F401 - registers both
        from fazhi.subjects.signals import referral_made, report_to_lead

        referral_made.connect(links.on_referral, dispatch_uid="enforcement.on_referral")
        report_to_lead.connect(links.on_report, dispatch_uid="enforcement.on_report")
        from fazhi.custody import finality as custody_finality
        from fazhi.enforcement.finality import decision_final

        custody_finality.register(procedure.PENALTY.code, decision_final)
        from fazhi.enforcement import eservice

        eservice.register()

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.enforcement import demo, queries, simple_views, views
        from fazhi.enforcement.procedure import PAYLOAD_LABELS

        return Module(
            title="行政执法",
            urls=(("", "fazhi.enforcement.urls"),),
            public_nav=(NavLink(_("Penalty decisions"), "enforcement:decisions", order=72,
                                current=("/enforcement/",),
                                description="行政处罚决定公示：按当事人名称、统一社会信用代码或决定书文号查询，"
                                            "已撤销的标注撤回。"),),
            home=(HomeSection("enforcement/home/_decisions.html", order=72,
                              context=views.home_figures),),
            indicators="fazhi.enforcement.indicators",
            demo=DemoBuilder(demo.build, after=("org", "subjects", "powers", "discretion",
                                                    "transfers"),
                             report=demo.report),
            search=queries.search,
            procedures={"penalty": ProcedureScreens(
                intake=NavLink(_("Register a penalty lead"), "enforcement:staff_new",
                               roles=frozenset({"handler"})),
                payload_labels=PAYLOAD_LABELS, detail=views.detail,
                party=PartyView(template="enforcement/_party.html", context=views.party_context,
                                actions_template="enforcement/_party_actions.html",
                                api=views.party_api)),
                        **simple_views.SCREENS},
        )
