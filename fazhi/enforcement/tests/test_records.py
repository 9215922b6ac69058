"""Full-process records (《行政处罚法》第四十七条; 国办发〔2018〕118号 执法全过程记录制度), the seizure's
custody items (《行政强制法》第二十四条), the transfer opened by the head's conclusion (《行政处罚法》
第二十七条、第五十七条第一款第四项) and electronic service (第六十一条第二款): each rule refused by
the engine with nothing written."""

import hashlib
from datetime import date

import pytest
from django.test import Client

from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.core.models import Event
from fazhi.enforcement import indicators, records, services
from fazhi.enforcement.models import ProcessRecord, RecordPolicy
from fazhi.enforcement.tests.factories import DAY0, av_data
from fazhi.org.actors import Actor

pytestmark = pytest.mark.django_db
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def events(case: Case) -> list[str]:
    return list(Event.objects.filter(kind="case", owner_id=case.pk).order_by("seq")
                .values_list("action", flat=True))


def inspect(world, case):
    return services.act(case, "record_investigation", world.handler,
                        {"kind": "inspection", "officer_ids": world.two, "summary": "现场检查笔录"},
                        today=DAY0)


# -- the audio/video list, enforced by the engine -------------------------------------------------
def test_an_on_site_inspection_without_its_video_is_refused_and_nothing_is_written(world):
    """第四十七条 and 118号: on-site inspection is on the default audio/video list."""
    case = world.opened()
    before = events(case)
    with pytest.raises(NotAllowed, match="现场检查.*须全程音像记录.*第四十七条"):
        inspect(world, case)
    assert events(case) == before
    rec = world.av(case, "inspection")
    inspect(world, case)
    rec.refresh_from_db()
    event = Event.objects.get(kind="case", owner_id=case.pk, seq=rec.used_seq)
    assert event.action == "record_investigation" and rec.sha256 in event.payload
    with pytest.raises(NotAllowed, match="须全程音像记录"):  # one record, one step
        inspect(world, case)


def test_evidence_preservation_is_not_offered_nor_taken_through_the_api_without_a_record(world):
    """118号: evidence preservation on record; the guard hides the step and `advance` refuses it."""
    case = world.opened()
    assert "preserve" not in {t.action for t in actions_for(case, world.head)}
    with pytest.raises(NotAllowed, match="先行登记保存证据.*须全程音像记录"):
        services.act(case, "preserve", world.head, {"officer_ids": world.two, "items": "食品20箱"},
                     today=DAY0)
    world.av(case, "preserve")
    assert "preserve" in {t.action for t in actions_for(case, world.head)}
    services.act(case, "preserve", world.head, {"officer_ids": world.two, "items": "食品20箱"},
                 today=DAY0)


def test_the_agencys_own_list_replaces_the_default(world):
    """The agency's 音像记录事项清单 (UNVERIFIED default otherwise) decides which steps need one."""
    RecordPolicy.objects.create(agency=world.agency, av_steps=["inquiry"], retention="permanent",
                                citation="本局音像记录事项清单（2025年）", effective_from=date(2025, 1, 1))
    case = world.opened()
    inspect(world, case)  # not on this agency's list
    with pytest.raises(NotAllowed, match="询问.*本机关音像记录事项清单"):
        services.act(case, "record_investigation", world.handler,
                     {"kind": "inquiry", "officer_ids": world.two, "summary": "询问笔录"}, today=DAY0)
    rec = world.av(case, "inquiry", kind="audio")
    assert rec.retention == "permanent"


def test_a_record_is_an_event_of_the_case_hash_chain(world):
    """One history (ADR 0018): the record's hash and metadata are in the case's chain."""
    from fazhi.core.chains import chain_problems

    case = world.opened()
    rec = world.av(case, "inspection")
    event = Event.objects.get(kind="case", owner_id=case.pk, seq=rec.event_seq)
    assert event.action == "record:video"
    assert rec.sha256 in event.payload and "ZFJLY-001" in event.payload
    case.refresh_from_db()
    assert chain_problems(case) == []


