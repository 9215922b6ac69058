"""Staff workspace behaviour through the Django test client."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from fazhi.cases.models import Attachment, Case
from fazhi.core.testing import json_script_data
from fazhi.disclosure.procedure import LIMITS
from fazhi.disclosure.services import submit_request
from fazhi.disclosure.tests import factories
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"
PDF = b"%PDF-1.4 identity proof"


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password=f"pw-{username}-123456")
    return client


def today():
    return timezone.localdate()


def received_due_soon():
    """A receipt date whose reply deadline falls 1–3 working days from today."""
    cal, now = current_calendar(), today()
    for back in range(1, 60):
        start = now - timedelta(days=back)
        due = timelimits.evaluate(LIMITS["reply"], cal, start, today=now).due
        if due >= now and 1 <= cal.working_days_between(now, due) <= 3:
            return start
    raise AssertionError("no receipt date found")


@pytest.fixture
def inbox_cases(agency, handler):
    now = today()
    return {
        "far": factories.received(agency, on=now),
        "paused": factories.correcting(agency, handler, on=now - timedelta(days=1),
                                       due=now + timedelta(days=15)),
        "overdue": factories.received(agency, on=now - timedelta(days=60)),
        "soon": factories.received(agency, on=received_due_soon()),
    }


@pytest.fixture
def hidden_case(other_agency):
    """A case of another agency, with an attachment."""
    return submit_request(other_agency, Actor.public(), factories.application(),
                          identity_proof=("身份证.pdf", PDF))


# -- sign-in and access ---------------------------------------------------------------

def test_inbox_requires_login(client):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/workspace/")


def test_login_page_and_sign_in_lands_in_inbox(client, handler):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'for="id_username"' in page.content.decode()
    response = client.post("/accounts/login/", {"username": "handler",
                                                "password": "pw-handler-123456"})
    assert response.status_code == 302 and response["Location"] == "/workspace/"


def test_logout_is_a_post(client, handler):
    login(client, "handler")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/workspace/").status_code == 302


def test_non_staff_user_is_refused(client, db):
    User.objects.create_user("citizen", password="pw-citizen-123456")
    login(client, "citizen")
    assert client.get("/workspace/").status_code == 403


# -- inbox ------------------------------------------------------------------------------

def test_inbox_orders_overdue_first_paused_last_and_highlights(client, handler, inbox_cases):
    html = login(client, "handler").get("/workspace/").content.decode()
    positions = {k: html.index(c.number) for k, c in inbox_cases.items()}
    assert positions["overdue"] < positions["soon"] < positions["far"] < positions["paused"]
    assert html.count('<tr class="overdue">') == 1
    assert html.count('<tr class="soon">') == 1
    assert "计时中止" in html
    assert "逾期" in html


def test_inbox_flags_provisional_due_dates(client, handler, agency):
    case = factories.received(agency, on=today())
    html = login(client, "handler").get("/workspace/").content.decode()
    assert ("临时" in html) == case.due_provisional


def test_inbox_filters(client, handler, inbox_cases):
    login(client, "handler")
    html = client.get("/workspace/", {"overdue": "1"}).content.decode()
    assert inbox_cases["overdue"].number in html and inbox_cases["far"].number not in html
    html = client.get("/workspace/", {"state": "awaiting_correction"}).content.decode()
    assert inbox_cases["paused"].number in html and inbox_cases["far"].number not in html
    html = client.get("/workspace/", {"q": inbox_cases["soon"].number}).content.decode()
    assert inbox_cases["soon"].number in html and inbox_cases["far"].number not in html


def test_inbox_pages_without_counting(client, handler, agency, monkeypatch):
    from fazhi.workspace import inbox

    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    cases = [factories.received(agency, on=today() - timedelta(days=d)) for d in (3, 2, 1)]
    login(client, "handler")
    first = client.get("/workspace/").content.decode()
    assert "page=2" in first and cases[2].number not in first
    second = client.get("/workspace/", {"page": "2"}).content.decode()
    assert cases[2].number in second and "page=3" not in second
    assert client.get("/workspace/", {"page": "x"}).status_code == 200


def test_inbox_query_count_does_not_grow_with_rows(client, handler, agency,
                                                   django_assert_max_num_queries):
    for d in range(5):
        factories.received(agency, on=today() - timedelta(days=d))
    login(client, "handler")
    # session read + idle refresh, user, staff, calendar, list, clocks of the page, due-soon badge
    with django_assert_max_num_queries(10):
        client.get("/workspace/")


def test_inbox_is_chinese_by_default_and_english_on_request(client, handler, agency):
    factories.received(agency, on=today())
    login(client, "handler")
    zh = client.get("/workspace/").content.decode()
    assert "待办案件" in zh and "收到日期" in zh and 'lang="zh-CN"' in zh
    client.cookies["django_language"] = "en"
    en = client.get("/workspace/").content.decode()
    assert "<h1>Inbox</h1>" in en and "Received" in en and 'lang="en"' in en


def test_supervisor_sees_every_agency_with_agency_column(client, supervisor, agency,
                                                         other_agency):
    mine = factories.received(agency, on=today())
    theirs = factories.received(other_agency, on=today())
    html = login(client, "supervisor").get("/workspace/").content.decode()
    assert mine.number in html and theirs.number in html
    assert "市市场监管局" in html
    page = client.get(f"/workspace/cases/{theirs.pk}/").content.decode()
    assert "发出补正通知" not in page  # city-wide reading, no writing for other agencies


# -- visibility -------------------------------------------------------------------------

def test_other_agencys_case_is_not_found_everywhere(client, handler, hidden_case):
    login(client, "handler")
    attachment = Attachment.objects.get(case=hidden_case)
    assert client.get(f"/workspace/cases/{hidden_case.pk}/").status_code == 404
    response = client.post(f"/workspace/cases/{hidden_case.pk}/act/withdraw/", {})
    assert response.status_code == 404
    assert client.get(f"/workspace/attachments/{attachment.pk}/").status_code == 404
    assert hidden_case.number not in client.get("/workspace/").content.decode()
    hidden_case.refresh_from_db()
    assert hidden_case.state == "processing"


def test_attachment_downloads_with_original_name(client, other_handler, hidden_case):
    login(client, "other")
    attachment = Attachment.objects.get(case=hidden_case)
    response = client.get(f"/workspace/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "%E8%BA%AB%E4%BB%BD%E8%AF%81.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


# -- case page and actions --------------------------------------------------------------

def test_case_page_shows_detail_clock_timeline_and_actions(client, handler, agency):
    case = factories.received(agency, on=today(), channel="fax")
    html = login(client, "handler").get(f"/workspace/cases/{case.pk}/").content.decode()
    assert case.receipt_code not in html and "厦门市司法局" in html  # the code is the applicant's
    assert "申请渠道" in html and "传真" in html  # verbose name and choice label
    assert "第三十三条" in html  # the clock explains itself
    assert "登记申请" in html  # the timeline's action label
    assert f'action="/workspace/cases/{case.pk}/act/request_correction/"' in html
    assert '<input type="date"' in html and "<select" in html and "<textarea" in html


def test_case_page_explains_a_stop_and_shows_the_partys_clock_art32(client, handler, agency):
    """条例第三十二条, 第三十三条第三款, 民法典第二百零一条: the case page names the days a
    consultation excludes, its bound, and the third party's own 15 WD as a clock of its own;
    the reply still has a due date."""
    from fazhi.disclosure.services import act

    now = today()
    case = factories.received(agency, on=now)
    case = act(handler, case, "consult", {"kind": "third_party", "party": "某科技有限公司",
                                          "sent_on": str(now), "method": "direct"}, today=now)
    html = login(client, "handler").get(f"/workspace/cases/{case.pk}/").content.decode()
    party_due = current_calendar().add_working_days(now, 15)
    assert f"最迟至{party_due.isoformat()}（第三方答复期限届满" in html
    assert "中止开始当日计入期限，结束当日不计入（《民法典》第二百零一条）" in html
    assert "第三方答复期限</strong>（第三方）" in html
    assert f"{case.due_on:%Y-%m-%d}" in html and "计时中止" in html
    assert f'action="/workspace/cases/{case.pk}/act/record_party_receipt/"' in html


def test_fee_notice_form_shows_the_applicants_requests_this_month_109(client, handler, agency):
    """国办函〔2020〕109号第四条: the fee notice shows the count the system found."""
    now = today()
    for _ in range(2):
        factories.received(agency, on=now)
    case = factories.received(agency, on=now)
    html = login(client, "handler").get(f"/workspace/cases/{case.pk}/").content.decode()
    assert f"{now:%Y年%m月}此前已向本机关提出2件申请" in html


def test_action_succeeds_and_redirects(client, handler, agency):
    case = factories.received(agency, on=today())
    login(client, "handler")
    response = client.post(f"/workspace/cases/{case.pk}/act/request_correction/", {
        "defects": "请写明所需信息的年份", "correction_due": str(today() + timedelta(days=15))})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "awaiting_correction" and case.event_count == 2
    page = client.get(response["Location"]).content.decode()
    assert "发出补正通知" in page and "待补正" in page


def test_invalid_action_data_re_renders_with_422_and_keeps_values(client, handler, agency):
    case = factories.received(agency, on=today())
    login(client, "handler")
    response = client.post(f"/workspace/cases/{case.pk}/act/request_correction/", {
        "defects": "", "guidance": "请到窗口咨询", "correction_due": "not-a-date"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "需补正事项：必须填写" in html
    assert "补正期限：日期格式不正确" in html
    assert "请到窗口咨询" in html
    case.refresh_from_db()
    assert case.event_count == 1 and case.state == "processing"


def test_effect_refusal_is_placed_next_to_its_field(client, handler, agency):
    case = factories.received(agency, on=today())
    login(client, "handler")
    response = client.post(f"/workspace/cases/{case.pk}/act/request_correction/", {
        "defects": "请写明年份", "correction_due": str(today())})
    assert response.status_code == 422
    assert "补正期限应当晚于今天" in response.content.decode()


def test_impossible_transition_is_409_and_writes_nothing(client, handler, agency):
    case = factories.received(agency, on=today())
    login(client, "handler")
    response = client.post(f"/workspace/cases/{case.pk}/act/serve/", {
        "method": "direct", "served_on": str(today())})
    assert response.status_code == 409
    assert "不能执行“送达答复”" in response.content.decode()
    assert client.post(f"/workspace/cases/{case.pk}/act/nonsense/", {}).status_code == 409
    case.refresh_from_db()
    assert case.event_count == 1


def test_missing_role_is_403(client, head, agency):
    case = factories.received(agency, on=today())
    login(client, "head")
    response = client.post(f"/workspace/cases/{case.pk}/act/reply/", {
        "answer_type": "A2", "text": "现将信息提供给您。"})
    assert response.status_code == 403
    assert "没有执行“作出答复”的权限" in response.content.decode()
    case.refresh_from_db()
    assert case.event_count == 1


def test_action_with_wrong_upload_type_is_refused(client, handler, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = factories.received(agency, on=today())
    login(client, "handler")
    response = client.post(f"/workspace/cases/{case.pk}/act/request_correction/", {
        "defects": "请写明年份", "correction_due": str(today() + timedelta(days=10)),
        "file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")})
    assert response.status_code == 422
    assert "不支持的文件类型" in response.content.decode()
    assert not Attachment.objects.filter(case=case).exists()


def test_user_text_is_escaped_on_case_page_and_inbox(client, handler, agency):
    case = factories.received(agency, on=today(), description=SCRIPT + "本市统计数据",
                              applicant_name=SCRIPT)
    login(client, "handler")
    for url in ("/workspace/", f"/workspace/cases/{case.pk}/"):
        html = client.get(url).content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_csrf_is_enforced(handler, agency):
    case = factories.received(agency, on=today())
    client = login(Client(enforce_csrf_checks=True), "handler")
    response = client.post(f"/workspace/cases/{case.pk}/act/withdraw/", {})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "processing"


# -- staff registration ------------------------------------------------------------------

def registration(**overrides) -> dict:
    return factories.application(channel="in_person", submitted_on=str(today())) | overrides


def test_registration_creates_a_case_with_identity_proof(client, handler, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "handler")
    assert client.get("/workspace/disclosure/new/").status_code == 200
    response = client.post("/workspace/disclosure/new/", registration(
        file=SimpleUploadedFile("proof.pdf", PDF)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/workspace/cases/{case.pk}/"
    assert case.agency == agency and case.received_on == today()
    assert case.attachments.get().kind == "identity_proof"


def test_registration_refuses_future_receipt_date(client, handler):
    login(client, "handler")
    response = client.post("/workspace/disclosure/new/", registration(
        submitted_on=str(today() + timedelta(days=1))))
    assert response.status_code == 422
    field = response.content.decode().split('for="new-submitted_on"')[1].split("</div>")[0]
    assert "收到日期不能晚于今天" in field  # shown at the date the person typed
    assert not Case.objects.exists()


def test_registration_shows_all_mistakes_at_once(client, handler):
    login(client, "handler")
    response = client.post("/workspace/disclosure/new/", registration(
        submitted_on="", phone="abc"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "提交日期：申请渠道为“当面提交”的，须填写此日期" in html and "联系电话：格式不正确" in html
    assert not Case.objects.exists()


def test_registration_asks_for_the_date_the_channel_names_art31(client, handler):
    """条例第三十一条: registered post counts from the day the agency signs for it; the form
    asks for that date right after the channel, and the receipt date follows from it."""
    login(client, "handler")
    page = client.get("/workspace/disclosure/new/").content.decode()
    order = [page.index(f'for="new-{name}"') for name in
             ("channel", "submitted_on", "signed_on", "confirmed_on", "description")]
    assert order == sorted(order) and 'for="new-received_on"' not in page
    signed = today() - timedelta(days=2)
    wrong = client.post("/workspace/disclosure/new/", registration(
        channel="registered_post", submitted_on="", confirmed_on=str(signed)))
    assert wrong.status_code == 422 and "签收日期：申请渠道为“邮寄（需签收）”的" in \
        wrong.content.decode()
    response = client.post("/workspace/disclosure/new/", registration(
        channel="registered_post", submitted_on="", signed_on=str(signed)))
    assert response.status_code == 302
    assert Case.objects.get().received_on == signed


def test_registration_shows_model_level_rule_on_top(client, handler):
    login(client, "handler")
    response = client.post("/workspace/disclosure/new/", registration(
        applicant_type="organisation"))
    assert response.status_code == 422
    top = response.content.decode().split('<div class="field')[0]
    assert "法人或其他组织申请的，请选择组织类别" in top
    assert not Case.objects.exists()


def test_registration_refuses_wrong_upload_type(client, handler):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "handler")
    response = client.post("/workspace/disclosure/new/", registration(
        file=SimpleUploadedFile("proof.pdf", b"not a pdf at all")))
    assert response.status_code == 422
    assert "内容与扩展名“pdf”不符" in response.content.decode()
    assert not Case.objects.exists()


def test_registration_is_for_handlers_only(client, head):
    login(client, "head")
    assert client.get("/workspace/disclosure/new/").status_code == 403


# -- supervision ---------------------------------------------------------------------------

def test_supervision_counts_per_agency(client, supervisor, agency, other_agency, handler):
    factories.received(agency, on=today() - timedelta(days=60))
    factories.received(agency, on=received_due_soon())
    factories.received(other_agency, on=today())
    response = login(client, "supervisor").get("/workspace/supervision/")
    assert response.status_code == 200
    html = response.content.decode()
    inbox = f"/workspace/?agency={agency.pk}"
    assert (f'<th scope="row"><a href="{inbox}">厦门市司法局</a></th><td>2</td>'
            f'<td><a href="{inbox}&amp;overdue=1">1') in html
    assert (f'<th scope="row"><a href="/workspace/?agency={other_agency.pk}">厦门市市场监督管理局'
            '</a></th><td>1</td><td>0</td><td>0</td>') in html
    chart = json_script_data(html, "supervision-data")
    assert chart["labels"] == ["市司法局", "市市场监管局"]  # every agency, short names
    assert chart["titles"] == ["厦门市司法局", "厦门市市场监督管理局"]
    overdue, soon = chart["series"]
    assert (overdue["values"], soon["values"]) == ([1, 0], [1, 0])
    assert overdue["stack"] == soon["stack"]  # one bar per agency
    assert overdue["links"] == [f"{inbox}&overdue=1",
                                f"/workspace/?agency={other_agency.pk}&overdue=1"]
    assert chart["labelLinks"] == [inbox, f"/workspace/?agency={other_agency.pk}"]


def test_supervision_bar_opens_that_agencys_overdue_cases(client, supervisor, agency,
                                                          other_agency):
    late = factories.received(agency, on=today() - timedelta(days=60))
    factories.received(agency, on=today())
    factories.received(other_agency, on=today() - timedelta(days=60))
    html = login(client, "supervisor").get("/workspace/supervision/").content.decode()
    chart = json_script_data(html, "supervision-data")
    link = chart["series"][0]["links"][chart["titles"].index("厦门市司法局")]
    rows = client.get(link).context["rows"]
    assert [row.case.pk for row in rows] == [late.pk]


def test_inbox_ignores_an_agency_filter_it_cannot_read(client, supervisor, agency):
    factories.received(agency, on=today())
    login(client, "supervisor")
    for value in ("abc", "9" * 40, "-1"):
        response = client.get(f"/workspace/?agency={value}")
        assert response.status_code == 200 and len(response.context["rows"]) == 1


def test_supervision_is_refused_to_handlers(client, handler):
    assert login(client, "handler").get("/workspace/supervision/").status_code == 403


def test_inbox_pages_across_dated_and_paused_cases(handler, agency, monkeypatch):
    from fazhi.workspace import inbox

    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    now = today()
    dated = [factories.received(agency, on=now - timedelta(days=d)) for d in (3, 2, 1)]
    paused = [factories.correcting(agency, handler, on=now, due=now + timedelta(days=9))
              for _ in range(2)]
    qs = Case.objects.visible_to(handler).inbox()
    pages = [inbox.open_by_due(qs, n) for n in (1, 2, 3, 4)]
    assert [[c.pk for c in rows] for rows, _ in pages] == [
        [dated[0].pk, dated[1].pk], [dated[2].pk, paused[0].pk], [paused[1].pk], []]
    assert [more for _, more in pages] == [True, True, False, False]
