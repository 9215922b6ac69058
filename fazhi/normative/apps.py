from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink, ProcedureScreens


class NormativeConfig(modules.FazhiApp):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"

    def ready(self) -> None:
        # Registers the procedures (incl. historical imports), tick jobs and the search index
        # receiver, whichever entry point (web, CLI, tick) loads the app.
        from fazhi.cases.signals import document_reviewed
        from fazhi.holidays.signals import calendar_loaded
        from fazhi.normative import importer, jobs, links, procedure, search  # noqa: F401

        calendar_loaded.connect(_recompute, dispatch_uid="normative.recompute_on_calendar")
        # an incidental review in a reconsideration (《行政复议法》第五十六条至第六十条)
        document_reviewed.connect(links.on_document_reviewed,
                                  dispatch_uid="normative.on_document_reviewed")

    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.cases.signals import REVIEW_LABELS
        from fazhi.normative import case_details, demo, search
        from fazhi.normative.procedure import PAYLOAD_LABELS

        label = _("Normative documents")
        details = {"normative": case_details.document_detail,
                   "normative_review": case_details.review_detail,
                   "normative_filing": case_details.filing_detail,
                   "normative_suggestion": case_details.suggestion_detail}
        codes = ("normative", "normative_review", "normative_filing", "normative_suggestion",
                 "normative_import")
        return Module(
            title="行政规范性文件",
            urls=(("normative/", "fazhi.normative.urls"), ("library/", "fazhi.normative.search_urls")),
            staff_nav=(NavLink(label, "normative:staff_list", order=30,
                               current=("/normative/", "/library/")),),
            public_nav=(NavLink(
                label, "library:library", order=50, current=("/library/", "/normative/"),
                description="行政规范性文件：现行有效和已失效的文件、全文检索、草案征求意见、清理结果。",
                pages=(NavLink(_("Full-text search"), "library:library"),
                       NavLink(_("Document catalogue"), "normative:library"),
                       NavLink(_("Drafts open for comment"), "normative:consultations"),
                       NavLink(_("Cleanup results"), "normative:cleanups"))),),
            indicators="fazhi.normative.indicators",
            search=search.site_search,
            catalogue=search.catalogue,
            demo=DemoBuilder(demo.build, after=("org",), report=demo.report),
            # the document (to its review and filing parts), old review/filing cases and
            # suggestions read on the workspace case page
            procedures={code: ProcedureScreens(payload_labels=PAYLOAD_LABELS | REVIEW_LABELS,
                                               detail=details.get(code)) for code in codes},
        )


def _recompute(sender, year: int, **kwargs) -> None:
    from fazhi.normative.recompute import recompute_after_calendar_load

    recompute_after_calendar_load(year)
