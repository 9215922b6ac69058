"""Staff case endpoints: inbox, detail, timeline, actions (with their error statuses),
registration, and agency scoping through Case.objects.visible_to."""

from datetime import date

import pytest
from django.test import Client

from fazhi.api.tests.conftest import DAY, bearer, token_for
from fazhi.holidays.services import current_calendar
from fazhi.law import timelimits

pytestmark = pytest.mark.django_db


def test_the_inbox_lists_open_cases_of_the_agency_earliest_due_first(api, cases):
    body = api.get("/api/v1/cases").json()
    ids = [item["id"] for item in body["items"]]
    assert set(ids) == {cases["received"].pk, cases["replied"].pk}  # served is closed
    assert cases["foreign"].pk not in ids
    dues = [item["due_on"] for item in body["items"]]
    assert dues == sorted(dues)
    assert body["next_offset"] is None


def test_the_inbox_pages_without_counting(api, cases):
    first = api.get("/api/v1/cases?limit=1").json()
    assert len(first["items"]) == 1 and first["next_offset"] == 1
    second = api.get("/api/v1/cases?limit=1&offset=1").json()
    assert second["next_offset"] is None
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_the_inbox_filters_and_refuses_a_page_too_large(api, cases):
    assert api.get("/api/v1/cases?state=replied").json()["items"][0]["id"] == cases["replied"].pk
    assert api.get("/api/v1/cases?procedure=nothing").json()["items"] == []
    assert len(api.get("/api/v1/cases?overdue=true").json()["items"]) == 2  # due in 2025
    assert api.get("/api/v1/cases?overdue=false").json()["items"] == []
    response = api.get("/api/v1/cases?limit=201")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "limit"


def test_the_detail_explains_its_clocks_and_offers_the_actions_allowed_now(api, cases):
    body = api.get(f"/api/v1/cases/{cases['received'].pk}").json()
    assert body["detail"]["applicant_name"] == "张三"
    clock = body["clocks"][0]
    assert clock["code"] == "disclosure.reply" and "第三十三条" in clock["explanation"]
    actions = {a["action"]: a for a in body["actions"]}
    assert "reply" in actions and "extend" not in actions  # the disclosure office head's
    assert "answer_type" in actions["reply"]["data_schema"]["properties"]


def test_the_timeline_carries_the_hash_chain(api, cases):
    events = api.get(f"/api/v1/cases/{cases['served'].pk}/events").json()
    assert [e["action"] for e in events] == ["open", "reply", "serve"]
    assert all(later["prev_hash"] == earlier["hash"] for earlier, later in zip(events, events[1:], strict=False))
    assert events[2]["payload"]["method"] == "post"
    # each event carries the state it produced, so anyone can recompute its hash (ADR 0018)
    from fazhi.cases.models import Case
    from fazhi.law import ledger

    served, case = events[2], Case.objects.get(pk=cases["served"].pk)
    assert served["state"] == {"state": case.state, "is_open": case.is_open,
                               "outcome": case.outcome} and served["format"] == ledger.V2
    assert ledger.event_hash("case", cases["served"].pk, served["seq"], served["action"],
                             served["actor"], served["at"],
                             ledger.canonical_payload(served["payload"]),
                             ledger.canonical_payload(served["state"]),
                             served["prev_hash"]) == served["hash"]


@pytest.mark.parametrize("suffix", ["", "/events"])
def test_another_agencys_case_reads_exactly_like_a_missing_one(api, cases, suffix):
    foreign = api.get(f"/api/v1/cases/{cases['foreign'].pk}{suffix}")
    missing = api.get(f"/api/v1/cases/999999{suffix}")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_another_agencys_case_cannot_be_acted_on_and_looks_missing(api, cases):
    url = "/api/v1/cases/{}/actions/withdraw"
    foreign = api.post(url.format(cases["foreign"].pk), {}, content_type="application/json")
    missing = api.post(url.format(999999), {}, content_type="application/json")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_a_supervisor_reads_every_agency_but_may_not_act(supervisor, cases):
    client = Client(headers={"Authorization": f"Bearer {token_for(supervisor)}"})
    case = cases["foreign"].pk
    assert client.get(f"/api/v1/cases/{case}").json()["actions"] == []
    response = client.post(f"/api/v1/cases/{case}/actions/withdraw", {},
                           content_type="application/json")
    assert response.status_code == 403


def _act(client, case, action, data):
    return client.post(f"/api/v1/cases/{case.pk}/actions/{action}", data,
                       content_type="application/json")


def test_an_action_updates_the_case_through_the_engine(api, cases):
    response = _act(api, cases["received"], "reply",
                    {"answer_type": "A2", "text": "经审查，现将所申请的信息提供给您。"})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "replied" and body["event_count"] == 2


def test_action_errors_carry_their_status_code_and_chinese_message(api, head, cases):
    unknown = _act(api, cases["received"], "fly", {})
    assert unknown.status_code == 409 and unknown.json()["code"] == "not_allowed"
    wrong_state = _act(api, cases["received"], "serve",
                       {"method": "post", "served_on": DAY.isoformat()})
    assert wrong_state.status_code == 409 and "办理中" in wrong_state.json()["message"]
    invalid = _act(api, cases["received"], "reply", {"answer_type": "A3", "text": "不予公开。"})
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid_data" and invalid.json()["errors"]
    missing_field = _act(api, cases["received"], "reply", {"answer_type": "A2"})
    assert missing_field.status_code == 422
    assert missing_field.json()["errors"][0]["field"] == "text"
    as_head = Client(headers={"Authorization": f"Bearer {token_for(head)}"})
    forbidden = _act(as_head, cases["received"], "reply",
                     {"answer_type": "A2", "text": "经审查，现将所申请的信息提供给您。"})
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "forbidden"


