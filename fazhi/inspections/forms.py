"""Staff forms: plan creation, results entry, directory upload. Services do the checking."""

from decimal import Decimal, InvalidOperation

from django import forms

from fazhi.inspections import config
from fazhi.inspections.models import InspectionItem, InspectionRecord
from fazhi.org.models import Agency, Region
from fazhi.subjects import config as subject_config
from fazhi.subjects import importer


def _percent_to_bp(value: str) -> int:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise forms.ValidationError("比例应为数字（百分比，最多两位小数）") from None
    if number < 0 or number != number.quantize(Decimal("0.01")):
        raise forms.ValidationError("比例应为不小于 0 的数字，最多两位小数")
    return int(number * 100)


class PlanForm(forms.Form):
    title = forms.CharField(label="计划名称", max_length=120)
    agencies = forms.ModelMultipleChoiceField(
        label="联合抽查的其他机关", queryset=Agency.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    items = forms.ModelMultipleChoiceField(
        label="抽查事项（各参与机关至少一项）", queryset=InspectionItem.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    plan_date = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ModelChoiceField(label="抽查区域（不选为全市）", required=False,
                                      queryset=Region.objects.filter(level="district"))
    rounding = forms.ChoiceField(label="取整规则", choices=list(config.ROUNDING.items()))
    team_size = forms.IntegerField(label="每组人数", min_value=2, max_value=5, initial=2)
    exclusions = forms.CharField(
        label="排除对象（每行：统一社会信用代码 理由）", required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    sources = forms.CharField(
        label="公开随机源（每行：编号 备用编号…；可用“|”后接说明）",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="kl8-2025150 sse-close-20250609 | 福彩快乐8第2025150期开奖号码；备用：上证指数收盘")
    notary_agency = forms.ModelChoiceField(label="监督机构（公证处或纪检监察组；不选为任一监督人员）",
                                           required=False, queryset=Agency.objects.all())

    def __init__(self, *args, agency_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.exclude(pk=agency_id)
        self.fields["items"].queryset = InspectionItem.objects.select_related("agency")
        for cls in config.scheme().classes:
            label = subject_config.class_label(cls)
            ratio = config.scheme().ratios_bp[cls] / 100
            self.fields[f"ratio_{cls}"] = forms.CharField(
                label=f"{label}抽查比例（%）", initial=f"{ratio:g}", max_length=8)
            self.fields[f"min_{cls}"] = forms.IntegerField(
                label=f"{label}最少户数", min_value=0, initial=0)
            self.fields[f"max_{cls}"] = forms.IntegerField(
                label=f"{label}最多户数（空为不限）", min_value=0, required=False)

    def stratum_fields(self) -> list[tuple]:
        return [(self[f"ratio_{c}"], self[f"min_{c}"], self[f"max_{c}"])
                for c in config.scheme().classes]

    def rules_data(self, agency_id: int) -> dict:
        d = self.cleaned_data
        strata = []
        for cls in config.scheme().classes:
            try:
                bp = _percent_to_bp(d[f"ratio_{cls}"])
            except forms.ValidationError as exc:
                self.add_error(f"ratio_{cls}", exc)
                raise
            strata.append({"name": cls, "ratio_bp": bp, "min": d[f"min_{cls}"],
                           "max": d[f"max_{cls}"]})
        exclusions = []
        for line in d["exclusions"].splitlines():
            if line.strip():
                code, _, reason = line.strip().partition(" ")
                exclusions.append({"uscc": code.upper(), "reason": reason.strip()})
        sources = parse_sources(d["sources"])
        return {
            "title": d["title"], "agency_ids": [a.pk for a in d["agencies"]],
            "item_ids": [i.pk for i in d["items"]], "plan_date": d["plan_date"].isoformat(),
            "district_id": d["district"].pk if d["district"] else None, "strata": strata,
            "rounding": d["rounding"], "exclusions": exclusions, "sources": sources,
            "team_size": d["team_size"],
            "notary_agency_id": d["notary_agency"].pk if d["notary_agency"] else None,
        }


def parse_sources(text: str) -> list[dict]:
    """Source lines "id fallback… | description" (the plan form's and a re-run's)."""
    sources = []
    for line in text.splitlines():
        ids, _, description = line.partition("|")
        if ids.split():
            first, *rest = ids.split()
            sources.append({"id": first, "fallbacks": rest, "description": description.strip()})
    return sources


class ResultForm(forms.Form):
    items_checked = forms.MultipleChoiceField(label="检查事项", widget=forms.CheckboxSelectMultiple)
    findings = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.ChoiceField(label="检查结果", choices=list(InspectionRecord.RESULTS.items()))
    completed_on = forms.DateField(label="检查完成日期",
                                   widget=forms.DateInput(attrs={"type": "date"}))
    referral_reason = forms.CharField(label="移交事由（移交处罚时必填）", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label="证据材料（PDF、图片等）", required=False)

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items_checked"].choices = [
            (str(i.pk), f"{i.name}（{i.agency.short_name}）")
            for i in plan.items.select_related("agency")]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=[(k, v.label) for k, v in
                                                       importer.KINDS.items()])
    file = forms.FileField(label="文件（.csv 或 .xlsx）")


class RecuseForm(forms.Form):
    inspector = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="回避事由", max_length=200)
