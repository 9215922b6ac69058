from fazhi.core import modules
from fazhi.core.modules import (
    DemoBuilder,
    HomeSection,
    Module,
    NavLink,
    PartyView,
    ProcedureScreens,
)


class DisclosureConfig(modules.FazhiApp):
    """Government information disclosure on request (依申请公开): the reference procedure
    app. Everything it adds to the shells is declared in `declare()` (see
    docs/adding-a-procedure-app.md, which walks through it)."""

    name = "fazhi.disclosure"
    label = "disclosure"
    verbose_name = "政府信息公开"

    def ready(self) -> None:
        from fazhi.disclosure import eservice, procedure  # noqa: F401  (registers the procedure)

        eservice.register()  # the reply served through fazhi.delivery
        from fazhi.cases.signals import act_reviewed
        from fazhi.disclosure import links

        act_reviewed.connect(links.on_reviewed, dispatch_uid="disclosure.on_reviewed")

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.cases.signals import CHALLENGE_LABELS
        from fazhi.disclosure import api, demo, queries, views

        return Module(
            title="政府信息公开",
            urls=(("", "fazhi.disclosure.urls"),),
            staff_nav=(NavLink(_("Disclosure statistics"), "disclosure:stats", order=20),),
            public_nav=(NavLink(_("Apply for disclosure"), "disclosure:apply", order=20,
                                description="依申请公开：在线提交政府信息公开申请，取得查询码。"),
                        NavLink(_("Published replies"), "disclosure:replies", order=40,
                                description="已送达的答复，去除个人信息后公开，可按机关和关键词检索。"),
                        NavLink(_("Disclosure guides"), "disclosure:guide_index", order=42,
                                header=False,
                                current=("/disclosure/guide/", "/disclosure/catalogue/"),
                                description="各机关的政府信息公开指南和主动公开目录。")),
            home=(HomeSection("disclosure/home/_lead.html", order=10, lead=True),
                  HomeSection("disclosure/home/_apply.html", order=20),
                  HomeSection("disclosure/home/_replies.html", order=40,
                              context=views.home_figures),
                  HomeSection("disclosure/home/_guide.html", order=42)),
            api_private=api.private,
            api_public=api.public,
            indicators="fazhi.disclosure.indicators",
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report),
            search=queries.search,
            procedures={"disclosure": ProcedureScreens(
                intake=NavLink(_("Register a request"), "disclosure:staff_new",
                               roles=frozenset({"handler"})),
                # payload keys the effects record beyond the transitions' schemas
                payload_labels={"remedy": "救济途径告知", "amount": "信息处理费（元）",
                                "prior_items": "本月此前申请件数", "identity_proof": "身份证明",
                                **CHALLENGE_LABELS},  # a reply challenged in court (行政应诉)
                party=PartyView(template="disclosure/_party.html", context=views.party_context,
                                actions_template="disclosure/_party_actions.html",
                                api=api.party_fields))},
        )
