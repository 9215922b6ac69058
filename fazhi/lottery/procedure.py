"""The lottery procedure as declared data: states, commands, who may take them.

Not a `cases` Procedure (docs/lottery.md explains why): a lottery is a public process
with its own time-driven states, its notary belongs to another agency, and its history
is the round's own hash chain. The shape is the same — one table of commands, checked
by one function (`commands.act`) before anything changes.
"""


from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from fazhi.core.chains import Command
from fazhi.law import inputs
from fazhi.lottery.models import Lottery as L

ADMIN, NOTARY, SYSTEM = "admin", "notary", "system"
LIVE = frozenset({L.ANNOUNCED, L.OPEN, L.FROZEN, L.COMMITTED})


COMMANDS: dict[str, Command] = {
    "announce": Command("发布摇号公告", frozenset(), L.ANNOUNCED, frozenset({ADMIN})),
    "open_registration": Command("开始登记", frozenset({L.ANNOUNCED}), L.OPEN,
                                 frozenset({ADMIN, SYSTEM})),
    "freeze": Command("冻结名单", frozenset({L.OPEN}), L.FROZEN, frozenset({ADMIN, SYSTEM})),
    "commit": Command("提交公证承诺", frozenset({L.FROZEN}), L.COMMITTED, frozenset({NOTARY})),
    "enter_source": Command("录入随机源", frozenset({L.COMMITTED}), None,
                            frozenset({ADMIN, NOTARY})),
    "reveal": Command("公开公证随机数", frozenset({L.COMMITTED}), None, frozenset({NOTARY})),
    "draw": Command("执行摇号", frozenset({L.COMMITTED}), L.DRAWN,
                    frozenset({ADMIN, NOTARY, SYSTEM})),
    "publish": Command("公布结果", frozenset({L.DRAWN}), L.PUBLISHED, frozenset({ADMIN})),
    "void": Command("宣布摇号无效", LIVE | {L.DRAWN}, L.VOID, frozenset({ADMIN, NOTARY})),
    "rerun": Command("重新组织摇号", frozenset({L.VOID}), L.FROZEN, frozenset({ADMIN})),
    "claim": Command("登记领取", frozenset({L.PUBLISHED}), None, frozenset({ADMIN})),
    "expire_claims": Command("逾期未领取转候补", frozenset({L.PUBLISHED}), None,
                             frozenset({ADMIN, SYSTEM})),
    "appeal": Command("提出异议", frozenset({L.PUBLISHED}), None, frozenset({"public"})),
    "answer_appeal": Command("答复异议", frozenset({L.PUBLISHED}), None, frozenset({ADMIN})),
    "next_round": Command("生成下一期", frozenset({L.PUBLISHED}), None, frozenset({ADMIN, SYSTEM})),
    # Only for rounds announced before the office was required, and only before a notary
    # has committed to the current attempt (rounds.name_notary).
    "name_notary": Command("指定监督公证机构", frozenset({L.ANNOUNCED, L.OPEN, L.FROZEN, L.VOID}),
                           None, frozenset({ADMIN})),
}


class PoolRule(BaseModel):
    name: str = Field(title="分组代码", pattern=r"^[a-z][a-z0-9_-]{0,39}$")
    label: str = Field(title="分组名称", min_length=1, max_length=40)
    quota: int = Field(title="名额", ge=1)
    alternates: int = Field(0, title="候补人数", ge=0)

    @field_validator("label")
    @classmethod
    def _no_controls(cls, value: str) -> str:
        return inputs.text(value, multiline=False)  # InputError is a ValueError


class SourceRule(BaseModel):
    id: str = Field(title="随机源编号", min_length=1, max_length=80, pattern=r"^[^,\s/]+$")
    fallbacks: list[str] = Field(default_factory=list, title="备用随机源")
    description: str = Field("", title="说明", max_length=200)

    @field_validator("description")
    @classmethod
    def _no_controls(cls, value: str) -> str:
        return inputs.text(value, multiline=False)


class LotteryRules(BaseModel):
    """What the announcement fixes before anyone registers."""

    title: str = Field(title="名称", min_length=2, max_length=120)
    rules: str = Field(title="摇号规则", min_length=1)
    eligibility_text: str = Field(title="参与条件", min_length=1)
    min_age: int | None = Field(None, title="最低年龄", ge=0, le=150)
    max_age: int | None = Field(None, title="最高年龄", ge=0, le=150)
    id_prefixes: list[str] = Field(default_factory=list, title="身份证地址码前缀")
    pools: list[PoolRule] = Field(title="分组", min_length=1)
    unused_quota: Literal["error", "move-next"] = Field("error", title="多余名额")
    weight_rule: Literal["equal", "carryover"] = Field("equal", title="权重规则")
    max_weight: int = Field(1, title="最大权重", ge=1, le=1000)
    sources: list[SourceRule] = Field(title="公开随机源", min_length=1)
    registration_opens_at: datetime = Field(title="登记开始")
    freeze_at: datetime = Field(title="名单冻结（登记截止）")
    draw_at: datetime = Field(title="摇号时间")
    appeal_hours: int = Field(24, title="异议期（小时）", ge=0, le=24 * 30)
    claim_hours: int = Field(36, title="领取期限（小时）", ge=1, le=24 * 30)
    recurrence: Literal["none", "daily"] = Field("none", title="周期")
    last_round_on: date | None = Field(None, title="最后一期日期")
    # Required: the announcement names the office that supervises (开奖公证细则).
    notary_agency_id: int = Field(title="监督公证机构")

    @field_validator("max_weight", mode="before")
    @classmethod
    def _integer_weight(cls, value: object) -> object:
        if isinstance(value, float | str) and not str(value).strip().isdigit():
            raise ValueError("最大权重必须是正整数（票数不得为小数、零或负数）")
        return value

    @field_validator("title", "rules", "eligibility_text")
    @classmethod
    def _no_controls(cls, value: str) -> str:
        return inputs.text(value)

    @field_validator("id_prefixes")
    @classmethod
    def _digits(cls, value: list[str]) -> list[str]:
        if any(not p.isdigit() or not 1 <= len(p) <= 6 for p in value):
            raise ValueError("身份证地址码前缀应为 1 至 6 位数字")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> "LotteryRules":
        if not self.registration_opens_at < self.freeze_at <= self.draw_at:
            raise ValueError("时间顺序应为：登记开始 < 名单冻结 ≤ 摇号时间")
        names = [p.name for p in self.pools]
        if len(set(names)) != len(names):
            raise ValueError("分组代码不得重复")
        ids = [i for s in self.sources for i in (s.id, *s.fallbacks)]
        if len(set(ids)) != len(ids):
            raise ValueError("随机源编号（含备用）不得重复")
        if self.weight_rule == "carryover" and self.max_weight < 2:
            raise ValueError("“未中签加票”规则要求最大权重至少为 2")
        if self.weight_rule == "equal" and self.max_weight != 1:
            raise ValueError("“每人一票”规则的最大权重应为 1")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("最低年龄不能大于最高年龄")
        return self
