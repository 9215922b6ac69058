"""Labels declared in Chinese read in the reader's language (ADR 0027): the Chinese stays the
declared text, English comes from the catalogue at display time, legal texts are marked."""

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from pydantic import BaseModel, Field

from fazhi.core.errors import InvalidData
from fazhi.core.i18n import local
from fazhi.core.middleware import ChineseFirstLocaleMiddleware
from fazhi.core.schemaforms import SchemaForm
from fazhi.core.validation import validate


class Draft(BaseModel):
    title: str = Field(title="标题", min_length=2, max_length=20)
    items: list[str] = Field(default_factory=list, title="分组")


class DraftForm(SchemaForm):
    class Meta:
        schema = Draft


def messages(data: dict) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        validate(Draft, data)
    return [message for _, message in caught.value.errors]


def test_a_declared_label_is_chinese_in_chinese_and_english_in_english():
    with translation.override("zh-hans"):
        assert local("征求意见中") == "征求意见中"
    with translation.override("en"):
        assert local("征求意见中") == "Consulting"
        assert local("一个没有译文的标签") == "一个没有译文的标签"  # shown as declared


def test_validation_messages_follow_the_language_with_their_punctuation():
    with translation.override("zh-hans"):
        assert messages({"title": "甲"}) == ["标题：至少需要2个字符"]
    with translation.override("en"):
        assert messages({"title": "甲"}) == ["Title: At least 2 characters"]


def test_a_schema_form_shows_labels_and_errors_in_english():
    with translation.override("en"):
        form = DraftForm({"title": "x" * 30})
        assert not form.is_valid()
        assert form.fields["title"].label == "Title"
        assert form.errors["title"] == ["Title: At most 20 characters"]
    with translation.override("zh-hans"):
        form = DraftForm({"title": "x" * 30})
        assert not form.is_valid()
        assert form.fields["title"].label == "标题"
        assert form.errors["title"] == ["标题：不能超过20个字符"]


def test_state_labels_and_the_local_filter_translate_at_display():
    from fazhi.cases import procedure as registry

    normative = registry.get("normative")
    template = Template("{% load fazhi_i18n %}{{ label|local }}")
    with translation.override("en"):
        assert normative.state_label("commenting") == "Consulting"
        assert template.render(Context({"label": "现行有效"})) == "In force"
    with translation.override("zh-hans"):
        assert normative.state_label("commenting") == "征求意见中"


def test_a_legal_text_is_marked_chinese_only_in_english():
    template = Template("{% load fazhi_i18n %}{% chinese_only %}")
    with translation.override("zh-hans"):
        assert template.render(Context()) == ""
    with translation.override("en"):
        marker = template.render(Context())
    assert '<span lang="zh-Hans">中文原文</span>' in marker and "Chinese only" in marker


MY_TEMPLATES = ("normative", "inspections", "lottery", "reporting", "core", "templates", "portal",
                "disclosure", "workspace")


def test_every_template_msgid_has_its_chinese():
    """Chinese first: an English msgid of a template without a zh_Hans entry would show English
    on a Chinese page. `{% translate %}` looks a literal up with its percent signs doubled."""
    import re
    from pathlib import Path

    from django.conf import settings
    from django.utils.translation import gettext

    root = Path(settings.BASE_DIR) / "fazhi"
    found = set()
    for area in MY_TEMPLATES:
        for path in (root / area).rglob("*.html"):
            found |= set(re.findall(r'{% translate "([^"]+)"(?! context)', path.read_text()))
    assert len(found) > 500
    with translation.override("zh-hans"):
        missing = sorted(m for m in found if gettext(m.replace("%", "%%")) == m.replace("%", "%%")
                         and m not in ("Fazhi",))
    assert missing == []


# -- Chinese first (ADR 0027): the cookie chooses English, a browser's Accept-Language does not

@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "en", "fr-FR"])
def test_pages_are_chinese_whatever_the_browser_accepts(client, accept):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert page["Content-Language"] == "zh-hans"
    assert 'lang="zh-CN"' in page.content.decode()


@pytest.mark.django_db
def test_the_language_menu_choice_makes_pages_english(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert page["Content-Language"] == "en" and 'lang="en"' in page.content.decode()
    client.cookies["django_language"] = "xx"  # not a language of the site: Chinese
    assert client.get("/")["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_api_clients_keep_accept_language(client):
    seen = []
    middleware = ChineseFirstLocaleMiddleware(lambda request: seen.append(translation.get_language())
                                              or HttpResponse())
    middleware(RequestFactory().get("/api/v1/", HTTP_ACCEPT_LANGUAGE="en"))
    middleware(RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert seen == ["en", "zh-hans"]


@pytest.mark.django_db
def test_a_refused_application_and_an_unknown_code_answer_in_english(client, agency):
    """POST responses are outside the crawl: the portal's two public forms, re-rendered."""
    client.cookies["django_language"] = "en"
    page = client.post("/disclosure/apply/", {"applicant_type": "natural"}).content.decode()
    assert "Agency: choose the administrative agency that receives the application" in page
    assert "Proof of identity: upload a proof of identity" in page and "受理机关：" not in page
    missing = client.post("/track/", {"code": "ABCD"})
    assert missing.status_code == 404
    assert "The receipt code does not exist or is no longer valid" in missing.content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "受理机关：请选择受理申请的行政机关" in client.post(
        "/disclosure/apply/", {"applicant_type": "natural"}).content.decode()