def test_an_uploaded_video_is_stored_with_its_hash_and_only_staff_download_it(world, client, settings,
                                                                              tmp_path):
    """The file is kept content-addressed; the party never sees it (第四十七条 records are the
    agency's file, not the party's)."""
    settings.MEDIA_ROOT = tmp_path
    case = world.opened()
    data = av_data("inspection", DAY0, "video", world.two)
    for key in ("sha256", "size", "filename", "archive_ref"):
        data.pop(key)
    rec = records.register(case, world.handler, data, ("clip.mp4", MP4), today=DAY0)
    assert rec.sha256 == hashlib.sha256(MP4).hexdigest() and rec.size == len(MP4)
    assert (tmp_path / rec.path).read_bytes() == MP4
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="m_handler"))
    response = client.get(f"/workspace/enforcement/records/{rec.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == MP4
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert f"/workspace/enforcement/records/{rec.pk}/download/" in page
    anonymous = Client().get(f"/workspace/enforcement/records/{rec.pk}/download/")
    assert anonymous.status_code in (302, 403)
    party = Client()
    party.post("/track/", {"code": case.receipt_code})
    assert f"records/{rec.pk}" not in party.get("/track/").content.decode()


@pytest.mark.parametrize(("change", "upload", "message"), [
    ({"stopped_at": "2025-03-03T08:00:00"}, None, "结束时间应晚于开始时间"),
    ({"stopped_at": "2025-03-09T10:00:00"}, None, "结束时间不能晚于今天"),
    ({"device": ""}, None, "音像记录须填写记录设备"),
    ({"sha256": "abc"}, None, "64位十六进制"),
    ({"archive_ref": ""}, None, "音像档案存放位置"),
    ({"kind": "written", "device": ""}, None, "文字记录须上传文件"),
    ({}, ("clip.mp4", b"not a video at all"), "内容与扩展名"),
    ({}, ("clip.avi", MP4), "音像记录文件应为"),
    ({"step": "lunch"}, None, "未知的办案环节"),
])
def test_bad_records_are_refused_with_nothing_written(world, change, upload, message):
    case = world.opened()
    before = events(case)
    data = av_data("inspection", DAY0, "video", world.two) | change
    with pytest.raises(InvalidData, match=message):
        records.register(case, world.handler, data, upload, today=DAY0)
    assert events(case) == before and not ProcessRecord.objects.exists()


def test_only_the_agencys_handler_or_head_registers_records(world):
    case = world.opened()
    data = av_data("inspection", DAY0, "video", world.two)
    with pytest.raises(Forbidden):
        records.register(case, Actor.public("当事人"), data, today=DAY0)
    with pytest.raises(Forbidden):
        records.register(case, world.reviewer, data, today=DAY0)
    with pytest.raises(InvalidData, match="执法人员名录"):
        records.register(case, world.handler, data | {"officer_ids": [999999]}, today=DAY0)


def test_the_indicator_counts_cases_with_complete_records(world):
    """Annual report (118号, 第四十七条): cases whose listed steps all have their record."""
    world.investigated()  # its inspection was recorded
    case = world.opened(party_id="91350200MA2Y0000ZZ")
    RecordPolicy.objects.create(agency=world.agency, av_steps=[], retention="30y",
                                citation="试行", effective_from=DAY0)
    inspect(world, case)  # not required that day: a gap under today's list
    RecordPolicy.objects.all().delete()
    value = indicators.av_complete(2025, None)
    assert (value.numerator, value.denominator) == (1, 2)


# -- seizure → custody (《行政强制法》第二十四条) ---------------------------------------------------
def preserved(world):
    case = world.opened()
    world.av(case, "preserve")
    return services.act(case, "preserve", world.head,
                        {"officer_ids": world.two, "items": "过期食品20箱"}, today=DAY0)


def test_seizure_registers_the_items_in_custody_in_the_same_transaction(world, client):
    from fazhi.custody.models import Item

    case = preserved(world)
    with pytest.raises(NotAllowed, match="查封、扣押.*须全程音像记录"):
        services.act(case, "decide_preserved", world.head,
                     {"way": "seize", "items": ["过期食品；20；箱；3000；本局暂存处"]}, today=DAY0)
    world.av(case, "seize")
    services.act(case, "decide_preserved", world.head,
                 {"way": "seize", "items": ["过期食品；20；箱；3000；本局暂存处", "电子秤；1；台"]},
                 today=DAY0)
    items = list(Item.objects.filter(case=case).order_by("id"))
    assert [(i.description, i.unit, i.owner_name) for i in items] == [
        ("过期食品", "箱", "厦门某某食品有限公司"), ("电子秤", "台", "厦门某某食品有限公司")]
    assert items[0].event_count == 1  # the custody chain starts from the case
    event = Event.objects.filter(kind="case", owner_id=case.pk).latest("seq")
    assert items[0].code in event.payload
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="m_handler"))
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert f"/workspace/custody/items/{items[0].pk}/" in page


