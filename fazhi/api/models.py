"""API tokens for staff clients: only the SHA-256 of a token is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "fz_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name="用户")
    name = models.CharField("名称", max_length=80)
    token_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "API 访问令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Create a token; the plain text is returned once and never stored."""
        token = PREFIX + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, token_hash=hash_token(token)), token

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
