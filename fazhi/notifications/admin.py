"""Operators see delivery states; addresses are masked and code-bearing texts hidden."""

from django.contrib import admin

from fazhi.core.admin import ReadOnly
from fazhi.notifications.models import Notification
from fazhi.notifications.services import masked_recipient


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["id", "kind", "channel", "to", "state", "attempts", "created_at",
                    "sent_at", "last_error"]
    list_filter = ["state", "channel", "kind"]
    fields = ["kind", "channel", "to", "subject", "text", "ref", "state", "attempts",
              "next_attempt_at", "last_error", "created_at", "sent_at"]
    readonly_fields = fields

    @admin.display(description="接收人")
    def to(self, obj: Notification) -> str:
        return masked_recipient(obj)

    @admin.display(description="内容")
    def text(self, obj: Notification) -> str:
        return "（内容含访问码，不予显示）" if obj.sensitive else obj.body
