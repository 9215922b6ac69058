"""Admin: complaints and reports are browsable, never edited here (the engine writes them)."""

from django.contrib import admin

from fazhi.complaints.models import Complaint, Report
from fazhi.core.admin import ReadOnly


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly):
    list_display = ("case", "business_name", "business_uscc", "channel", "accepted_on", "agreed_on")
    search_fields = ("case__number", "business_name", "business_uscc")


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ("case", "business_name", "business_uscc", "decision", "lead_number")
    search_fields = ("case__number", "business_name", "business_uscc", "lead_number")