def test_a_seizure_without_its_list_or_with_a_bad_line_writes_nothing(world):
    from fazhi.custody.models import Item

    case = preserved(world)
    world.av(case, "seize")
    before = events(case)
    with pytest.raises(InvalidData, match="须列明财物清单.*第二十四条"):
        services.act(case, "decide_preserved", world.head, {"way": "seize"}, today=DAY0)
    with pytest.raises(InvalidData, match="第2行"):
        services.act(case, "decide_preserved", world.head,
                     {"way": "seize", "items": ["过期食品；20；箱", "只有名称"]}, today=DAY0)
    with pytest.raises(InvalidData, match="数量应为"):
        services.act(case, "decide_preserved", world.head,
                     {"way": "seize", "items": ["过期食品；许多；箱"]}, today=DAY0)
    assert events(case) == before and not Item.objects.exists()


# -- "transferred" opens the transfer case (第二十七条, 第五十七条第一款第四项) ----------------------------
@pytest.fixture
def police(city):
    from fazhi.org.models import Agency

    Agency.objects.create(code="XMSJCY", name="厦门市人民检察院", short_name="市检察院", region=city,
                          kind="other")
    return Agency.objects.create(code="XMGAJ", name="厦门市公安局", short_name="市公安局", region=city)


def test_the_heads_transfer_conclusion_opens_the_transfer_case_linked_both_ways(world, police,
                                                                                  client):
    from fazhi.transfers.models import Transfer

    case = world.investigated()
    services.act(case, "conclude", world.head,
                 {"way": "transferred", "reasons": "涉案货值金额较大，涉嫌犯罪"}, today=DAY0)
    case.refresh_from_db()
    transfer = Transfer.objects.get(source=case)
    assert case.state == "closed" and case.outcome == "transferred"
    assert transfer.case.state == "reported" and transfer.report == "涉案货值金额较大，涉嫌犯罪"
    assert transfer.police == police and len(transfer.officers) == 2
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="m_head"))
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert f"/workspace/cases/{transfer.case.pk}/" in page
    back = client.get(f"/workspace/cases/{transfer.case.pk}/").content.decode()
    assert f"/workspace/cases/{case.pk}/" in back


def test_no_transfer_case_and_no_conclusion_when_the_police_organ_is_unknown(world):
    """Decree 310 第五条第二款: the transfer goes to a public-security organ of the directory."""
    from fazhi.transfers.models import Transfer

    case = world.investigated()
    with pytest.raises(InvalidData, match="公安机关"):
        services.act(case, "conclude", world.head,
                     {"way": "transferred", "reasons": "涉案货值金额较大，涉嫌犯罪"}, today=DAY0)
    case.refresh_from_db()
    assert case.state == "investigated" and not Transfer.objects.exists()
    assert not Case.objects.filter(procedure="transfer").exists()


# -- electronic service (第六十一条第二款) --------------------------------------------------------
def serve(world, case, channel="portal"):
    from fazhi.delivery import services as delivery
    from fazhi.enforcement import eservice

    doc = eservice.document(case)
    return delivery.serve(case=case, document_title=doc.title, content=doc.content,
                          filename=doc.filename, party=doc.party, actor=world.handler,
                          channel=channel)


