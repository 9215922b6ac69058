"""Operators configure the custody centres (the overdue parameter among them); items are
read-only here: every change of an item goes through the services and its chain."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.custody.models import Centre, Item


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["agency", "address", "overdue_days", "overdue_since"]
    fields = ["agency", "address", "overdue_days", "overdue_since"]


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ["code", "description", "agency", "state", "centre", "seized_on"]
    list_filter = ["state", "centre"]
    search_fields = ["code", "case_ref"]
    exclude = ["owner_name", "owner_phone", "pending"]
