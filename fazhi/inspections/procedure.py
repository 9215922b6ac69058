"""The plan lifecycle as declared data, the publication time limit, and input schemas.

Like lotteries (not a `cases` Procedure; ADR 0009): one table of commands, checked by one
function (`commands.act`) under a row lock before anything changes.
"""


from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.core.chains import Command
from fazhi.inspections import config
from fazhi.inspections.models import Plan as P
from fazhi.law import timelimits
from fazhi.law.timelimits import Limit, Unit

PLANNERS = frozenset({"handler", "head", "admin"})
NOTARY = "notary"  # the notary or, where none is used, the discipline-inspection office


COMMANDS: dict[str, Command] = {
    "create": Command("创建抽查计划", frozenset(), P.DRAFT, PLANNERS),
    "freeze": Command("冻结名录并公布承诺", frozenset({P.DRAFT}), P.FROZEN, PLANNERS),
    "commit": Command("提交监督人承诺", frozenset({P.FROZEN}), P.COMMITTED, frozenset({NOTARY})),
    "enter_source": Command("录入随机源", frozenset({P.COMMITTED}), None,
                            PLANNERS | {NOTARY}),
    "reveal": Command("公开监督人随机数", frozenset({P.COMMITTED}), None, frozenset({NOTARY})),
    "draw": Command("抽取对象并组队", frozenset({P.COMMITTED}), P.DRAWN, PLANNERS | {NOTARY}),
    "publish": Command("公布抽取结果", frozenset({P.DRAWN}), P.PUBLISHED, PLANNERS),
    "recuse": Command("回避递补", frozenset({P.DRAWN, P.PUBLISHED}), None, PLANNERS),
    "result": Command("录入检查结果", frozenset({P.DRAWN, P.PUBLISHED}), None,
                      frozenset({"inspector"})),
    "publish_result": Command("公示检查结果", frozenset({P.DRAWN, P.PUBLISHED}), None,
                              PLANNERS | {"inspector"}),
    # random-draws.md §5.2 failure rules (core.notarised): a failed reveal voids the draw;
    # the planners or the notary may also declare it void before it is drawn (e.g. the
    # notary never reveals); a re-run keeps the frozen input, with new c_N and sources.
    "void": Command("宣布抽取无效", frozenset({P.FROZEN, P.COMMITTED}), P.VOID,
                    PLANNERS | {NOTARY}),
    "rerun": Command("重新组织抽取", frozenset({P.VOID}), P.FROZEN, PLANNERS),
}

# instruments.md §3.3 step 8, §10: the conclusion of an inspection is published within 20
# working days of the decision (国办发〔2018〕118号 二(六), verified). Market regulators also
# follow SAMR's notice on double-random supervision, widely cited for "20 WD from the end of
# the check" (article UNVERIFIED): a per-sector version of the same limit, chosen by the
# plan's lead agency (`config.sector_of`), so its own basis shows in the explanation.
S5_AFTER = "国办发〔2018〕118号 二(六)"
SAMR_NOTICE = "《市场监管总局关于全面推进“双随机、一公开”监管工作的通知》（2019年，条目未经核实）"
PUBLICATION = timelimits.register(Limit(
    code="inspections.publication", label="抽查结果公示期限", value=20, unit=Unit.WD,
    trigger="检查完成之日", citation=S5_AFTER, effective_from=date(2019, 1, 3),
    note="执法决定作出之日起20个工作日内公布执法机关、执法对象、执法类别、执法结论"))
PUBLICATION_MARKET = timelimits.register(Limit(
    code="inspections.publication.market", label="抽查结果公示期限（市场监管部门）", value=20,
    unit=Unit.WD, trigger="检查完成之日", citation=f"{S5_AFTER}；{SAMR_NOTICE}",
    effective_from=date(2019, 2, 12), jurisdiction=config.MARKET_REGULATION,
    note="市场监管部门抽查检查结果通过国家企业信用信息公示系统公示"))
SECTOR_PUBLICATION = {config.MARKET_REGULATION: PUBLICATION_MARKET}


