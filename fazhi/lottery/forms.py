"""Lottery forms. The announcement is the LotteryRules schema rendered by the shared form
layer (fazhi.core.schemaforms): its rules and messages are the schema's. The public forms
carry identifiers and codes only; the entry rules (eligibility, state, timing) are in
fazhi.lottery.registration."""

from django import forms

from fazhi.core.forms import IdentifierField, TextField
from fazhi.core.i18n import local
from fazhi.core.schemaforms import FIELD_TEMPLATE, LinesInput, LocalisedForm, SchemaForm, WordsInput
from fazhi.lottery.models import Lottery
from fazhi.lottery.procedure import LotteryRules


class RegisterForm(LocalisedForm):
    name = TextField(label="姓名", max_length=40, help_text="与居民身份证一致")
    id_number = IdentifierField(label="公民身份号码", max_length=18, min_length=18,
                                help_text="18 位，最后一位可为 X；本系统只保存其加密摘要和后四位")
    phone = IdentifierField(label="手机号码", max_length=11, min_length=11,
                            help_text="中签通知将以短信发送到此号码")
    pool = forms.ChoiceField(label="分组")
    code = IdentifierField(
        label="申请编码（修改已有登记时填写）", max_length=20, required=False,
        help_text="本期已登记、现在要修改的，请填写登记时收到的申请编码；不填写的，"
                  "将向原登记的手机号码发送验证码，验证后才会修改")
    agree = forms.BooleanField(
        label="本人承诺符合参与条件、所填信息真实，知悉以最后一次登记为准",
        error_messages={"required": "请勾选本项承诺后再提交：未作承诺的登记不能受理"})

    def __init__(self, *args, lottery: Lottery, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"].choices = [(p["name"], p.get("label") or p["name"])
                                       for p in lottery.pools]
        for name in ("id_number", "phone", "code"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.input_type = "tel"
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class LookupForm(LocalisedForm):
    code = IdentifierField(label="申请编码", max_length=20, help_text="登记成功时显示的 12 位编码")
    id_number = IdentifierField(label="公民身份号码", max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))


class AppealForm(LookupForm):
    text = TextField(label="异议内容", max_length=2000, widget=forms.Textarea, multiline=True)


class ConfirmForm(LocalisedForm):
    otp = IdentifierField(label="短信验证码", max_length=6, min_length=6,
                          help_text="6 位数字，10 分钟内有效",
                          widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                        "inputmode": "numeric"}))


LINES_HELP_POOLS = "每行一个分组：代码,名称,名额,候补人数（如 individual,个人,100,20），按摇号顺序排列"
LINES_HELP_SOURCES = ("每行一个随机源：编号|备用编号（空格分隔，可空）|说明；编号中的 {date} 代表摇号日期，"
                      "{round} 代表期数，如 kl8-{date}|kl8-{date}-b|福彩快乐8 当日开奖号码")


def pool_line(line: str) -> dict:
    """"individual,个人,100,20" → a PoolRule's input (the schema checks the values)."""
    parts = [p.strip() for p in line.replace("，", ",").split(",")]
    if len(parts) not in (3, 4):
        raise ValueError(local("分组行格式不正确：{}").format(line))
    return {"name": parts[0], "label": parts[1], "quota": parts[2],
            "alternates": parts[3] if len(parts) == 4 else 0}


def source_line(line: str) -> dict:
    """"kl8-{date}|kl8-{date}-b|说明" → a SourceRule's input."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise ValueError(local("随机源行格式不正确：{}").format(line))
    parts += [""] * (3 - len(parts))
    return {"id": parts[0], "fallbacks": parts[1].split(), "description": parts[2]}


class AnnounceForm(SchemaForm):
    """The announcement: LotteryRules, and the supervising notary office chosen from the
    offices that have notaries (a lookup, Django's)."""

    mark_required = False
    notary_agency = forms.ModelChoiceField(
        label="监督公证机构", queryset=None, required=False, template_name=FIELD_TEMPLATE,
        help_text="受理本次摇号监督公证的公证机构；只有其公证员能提交承诺、公开随机数或宣布摇号无效")

    class Meta:
        schema = LotteryRules
        renames = {"notary_agency_id": "notary_agency"}
        labels = {"eligibility_text": "参与条件（文字）", "min_age": "最低年龄（周岁）",
                  "max_age": "最高年龄（周岁）", "id_prefixes": "身份证地址码前缀",
                  "pools": "分组与名额", "max_weight": "最大权重（正整数）",
                  "sources": "公开随机源及备用源", "registration_opens_at": "登记开始时间",
                  "freeze_at": "名单冻结（登记截止）时间",
                  "last_round_on": "最后一期日期（每日摇号）"}
        help_texts = {"id_prefixes": "以空格分隔，如 3502 表示厦门市；留空不限",
                      "pools": LINES_HELP_POOLS, "sources": LINES_HELP_SOURCES,
                      "registration_opens_at": "格式：2025-06-01 09:00"}
        widgets = {"rules": forms.Textarea, "eligibility_text": forms.Textarea,
                   "id_prefixes": WordsInput, "pools": LinesInput(attrs={"rows": 4}),
                   "sources": LinesInput(attrs={"rows": 4})}
        choices = {"unused_quota": list(Lottery.UNUSED_QUOTA.items()),
                   "weight_rule": list(Lottery.WEIGHT_RULES.items()),
                   "recurrence": list(Lottery.RECURRENCE.items())}
        parsers = {"pools": pool_line, "sources": source_line}

    def __init__(self, *args, organiser_id: int | None = None, **kwargs):
        from fazhi.lottery.queries import notary_offices

        super().__init__(*args, **kwargs)
        self.fields["notary_agency"].queryset = notary_offices().exclude(pk=organiser_id)


class SourceForm(LocalisedForm):
    source_id = forms.ChoiceField(label="随机源")
    value = forms.CharField(label="取值", required=False,
                            help_text="以空格分隔的数字，如快乐8的 20 个号码；留空表示该源未按时公布（将使用备用源）")
    evidence_url = forms.URLField(label="来源网址", required=False, assume_scheme="https")
    evidence_text = forms.CharField(label="说明", required=False, widget=forms.Textarea)
    screenshot = forms.FileField(label="截图", required=False)

    def __init__(self, *args, ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_id"].choices = [(i, i) for i in ids]
