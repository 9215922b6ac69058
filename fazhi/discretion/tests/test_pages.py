"""The staff pages of the agency's legal office and the public pages (《行政处罚法》第三十四条:
benchmarks are published)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff
from fazhi.discretion import queries
from fazhi.discretion.models import Benchmark
from fazhi.discretion.tests.factories import published
from fazhi.discretion.tests.test_import import GOOD, xlsx

pytestmark = pytest.mark.django_db


def login(actor_username: str) -> Client:
    from django.contrib.auth.models import User

    c = Client()
    c.force_login(User.objects.get(username=actor_username))
    return c


@pytest.fixture
def reviewer(other_agency):
    return make_staff(other_agency, "lawyer", ["reviewer"], "孙法审")


def test_reviewer_imports_then_publishes(tmp_path, reviewer, other_agency) -> None:
    c = login("lawyer")
    with xlsx(tmp_path, GOOD).open("rb") as f:
        r = c.post(reverse("discretion:import"), {"version": "2024", "effective_from": "2024-01-01", "file": f})
    assert r.status_code == 302
    b = Benchmark.objects.get(violation_code="SP-1")
    assert b.status == "draft" and b.agency == other_agency
    assert c.get(reverse("discretion:detail", args=[b.pk])).status_code == 404  # not public yet
    assert c.post(reverse("discretion:publish", args=[b.pk])).status_code == 302
    b.refresh_from_db()
    assert b.status == "published"
    page = Client().get(reverse("discretion:detail", args=[b.pk])).content.decode()
    assert "未查验进货" in page and "涉案金额不满10000元" in page and "罚款5000元至20000元" in page
    # publishing twice is a conflict, not a 500
    assert c.post(reverse("discretion:publish", args=[b.pk])).status_code == 409


def test_a_bad_file_is_a_422_listing_the_rows(tmp_path, reviewer) -> None:
    rows = [r[:] for r in GOOD]
    rows[3][5] = 8000
    with xlsx(tmp_path, rows).open("rb") as f:
        r = login("lawyer").post(reverse("discretion:import"),
                                 {"version": "2024", "effective_from": "2024-01-01", "file": f})
    assert r.status_code == 422
    assert "档次重叠" in r.content.decode() and not Benchmark.objects.exists()


def test_only_the_legal_office_imports_and_only_its_own(tmp_path, reviewer, other_handler, agency) -> None:
    with xlsx(tmp_path, GOOD).open("rb") as f:
        r = login("other").post(reverse("discretion:import"),
                                {"version": "2024", "effective_from": "2024-01-01", "file": f})
    assert r.status_code == 403
    foreign = Benchmark.objects.create(agency=agency, violation_code="X", violation_name="x",
                                       basis="b", version="1", effective_from=date(2024, 1, 1))
    assert login("lawyer").post(reverse("discretion:publish", args=[foreign.pk])).status_code == 404
    assert Client().get(reverse("discretion:staff")).status_code == 302  # to sign-in


def test_public_list_search_and_versions(other_agency) -> None:
    old = published(other_agency, version="2023", effective_from=date(2023, 1, 1))
    new = published(other_agency, version="2025", effective_from=date(2025, 1, 1))
    listing = Client().get(reverse("discretion:list"), {"q": "查验"}).content.decode()
    assert "未按规定查验进货" in listing and "2025" in listing
    assert "SP-126" not in Client().get(reverse("discretion:list"), {"q": "不存在的词"}).content.decode()
    page = Client().get(reverse("discretion:detail", args=[old.pk])).content.decode()
    assert "2025-01-01" in page and reverse("discretion:detail", args=[new.pk]) in page
    hits = queries.search("查验", 10)
    assert [h.url for h in hits] == [reverse("discretion:detail", args=[new.pk]),
                                     reverse("discretion:detail", args=[old.pk])]


def test_home_and_site_map_link_the_benchmarks(other_agency) -> None:
    published(other_agency)
    home = Client().get("/").content.decode()
    assert reverse("discretion:list") in home
    assert reverse("discretion:lists") in Client().get("/sitemap/").content.decode()
    assert Client().get(reverse("discretion:lists")).status_code == 200
    assert Client().get(reverse("discretion:detail", args=[99999])).status_code == 404


def test_trial_assessment_shows_tier_exemption_and_deviation(other_agency, other_handler) -> None:
    """The officer's trial: tier and range (《行政处罚法》第三十四条), the first-offence rule
    (第三十三条第一款) and a fine above the tier flagged; nothing is written."""
    from fazhi.discretion.tests.factories import published_list

    published(other_agency)
    published_list(other_agency)
    c = login("other")
    page = c.get(reverse("discretion:assess"))
    assert page.status_code == 200 and "SP-126" in page.content.decode()
    key = f"{other_agency.pk}:SP-126"
    base = {"violation_code": key, "on": "2024-06-01", "amount_involved": "500", "harm": "minor",
            "first_offence": "yes", "corrected": "yes", "cooperated": "yes",
            "proposed_fine": "8000", "proposed_kinds": ["fine"]}
    text = c.get(reverse("discretion:assess"), base).content.decode()
    assert "从轻" in text and "罚款1000元至5000元" in text
    assert "可以不予处罚" in text and "首违不罚" in text
    assert "高于“从轻”档上限5000元" in text
    missing = c.get(reverse("discretion:assess"), base | {"amount_involved": ""})
    assert missing.status_code == 422 and "缺少认定裁量档次所需的事实：涉案金额" in missing.content.decode()
    assert c.get(reverse("discretion:assess"), base | {"violation_code": "9999:X"}).status_code == 422
