"""Admin: items are browsable; plan data is read-only (changes go through the command modules,
imports through the importer, so history and all-or-nothing checks are never bypassed).
Entities, officers and credit records: fazhi.subjects.admin."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.inspections import models as m


@admin.register(m.InspectionItem)
class InspectionItemAdmin(ReadOnly):
    list_display = ("code", "name", "agency", "method")
    list_filter = ("agency",)


@admin.register(m.Plan)
class PlanAdmin(ReadOnly):
    list_display = ("title", "lead_agency", "plan_date", "state")
    list_filter = ("state",)
    exclude = ("directory_file", "roster_file", "conflicts_file", "result_json", "teams_json")


for model in (m.Target, m.Recusal, m.InspectionRecord, m.Referral, m.Conflict):
    admin.site.register(model, ReadOnly)
