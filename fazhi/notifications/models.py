"""The notification outbox: every message to a citizen or staff member is a row first.

A message is written in the same transaction as the change that causes it (so a rolled-back
action sends nothing, and a committed one is never lost), then delivered by a sender after
commit and, if that fails, retried by the `tick` sweep with backoff. Its delivery state is
visible to operators; a message that carries an access code is scrubbed once delivered.
"""

from django.db import models
from django.utils import timezone


class Notification(models.Model):
    SMS, EMAIL = "sms", "email"
    CHANNELS = [(SMS, "短信"), (EMAIL, "电子邮件")]
    PENDING, SENT, FAILED = "pending", "sent", "failed"
    STATES = [(PENDING, "待发送"), (SENT, "已发送"), (FAILED, "发送失败")]

    kind = models.CharField("通知类型", max_length=60)
    channel = models.CharField("渠道", max_length=10, choices=CHANNELS)
    recipient = models.CharField("接收人", max_length=200)
    subject = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    # Carries a code that grants access (receipt or verification code): nobody reads it
    # here, and the text is scrubbed once it has been delivered.
    sensitive = models.BooleanField("含访问码", default=False)
    ref = models.CharField("关联记录", max_length=80, blank=True, db_index=True)
    state = models.CharField("状态", max_length=10, choices=STATES, default=PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", default=timezone.now)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notify_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.kind} #{self.pk}"
