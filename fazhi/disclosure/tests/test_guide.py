"""Each agency's disclosure guide (政府信息公开指南) and proactive-disclosure catalogue
(主动公开目录), generated from data (《政府信息公开条例》第十二条, 第二十条)."""

import pytest

from fazhi.normative.tests.factories import World

pytestmark = pytest.mark.django_db


def test_the_guide_states_where_how_when_what_it_costs_and_the_remedies(client, agency):
    agency.disclosure_office = "厦门市司法局政府信息公开办公室"
    agency.address, agency.hours, agency.phone = "厦门市思明区某路1号", "工作日 8:00-12:00", "0592-1234567"
    agency.save()
    page = client.get(f"/disclosure/guide/{agency.code}/").content.decode()
    for fact in ("厦门市司法局政府信息公开指南", "厦门市司法局政府信息公开办公室", "厦门市思明区某路1号",
                 "工作日 8:00-12:00", "0592-1234567",
                 # time limits with their articles, as the procedure counts them
                 "自收到申请之日起20个工作日", "第三十三条第二款", "自收到申请之日起7个工作日",
                 "第三十条", "第三十一条", "第二十六条",
                 # fees: 国办函〔2020〕109号 bands
                 "国办函〔2020〕109号", "11至30件每件100元", "201页以上每页40元",
                 # remedies
                 "第五十一条", "《行政复议法》第二十条", "《行政诉讼法》第四十六条",
                 "/disclosure/apply/", f"/disclosure/catalogue/{agency.code}/"):
        assert fact in page, fact


def test_an_unknown_agency_has_no_guide(client, agency):
    response = client.get("/disclosure/guide/NOPE/")
    assert response.status_code == 404 and "机关不存在" in response.content.decode()
    assert client.get("/disclosure/catalogue/NOPE/").status_code == 404


def test_the_catalogue_lists_article_20_with_the_published_documents(
        client, agency, other_agency):
    world = World(agency, other_agency)
    case, _ = world.published(title="厦门市市场监督管理局关于营商环境的若干规定")
    page = client.get(f"/disclosure/catalogue/{other_agency.code}/").content.decode()
    # every category of 第二十条, (一) to (十五)
    assert "（一）行政法规、规章和行政规范性文件" in page
    assert "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息" in page
    assert "厦门市市场监督管理局关于营商环境的若干规定" in page
    assert f"/library/{case.pk}/" in page
    doc = case.normative
    assert doc.disclosure_index_no and doc.disclosure_index_no in page
    # another agency's catalogue does not list it
    other = client.get(f"/disclosure/catalogue/{agency.code}/").content.decode()
    assert "关于营商环境的若干规定" not in other and "本平台暂未发布该类信息" in other


def test_guides_are_reached_from_the_home_page_and_the_site_search(client, agency):
    assert "/disclosure/guide/" in client.get("/").content.decode()
    index = client.get("/disclosure/guide/").content.decode()
    assert f"/disclosure/guide/{agency.code}/" in index
    found = client.get("/search/", {"q": "市司法局"}).content.decode()
    assert f"/disclosure/guide/{agency.code}/" in found
    assert f"/disclosure/catalogue/{agency.code}/" in found
    assert f"/disclosure/guide/{agency.code}/" in client.get(
        "/search/", {"q": "公开指南"}).content.decode()


def test_the_guide_is_complete_in_english(client, agency):
    client.cookies["django_language"] = "en"
    page = client.get(f"/disclosure/guide/{agency.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Disclosure guide of 厦门市司法局" in page and "Time limits" in page
    assert "given in Chinese only" in page


def test_every_app_declaring_catalogue_items_answers_for_an_agency(agency):
    """Normative documents (一), inspections (十三), lotteries (十五): each provider runs and
    files its items under a category of 第二十条."""
    from fazhi.core import modules
    from fazhi.disclosure.guide import ART20, catalogue_of

    providers = {m.label: p for m, p in modules.catalogue_providers()}
    assert {"normative", "inspections", "lottery"} <= set(providers)
    for provider in providers.values():
        entries, total = provider(agency, 5)
        assert total == len(entries) == 0
    assert [c.number for c in catalogue_of(agency)] == list(ART20)
