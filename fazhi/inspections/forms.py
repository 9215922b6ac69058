"""Staff forms. The plan and the result are their pydantic schemas (PlanRules,
ResultInput) rendered by the shared form layer (fazhi.core.schemaforms): the schema's
rules and messages; Django picks the records (agencies, items, district, supervisor) and
reads the files. The directory upload and the recusal have no schema."""

from decimal import Decimal, InvalidOperation

from django import forms

from fazhi.core.i18n import local
from fazhi.core.schemaforms import (
    FIELD_TEMPLATE,
    LinesInput,
    LocalisedForm,
    SchemaField,
    SchemaForm,
)
from fazhi.inspections import config
from fazhi.inspections.models import InspectionItem, InspectionRecord
from fazhi.inspections.procedure import PlanRules, ResultInput
from fazhi.org.models import Agency, Region
from fazhi.subjects import config as subject_config
from fazhi.subjects import importer


class PercentField(SchemaField):
    """A percentage typed as "12.5", given to the schema in basis points (1250)."""

    def to_python(self, value: object) -> int | str:
        text = super().to_python(value)
        if text == "":
            return ""
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("比例应为数字（百分比，最多两位小数）") from None
        if not number.is_finite() or number < 0 or number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError("比例应为不小于 0 的数字，最多两位小数")
        return int(number * 100)


def exclusion_line(line: str) -> dict:
    """"91350200MA2Y7W2E0X 正在立案调查" → an Exclusion's input."""
    code, _, reason = line.partition(" ")
    return {"uscc": code.upper(), "reason": reason.strip()}


def source_line(line: str) -> dict | None:
    """"id fallback… | description" → a SourceRule's input; a line without an id is skipped."""
    ids, _, description = line.partition("|")
    if not ids.split():
        return None
    first, *rest = ids.split()
    return {"id": first, "fallbacks": rest, "description": description.strip()}


def parse_sources(text: str) -> list[dict]:
    """Source lines (the plan form's and a re-run's)."""
    return [found for line in text.splitlines() if (found := source_line(line))]


def _record_field(cls: type[forms.Field], label: str, **kwargs) -> forms.Field:
    return cls(label=label, required=False, template_name=FIELD_TEMPLATE, **kwargs)


class PlanForm(SchemaForm):
    """PlanRules; each credit class's stratum is typed as a percentage and two counts."""

    mark_required = False
    agencies = _record_field(forms.ModelMultipleChoiceField, "联合抽查的其他机关",
                             queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple)
    items = _record_field(forms.ModelMultipleChoiceField, "抽查事项（各参与机关至少一项）",
                          queryset=InspectionItem.objects.none(),
                          widget=forms.CheckboxSelectMultiple)
    district = _record_field(forms.ModelChoiceField, "抽查区域（不选为全市）",
                             queryset=Region.objects.filter(level="district"))
    notary_agency = _record_field(
        forms.ModelChoiceField, "监督机构（公证处或纪检监察组；不选为任一监督人员）",
        queryset=Agency.objects.all())

    class Meta:
        schema = PlanRules
        exclude = ("strata",)
        renames = {"agency_ids": "agencies", "item_ids": "items", "district_id": "district",
                   "notary_agency_id": "notary_agency"}
        fields = ["title", "agencies", "items", "plan_date", "district", "rounding",
                  "team_size", "exclusions", "sources", "notary_agency"]
        labels = {"exclusions": "排除对象（每行：统一社会信用代码 理由）",
                  "sources": "公开随机源（每行：编号 备用编号…；可用“|”后接说明）"}
        help_texts = {"exclusions": "", "sources": ""}  # the labels say how to type them
        widgets = {"exclusions": LinesInput(attrs={"rows": 3}),
                   "sources": LinesInput(attrs={"rows": 2})}
        choices = {"rounding": list(config.ROUNDING.items())}
        parsers = {"exclusions": exclusion_line, "sources": source_line}

    def __init__(self, *args, agency_id: int, **kwargs) -> None:
        kwargs.setdefault("initial", {"sources": "kl8-2025150 sse-close-20250609 | " + local(
            "福彩快乐8第2025150期开奖号码；备用：上证指数收盘")})
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.exclude(pk=agency_id)
        self.fields["items"].queryset = InspectionItem.objects.select_related("agency")
        for cls in config.scheme().classes:
            label = local(subject_config.class_label(cls))
            ratio = config.scheme().ratios_bp[cls] / 100
            self.fields[f"ratio_{cls}"] = PercentField(
                label=local("{label}抽查比例（%）").format(label=label), initial=f"{ratio:g}", schema_required=True,
                widget=forms.TextInput(attrs={"maxlength": 8}))
            self.fields[f"min_{cls}"] = SchemaField(
                label=local("{label}最少户数").format(label=label), initial=0, widget=forms.NumberInput(attrs={"min": 0}))
            self.fields[f"max_{cls}"] = SchemaField(
                label=local("{label}最多户数（空为不限）").format(label=label), widget=forms.NumberInput(attrs={"min": 0}))

    def stratum_fields(self) -> list[tuple]:
        return [(self[f"ratio_{c}"], self[f"min_{c}"], self[f"max_{c}"])
                for c in config.scheme().classes]

    def covering(self, name: str) -> list[str]:
        if name == "strata":
            return [f"{kind}_{c}" for c in config.scheme().classes
                    for kind in ("ratio", "min", "max")]
        return super().covering(name)

    def extra_data(self) -> dict:
        """The strata in the scheme's order; an empty count takes the schema's default."""
        strata = []
        for cls in config.scheme().classes:
            typed = {key: self.cleaned_data.get(f"{prefix}_{cls}", "") for key, prefix in
                     (("ratio_bp", "ratio"), ("min", "min"), ("max", "max"))}
            strata.append({"name": cls} | {k: v for k, v in typed.items() if v != ""})
        return {"strata": strata}


class ResultForm(SchemaForm):
    """ResultInput, and the evidence files (checked by the engine's upload rules)."""

    mark_required = False
    evidence = forms.FileField(label="证据材料（PDF、图片等）", required=False,
                               template_name=FIELD_TEMPLATE)

    class Meta:
        schema = ResultInput
        labels = {"referral_reason": "移交事由（移交处罚时必填）"}
        widgets = {"items_checked": forms.CheckboxSelectMultiple,
                   "findings": forms.Textarea(attrs={"rows": 4}),
                   "referral_reason": forms.Textarea(attrs={"rows": 2})}
        choices = {"result": list(InspectionRecord.RESULTS.items())}

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items_checked"].choices = [
            (str(i.pk), local("{name}（{agency}）").format(name=i.name, agency=i.agency.short_name))
            for i in plan.items.select_related("agency")]


class ImportForm(LocalisedForm):
    kind = forms.ChoiceField(label="导入内容", choices=[(k, v.label) for k, v in
                                                       importer.KINDS.items()])
    file = forms.FileField(label="文件（.csv 或 .xlsx）")


class RecuseForm(LocalisedForm):
    inspector = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="回避事由", max_length=200)
