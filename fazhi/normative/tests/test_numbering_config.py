"""Race-free gapless numbering (§1.6) and city parameters validated against the statute."""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections

from fazhi.normative import config
from fazhi.normative import models as m
from fazhi.normative import services as s

WORKERS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_registration_gives_unique_gapless_numbers(world):
    """Parallel registrations of one issuer in one year: no duplicate, no gap (SQLite and PG)."""
    ready = [world.deliberated(title=f"厦门市市场监督管理局关于第{i}类食品摊贩管理的规定")
             for i in range(WORKERS)]
    errors: list[Exception] = []
    barrier = threading.Barrier(WORKERS)

    def worker(case, day) -> None:
        try:
            barrier.wait()
            s.act(world.drafter, case, "register", {"signed_by": "孙局长", "signed_on": day.isoformat()},
                  today=day)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=pair) for pair in ready]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    docs = m.NormativeDocument.objects.all()
    assert sorted(d.number_seq for d in docs) == list(range(1, WORKERS + 1))
    assert sorted(d.doc_no for d in docs) == sorted(f"厦市监规〔2026〕{n}号" for n in range(1, WORKERS + 1))
    assert sorted(d.registration_no for d in docs) == [f"XMSJGF-2026-{n:03d}" for n in range(1, WORKERS + 1)]
    assert len({d.disclosure_index_no for d in docs}) == WORKERS
    assert connection.vendor in {"sqlite", "postgresql"}


def test_defaults_are_lawful():
    params = config.build({}, environ={})
    assert (params.comment_days, params.market_comment_days, params.review_max_days) == (7, 30, 15)
    assert (params.validity_years, params.provisional_validity_years) == (5, 2)


@pytest.mark.parametrize("values,message", [
    ({"comment_days": 5}, "征求意见期限不得少于7个工作日"),
    ({"market_comment_days": 20}, "不得少于30日（《优化营商环境条例》第六十二条）"),
    ({"review_max_days": 20}, "5至15个工作日之间（国办发〔2018〕115号 二(五)）"),
    ({"review_max_days": 3}, "5至15个工作日之间"),
    ({"provisional_validity_years": 6}, "不得长于一般文件"),
    ({"filing_days": 0}, "报备期限应在1至"),
    ({"filing_days": "十五"}, "应为整数"),
])
def test_configuration_below_statutory_minimum_is_refused(values, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        config.build(values, environ={})


def test_city_may_lengthen_and_env_overrides():
    params = config.build({"comment_days": 10, "filing_days": 15},
                          environ={"FAZHI_NORMATIVE_MARKET_COMMENT_DAYS": "45"})
    assert (params.comment_days, params.filing_days, params.market_comment_days) == (10, 15, 45)
