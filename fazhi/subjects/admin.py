"""Admin: directories and credit records are browsable, never edited here (imports go
through the importer, credit through `fazhi.subjects.credit`)."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.subjects import models as m


@admin.register(m.MarketEntity)
class MarketEntityAdmin(ReadOnly):
    list_display = ("uscc", "name", "entity_type", "district", "credit_class", "status")
    list_filter = ("credit_class", "status", "district")
    search_fields = ("=uscc", "name")
    show_full_result_count = False  # a million rows: no COUNT(*) per page


@admin.register(m.Officer)
class OfficerAdmin(ReadOnly):
    list_display = ("code", "name", "agency", "cert_no", "cert_categories", "cert_valid_until",
                    "region", "capacity")
    list_filter = ("agency", "active")
    search_fields = ("code", "name", "cert_no")


for model in (m.CreditRecord, m.SeriousListEntry, m.CreditRepair):
    admin.site.register(model, ReadOnly)
