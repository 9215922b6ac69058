"""Lottery forms. Field checks only; the rules (eligibility, state, timing) are in services."""

from django import forms

from fazhi.law import inputs
from fazhi.lottery.models import Lottery


class IdentifierField(forms.CharField):
    """An identifier a person types (ID number, phone, code): NFKC-normalised by
    `fazhi.law.inputs.identifier` before the length checks, so full-width digits count
    as the ASCII they are; anything else not ASCII is a Chinese form error."""

    def to_python(self, value: object) -> str:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return inputs.identifier(value)
        except inputs.InputError as exc:
            raise forms.ValidationError(str(exc), code="characters") from None


class TextField(forms.CharField):
    """Free text without control or bidi characters (`fazhi.law.inputs.text`)."""

    def __init__(self, *args, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value: object) -> str:
        value = super().to_python(value)
        try:
            return inputs.text(value, multiline=self.multiline)
        except inputs.InputError as exc:
            raise forms.ValidationError(str(exc), code="characters") from None


class RegisterForm(forms.Form):
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


class LookupForm(forms.Form):
    code = IdentifierField(label="申请编码", max_length=20, help_text="登记成功时显示的 12 位编码")
    id_number = IdentifierField(label="公民身份号码", max_length=18,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))


class AppealForm(LookupForm):
    text = TextField(label="异议内容", max_length=2000, widget=forms.Textarea, multiline=True)


class ConfirmForm(forms.Form):
    otp = IdentifierField(label="短信验证码", max_length=6, min_length=6,
                          help_text="6 位数字，10 分钟内有效",
                          widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                        "inputmode": "numeric"}))


LINES_HELP_POOLS = "每行一个分组：代码,名称,名额,候补人数（如 individual,个人,100,20），按摇号顺序排列"
LINES_HELP_SOURCES = ("每行一个随机源：编号|备用编号（空格分隔，可空）|说明；编号中的 {date} 代表摇号日期，"
                      "{round} 代表期数，如 kl8-{date}|kl8-{date}-b|福彩快乐8 当日开奖号码")


class AnnounceForm(forms.Form):
    title = forms.CharField(label="名称", max_length=120)
    rules = forms.CharField(label="摇号规则", widget=forms.Textarea)
    eligibility_text = forms.CharField(label="参与条件（文字）", widget=forms.Textarea)
    min_age = forms.IntegerField(label="最低年龄（周岁）", required=False, min_value=0)
    max_age = forms.IntegerField(label="最高年龄（周岁）", required=False, min_value=0)
    id_prefixes = forms.CharField(label="身份证地址码前缀", required=False,
                                  help_text="以空格分隔，如 3502 表示厦门市；留空不限")
    pools = forms.CharField(label="分组与名额", widget=forms.Textarea, help_text=LINES_HELP_POOLS)
    unused_quota = forms.ChoiceField(label="多余名额", choices=list(Lottery.UNUSED_QUOTA.items()))
    weight_rule = forms.ChoiceField(label="权重规则", choices=list(Lottery.WEIGHT_RULES.items()))
    max_weight = forms.IntegerField(label="最大权重（正整数）", min_value=1, initial=1)
    sources = forms.CharField(label="公开随机源及备用源", widget=forms.Textarea,
                              help_text=LINES_HELP_SOURCES)
    registration_opens_at = forms.DateTimeField(label="登记开始时间",
                                                help_text="格式：2025-06-01 09:00")
    freeze_at = forms.DateTimeField(label="名单冻结（登记截止）时间")
    draw_at = forms.DateTimeField(label="摇号时间")
    appeal_hours = forms.IntegerField(label="异议期（小时）", min_value=0, initial=24)
    claim_hours = forms.IntegerField(label="领取期限（小时）", min_value=1, initial=36)
    recurrence = forms.ChoiceField(label="周期", choices=list(Lottery.RECURRENCE.items()))
    last_round_on = forms.DateField(label="最后一期日期（每日摇号）", required=False)
    notary_agency = forms.ModelChoiceField(label="监督公证机构", queryset=None,
                                           help_text="受理本次摇号监督公证的公证机构；只有其公证员能"
                                                     "提交承诺、公开随机数或宣布摇号无效")

    def __init__(self, *args, organiser_id: int | None = None, **kwargs):
        from fazhi.lottery.queries import notary_offices

        super().__init__(*args, **kwargs)
        self.fields["notary_agency"].queryset = notary_offices().exclude(pk=organiser_id)

    def rules_data(self) -> dict:
        """The service's LotteryRules input (pydantic checks the rest)."""
        d = dict(self.cleaned_data)
        d["id_prefixes"] = d["id_prefixes"].split()
        d["pools"] = [_pool_line(line) for line in d["pools"].splitlines() if line.strip()]
        d["sources"] = [_source_line(line) for line in d["sources"].splitlines() if line.strip()]
        d["notary_agency_id"] = d.pop("notary_agency").pk
        return d


def _pool_line(line: str) -> dict:
    parts = [p.strip() for p in line.replace("，", ",").split(",")]
    if len(parts) not in (3, 4):
        raise forms.ValidationError(f"分组行格式不正确：{line}")
    return {"name": parts[0], "label": parts[1], "quota": parts[2],
            "alternates": parts[3] if len(parts) == 4 else 0}


def _source_line(line: str) -> dict:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise forms.ValidationError(f"随机源行格式不正确：{line}")
    parts += [""] * (3 - len(parts))
    return {"id": parts[0], "fallbacks": parts[1].split(), "description": parts[2]}


class SourceForm(forms.Form):
    source_id = forms.ChoiceField(label="随机源")
    value = forms.CharField(label="取值", required=False,
                            help_text="以空格分隔的数字，如快乐8的 20 个号码；留空表示该源未按时公布（将使用备用源）")
    evidence_url = forms.URLField(label="来源网址", required=False, assume_scheme="https")
    evidence_text = forms.CharField(label="说明", required=False, widget=forms.Textarea)
    screenshot = forms.FileField(label="截图", required=False)

    def __init__(self, *args, ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_id"].choices = [(i, i) for i in ids]
