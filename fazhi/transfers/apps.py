from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, HomeSection, Module, NavLink, ProcedureScreens


class TransfersConfig(modules.FazhiApp):
    name = "fazhi.transfers"
    label = "transfers"
    verbose_name = "涉嫌犯罪案件移送"

    def ready(self) -> None:
        from fazhi.org import roles
        from fazhi.transfers import procedure  # noqa: F401 - registers the procedure

        # The roles this app adds to the staff directory (labels only; org keeps its own).
        roles.LABELS.setdefault("police_liaison", "公安机关联络员")
        roles.LABELS.setdefault("procurator", "检察官")

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.transfers import config, demo, queries, views

        staff = frozenset({"handler", "head", "police_liaison", "procurator", "supervisor"})
        return Module(
            title="涉嫌犯罪案件移送",
            urls=(("", "fazhi.transfers.urls"),),
            staff_nav=(NavLink(_("Transfers to criminal justice"), "transfers:staff", order=58,
                               current=("/workspace/transfers/",), roles=staff),),
            public_nav=(NavLink(_("Transfers of suspected crimes"), "transfers:public", order=78,
                                description="两法衔接：行政执法机关向公安机关移送涉嫌犯罪案件的年度统计，不含案件详情。"),),
            home=(HomeSection("transfers/home/_stats.html", order=78, context=views.home_figures),),
            indicators="fazhi.transfers.indicators",
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report,
                             agencies=(config.current().procuratorate_code,)),
            search=queries.search,
            procedures={"transfer": ProcedureScreens(
                intake=NavLink(_("Report a suspected crime for transfer"), "transfers:new",
                               roles=frozenset({"handler"})),
                detail=views.detail,
                payload_labels={"officers": "专案组成员"})},
        )
