"""Published records: the public read model, redacted at publication time."""

from django.db import models
from django.utils import timezone

from fazhi.org.models import Agency


class PublishedQuerySet(models.QuerySet):
    def live(self) -> "PublishedQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class PublishedRecord(models.Model):
    kind = models.CharField("类别", max_length=40)  # e.g. disclosure.reply
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="publications")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, verbose_name="发布机关")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")  # already redacted for the public
    data = models.JSONField("结构化内容", default=dict)  # already redacted
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField(max_length=200, blank=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公开信息"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["kind", "-published_at"], name="pub_kind_date")]
        constraints = [models.UniqueConstraint(fields=["kind", "case"], name="pub_kind_case")]

    def __str__(self) -> str:
        return self.title
