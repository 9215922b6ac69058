"""Tracking with the receipt code: status, deadline, public timeline, correction, withdrawal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.cases.models import Case, Clock
from fazhi.disclosure.tests import factories

pytestmark = pytest.mark.django_db
TRACK = "/track/"


def today():
    return timezone.localdate()


def look_up(client, code: str):
    return client.post(TRACK, {"code": code})


def test_right_code_shows_status_deadline_and_public_timeline(client, agency, handler):
    case = factories.correcting(agency, handler, on=today(), due=today() + timedelta(days=10))
    response = look_up(client, case.receipt_code)
    assert response.status_code == 302 and response["Location"] == TRACK  # no code in URLs
    page = client.get(TRACK)
    text = page.content.decode()
    assert page.status_code == 200
    assert "待补正" in text and case.number in text
    assert "登记申请" in text and "发出补正通知" in text  # event action labels
    assert agency.name in text and "王承办" not in text  # the agency, never staff names
    assert "请说明所需信息的具体年份" in text  # the defects to correct
    assert (today() + timedelta(days=10)).isoformat() in text  # the correction due date
    # whoever holds the code sees this page: the party's personal data is masked
    assert "张*" in text and "139****5678" in text and "350***********1234" in text
    assert "13912345678" not in text and "350203199001011234" not in text


def test_code_is_normalised(client, agency):
    case = factories.received(agency, on=today())
    sloppy = case.receipt_code.replace("-", " ").lower()
    assert look_up(client, sloppy).status_code == 302
    text = client.get(TRACK).content.decode()
    assert "办理中" in text and "第三十三条第二款" in text  # the clock's explanation


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD", "", "x" * 100_000, "\x00\x01",
                                  "' OR 1=1 --", "ＡＢＣＤ"])
def test_wrong_code_is_404_without_hint(client, agency, code):
    case = factories.received(agency, on=today())
    response = look_up(client, code)
    text = response.content.decode()
    assert response.status_code == 404
    assert "查询码不存在或已失效" in text
    assert case.number not in text and "张三" not in text
    assert client.get(TRACK).content.decode().count(case.number) == 0


def test_correction_from_the_portal_restarts_the_clock(client, agency, handler):
    case = factories.correcting(agency, handler, on=today(), due=today() + timedelta(days=10))
    assert Clock.objects.get(case=case).paused  # stopped while awaiting correction
    look_up(client, case.receipt_code)
    response = client.post("/track/correction/", {"content": "所需信息为2025年全年的统计数据"})
    assert response.status_code == 302 and response["Location"] == TRACK
    case.refresh_from_db()
    assert case.state == "processing"
    clock = Clock.objects.get(case=case)
    # 条例第三十条: the reply period runs afresh from receipt of the corrected request
    assert clock.started_on == today() and not clock.paused and not clock.stops
    assert case.events.last().actor_kind == "public"
    assert "补正材料已提交" in client.get(TRACK).content.decode()


def test_empty_correction_is_refused_with_the_schema_message(client, agency, handler):
    case = factories.correcting(agency, handler, on=today(), due=today() + timedelta(days=10))
    look_up(client, case.receipt_code)
    response = client.post("/track/correction/", {"content": ""})
    assert response.status_code == 422
    assert "补正内容：" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "awaiting_correction"


def test_correction_is_not_offered_or_allowed_while_processing(client, agency):
    case = factories.received(agency, on=today())
    look_up(client, case.receipt_code)
    assert 'action="/track/correction/"' not in client.get(TRACK).content.decode()
    response = client.post("/track/correction/", {"content": "补充内容"})
    assert response.status_code == 409
    assert "不能执行“收到补正”" in response.content.decode()  # the engine's reason, on the page
    case.refresh_from_db()
    assert case.state == "processing"


def test_withdraw_from_the_portal(client, agency):
    case = factories.received(agency, on=today())
    look_up(client, case.receipt_code)
    response = client.post("/track/withdraw/", {"reason": "已通过其他途径获取",
                                                "id_suffix": "1234"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome, case.is_open) == ("withdrawn", "withdrawn", False)
    text = client.get(TRACK).content.decode()
    assert "已撤回" in text and 'action="/track/withdraw/"' not in text


def test_actions_need_a_looked_up_case(client, agency, handler):
    case = factories.correcting(agency, handler, on=today(), due=today() + timedelta(days=10))
    for url, data in [("/track/correction/", {"content": "补充内容"}),
                      ("/track/withdraw/", {})]:
        response = client.post(url, data)
        assert response.status_code == 404
        assert "查询已过期，请重新输入查询码" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "awaiting_correction"


def test_exit_forgets_the_case(client, agency):
    case = factories.received(agency, on=today())
    look_up(client, case.receipt_code)
    client.post("/track/exit/")
    assert case.number not in client.get(TRACK).content.decode()


def test_expired_lookup_is_forgotten(client, agency):
    case = factories.received(agency, on=today())
    look_up(client, case.receipt_code)
    session = client.session
    session["portal.track"] = session["portal.track"] | {"until": 0}
    session.save()
    assert case.number not in client.get(TRACK).content.decode()


def test_reply_shows_answer_text_and_remedy(client, agency, handler):
    case = factories.replied(agency, handler, on=today(), answer="A3", ground="process_info")
    look_up(client, case.receipt_code)
    text = client.get(TRACK).content.decode()
    assert "不予公开" in text and "属于四类过程性信息" in text
    assert "经审查，现将所申请的信息提供给您。" in text
    assert "应当先申请行政复议" in text  # refusal: reconsideration first (复议前置)


def test_script_in_description_is_escaped_on_the_track_page(client, agency):
    script = "<script>alert('x')</script>"
    case = factories.received(agency, on=today(), description=script + "所需信息")
    look_up(client, case.receipt_code)
    text = client.get(TRACK).content.decode()
    assert script not in text and "&lt;script&gt;" in text


def test_session_case_id_garbage_is_harmless(client, agency):
    session = client.session
    session["portal.track"] = {"case": "9" * 40, "until": 1e12}
    session.save()
    assert client.get(TRACK).status_code == 200
    session["portal.track"] = "nonsense"
    session.save()
    assert client.get(TRACK).status_code == 200
    assert Case.objects.count() == 0
