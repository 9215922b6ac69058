"""The site frame on the public site: header navigation, footer, the large-text mode, the
language menu, and the pages about the site (agency contacts, accessibility statement,
site map)."""

import re

import pytest
from django.test import override_settings

from fazhi.core import modules
from fazhi.core.frame import DISPLAY_COOKIE
from fazhi.org.models import Agency, Region

pytestmark = pytest.mark.django_db


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def footer(html: str) -> str:
    return html[html.index('<footer'):]


# -- agency contacts ---------------------------------------------------------------------

@pytest.fixture
def district_government(city):
    district = Region.objects.create(code="350203", name="思明区", level="district", parent=city)
    return Agency.objects.create(
        code="XMSMQ", name="厦门市思明区人民政府", short_name="思明区政府", kind="government",
        region=district, address="厦门市思明区思明南路100号", postcode="361001",
        phone="0592-0000031", fax="0592-0100031", email="smq@xm.gov.example",
        hours="工作日 8:00–12:00，14:30–17:30（夏令时 15:00–18:00）",
        disclosure_office="厦门市思明区人民政府办公室",
        disclosure_address="厦门市思明区云顶中路317号 思明区行政服务中心一楼政务公开窗口",
        disclosure_phone="0592-0200031", disclosure_email="xxgk.smq@xm.gov.example")


def test_contacts_give_every_agency_address_phone_hours_and_disclosure_office(
        client, agency, district_government):
    """《政府信息公开条例》第十二条: the disclosure guide gives the disclosure office's name,
    office address, office hours, telephone, fax and internet contact."""
    agency.address, agency.phone = "厦门市思明区白鹭洲路88号", "0592-0000010"
    agency.hours = "工作日 8:00–12:00，14:30–17:30（夏令时 15:00–18:00）"
    agency.disclosure_office, agency.disclosure_phone = "厦门市司法局办公室", "0592-0000010"
    agency.save()

    response = client.get("/contacts/")
    text = response.content.decode()
    assert response.status_code == 200 and "<h1>机关联系方式</h1>" in text
    for expected in ("厦门市司法局", "厦门市思明区白鹭洲路88号", "0592-0000010",
                     "厦门市思明区人民政府", "厦门市思明区思明南路100号", "361001",
                     "0592-0000031", "0592-0100031", "smq@xm.gov.example",
                     "工作日 8:00–12:00，14:30–17:30（夏令时 15:00–18:00）",
                     "厦门市思明区人民政府办公室", "思明区行政服务中心一楼政务公开窗口",
                     "0592-0200031", "xxgk.smq@xm.gov.example", "厦门市司法局办公室"):
        assert expected in text, expected
    # The disclosure office's telephone is the agency's own: not listed twice.
    bureau = text[text.index('id="agency-xmsfj"'):text.index('id="agency-xmsmq"')]
    assert bureau.count("0592-0000010<") == 1
    # City bodies first, then each district under its name; anchors to jump to each.
    order = ['<h2 id="region-350200">市级机关</h2>', 'id="agency-xmsfj"',
             '<h2 id="region-350203">思明区</h2>', 'id="agency-xmsmq"']
    assert [text.index(mark) for mark in order] == sorted(text.index(mark) for mark in order)
    assert 'href="#region-350203"' in text


def test_contacts_page_without_agencies_says_so(client, db):
    assert "尚未录入机关" in client.get("/contacts/").content.decode()


def test_admin_form_normalises_telephones_and_refuses_a_bad_postcode(city):
    """Telephone, fax and postcode are identifiers typed by people: NFKC before validation."""
    from fazhi.org.admin import AgencyForm

    data = {"code": "XMTJJ", "name": "厦门市统计局", "short_name": "市统计局",
            "kind": "department", "region": city.pk, "phone": "０５９２－０００００２９",
            "postcode": "３６１００３", "disclosure_fax": "0592 0100029"}
    form = AgencyForm(data)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["phone"], form.cleaned_data["postcode"],
            form.cleaned_data["disclosure_fax"]) == ("0592-0000029", "361003", "05920100029")
    bad = AgencyForm(data | {"postcode": "36100", "phone": "请拨0592"})
    assert not bad.is_valid()
    assert "邮政编码应为6位数字" in bad.errors["postcode"][0]
    assert "半角" in bad.errors["phone"][0]


# -- site map, header, footer ------------------------------------------------------------

def test_site_map_lists_every_section_and_every_link_opens(client, db):
    text = client.get("/sitemap/").content.decode()
    assert "<h1>网站地图</h1>" in text
    main = text[text.index("<main"):text.index("</main>")]
    links = hrefs(main)
    for section in modules.site_map():  # every app's public sections, with their pages
        assert str(section["label"]) in main
        assert {section["href"], *(page["href"] for page in section["pages"])} <= set(links)
    assert {"/", "/disclosure/apply/", "/track/", "/disclosure/replies/", "/library/",
            "/normative/consultations/", "/lottery/", "/lottery/verifier/", "/inspections/",
            "/inspections/results/", "/reporting/public/", "/ledger/", "/contacts/",
            "/accessibility/", "/sitemap/", "/search/", "/accounts/login/"} <= set(links)
    for href in links:
        assert client.get(href).status_code == 200, href


