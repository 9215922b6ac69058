"""Read-only admin: litigation cases change only through the engine (and their hash-chained
history)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.litigation.models import Hearing, Litigation


@admin.register(Litigation)
class LitigationAdmin(ReadOnly):
    list_display = ("case", "court", "court_case_no", "outcome", "head_appeared", "concluded_on")
    list_filter = ("outcome", "head_appeared", "lost")
    search_fields = ("case__number", "court_case_no")
    list_select_related = ("case",)


@admin.register(Hearing)
class HearingAdmin(ReadOnly):
    list_display = ("case", "held_on", "instance", "head_present", "head_name", "deputy_name")
    list_filter = ("head_present",)
    list_select_related = ("case",)
