"""Admin: directories are browsable; plan data is read-only (changes go through services,
imports through the importer, so history and all-or-nothing checks are never bypassed)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.inspections import models as m


@admin.register(m.MarketEntity)
class MarketEntityAdmin(ReadOnly):
    list_display = ("uscc", "name", "entity_type", "district", "credit_class", "status")
    list_filter = ("credit_class", "status", "district")
    search_fields = ("=uscc", "name")
    show_full_result_count = False  # a million rows: no COUNT(*) per page


@admin.register(m.Inspector)
class InspectorAdmin(ReadOnly):
    list_display = ("code", "name", "agency", "cert_no", "cert_valid_until", "region", "capacity")
    list_filter = ("agency", "active")
    search_fields = ("code", "name", "cert_no")


@admin.register(m.InspectionItem)
class InspectionItemAdmin(ReadOnly):
    list_display = ("code", "name", "agency", "method")
    list_filter = ("agency",)


@admin.register(m.Plan)
class PlanAdmin(ReadOnly):
    list_display = ("title", "lead_agency", "plan_date", "state")
    list_filter = ("state",)
    exclude = ("directory_file", "roster_file", "conflicts_file", "result_json", "teams_json")


for model in (m.Target, m.Recusal, m.InspectionRecord, m.Referral, m.CreditRecord,
              m.SeriousListEntry, m.CreditRepair, m.Conflict):
    admin.site.register(model, ReadOnly)