def test_header_navigation_marks_the_current_section(client, db):
    text = client.get("/lottery/").content.decode()
    assert '<a href="/lottery/" aria-current="page">' in text
    assert '<a href="/" aria-current="page">' not in text
    assert '<a href="/" aria-current="page">' in client.get("/").content.decode()
    assert 'aria-controls="site-menu"' in text and 'aria-expanded="false"' in text
    # "About this site" is on the site map and in the footer, not in the header
    header = text[text.index('<header'):text.index('</header>')]
    assert 'href="/sitemap/"' in text and 'href="/contacts/"' not in header


@override_settings(FAZHI_SITE_OWNER="泉州市司法局", FAZHI_SITE_ADDRESS="泉州市丰泽区东海大街1号",
                   FAZHI_SITE_PHONE="0595-0000001", FAZHI_SITE_EMAIL="sfj@qz.gov.example",
                   FAZHI_SITE_RECORD="闽ICP备00000000号", FAZHI_SITE_CODE="3505000001")
def test_footer_carries_host_contact_record_and_identifier(client, db):
    for url in ("/", "/contacts/", "/lottery/", "/no-such-page/"):
        text = footer(client.get(url).content.decode())
        assert "主办单位：泉州市司法局" in text, url
        assert "地址：泉州市丰泽区东海大街1号" in text and 'href="tel:0595-0000001"' in text
        assert 'href="mailto:sfj@qz.gov.example"' in text
        assert "闽ICP备00000000号" in text and "政府网站标识码：3505000001" in text
        assert {"/sitemap/", "/contacts/", "/accessibility/"} <= set(hrefs(text))


@override_settings(FAZHI_SITE_RECORD="", FAZHI_SITE_CODE="", FAZHI_SITE_ADDRESS="",
                   FAZHI_SITE_PHONE="", FAZHI_SITE_EMAIL="")
def test_footer_hides_what_is_not_configured(client, db):
    text = footer(client.get("/").content.decode())
    assert "主办单位：" in text
    assert "beian.miit.gov.cn" not in text and "标识码" not in text and "地址：" not in text
    statement = client.get("/accessibility/").content.decode()
    assert 'href="/contacts/"' in statement and "电子邮箱：" not in statement


@override_settings(FAZHI_SITE_PHONE="0592-0000010", FAZHI_SITE_EMAIL="sfj@xm.gov.example")
def test_accessibility_statement_says_what_works_and_how_to_report(client, db):
    text = client.get("/accessibility/").content.decode()
    assert "<h1>适老化及无障碍声明</h1>" in text
    for expected in ("适老化模式", "20 像素", "7:1", "跳到正文", "GB/T 37668", "菜单",
                     "已知的不足", "反馈问题", "0592-0000010", "sfj@xm.gov.example"):
        assert expected in text, expected


# -- large-text mode ---------------------------------------------------------------------

def test_large_text_mode_is_a_form_that_sets_a_cookie_and_returns(client, db):
    page = client.get("/track/").content.decode()
    assert '<html lang="zh-CN">' in page
    assert 'action="/display/"' in page and 'value="large"' in page and "适老化模式" in page

    response = client.post("/display/", {"mode": "large", "next": "/track/?x=1"})
    assert response.status_code == 302 and response["Location"] == "/track/?x=1"
    cookie = response.cookies[DISPLAY_COOKIE]
    assert cookie.value == "large" and cookie["max-age"] >= 30 * 24 * 3600
    for url in ("/track/", "/lottery/", "/no-such-page/"):
        text = client.get(url).content.decode()
        assert '<html lang="zh-CN" class="large-text">' in text, url
        assert 'value="standard"' in text and 'aria-pressed="true"' in text

    off = client.post("/display/", {"mode": "standard", "next": "/lottery/"})
    assert off["Location"] == "/lottery/" and off.cookies[DISPLAY_COOKIE].value == ""
    assert 'class="large-text"' not in client.get("/lottery/").content.decode()


def test_large_text_mode_refuses_bad_input_and_foreign_redirects(client, db):
    away = client.post("/display/", {"mode": "large", "next": "https://evil.example/"})
    assert away.status_code == 302 and away["Location"] == "/"
    bad = client.post("/display/", {"mode": "huge"})
    assert bad.status_code == 422 and "未知的显示模式" in bad.content.decode()
    assert DISPLAY_COOKIE not in bad.cookies
    assert client.get("/display/").status_code == 405


# -- language menu (issue 12 part 5) -----------------------------------------------------

@pytest.mark.parametrize("chosen", ["zh-hans", "en"])
def test_language_menu_names_each_language_in_itself(client, db, chosen):
    client.cookies["django_language"] = chosen
    text = client.get("/").content.decode()
    menu = text[text.index('id="lang-select"'):]
    options = dict(re.findall(r'<option value="([\w-]+)"[^>]*>([^<]+)</option>',
                              menu[:menu.index("</select>")]))
    assert options == {"zh-hans": "简体中文", "en": "English"}
