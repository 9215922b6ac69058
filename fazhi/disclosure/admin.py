"""Read-only admin: requests change only through the engine (and their hash-chained history)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.disclosure.models import DisclosureRequest


@admin.register(DisclosureRequest)
class DisclosureRequestAdmin(ReadOnly):
    list_display = ("case", "applicant_type", "channel", "answer_type", "replied_on", "served_on")
    list_filter = ("channel", "applicant_type", "answer_type")
    search_fields = ("case__number",)
    list_select_related = ("case",)
