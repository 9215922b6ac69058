"""国办发〔2018〕115号 is a guiding opinion divided into parts and items (一、二、… with
(一)…(十二) numbered through), not articles: every citation names the part and item."""

from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.core import indicators as ind

pytestmark = pytest.mark.django_db


def _deadline_list() -> dict[str, list[str]]:
    out = StringIO()
    call_command("deadline", "--list", stdout=out)
    return {line.split("\t")[0]: line.split("\t") for line in out.getvalue().splitlines()}


def test_review_limits_cite_part_two_item_five():
    """115号 二(五): review time generally not less than 5 and at most 15 working days."""
    limits = _deadline_list()
    assert limits["normative.review"][2:4] == ["15个工作日", "国办发〔2018〕115号 二(五)"]
    assert limits["normative.review_min"][2:4] == ["5个工作日", "国办发〔2018〕115号 二(五)"]
    assert not any("115号第" in "\t".join(row) for row in limits.values())


def test_indicator_bases_name_the_item_or_the_right_instrument():
    """115号 一(二): every normative document reviewed; the filing rates are indicator #27
    of the 2021 demonstration system, which 115号 does not address."""
    assert ind.get("normative.review_coverage").basis == "国办发〔2018〕115号 一(二)"
    for code in ("normative.filing_rate", "normative.filing_timeliness",
                 "normative.filing_conformity", "normative.correction_rate"):
        assert ind.get(code).basis == "市县法治政府建设示范指标体系（2021年版）第27项", code
