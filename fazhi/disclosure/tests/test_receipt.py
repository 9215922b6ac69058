"""The receipt date (收到申请之日, D0) by channel, 政府信息公开条例第三十一条: staff
registering a request give the date its channel names, and D0 is derived from it."""

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.core.errors import InvalidData
from fazhi.disclosure.services import submit_request
from fazhi.disclosure.tests import factories as f
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db
TODAY = date(2025, 9, 10)


def register(agency, handler, channel: str, **dates):
    return submit_request(agency, handler, f.application(channel=channel, **dates), today=TODAY)


@pytest.mark.parametrize(("channel", "field"), [
    ("in_person", "submitted_on"),  # 第一项: the day it is handed in
    ("registered_post", "signed_on"),  # 第二项: the day the agency signs for it
    ("ordinary_mail", "confirmed_on"),  # 第二项: the day receipt is confirmed with the applicant
    ("fax", "confirmed_on"),  # 第三项: the day both sides confirm
])
def test_the_channel_names_the_date_that_is_the_receipt_date_art31(agency, handler, channel,
                                                                   field):
    """条例第三十一条: the channel decides which date is the receipt date."""
    case = register(agency, handler, channel, **{field: "2025-09-04"})
    assert case.received_on == date(2025, 9, 4)


def test_registered_post_without_its_signing_date_is_refused_art31(agency, handler):
    """条例第三十一条第二项: registered post counts from the day the agency signs for it."""
    with pytest.raises(InvalidData, match="签收日期：申请渠道为“邮寄（需签收）”的，须填写此日期") as exc:
        register(agency, handler, "registered_post", confirmed_on="2025-09-04")
    assert {field for field, _ in exc.value.errors} == {"signed_on", "confirmed_on"}
    assert not Case.objects.exists()


def test_a_date_of_another_channel_is_refused_art31(agency, handler):
    """条例第三十一条第一项: in person, the submission date is the receipt date; a signing
    date as well would leave two candidates."""
    with pytest.raises(InvalidData, match="以提交日期为收到申请之日，此项不填"):
        register(agency, handler, "in_person", submitted_on="2025-09-04",
                 signed_on="2025-09-05")


def test_a_free_receipt_date_must_agree_with_the_channels_date_art31(agency, handler):
    with pytest.raises(InvalidData, match="不一致") as exc:
        submit_request(agency, handler, f.application(channel="fax", confirmed_on="2025-09-04"),
                       received_on=date(2025, 9, 3), today=TODAY)
    assert exc.value.field == "received_on"


def test_a_future_channel_date_is_refused_on_that_field(agency, handler):
    with pytest.raises(InvalidData, match="不能晚于今天") as exc:
        register(agency, handler, "registered_post", signed_on="2025-09-11")
    assert exc.value.field == "signed_on"


def test_an_online_request_is_received_the_day_the_platform_confirms_it_art31(agency):
    """条例第三十一条第三项: online, the day both sides confirm; the portal confirms at once."""
    case = submit_request(agency, Actor.public(), f.application(channel="online"), today=TODAY)
    assert case.received_on == TODAY
