"""Static data of the demo city: a Xiamen-like city with its real districts and real
department names, and the word lists the demo draws synthetic people and requests from.

Region codes and agency names are real (GB/T 2260; the Xiamen municipal government's
2019 institutional reform). Agency codes, addresses and telephone numbers are
ILLUSTRATIVE: the numbers use the unallocated 0592-0xxxxxx range so nobody dials a real
office from the demo.
"""

from dataclasses import dataclass

CITY = ("350200", "厦门市")
DISTRICTS = [
    ("350203", "思明区"),
    ("350205", "海沧区"),
    ("350206", "湖里区"),
    ("350211", "集美区"),
    ("350212", "同安区"),
    ("350213", "翔安区"),
]

PASSWORD = "demo12345"


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    short_name: str
    login: str  # username prefix: <login>_handler, <login>_head, <login>_reviewer
    kind: str = "department"
    region: str = CITY[0]
    is_legal_office: bool = False
    weight: int = 2  # relative share of the demo's disclosure requests
    featured: bool = False  # gets a reviewer too, and is listed in the login table
    roles: tuple[str, ...] = ()  # its only roles, when not the procedure roles (one account each)
    extra_roles: tuple[str, ...] = ()  # one more account per role (e.g. a lottery organiser)


def _dept(code: str, name: str, short: str, login: str, weight: int = 2, **kw) -> AgencySpec:
    return AgencySpec(code=code, name=name, short_name=short, login=login, weight=weight, **kw)


GOVERNMENT = AgencySpec("XMSZF", "厦门市人民政府", "市政府", "szf", kind="government", weight=3)
GENERAL_OFFICE = _dept("XMSZFBGT", "厦门市人民政府办公厅", "市政府办公厅", "bgt", weight=2)
# its head approves the annual report the supervisor drafts (yfzsb_head)
RULE_OF_LAW_OFFICE = AgencySpec("XMYFZSB", "厦门市委全面依法治市委员会办公室", "市依法治市办",
                                "yfzsb", kind="other", weight=0, extra_roles=("head",))

DEPARTMENTS = [
    _dept("XMFGW", "厦门市发展和改革委员会", "市发改委", "fgw", 3),
    # its system administrator organises the demo's notarised lotteries (school places)
    _dept("XMJYJ", "厦门市教育局", "市教育局", "jyj", 4, featured=True, extra_roles=("admin",)),
    _dept("XMKJJ", "厦门市科学技术局", "市科技局", "kjj", 1),
    _dept("XMGXJ", "厦门市工业和信息化局", "市工信局", "gxj", 2),
    _dept("XMGAJ", "厦门市公安局", "市公安局", "gaj", 6, featured=True),
    _dept("XMMZJ", "厦门市民政局", "市民政局", "mzj", 2),
    _dept("XMSFJ", "厦门市司法局", "市司法局", "sfj", 2, is_legal_office=True, featured=True),
    _dept("XMCZJ", "厦门市财政局", "市财政局", "czj", 3),
    _dept("XMRSJ", "厦门市人力资源和社会保障局", "市人社局", "rsj", 4),
    _dept("XMZGJ", "厦门市自然资源和规划局", "市资源规划局", "zgj", 9, featured=True),
    _dept("XMSTHJJ", "厦门市生态环境局", "市生态环境局", "sthjj", 3),
    _dept("XMJSJ", "厦门市建设局", "市建设局", "jsj", 6),
    _dept("XMJTJ", "厦门市交通运输局", "市交通运输局", "jtj", 3),
    _dept("XMNYNCJ", "厦门市农业农村局", "市农业农村局", "nyncj", 2),
    _dept("XMSWJ", "厦门市商务局", "市商务局", "swj", 1),
    _dept("XMWLJ", "厦门市文化和旅游局", "市文旅局", "wlj", 1),
    _dept("XMWJW", "厦门市卫生健康委员会", "市卫健委", "wjw", 3),
    _dept("XMTYJRJ", "厦门市退役军人事务局", "市退役军人局", "tyjrj", 1),
    _dept("XMYJJ", "厦门市应急管理局", "市应急局", "yjj", 1),
    _dept("XMSHJJ", "厦门市审计局", "市审计局", "shjj", 1),
    _dept("XMGZW", "厦门市人民政府国有资产监督管理委员会", "市国资委", "gzw", 1),
    _dept("XMSCJGJ", "厦门市市场监督管理局", "市市场监管局", "scjgj", 6, featured=True),
    _dept("XMTJJ", "厦门市统计局", "市统计局", "tjj", 1),
    _dept("XMYBJ", "厦门市医疗保障局", "市医保局", "ybj", 2),
    _dept("XMCGJ", "厦门市城市管理行政执法局", "市执法局", "cgj", 4),
    _dept("XMXFJ", "厦门市信访局", "市信访局", "xfj", 1),
]