def publication_limit(agency, on: date) -> Limit:  # noqa: ANN001 - an org.Agency
    """The publication limit for a result completed `on` in a plan led by `agency`: its
    sector's version where one is in force, else the general one."""
    sector = SECTOR_PUBLICATION.get(config.sector_of(agency))
    return sector if sector is not None and sector.in_force(on) else PUBLICATION


class StratumRule(BaseModel):
    name: str = Field(title="分层（信用风险分类）", min_length=1, max_length=2)
    ratio_bp: int = Field(title="抽查比例（万分比）", ge=0)
    min: int = Field(0, title="最少抽取户数", ge=0)
    max: int | None = Field(None, title="最多抽取户数", ge=0)

    @field_validator("ratio_bp")
    @classmethod
    def _at_most_all(cls, value: int) -> int:
        if value > 10000:
            raise ValueError(f"抽查比例不得超过 100%（填写为 {value / 100:g}%）")
        return value

    @model_validator(mode="after")
    def _bounds(self) -> "StratumRule":
        if self.max is not None and self.max < self.min:
            raise ValueError(f"分层 {self.name}：最多抽取户数不得小于最少抽取户数")
        return self


class Exclusion(BaseModel):
    uscc: str = Field(title="排除对象统一社会信用代码", min_length=18, max_length=18)
    reason: str = Field(title="排除理由", min_length=2, max_length=100)


class SourceRule(BaseModel):
    id: str = Field(title="随机源编号", min_length=1, max_length=80, pattern=r"^[^,\s/]+$")
    fallbacks: list[str] = Field(default_factory=list, title="备用随机源")
    description: str = Field("", title="说明", max_length=200)


class PlanRules(BaseModel):
    title: str = Field(title="计划名称", min_length=2, max_length=120)
    agency_ids: list[int] = Field(default_factory=list, title="联合抽查的其他机关")
    item_ids: list[int] = Field(title="抽查事项", min_length=1)
    plan_date: date = Field(title="检查日期")
    district_id: int | None = Field(None, title="抽查区域")
    strata: list[StratumRule] = Field(title="分层比例", min_length=1)
    rounding: Literal["ceil", "floor", "half-even"] = Field("ceil", title="取整规则")
    exclusions: list[Exclusion] = Field(default_factory=list, title="排除对象")
    sources: list[SourceRule] = Field(title="公开随机源", min_length=1)
    team_size: int = Field(2, title="每组人数", ge=2, le=5)
    notary_agency_id: int | None = Field(None, title="监督机构")

    @model_validator(mode="after")
    def _coherent(self) -> "PlanRules":
        names = [s.name for s in self.strata]
        if len(set(names)) != len(names):
            raise ValueError("分层不得重复")
        unknown = set(names) - set(config.scheme().classes)
        if unknown:
            raise ValueError(f"分层 {'、'.join(sorted(unknown))} 不是本市采用的信用风险分类")
        ids = [i for s in self.sources for i in (s.id, *s.fallbacks)]
        if len(set(ids)) != len(ids):
            raise ValueError("随机源编号（含备用）不得重复")
        codes = [e.uscc for e in self.exclusions]
        if len(set(codes)) != len(codes):
            raise ValueError("排除对象不得重复")
        return self


def default_strata() -> list[dict]:
    s = config.scheme()
    return [{"name": c, "ratio_bp": s.ratios_bp[c], "min": 0, "max": None} for c in s.classes]


class ResultInput(BaseModel):
    items_checked: list[int] = Field(title="检查事项", min_length=1)
    findings: str = Field(title="检查情况", min_length=2, max_length=5000)
    result: Literal["no_problem", "rectify", "refer", "not_found"] = Field(title="检查结果")
    completed_on: date = Field(title="检查完成日期")
    referral_reason: str = Field("", title="移交事由", max_length=2000)

    @model_validator(mode="after")
    def _referral(self) -> "ResultInput":
        if self.result == "refer" and len(self.referral_reason.strip()) < 2:
            raise ValueError("检查结果为“发现问题移交处罚”时，须填写移交事由")
        return self
