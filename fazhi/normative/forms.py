"""Input schemas of the public forms that are not case transitions, and form helpers."""

from typing import Literal

from pydantic import BaseModel, Field, field_validator


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


def post_data(request, schema: type[BaseModel]) -> dict:  # noqa: ANN001
    """The POSTed fields of `schema` (lists for list fields, booleans from checkboxes)."""
    out: dict = {}
    for name, info in schema.model_fields.items():
        ann = info.annotation
        if ann is bool:
            out[name] = name in request.POST
        elif getattr(ann, "__origin__", None) is list:
            raw = request.POST.get(name, "")
            out[name] = [part.strip() for part in raw.replace("，", ",").replace("\n", ",").split(",")
                         if part.strip()]
        elif name in request.POST:
            out[name] = request.POST.get(name)
    return out