DISTRICT_GOVERNMENTS = [
    AgencySpec("XMSMQ", "厦门市思明区人民政府", "思明区政府", "smq", kind="government",
               region="350203", weight=6, featured=True),
    AgencySpec("XMHCQ", "厦门市海沧区人民政府", "海沧区政府", "hcq", kind="government",
               region="350205", weight=4),
    AgencySpec("XMHLQ", "厦门市湖里区人民政府", "湖里区政府", "hlq", kind="government",
               region="350206", weight=5),
    AgencySpec("XMJMQ", "厦门市集美区人民政府", "集美区政府", "jmq", kind="government",
               region="350211", weight=4),
    AgencySpec("XMTAQ", "厦门市同安区人民政府", "同安区政府", "taq", kind="government",
               region="350212", weight=4),
    AgencySpec("XMXAQ", "厦门市翔安区人民政府", "翔安区政府", "xaq", kind="government",
               region="350213", weight=4),
]

# The notary office that witnesses the lotteries' and the inspection plans' draws
# (commits to and reveals r_N, docs/draws.md); its notaries are its only staff.
NOTARY_OFFICE = AgencySpec("XMLJGZC", "厦门市鹭江公证处", "鹭江公证处", "gzc", kind="other",
                           weight=0, roles=("notary",))

ALL_AGENCIES = [GOVERNMENT, GENERAL_OFFICE, RULE_OF_LAW_OFFICE, *DEPARTMENTS,
                *DISTRICT_GOVERNMENTS, NOTARY_OFFICE]

# Street offices (街道办事处) the org builder does not make: the powers builder adds them as
# township "one team" enforcement bodies; `fazhi demo --reset` counts them as demo agencies.
STREET_OFFICES = [AgencySpec("XMSMQLJJD", "厦门市思明区鹭江街道办事处", "鹭江街道", "ljjd", kind="other",
                             region="350203", weight=0)]

# Illustrative addresses: city bodies around the municipal administrative centre.
CITY_ROADS = ["湖滨北路", "湖滨南路", "白鹭洲路", "鹭江道", "厦禾路", "莲前西路"]
DISTRICT_ROADS = {
    "350203": ["思明南路", "中山路", "湖滨东路", "仙岳路"],
    "350205": ["海沧大道", "新阳路", "沧林路"],
    "350206": ["湖里大道", "高殿路", "枋湖路", "县后路"],
    "350211": ["集美大道", "杏林湾路", "银江路", "印斗路"],
    "350212": ["环城南路", "城南路", "银湖路", "西湖路"],
    "350213": ["翔安南路", "马巷路", "新店路", "翔安北路"],
}

# Illustrative contact details for the 机关联系方式 page. Office hours follow the city's
# usual pattern, with the later summer afternoon; postcodes are the districts' real
# ranges; e-mail domains use the reserved .example top-level domain.
OFFICE_HOURS = "工作日 8:00–12:00，14:30–17:30（夏令时 15:00–18:00）"
POSTCODES = {"350200": "361003", "350203": "361001", "350205": "361026", "350206": "361006",
             "350211": "361021", "350212": "361100", "350213": "361101"}
EMAIL_DOMAIN = "xm.gov.example"
# District governments receive disclosure requests at a window of their service centre.
SERVICE_CENTRE_ROADS = {"350203": "云顶中路", "350205": "钟林路", "350206": "湖里大道",
                        "350211": "杏林湾路", "350212": "环城西路", "350213": "新店路"}
# The Justice Bureau hosts the site (主办单位): its contact matches the development defaults
# of FAZHI_SITE_ADDRESS / _PHONE / _EMAIL (fazhi/settings.py), so the demo's footer and its
# contacts page agree.
SITE_OWNER_CONTACT = {"address": "厦门市思明区白鹭洲路88号", "phone": "0592-0000010",
                      "email": "sfj@xm.gov.example"}

# Synthetic people and firms.
SURNAMES = "陈林黄张李王吴刘蔡杨郑许谢洪郭曾邱柯苏叶庄颜卢周赖何肖江方高傅施"
GIVEN = ["志明", "建华", "丽娟", "文杰", "雅婷", "俊杰", "秀英", "国强", "美玲", "晓东", "丹丹", "伟", "芳",
         "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娜", "涛", "明", "超", "霞", "平", "刚",
         "桂英", "婷婷", "思远", "梓涵", "浩然", "一鸣", "子轩", "雨桐", "欣怡", "宇航", "佳琪", "振华"]
FIRM_WORDS = ["鹭岛", "海西", "嘉庚", "筼筜", "五缘", "鼓浪", "同文", "海沧", "翔鹭", "集美", "闽南",
              "鹭江", "东渡", "金尚", "白城"]
FIRM_TRADES = ["科技", "建设工程", "物业管理", "贸易", "信息技术", "环保科技", "餐饮管理",
               "房地产开发", "律师事务所", "咨询服务", "物流", "食品"]
ORG_CATEGORIES = ["business", "business", "business", "research", "public_interest",
                  "legal_service", "other"]

PLACES = ["何厝", "五缘湾", "马銮湾", "环东海域", "杏林", "集美新城", "同安新城", "翔安南部新城",
          "观音山", "湖边水库", "筼筜湖", "前埔", "枋湖", "后溪", "新店"]
PROJECTS = ["片区旧村改造项目", "地块土地征收", "道路拓宽工程", "安置房建设项目", "学校新建工程",
            "污水处理厂扩建工程", "地铁站点周边开发"]