def test_a_body_that_is_not_an_object_is_refused(api, cases):
    url = f"/api/v1/cases/{cases['received'].pk}/actions/withdraw"
    assert api.post(url, "[1, 2]", content_type="application/json").status_code == 422
    assert api.post(url, "{not json", content_type="application/json").status_code == 400
    assert api.post(url, '{"reason": "\\u0000"}',
                    content_type="application/json").status_code == 400


def test_staff_register_a_request_received_by_letter(api, agency):
    from fazhi.disclosure.tests.factories import application

    data = application(channel="registered_post") | {"signed_on": DAY.isoformat()}
    response = api.post("/api/v1/disclosure/requests", data, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["agency_code"] == "XMSFJ" and body["received_on"] == DAY.isoformat()
    assert "receipt_code" not in body  # staff never see it: it went to the applicant
    assert body["receipt_sent_to"] == ["139****5678", "zh***@example.com"]
    future = api.post("/api/v1/disclosure/requests", data | {"signed_on": "2999-01-01"},
                      content_type="application/json")
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "signed_on"
    unsigned = api.post("/api/v1/disclosure/requests", application(channel="registered_post")
                        | {"confirmed_on": DAY.isoformat()}, content_type="application/json")
    assert unsigned.status_code == 422  # 条例第三十一条第二项: the signing date, not another
    before_law = api.post("/api/v1/disclosure/requests", data | {"signed_on": "2000-01-01"},
                          content_type="application/json")
    assert before_law.status_code == 422 and "尚未施行" in before_law.json()["message"]
    bad = api.post("/api/v1/disclosure/requests", data | {"channel": "pigeon"},
                   content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "channel"


def test_every_registered_limit_is_listed_with_its_citation(api):
    limits = {item["code"]: item for item in api.get("/api/v1/limits").json()}
    reply = limits["disclosure.reply"]
    assert (reply["value"], reply["unit"]) == (20, "working_day")
    assert "第三十三条" in reply["citation"] and reply["effective_from"] == "2019-05-15"


def test_the_deadline_endpoint_matches_the_kernel_for_a_disclosure_reply(api):
    body = api.get("/api/v1/deadline?code=disclosure.reply&from=2025-01-20").json()
    expected = timelimits.evaluate(timelimits.get("disclosure.reply", date(2025, 1, 20)),
                                   current_calendar(), date(2025, 1, 20))
    assert body["due"] == "2025-02-21" == expected.due.isoformat()
    assert body["explanation"] == expected.explanation
    assert "《政府信息公开条例》第三十三条" in body["explanation"]


def test_the_deadline_endpoint_applies_stops_and_extension(api):
    plain = api.get("/api/v1/deadline?code=disclosure.reply&from=2025-01-20").json()
    stopped = api.get("/api/v1/deadline?code=disclosure.reply&from=2025-01-20"
                      "&stop=2025-02-05:2025-02-10:征求第三方意见&extended=true").json()
    assert stopped["due"] > plain["due"] and stopped["stopped_days"] > 0 and stopped["extended"]
    assert stopped["stops"][0]["excluded_from"] == "2025-02-06"
    assert stopped["stops"][0]["excluded_to"] == "2025-02-10"


def test_the_deadline_endpoint_runs_an_open_stop_to_its_bound(api):
    """条例第三十二条: an unanswered consultation stops the reply clock at most until the
    third party's 15 WD run out; a stop without that bound is refused."""
    body = api.get("/api/v1/deadline?code=disclosure.reply&from=2025-09-26"
                   "&open_stop=2025-10-09:2025-10-29:征求第三方意见").json()
    assert body["due"] == "2025-11-20" and body["stops"][0]["excluded_days"] == 15
    unbounded = api.get("/api/v1/deadline?code=disclosure.reply&from=2025-09-26"
                        "&stop=2025-10-09:")
    assert unbounded.status_code == 422 and unbounded.json()["errors"][0]["field"] == "stop"


@pytest.mark.parametrize("query, field", [
    ("code=no.such&from=2025-01-20", "code"),
    ("code=disclosure.reply&from=2025-02-30", "from"),
    ("code=disclosure.reply&from=1800-01-01", "from"),
    ("code=disclosure.correction_notice&from=2025-01-20&extended=true", "extended"),
    ("code=disclosure.reply&from=2025-01-20&stop=2025-02-10:2025-02-01", "stop"),
])
def test_the_deadline_endpoint_refuses_bad_input_with_422(api, query, field):
    response = api.get(f"/api/v1/deadline?{query}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field and response.json()["message"]


def test_ledger_checkpoints_are_listed_newest_first(api, cases):
    from fazhi.core.ledger import record_checkpoint

    record_checkpoint()
    body = api.get("/api/v1/ledger/checkpoints").json()
    assert body[0]["event_count"] == 7 and len(body[0]["root"]) == 64


def test_a_huge_id_is_422_not_a_database_error(client, handler):
    response = client.get(f"/api/v1/cases/{2**70}", **bearer(token_for(handler)))
    assert response.status_code == 422
