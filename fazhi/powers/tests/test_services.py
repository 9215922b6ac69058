"""The legal office records suspensions, reinstatements and revocations: only it, with
reasons, in date order; refusals carry their status and write nothing."""

from datetime import date

import pytest

from conftest import make_staff
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.powers import checks, services
from fazhi.powers.models import CertificateEvent
from fazhi.powers.tests import factories as F


@pytest.fixture
def legal(agency):  # 市司法局 is the legal office in the fixtures
    return make_staff(agency, "legal", ["handler"], "法制科")


@pytest.fixture
def officer(other_agency):
    return F.officer(other_agency, "陈一")


def test_only_the_legal_office_manages_certificates(officer, other_handler, legal):
    with pytest.raises(Forbidden):
        services.suspend(other_handler, officer.pk, effective_from=date(2026, 5, 1), until=None,
                         reason="调查")
    assert not CertificateEvent.objects.exists()
    services.suspend(legal, officer.pk, effective_from=date(2026, 5, 1), until=None, reason="调查")
    assert checks.standing(officer, date(2026, 5, 2)).status == checks.SUSPENDED


def test_refusals_write_nothing(officer, legal):
    with pytest.raises(InvalidData, match="理由"):
        services.revoke(legal, officer.pk, effective_from=date(2026, 5, 1), reason=" ")
    with pytest.raises(InvalidData, match="晚于"):
        services.suspend(legal, officer.pk, effective_from=date(2026, 5, 1),
                         until=date(2026, 5, 1), reason="x")
    with pytest.raises(NotAllowed):
        services.reinstate(legal, officer.pk, effective_from=date(2026, 5, 1), reason="x")
    assert not CertificateEvent.objects.exists()


def test_events_in_date_order_and_revocation_once(officer, legal):
    services.suspend(legal, officer.pk, effective_from=date(2026, 5, 1), until=None, reason="调查")
    with pytest.raises(NotAllowed, match="已在暂扣中"):
        services.suspend(legal, officer.pk, effective_from=date(2026, 5, 3), until=None, reason="x")
    with pytest.raises(InvalidData, match="不能早于"):
        services.reinstate(legal, officer.pk, effective_from=date(2026, 4, 1), reason="x")
    services.reinstate(legal, officer.pk, effective_from=date(2026, 5, 20), reason="查明无违规")
    services.revoke(legal, officer.pk, effective_from=date(2026, 6, 1), reason="调离执法岗位")
    with pytest.raises(NotAllowed, match="已吊销"):
        services.revoke(legal, officer.pk, effective_from=date(2026, 6, 2), reason="x")
    with pytest.raises(NotAllowed, match="已吊销"):
        services.suspend(legal, officer.pk, effective_from=date(2026, 6, 2), until=None, reason="x")
    assert [e.kind for e in officer.certificate_events.order_by("pk")] == [
        "suspend", "reinstate", "revoke"]


def test_the_officer_is_told_of_a_suspension_and_of_the_coming_expiry(other_agency, legal, settings):
    from django.contrib.auth.models import User

    from fazhi.notifications.models import Notification
    from fazhi.org.models import Staff

    user = User.objects.create_user("off1", email="off1@example.gov")
    staff = Staff.objects.create(user=user, agency=other_agency, display_name="林执法", roles=["handler"])
    officer = F.officer(other_agency, "林执法", staff=staff, valid_until=date(2026, 6, 30))
    services.suspend(legal, officer.pk, effective_from=date(2026, 5, 1), until=None, reason="调查")
    note = Notification.objects.get(kind="powers.certificate_suspend")
    assert note.recipient == "off1@example.gov" and officer.cert_no in note.body
    assert services.remind_expiring(date(2026, 5, 30)) == 0  # 31 days ahead: not yet
    assert services.remind_expiring(date(2026, 5, 31)) == 1
    assert services.remind_expiring(date(2026, 6, 1)) == 0  # once per validity date
    assert "第四十二条" in Notification.objects.get(kind="powers.certificate_expiry").body
