"""Senders deliver one message each; which sender serves a channel is configuration
(`FAZHI_NOTIFY_SMS`, `FAZHI_NOTIFY_EMAIL`: a dotted path). A sender raises on failure;
the outbox records the error and retries.

- `FileSender` (development default): appends each message to `var/outbox.log` and
  prints it, so a demo user can read the SMS a real phone would receive.
- `MemorySender` (tests): keeps messages in `MemorySender.sent`.
- `DjangoEmailSender`: e-mail through Django's configured backend (SMTP in production).
- `HttpSmsSender`: an SMS gateway that takes a JSON POST (`FAZHI_SMS_GATEWAY_URL`,
  optional bearer `FAZHI_SMS_GATEWAY_TOKEN`); most government SMS platforms offer one.
"""

import json
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string


class Message(Protocol):
    channel: str
    recipient: str
    subject: str
    body: str


class FileSender:
    def send(self, message: Message) -> None:
        path = Path(settings.VAR_DIR) / "outbox.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        line = (f"[{timezone.localtime():%Y-%m-%d %H:%M:%S}] {message.channel} → "
                f"{message.recipient} {message.subject} {message.body}\n")
        with path.open("a", encoding="utf-8") as out:
            out.write(line)
        print(line, end="", flush=True)


class MemorySender:
    sent: list[SimpleNamespace] = []

    def send(self, message: Message) -> None:
        MemorySender.sent.append(SimpleNamespace(
            channel=message.channel, recipient=message.recipient, subject=message.subject,
            body=message.body))


class DjangoEmailSender:
    def send(self, message: Message) -> None:
        send_mail(message.subject or "通知", message.body, None, [message.recipient])


class HttpSmsSender:
    def send(self, message: Message) -> None:
        url = settings.FAZHI_SMS_GATEWAY_URL
        if not url:
            raise RuntimeError("未配置短信网关（FAZHI_SMS_GATEWAY_URL）")
        request = urllib.request.Request(
            url, method="POST",
            data=json.dumps({"to": message.recipient, "text": message.body}).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {settings.FAZHI_SMS_GATEWAY_TOKEN}"}
               if settings.FAZHI_SMS_GATEWAY_TOKEN else {}))
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status >= 300:
                raise RuntimeError(f"短信网关返回 {response.status}")


def sender_for(channel: str):
    path = settings.FAZHI_NOTIFY_SENDERS[channel]
    return import_string(path)()
