"""Abstract models shared by apps."""

from django.db import models


class ChainedEvent(models.Model):
    """One entry of an append-only, hash-chained history (see fazhi.core.chains). Concrete
    subclasses add the foreign key to their owner and a unique (owner, seq) constraint."""

    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    actor = models.CharField("操作人", max_length=100)
    actor_kind = models.CharField(max_length=10)
    at = models.CharField("时间", max_length=32)  # UTC ISO text, exactly as hashed
    payload = models.TextField("内容", default="{}")  # canonical JSON, as hashed
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        abstract = True
