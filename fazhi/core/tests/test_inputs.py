"""The input rules at every door (issue 10 items 12 and 17).

Identifiers typed by people are NFKC-normalised (full-width ３５０２… is 3502…) or refused
with a message; free text never carries C0/C1 control or bidi-override characters, which
crash document exports and let a name display as something else. The rules hold for the
engine's schemas (`validate`), the portal and workspace forms (at the field), every other
page (the input guard), both JSON APIs (their parser) and imported files (stripped, with a
row warning); the DOCX export strips whatever older data holds.
"""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from docx import Document
from pydantic import BaseModel, Field

from fazhi.api.tests.conftest import token_for
from fazhi.cases.models import Case
from fazhi.cases.validation import validate
from fazhi.core.errors import InvalidData
from fazhi.disclosure.procedure import Application
from fazhi.disclosure.tests import factories
from fazhi.law import uscc
from fazhi.portal.tests.conftest import application_post

pytestmark = pytest.mark.django_db

FULL_WIDTH_ID = "３５０２０３１９９００１０１１２３４"
FULL_WIDTH_PHONE = "１３９ １２３４ ５６７８"
ARABIC_INDIC_ID = "٣٥٠٢٠٣١٩٩٠٠١٠١١٢٣٤"
RLO = "\u202e"


def _application(**overrides) -> dict:
    return factories.application(**overrides)


# -- the engine's schemas ------------------------------------------------------------------

def test_identifiers_in_any_schema_are_nfkc_normalised():
    app = validate(Application, _application(id_number=FULL_WIDTH_ID, phone=FULL_WIDTH_PHONE,
                                             applicant_name="张三"))
    assert (app.id_number, app.phone) == ("350203199001011234", "13912345678")


def test_an_identifier_that_stays_non_ascii_is_refused_with_a_message():
    with pytest.raises(InvalidData) as err:
        validate(Application, _application(id_number=ARABIC_INDIC_ID))
    assert err.value.field == "id_number"
    assert "身份证件号码/统一社会信用代码：含有无法识别的字符" in err.value.message


def test_the_refusal_reads_in_english_on_english_pages():
    """The label and the refusal are both translated (they were Chinese on English pages)."""
    from django.utils import translation

    with translation.override("en"), pytest.raises(InvalidData) as err:
        validate(Application, _application(id_number=ARABIC_INDIC_ID))
    assert "cannot be read" in err.value.message
    assert "无法识别" not in err.value.message and "：" not in err.value.message


def test_control_and_bidi_characters_are_refused_per_field():
    with pytest.raises(InvalidData) as err:
        validate(Application, _application(applicant_name=f"张{RLO}三",
                                           description="所需信息\x01统计数据"))
    fields = dict(err.value.errors)
    assert set(fields) == {"applicant_name", "description"}
    assert "姓名/名称：含有不可见的控制字符（U+202E）" in fields["applicant_name"]


def test_line_breaks_only_in_multi_line_fields():
    assert validate(Application, _application(description="第一行\n第二行\t续")).description
    with pytest.raises(InvalidData, match="姓名/名称"):
        validate(Application, _application(applicant_name="张\n三"))


class _Exclusion(BaseModel):
    uscc: str = Field(title="统一社会信用代码")
    reason: str = Field(title="理由", max_length=100)


class _Plan(BaseModel):
    title: str = Field(title="名称", max_length=120)
    exclusions: list[_Exclusion] = []


def test_nested_schemas_follow_the_same_rules():
    plan = validate(_Plan, {"title": "计划", "exclusions": [
        {"uscc": "９１３５０２００ＭＡ２Ｙ７Ｗ２Ｅ０Ｘ", "reason": "正在立案调查"}]})
    assert plan.exclusions[0].uscc == "91350200MA2Y7W2E0X"
    with pytest.raises(InvalidData, match="理由：含有不可见的控制字符") as err:
        validate(_Plan, {"title": "计划", "exclusions": [{"uscc": "1", "reason": "a\x7fb"}]})
    assert err.value.field == "exclusions"


def test_a_full_width_credit_code_is_valid():
    """GB 32100-2015 codes typed with a Chinese input method come out full-width."""
    assert uscc.validate("９１３５０２００ＭＡ２Ｙ７Ｗ２Ｅ０Ｘ") == "91350200MA2Y7W2E0X"
    with pytest.raises(uscc.USCCError, match="不允许的字符"):
        uscc.validate("٩١٣٥٠٢٠٠MA2Y7W2E0X")


# -- portal and workspace forms (messages at the field) -----------------------------------------

def test_portal_application_with_full_width_numbers_is_stored_as_ascii(client, agency):
    response = client.post("/disclosure/apply/", application_post(
        agency, id_number=FULL_WIDTH_ID, phone=FULL_WIDTH_PHONE))
    assert response.status_code == 302
    detail = Case.objects.get().disclosure
    assert (detail.id_number, detail.phone) == ("350203199001011234", "13912345678")


@pytest.mark.parametrize(("field", "value"), [
    ("applicant_name", f"张三{RLO}"), ("description", "所需信息\x01的描述文字"),
    ("address", "厦门\x85市"), ("id_number", ARABIC_INDIC_ID)])
def test_portal_application_refuses_bad_characters_at_the_field(client, agency, field, value):
    response = client.post("/disclosure/apply/", application_post(agency, **{field: value}))
    assert response.status_code == 422
    page = response.content.decode()
    assert "含有不可见的控制字符" in page or "无法识别的字符" in page
    assert Case.objects.count() == 0


