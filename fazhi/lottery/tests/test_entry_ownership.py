"""Changing a lottery entry needs proof of ownership; codes and notices go by SMS.

The Xiamen rules (instruments.md §9.2): real-name registration, one entry per person, the
last registration prevails, winners are notified by SMS with a purchase window. "The last
registration prevails" must not let someone who knows a person's ID number take the entry
over: a change needs the entry's application code or a one-time code sent to the phone
already stored on the entry, and no confirmation ever shows an existing code.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.lottery import drawing, registration
from fazhi.lottery.models import EntryChange, Registration, Selection
from fazhi.lottery.tests import factories as f
from fazhi.lottery.tests.factories import HOUR, T0
from fazhi.lottery.tests.test_concurrency import live_lottery
from fazhi.notifications.models import Notification
from fazhi.notifications.senders import MemorySender

pytestmark = pytest.mark.django_db

OWNER = {"name": "张三", "phone": "13800138000", "pool": "individual"}
ATTACKER = {"name": "李四", "phone": "13912345678", "pool": "individual"}


def post_register(client, lot, person: dict, id_number: str, code: str = ""):
    return client.post(reverse("lottery:register", args=[lot.pk]),
                       {**person, "id_number": id_number, "code": code, "agree": "on"})


def sms_to(phone: str) -> list[str]:
    return [m.body for m in MemorySender.sent if m.recipient == phone]


def otp_in(body: str) -> str:
    return re.search(r"\d{6}", body).group(0)


def test_reregistering_with_someone_elses_id_changes_nothing_and_shows_no_code(
        client, admin, django_capture_on_commit_callbacks):
    """The takeover of issue 10 item 11: same ID number, another name and phone."""
    lot = live_lottery(admin)
    victim_id = f.make_id(5)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_register(client, lot, OWNER, victim_id)
    code = Registration.objects.get(lottery=lot).code
    assert first.status_code == 200 and code in first.content.decode()
    client.cookies.clear()  # the attacker: another browser
    with django_capture_on_commit_callbacks(execute=True):
        second = post_register(client, lot, ATTACKER, victim_id)
    body = second.content.decode()
    assert second.status_code == 200
    assert code not in body  # the confirmation never reveals the existing code
    assert "138****8000" in body and "13912345678" not in body
    reg = Registration.objects.get(lottery=lot)
    assert (reg.name, reg.phone) == ("张三", "13800138000")  # nothing changed
    # The one-time code went to the stored phone, never to the attacker's.
    assert sms_to("13912345678") == []
    assert any("验证码" in b for b in sms_to("13800138000"))


def test_a_wrong_application_code_is_refused_and_changes_nothing(client, admin):
    lot = live_lottery(admin)
    post_register(client, lot, OWNER, f.make_id(5))
    code = Registration.objects.get(lottery=lot).code
    wrong = "A" * 12 if code != "A" * 12 else "B" * 12
    response = post_register(client, lot, ATTACKER, f.make_id(5), code=wrong)
    assert response.status_code == 422 and code not in response.content.decode()
    assert "申请编码" in response.context["form"].errors["code"][0]
    assert Registration.objects.get(lottery=lot).phone == "13800138000"


def test_the_application_code_proves_ownership_and_the_old_phone_is_told(
        client, admin, django_capture_on_commit_callbacks):
    lot = live_lottery(admin)
    post_register(client, lot, OWNER, f.make_id(5))
    code = Registration.objects.get(lottery=lot).code
    with django_capture_on_commit_callbacks(execute=True):
        response = post_register(client, lot, {**OWNER, "phone": "13700001111"}, f.make_id(5),
                                 code=code.lower())
    body = response.content.decode()
    assert response.status_code == 200 and "登记已更新" in body and code not in body
    reg = Registration.objects.get(lottery=lot)
    assert (reg.phone, reg.code) == ("13700001111", code)
    changed = sms_to("13800138000")
    assert changed and "修改" in changed[-1] and "137****1111" in changed[-1]


def test_the_one_time_code_from_the_stored_phone_confirms_the_held_change(
        client, admin, django_capture_on_commit_callbacks):
    lot = live_lottery(admin)
    post_register(client, lot, OWNER, f.make_id(5))
    code = Registration.objects.get(lottery=lot).code
    with django_capture_on_commit_callbacks(execute=True):
        post_register(client, lot, {**OWNER, "pool": "individual", "name": "张叁"},
                      f.make_id(5))
    otp = otp_in(sms_to("13800138000")[-1])
    held = EntryChange.objects.get()
    assert otp not in held.otp_hash and len(held.otp_hash) == 64  # stored hashed
    confirm = reverse("lottery:confirm", args=[lot.pk])
    bad = client.post(confirm, {"otp": f"{(int(otp) + 1) % 10 ** 6:06d}"})
    assert bad.status_code == 422 and Registration.objects.get(lottery=lot).name == "张三"
    assert "138****8000" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(confirm, {"otp": otp})
    body = good.content.decode()
    assert good.status_code == 200 and "登记已更新" in body and code not in body
    assert Registration.objects.get(lottery=lot).name == "张叁"
    assert not EntryChange.objects.exists()
    assert "修改" in sms_to("13800138000")[-1]


def test_one_time_codes_expire_and_allow_few_attempts(admin):
    lot = f.opened(admin)
    registration.register(lot.pk, id_number=f.make_id(5), now=T0 + HOUR, **OWNER)
    held = registration.register(lot.pk, id_number=f.make_id(5), now=T0 + HOUR, **ATTACKER)
    assert held.outcome == "held" and held.change is not None
    body = Notification.objects.filter(recipient="13800138000").latest("id").body
    otp = otp_in(body)
    later = T0 + HOUR + registration.OTP_VALID + timedelta(seconds=1)
    with pytest.raises(NotAllowed, match="失效"):
        registration.confirm_change(lot.pk, held.change.pk, otp, now=later)
    held = registration.register(lot.pk, id_number=f.make_id(5), now=T0 + 2 * HOUR, **ATTACKER)
    for _ in range(registration.OTP_ATTEMPTS):
        with pytest.raises(InvalidData, match="验证码不正确"):
            registration.confirm_change(lot.pk, held.change.pk, "000000" if otp != "000000"
                                    else "111111", now=T0 + 2 * HOUR)
    otp = otp_in(Notification.objects.filter(recipient="13800138000").latest("id").body)
    with pytest.raises(NotAllowed, match="失效"):  # attempts used up: even the right code
        registration.confirm_change(lot.pk, held.change.pk, otp, now=T0 + 2 * HOUR)
    assert Registration.objects.get(lottery=lot).phone == "13800138000"


def test_a_first_registration_texts_the_applicant_their_code(admin):
    lot = f.opened(admin)
    entry = registration.register(lot.pk, id_number=f.make_id(5), now=T0 + HOUR, **OWNER)
    assert entry.outcome == "created"
    note = Notification.objects.get(recipient="13800138000")
    assert entry.registration.code in note.body and note.sensitive


def test_winners_and_promoted_alternates_are_texted_with_the_claim_deadline(
        admin, notary, django_capture_on_commit_callbacks):
    """Winners are notified by SMS with the claim window (instruments.md §9.2)."""
    lot = f.drawn(admin, notary, n=8)
    MemorySender.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drawing.publish(admin, lot.pk, now=T0 + 26 * HOUR)
    winners = Selection.objects.filter(lottery=lot, kind="winner").select_related("registration")
    assert len(MemorySender.sent) == winners.count() == 3
    for sel in winners:
        (body,) = sms_to(sel.registration.phone)
        assert sel.code in body and "2025-06-03 23:00" in body  # T0+26h+36h in Xiamen time
    assert Notification.objects.filter(kind="lottery.winner", sensitive=True).count() == 3
    MemorySender.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        drawing.expire_claims(admin, lot.pk, now=T0 + 80 * HOUR)
    promoted = Selection.objects.filter(lottery=lot, promoted=True).select_related("registration")
    assert promoted.count() == 2
    assert sorted(m.recipient for m in MemorySender.sent) == sorted(
        s.registration.phone for s in promoted)
    assert all("递补" in m.body for m in MemorySender.sent)


def test_my_registration_lookup_reveals_nothing_without_both_and_is_throttled(
        client, admin, settings):
    lot = f.frozen(admin, n=3)
    reg = Registration.objects.filter(lottery=lot).order_by("code").first()
    n = int(reg.name[2:-1])
    url = reverse("lottery:mine", args=[lot.pk])
    answers = [client.post(url, data) for data in (
        {"code": reg.code, "id_number": f.make_id(n + 50)},  # right code, another person
        {"code": "Z" * 12, "id_number": f.make_id(n)},  # right person, no such code
        {"code": "Z" * 12, "id_number": f.make_id(n + 50)})]
    assert {a.status_code for a in answers} == {404}
    # The same answer whatever exists (the page differs only in what was typed back).
    assert len({str(a.context["form"].errors) for a in answers}) == 1
    assert all(reg.name not in a.content.decode() for a in answers)
    settings.FAZHI_THROTTLE_LOTTERY_LOOKUP = "2/h"
    from django.core.cache import cache

    cache.clear()
    codes = [client.post(url, {"code": reg.code, "id_number": f.make_id(n)}).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
