"""Admin for the rare operations: enforcement bodies, delegations and reviewers'
qualifications are configuration edited here; catalogue items come through the import and
certificate events through the legal office's pages, so both are read-only here."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.powers import models as m


@admin.register(m.EnforcementBody)
class EnforcementBodyAdmin(admin.ModelAdmin):
    list_display = ("agency", "kind", "basis")
    list_filter = ("kind",)


@admin.register(m.Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ("team", "delegator", "mode", "valid_from", "valid_until")
    list_filter = ("mode",)


@admin.register(m.EnforcementItem)
class EnforcementItemAdmin(ReadOnly):
    list_display = ("code", "name", "category", "valid_from", "valid_until")
    list_filter = ("category",)
    search_fields = ("code", "name", "basis")


@admin.register(m.CertificateEvent)
class CertificateEventAdmin(ReadOnly):
    list_display = ("officer", "kind", "effective_from", "until", "recorded_by")
    list_filter = ("kind",)


for model in (m.LegalQualification, m.ReviewExperience):
    admin.site.register(model)
