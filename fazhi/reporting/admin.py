"""Admin: lead rules are configuration (editable); everything else is read-only here,
because tasks, findings and reports change only through the command modules (which keep the history)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.reporting import models as m


@admin.register(m.LeadRule)
class LeadRuleAdmin(admin.ModelAdmin):
    list_display = ("keyword", "agency", "active")
    list_filter = ("active",)
    search_fields = ("keyword", "agency__name")


@admin.register(m.KeyTask)
class KeyTaskAdmin(ReadOnly):
    list_display = ("year", "area_title", "text", "lead_agency", "due_on", "status")
    list_filter = ("year", "status")
    search_fields = ("text",)


@admin.register(m.AnnualReport)
class AnnualReportAdmin(ReadOnly):
    list_display = ("year", "title", "edition", "status", "published_at")
    list_filter = ("status", "year")


@admin.register(m.SupervisionFinding)
class FindingAdmin(ReadOnly):
    list_display = ("agency", "text", "rectify_by", "status")
    list_filter = ("status", "year")


for model in (m.ImportedReport, m.ProgressReport, m.Rectification, m.FigureSnapshot):
    admin.site.register(model, ReadOnly)
