from fazhi.core import modules
from fazhi.core.modules import DemoBuilder, Module, NavLink


class InspectionsConfig(modules.FazhiApp):
    name = "fazhi.inspections"
    label = "inspections"
    verbose_name = "双随机、一公开"

    def ready(self) -> None:
        from fazhi.holidays.signals import calendar_loaded
        from fazhi.inspections import importer, procedure  # noqa: F401  (items kind, time limits)

        calendar_loaded.connect(_recompute, dispatch_uid="inspections.recompute_on_calendar")
        from fazhi.subjects.signals import penalty_decided

        penalty_decided.connect(_penalty_decided, dispatch_uid="inspections.penalty_decided")


    def declare(self) -> Module:
        from django.utils.translation import gettext_lazy as _

        from fazhi.inspections import demo, queries

        label = _("Random inspections")
        return Module(
            title="双随机、一公开",
            urls=(("inspections/", "fazhi.inspections.urls"),),
            staff_nav=(NavLink(label, "inspections:staff_home", order=50,
                               current=("/inspections/",)),),
            public_nav=(NavLink(
                label, "inspections:list", order=70, current=("/inspections/",),
                description="“双随机、一公开”：抽查计划、随机抽取的验证和抽查结果。",
                pages=(NavLink(_("Inspection plans"), "inspections:list"),
                       NavLink(_("Inspection results"), "inspections:results"))),),
            indicators="fazhi.inspections.indicators",
            search=queries.site_search,
            catalogue=queries.catalogue,
            demo=DemoBuilder(demo.build, after=("org", "subjects"), report=demo.report),
        )


def _recompute(sender, year: int, **kwargs) -> None:
    """Stored publication limits follow a newly loaded holiday notice (in its transaction)."""
    from fazhi.inspections.inspection_results import recompute_publication_dues

    recompute_publication_dues(year)


def _penalty_decided(sender, *, referral_id: int, **info) -> None:  # noqa: ANN001
    """A penalty decided on a referral (fazhi.subjects.signals): its credit record, linked
    to the inspection record, and the referral marked decided (credit.decide_referral)."""
    from fazhi.inspections import credit
    from fazhi.inspections.models import Referral

    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is not None:
        credit.decide_referral(referral, info["uscc"], decision_no=info["decision_no"],
                               decided_on=info["decided_on"], agency=info["agency"],
                               severity=info["severity"], summary=info["summary"],
                               legal_basis=info["legal_basis"], today=info["decided_on"])
