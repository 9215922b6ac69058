"""Input schemas of the public forms that are not case transitions, and their forms (the
shared form layer, fazhi.core.schemaforms, renders every schema)."""

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from fazhi.core.schemaforms import SchemaForm
from fazhi.normative import models as m
from fazhi.normative.procedure import Suggestion


class CommentData(BaseModel):
    author_kind: Literal["citizen", "enterprise", "association", "organisation"] = Field(title="身份")
    author_name: str = Field(min_length=1, max_length=100, title="姓名/名称")
    contact: str = Field(default="", max_length=100, title="联系方式")
    text: str = Field(min_length=5, max_length=5000, title="意见内容")

    @field_validator("author_name", "text")
    @classmethod
    def strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("不能为空")
        return value


class CommentForm(SchemaForm):
    class Meta:
        schema = CommentData
        choices = {"author_kind": m.Comment._meta.get_field("author_kind").choices}


class SuggestionForm(SchemaForm):
    """The document is the page's, not a field."""

    class Meta:
        schema = Suggestion
        exclude = ("document_id",)