def consent(world, case):
    from fazhi.delivery import services as delivery
    from fazhi.enforcement import eservice

    delivery.give_consent(party=eservice.party(case), channels=["portal"], how="signed_form",
                          actor=world.handler, case=case)


def test_electronic_service_without_consent_is_refused(world):
    """第六十一条第二款: electronic service only with the party's consent."""
    case = world.proposed()
    with pytest.raises(NotAllowed, match="未同意电子送达"):
        serve(world, case)
    case.refresh_from_db()
    assert case.state == "proposed" and not case.deliveries.exists()


def test_the_delivery_service_date_notifies_and_serves_the_decision(world):
    """第六十一条: the notice's service date (the delivery's) starts the defence period; the
    decision served electronically starts the payment period."""
    from django.utils import timezone

    today = timezone.localdate()
    case = world.proposed(on=today)
    consent(world, case)
    serve(world, case)
    case.refresh_from_db()
    assert case.state == "notified" and case.penalty.notice_served_on == today
    services.act(case, "waive", world.handler, {"note": "书面放弃"}, today=today)
    case = services.act(case, "decide", world.head, {"fine": "20000", "kinds": ["fine"],
                                              "reasons": "依法处罚"}, today=today)
    serve(world, case)
    case.refresh_from_db()
    assert case.state == "served" and case.penalty.served_on == today
    event = Event.objects.filter(kind="case", owner_id=case.pk, action="serve").get()
    assert '"electronic"' in event.payload


@pytest.fixture
def english_restored():
    """The test client's English request leaves English active in this thread: back after."""
    from django.utils import translation

    yield
    translation.deactivate()


def test_the_record_pages_are_english_for_an_english_user(world, client, settings, police,
                                                           english_restored):
    """ADR 0027: the new pages' chrome and labels are translated; data stays marked Chinese."""
    from django.contrib.auth.models import User

    from fazhi.core.english import chinese_outside_marked
    from fazhi.custody.models import Item

    case = preserved(world)
    world.av(case, "seize")
    services.act(case, "decide_preserved", world.head,
                 {"way": "seize", "items": ["过期食品；20；箱；3000；本局暂存处"]}, today=DAY0)
    Item.objects.update(description="expired food", unit="box", location="store",
                        owner_name="party")
    ProcessRecord.objects.update(title="video", archive_ref="archive/1", recorded_by="handler")
    from fazhi.org.models import Staff
    from fazhi.subjects.models import Officer

    for n, row in enumerate(Officer.objects.all()):
        Officer.objects.filter(pk=row.pk).update(name=f"officer {n}")
    Staff.objects.update(display_name="staff")

    def leaks(response) -> list[str]:  # the site frame's footer is the city's data
        return [x for x in chinese_outside_marked(response.content.decode())
                if not x.startswith(("Hosted by", "Address"))]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(User.objects.get(username="m_handler"))
    page = client.get(f"/workspace/enforcement/{case.pk}/records/new/")
    assert page.status_code == 200 and leaks(page) == []
    bad = client.post(f"/workspace/enforcement/{case.pk}/records/new/",
                      {"kind": "video", "step": "inspection", "title": "clip"})
    assert bad.status_code == 422
    assert leaks(bad) == []
    from fazhi.enforcement.views import detail
    from fazhi.org.actors import Actor as A

    template, context = detail(case, A.for_user(User.objects.get(username="m_handler")))
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string(template, context)
    assert "Property seized in this case" in html and "/workspace/custody/items/" in html
    assert chinese_outside_marked(html) == []


def test_the_api_refuses_the_step_the_screens_would_refuse(world, client):
    """Issue 13 "done means": no direct API call skips the audio/video rule (第四十七条)."""
    from fazhi.api.tests.conftest import bearer, token_for

    case = world.opened()
    before = events(case)
    headers = bearer(token_for(world.head))
    body = {"officer_ids": world.two, "items": "过期食品20箱"}
    response = client.post(f"/api/v1/cases/{case.pk}/actions/preserve", body,
                           content_type="application/json", **headers)
    assert response.status_code == 409 and "须全程音像记录" in response.json()["message"]
    assert events(case) == before
    world.av(case, "preserve")
    response = client.post(f"/api/v1/cases/{case.pk}/actions/preserve", body,
                           content_type="application/json", **headers)
    assert response.status_code == 200
    listed = client.get(f"/api/v1/cases/{case.pk}/events", **headers).json()
    assert [e["action"] for e in listed][-2:] == ["record:video", "preserve"]


