from django.contrib import admin

from fazhi.publication.models import PublishedRecord


@admin.register(PublishedRecord)
class PublishedRecordAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "agency", "published_at", "withdrawn_at")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in PublishedRecord._meta.fields]

    def has_add_permission(self, request):
        return False