def _staff(actor) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def test_a_staff_action_with_a_control_character_is_refused_and_changes_nothing(agency, handler):
    case = factories.received(agency, on=timezone.localdate())
    response = _staff(handler).post(f"/workspace/cases/{case.pk}/act/reply/", {
        "answer_type": "A2", "text": "经审查\x1b[2J，现提供信息。"})
    assert response.status_code == 422
    assert "答复内容：含有不可见的控制字符（U+001B）" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "processing"


# -- every other page: the input guard -----------------------------------------------------------

def test_other_pages_refuse_control_characters_in_posts(agency, handler):
    client = _staff(handler)
    response = client.post("/reporting/findings/new/", {"text": f"整改{RLO}事项", "agency": agency.pk})
    assert response.status_code == 422
    assert "含有不可见的控制字符" in response.content.decode()


@pytest.mark.parametrize("url", ["/disclosure/replies/", "/library/", "/normative/",
                                 "/inspections/results/", "/reporting/public/",
                                 "/workspace/"])
def test_search_parameters_lose_control_characters_before_any_query(agency, handler, url):
    response = _staff(handler).get(url, {"q": "a\x00b\x01", "issuer": "x\x00",
                                         "year": "20\x0025", "status": RLO})
    assert response.status_code == 200


# -- the JSON APIs ------------------------------------------------------------------------------

def _api_apply(client, **overrides):
    data = factories.application(**overrides) | {"agency": "XMSFJ"}
    data.pop("channel")
    data["identity_proof"] = SimpleUploadedFile("id.pdf", b"%PDF-1.4 proof", "application/pdf")
    return client.post("/api/public/v1/disclosure/requests", data)


def test_the_public_api_normalises_identifiers(client, agency):
    response = _api_apply(client, id_number=FULL_WIDTH_ID, phone=FULL_WIDTH_PHONE)
    assert response.status_code == 201, response.json()
    detail = Case.objects.get().disclosure
    assert (detail.id_number, detail.phone) == ("350203199001011234", "13912345678")


def test_the_public_api_refuses_control_characters_with_the_field(client, agency):
    response = _api_apply(client, description="所需信息\x07描述文字")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "description" and "控制字符" in body["message"]
    assert Case.objects.count() == 0


def test_the_staff_api_refuses_controls_and_lone_surrogates(agency, handler):
    case = factories.received(agency, on=timezone.localdate())
    api = Client(headers={"Authorization": f"Bearer {token_for(handler)}"})
    url = f"/api/v1/cases/{case.pk}/actions/reply"
    for text in ("经审查\u0085现提供信息", "经审查\ud800现提供信息"):
        body = json.dumps({"answer_type": "A2", "text": text})
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 422, text
        assert response.json()["errors"][0]["field"] == "text"
    case.refresh_from_db()
    assert case.state == "processing"


# -- the report export ------------------------------------------------------------------------

def test_the_docx_export_strips_control_characters_already_stored(supervisor, agency):
    from fazhi.reporting import annual_reports
    from fazhi.reporting.export import build_docx
    from fazhi.reporting.models import ReportBlock

    report = annual_reports.create_report(supervisor, year=2024)
    block = report.blocks.filter(kind=ReportBlock.NARRATIVE).first()
    ReportBlock.objects.filter(pk=block.pk).update(heading="标题\x01", text="正文\x0b第二\ufffe行")
    client = _staff(supervisor)
    response = client.get(f"/reporting/reports/{report.pk}/docx/")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(build_docx(report))).paragraphs)
    assert "标题" in text and "正文" in text and "\x01" not in text


# -- imported files -------------------------------------------------------------------------------

def test_an_imported_directory_loses_control_characters_with_a_row_warning(tmp_path, city):
    from fazhi.subjects import importer
    from fazhi.subjects.models import MarketEntity

    path = tmp_path / "entities.csv"
    path.write_text("统一社会信用代码,名称,主体类型,信用风险分类\n"
                    f"９１３５０２００ＭＡ２Ｙ７Ｗ２Ｅ０Ｘ,厦门{RLO}某某公司\x01,有限责任公司,A\n",
                    encoding="utf-8")
    report = importer.run_import("entities", path)
    assert report.ok, report.errors
    entity = MarketEntity.objects.get()
    assert (entity.uscc, entity.name) == ("91350200MA2Y7W2E0X", "厦门某某公司")
    assert [(w.row, w.column) for w in report.warnings] == [(2, "名称")]
    assert "已删除" in str(report.warnings[0])


def test_an_imported_normative_document_loses_control_characters_with_a_row_warning(agency):
    from fazhi.normative import importer
    from fazhi.normative.models import NormativeDocument
    from fazhi.org.actors import Actor

    csv_text = ("标题,发文字号,制定机关,类型,公布日期,状态,正文\n"
                f"关于\x01规范{RLO}管理的通知,厦司规〔2020〕1号,{agency.code},部门规范性文件,"
                "2020-03-01,有效,第一条\x0b本通知自公布之日起施行。\n")
    report = importer.import_documents(Actor.system("测试"), io.BytesIO(csv_text.encode()),
                                       "docs.csv")
    assert report.ok, report.errors
    doc = NormativeDocument.objects.get()
    assert doc.title == "关于规范管理的通知" and "\x0b" not in doc.body
    assert {w.column for w in report.warnings} == {"标题", "正文"}
