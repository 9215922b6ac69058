"""The random-inspection item list (随机抽查事项清单) as a directory kind of `fazhi import
items` (the machinery and the entity and officer directories are `fazhi.subjects.importer`;
registered in apps.ready)."""

from __future__ import annotations

from fazhi.inspections.models import InspectionItem
from fazhi.subjects.importer import Column, ImportReport, Kind, agencies, register


@register
class Items(Kind):
    name, label = "items", "抽查事项"
    columns = [
        Column("agency", "检查机关"), Column("code", "事项编码"), Column("name", "抽查事项"),
        Column("legal_basis", "检查依据"), Column("method", "检查方式"),
        Column("entity_types", "适用主体类型", False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.agencies = agencies()

    def key(self, row: dict[str, str]) -> str:
        return f"{self.agencies.get(row['agency'], row['agency'])}/{row['code']}"

    def check(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        if row["agency"] not in self.agencies:
            report.add(number, "检查机关", f"“{row['agency']}”不是已登记的机关代码或名称")
        if not row["code"] or len(row["code"]) > 40:
            report.add(number, "事项编码", "必须填写，且不超过 40 个字符")
        else:
            first = self.seen.setdefault(self.key(row), number)
            if first != number:
                report.add(number, "事项编码", f"与第 {first} 行重复（同一机关）")
        for col, label in (("name", "抽查事项"), ("legal_basis", "检查依据"), ("method", "检查方式")):
            if not row[col]:
                report.add(number, label, "必须填写")

    model = InspectionItem

    def write(self, batch: list[dict[str, str]]) -> None:
        InspectionItem.objects.bulk_create(
            [InspectionItem(agency_id=self.agencies[r["agency"]], code=r["code"], name=r["name"],
                            legal_basis=r["legal_basis"], method=r["method"],
                            entity_types=[t for t in r.get("entity_types", "").replace(
                                ";", "、").split("、") if t.strip()]) for r in batch],
            update_conflicts=True, unique_fields=["agency", "code"],
            update_fields=["name", "legal_basis", "method", "entity_types"])
