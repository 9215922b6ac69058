"""The agency settings of case handling staff configure in the admin: 文号 patterns and
internal sign-off chains (everything else in this app is written by the engine only)."""

from django.contrib import admin

from fazhi.cases.models import DocumentNumbering, SignoffChain, SignoffStep


@admin.register(DocumentNumbering)
class DocumentNumberingAdmin(admin.ModelAdmin):
    list_display = ("agency", "series", "pattern")
    list_filter = ("series",)


class SignoffStepInline(admin.TabularInline):
    model = SignoffStep
    extra = 2


@admin.register(SignoffChain)
class SignoffChainAdmin(admin.ModelAdmin):
    list_display = ("agency", "procedure", "action")
    inlines = [SignoffStepInline]
