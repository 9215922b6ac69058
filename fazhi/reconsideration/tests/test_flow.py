"""The whole procedure: applied online, deemed accepted, ordinary procedure with a hearing,
a decision revoking with an order to redo, served and published (《行政复议法》第三十条、
第四十八条至第五十一条、第六十一条、第六十四条、第七十五条、第七十九条)."""

from datetime import date

import pytest

from fazhi.reconsideration import jobs, services
from fazhi.reconsideration.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def test_applied_deemed_accepted_heard_revoked_with_redo_and_served(world):
    case = world.apply()
    jobs.deem_accepted(date(2025, 3, 11))
    case.refresh_from_db()
    assert case.state == "accepted"
    on = date(2025, 3, 11)
    services.act(case, "set_track", world.handler,
                 {"track": "ordinary", "clear": True, "handler_name": "王复议"}, today=on)
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-11", "received_on": "2025-03-11"}, today=on)
    services.act(case, "file_reply", world.respondent, {"reply": "答复", "evidence": "证据"},
                 today=on)
    services.act(case, "schedule_hearing", world.handler,
                 {"notified_on": "2025-03-11", "hearing_on": "2025-03-20", "presiding": "张主持",
                  "officers": ["甲", "乙"], "clerk": "赵记录"}, today=on)
    services.act(case, "record_hearing", world.handler,
                 {"record_no": "FY-TZ-1", "summary": "双方质证", "head_attended": True},
                 today=date(2025, 3, 20))
    world.propose(case, date(2025, 3, 21), kind="revoke", redo=True, redo_days=30,
                  hearing_record_no="FY-TZ-1")
    case = services.act(case, "decide", world.organ_head, {"decision_no": "厦府复〔2025〕8号"},
                        today=date(2025, 3, 24))
    assert case.state == "decided"
    case = services.act(case, "serve", world.handler,
                        {"served_on": "2025-03-25", "channel": "direct"}, today=date(2025, 3, 25))
    r = case.reconsideration
    # an order to redo is performed under the body's supervision (第七十七条) before it closes
    assert case.state == "performing" and case.is_open and case.outcome == "revoke"
    assert r.perform_due == date(2025, 4, 24)
    assert r.redo_ordered and r.published and r.decision_no == "厦府复〔2025〕8号"
    assert case.procedure == services.PROCEDURE
    assert case.received_on == DAY0
