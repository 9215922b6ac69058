"""Electronic service (电子送达): the party's consent and every document served.

Both are chained objects (fazhi.core.models.Chained): each grant, revocation, sending,
delivery, first reading and postal receipt is an event of the platform ledger, so
`fazhi verify-ledger` covers them and the evidence package can quote the chain.
"""

from django.db import models
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.core.models import Chained
from fazhi.notifications.models import Notification

PORTAL, EMAIL, SMS, POST = "portal", "email", "sms", "post"
ELECTRONIC = (PORTAL, EMAIL, SMS)
CHANNELS = [(PORTAL, "平台收件箱"), (EMAIL, "电子邮件"), (SMS, "手机短信"), (POST, "邮寄")]
SIGNED_FORM, ONLINE = "signed_form", "online"
CONSENT_HOW = [(SIGNED_FORM, "签署送达地址确认书"), (ONLINE, "在线确认")]


class Consent(Chained):
    """A party's consent to electronic service at confirmed addresses (《行政处罚法》第六十一条
    第二款：当事人同意并签订确认书的). Revocable; a revoked consent stays, inactive."""

    history_kind, history_label = "delivery_consent", "电子送达确认"
    history_state = ("active", "channel_codes", "email", "phone")

    party_key = models.CharField("当事人标识", max_length=120, db_index=True)
    party_name = models.CharField("当事人", max_length=100)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="delivery_consents", verbose_name="确认所在案件")
    # comma-separated codes: a plain column, so verify-ledger reads it as the events record it
    channel_codes = models.CharField("同意的送达方式", max_length=40)
    email = models.CharField("确认的电子邮箱", max_length=120, blank=True)
    phone = models.CharField("确认的手机号码", max_length=30, blank=True)
    how = models.CharField("确认方式", max_length=20, choices=CONSENT_HOW)
    given_at = models.DateTimeField("确认时间", default=timezone.now)
    recorded_by = models.CharField("记录人", max_length=100)
    active = models.BooleanField("有效", default=True)
    revoked_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子送达确认"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.party_name} {'、'.join(self.channels)}"

    @property
    def channels(self) -> list[str]:
        return [c for c in self.channel_codes.split(",") if c]


class Delivery(Chained):
    """One document served to one party through one channel, with its receipts."""

    history_kind, history_label = "delivery", "送达"
    history_state = ("state", "served_on")

    SENT, DELIVERED, READ, FAILED = "sent", "delivered", "read", "failed"
    TO_POST, POSTED, RECEIVED = "to_post", "posted", "received"
    STATES = [(SENT, "已发送"), (DELIVERED, "已送达"), (READ, "已阅读"), (FAILED, "发送失败"),
              (TO_POST, "待邮寄"), (POSTED, "已交邮"), (RECEIVED, "已签收")]

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deliveries",
                             verbose_name="案件")
    party_key = models.CharField("当事人标识", max_length=120, db_index=True)
    party_name = models.CharField("受送达人", max_length=100)
    channel = models.CharField("送达方式", max_length=10, choices=CHANNELS)
    address = models.CharField("送达地址", max_length=200, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="deliveries", verbose_name="依据的确认书")
    document_title = models.CharField("文书名称", max_length=200)
    filename = models.CharField("文件名", max_length=200)
    content = models.BinaryField("文书内容")
    size = models.PositiveIntegerField("字节数")
    sha256 = models.CharField("SHA-256", max_length=64)
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    state = models.CharField("状态", max_length=10, choices=STATES)
    sent_at = models.DateTimeField("发送时间", default=timezone.now)
    delivered_at = models.DateTimeField("到达时间", null=True, blank=True)
    read_at = models.DateTimeField("首次阅读时间", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_basis = models.CharField("送达日期依据", max_length=300, blank=True)
    sent_by = models.CharField("送达人", max_length=100)
    tracking_number = models.CharField("邮件号码", max_length=40, blank=True)
    posted_on = models.DateField("交邮日期", null=True, blank=True)
    announced = models.BooleanField("已通知程序", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "送达"
        ordering = ["-id"]
        indexes = [models.Index(fields=["case", "sent_at"], name="delivery_case"),
                   models.Index(fields=["state", "channel"], name="delivery_state")]

    def __str__(self) -> str:
        return f"{self.document_title} → {self.party_name}"

    @property
    def electronic(self) -> bool:
        return self.channel in ELECTRONIC
