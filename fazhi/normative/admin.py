"""Admin: numbering series are configuration (editable); everything else is read-only,
because documents, reviews and filings change only through the engine and services."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.normative import models as m


@admin.register(m.IssuerSeries)
class IssuerSeriesAdmin(admin.ModelAdmin):
    list_display = ("issuer", "doc_no_prefix", "registration_prefix", "index_prefix")


@admin.register(m.NormativeDocument)
class DocumentAdmin(ReadOnly):
    list_display = ("title", "doc_no", "issuer", "status", "effective_from", "valid_until")
    list_filter = ("status", "doc_type")
    search_fields = ("title", "doc_no", "registration_no")


for model in (m.LegalityReview, m.Filing, m.Comment, m.DocumentLink, m.CleanupCampaign,
              m.CleanupItem, m.ReviewSuggestion):
    admin.site.register(model, ReadOnly)