def test_a_notice_of_a_revised_proposal_served_late_does_not_notify_the_new_one(world):
    """第五十八条 and 第四十四条: after a failed review the revised proposal is notified anew;
    the earlier notice's service, confirmed late, is not its notice."""
    from django.utils import timezone

    from fazhi.delivery import services as delivery
    from fazhi.delivery.models import Delivery
    from fazhi.enforcement import eservice
    from fazhi.enforcement.models import ReviewableMatter
    from fazhi.enforcement.procedure import CHECKLIST

    today = timezone.localdate()
    ReviewableMatter.objects.create(agency=world.agency, label="全部", every_case=True,
                                    citation="清单第1项", effective_from=date(2021, 7, 15))
    case = world.proposed(on=today)
    delivery.give_consent(party=eservice.party(case), channels=["email"], how="signed_form",
                          actor=world.handler, case=case, email="party@example.com")
    old = serve(world, case, channel="email")  # sent; delivery confirmed later
    services.act(case, "notify", world.handler, {"served_on": today.isoformat()}, today=today)
    services.act(case, "waive", world.handler, {"note": "放弃"}, today=today)
    services.act(case, "submit_review", world.handler, {}, today=today)
    services.act(case, "decide_review", world.reviewer, dict.fromkeys(CHECKLIST, "ok") | {
        "outcome": "fail", "opinion": "裁量不当", "reasons": "未考虑改正情节"}, today=today)
    case = services.act(case, "revise_proposal", world.head,
                        {"fine": "15000", "kinds": ["fine"], "reasons": "考虑改正情节"}, today=today)
    Delivery.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timezone.timedelta(hours=1))
    old.notification.state = "sent"
    old.notification.save(update_fields=["state"])
    delivery.refresh(old.pk)
    case.refresh_from_db()
    assert case.state == "proposed" and case.penalty.notice_served_on is None


def test_the_history_names_a_record_entry(world, client):
    from django.contrib.auth.models import User

    case = world.opened()
    world.av(case, "inspection")
    client.force_login(User.objects.get(username="m_handler"))
    page = client.get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "登记视频记录" in page and "记录类型" in page


def test_the_operator_edits_the_list_with_known_step_codes_only():
    from fazhi.enforcement.admin import RecordPolicyForm

    form = RecordPolicyForm(data={"av_steps": '["preserve", "lunch"]', "retention": "30y",
                                  "citation": "清单", "effective_from": "2025-01-01"})
    assert not form.is_valid() and "av_steps" in form.errors


def test_the_admin_pages_open(admin_client, world):
    world.av(world.opened(), "inspection")
    for url in ("/admin/enforcement/recordpolicy/add/", "/admin/enforcement/processrecord/",
                f"/admin/enforcement/processrecord/{ProcessRecord.objects.get().pk}/change/"):
        assert admin_client.get(url).status_code == 200, url


def test_a_replaced_file_or_an_edited_row_shows_against_the_chain(world, settings, tmp_path):
    """第四十七条 records are evidence: what the chain registered is what is kept."""
    settings.MEDIA_ROOT = tmp_path
    case = world.opened()
    data = av_data("inspection", DAY0, "video", world.two)
    for key in ("sha256", "size", "filename", "archive_ref"):
        data.pop(key)
    rec = records.register(case, world.handler, data, ("clip.mp4", MP4), today=DAY0)
    archived = world.av(case, "preserve")
    assert records.problems(case) == []
    (tmp_path / rec.path).write_bytes(MP4 + b"cut")
    ProcessRecord.objects.filter(pk=archived.pk).update(sha256="0" * 64)
    assert records.problems(case) == [f"记录{rec.pk}的文件已被改动（SHA-256不符）",
                                      f"记录{archived.pk}与案件历史第{archived.event_seq}项不符"]
