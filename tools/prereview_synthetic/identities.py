"""Fictitious people, companies and the facts their documents record (never real ones).

Names are a common surname plus random given-name characters; ID numbers are built from a
public administrative-division code, a random birth date and sequence, and the GB 11643
check character; companies carry invented trade names and a 统一社会信用代码 with a correct
GB 32100 check character. Every function takes a seeded `random.Random`, so one seed always
gives the same people. Deliberately broken variants (wrong check character, impossible birth
date) exist so pre-review can be tested on them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from prereview.identifiers import id_check_char

# Every possible check character, in this order so a seed still picks the same wrong one.
ID_CHECK_CHARS = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class Region:
    """A county-level division: code (GB/T 2260, public) and the names printed on documents."""

    code: str
    province: str
    city: str
    district: str
    short: str  # 浙 — the province abbreviation printed on property certificates

    @property
    def prefix(self) -> str:
        """省市区 as printed before a street address (a municipality is not repeated)."""
        if self.province == self.city:
            return f"{self.city}{self.district}"
        return f"{self.province}{self.city}{self.district}"

    @property
    def district_short(self) -> str:
        """朝阳 for 朝阳区: the police sub-bureau and registrar names use the short form."""
        return self.district[:-1] if len(self.district) > 2 and self.district.endswith("区") else self.district


# Real division codes (so positions 1–6 of a generated ID number name an existing region, as a
# validator checks); the streets, numbers and people on them are invented.
REGIONS: tuple[Region, ...] = tuple(
    Region(code, province, city, district, short)
    for code, province, city, district, short in (
        ("110105", "北京市", "北京市", "朝阳区", "京"),
        ("110108", "北京市", "北京市", "海淀区", "京"),
        ("120101", "天津市", "天津市", "和平区", "津"),
        ("120103", "天津市", "天津市", "河西区", "津"),
        ("310104", "上海市", "上海市", "徐汇区", "沪"),
        ("320102", "江苏省", "南京市", "玄武区", "苏"),
        ("320106", "江苏省", "南京市", "鼓楼区", "苏"),
        ("330102", "浙江省", "杭州市", "上城区", "浙"),
        ("330106", "浙江省", "杭州市", "西湖区", "浙"),
        ("330302", "浙江省", "温州市", "鹿城区", "浙"),
        ("350102", "福建省", "福州市", "鼓楼区", "闽"),
        ("350203", "福建省", "厦门市", "思明区", "闽"),
        ("350211", "福建省", "厦门市", "集美区", "闽"),
        ("360102", "江西省", "南昌市", "东湖区", "赣"),
        ("360103", "江西省", "南昌市", "西湖区", "赣"),
        ("370102", "山东省", "济南市", "历下区", "鲁"),
        ("370202", "山东省", "青岛市", "市南区", "鲁"),
        ("410102", "河南省", "郑州市", "中原区", "豫"),
        ("410105", "河南省", "郑州市", "金水区", "豫"),
        ("420102", "湖北省", "武汉市", "江岸区", "鄂"),
        ("420106", "湖北省", "武汉市", "武昌区", "鄂"),
        ("420111", "湖北省", "武汉市", "洪山区", "鄂"),
        ("440103", "广东省", "广州市", "荔湾区", "粤"),
        ("440106", "广东省", "广州市", "天河区", "粤"),
        ("440304", "广东省", "深圳市", "福田区", "粤"),
        ("440305", "广东省", "深圳市", "南山区", "粤"),
        ("510104", "四川省", "成都市", "锦江区", "川"),
        ("510107", "四川省", "成都市", "武侯区", "川"),
        ("610103", "陕西省", "西安市", "碑林区", "陕"),
        ("610113", "陕西省", "西安市", "雁塔区", "陕"),
        ("530102", "云南省", "昆明市", "五华区", "云"),
        ("210102", "辽宁省", "沈阳市", "和平区", "辽"),
        ("210103", "辽宁省", "沈阳市", "沈河区", "辽"),
        ("210202", "辽宁省", "大连市", "中山区", "辽"),
        ("220102", "吉林省", "长春市", "南关区", "吉"),
        ("230103", "黑龙江省", "哈尔滨市", "南岗区", "黑"),
        ("130102", "河北省", "石家庄市", "长安区", "冀"),
        ("520102", "贵州省", "贵阳市", "南明区", "黔"),
        ("620102", "甘肃省", "兰州市", "城关区", "甘"),
        ("650102", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "新"),
    )
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN_MALE = "伟强磊军勇杰涛斌超明辉刚健鹏宇浩凯俊峰亮飞建国志文博毅晨轩昊然睿哲铭彬林松柏森澄泽宁远航楷锐恒晖瀚"
_GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲婷雪慧颖琳倩洁萍红梅兰凤月佳欣怡悦彤妍瑶璐琪晓雯晴岚蕾薇茜菲蓉露莉嘉"
_GIVEN_ANY = "子一思若可文安心雨佳欣诗梓宇泽俊晓天新家嘉明"
# Characters a clerk or OCR confuses with each other (same sound or shape) — for name typos.
_SIMILAR = {
    "明": "铭", "铭": "明", "伟": "玮", "玮": "伟", "丽": "莉", "莉": "丽", "静": "婧", "婧": "静",
    "杰": "洁", "洁": "杰", "涛": "韬", "韬": "涛", "磊": "垒", "军": "君", "君": "军", "娟": "鹃",
    "玲": "铃", "艳": "燕", "燕": "艳", "峰": "锋", "锋": "峰", "宇": "羽", "羽": "宇", "婷": "庭",
    "晨": "辰", "辰": "晨", "慧": "惠", "惠": "慧", "琳": "林", "林": "琳", "佳": "嘉", "嘉": "佳",
}
ETHNICITIES = ("汉",) * 40 + ("回", "满", "壮", "苗", "土家", "蒙古", "彝", "侗", "瑶", "朝鲜")
_STREET_HEADS = "文华兴隆嘉禾翠柳明德和顺永安长乐新民丰泽青云望湖锦绣春晖云栖秀水金桂育才花溪星光同心振兴临江南屏北苑东升西溪"
_STREET_TAILS = ("路", "路", "街", "大道", "巷", "东路", "西路", "北路", "南街")
_ESTATE_TAILS = ("小区", "花园", "苑", "家园", "公寓", "新村", "雅居")
_TRADE_WORDS = "鑫源恒达佳禾瑞丰盛泰宏远永辉福满金穗聚祥汇通鼎新同创和润万家惠民嘉利晟达锦程启航优品益康"
_TRADES = (
    ("便利店", "预包装食品销售（不含冷藏冷冻食品）；日用百货、文具用品零售"),
    ("超市", "食品销售；日用百货、五金产品、化妆品零售"),
    ("理发店", "理发服务；美容服务（非医疗美容）；化妆品零售"),
    ("餐饮店", "餐饮服务；食品销售（仅销售预包装食品）"),
    ("小吃店", "小餐饮；食品销售（仅销售预包装食品）"),
    ("水果店", "新鲜水果零售；食用农产品零售"),
    ("五金店", "五金产品零售；建筑装饰材料销售"),
    ("服装店", "服装服饰零售；鞋帽零售"),
)
_COMPANY_TRADES = (
    ("商贸有限公司", "日用百货销售；五金产品批发；电子产品销售；国内贸易代理"),
    ("科技有限公司", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发"),
    ("餐饮管理有限公司", "餐饮服务；餐饮管理；食品销售"),
    ("文化传媒有限公司", "组织文化艺术交流活动；广告设计、代理；会议及展览服务"),
    ("建材有限公司", "建筑材料销售；建筑装饰材料销售；金属材料销售"),
    ("物业服务有限公司", "物业管理；家政服务；停车场服务"),
)


@dataclass(frozen=True)
class Person:
    """A fictitious citizen and what their 居民身份证 says.

    `address` is the registered (户籍) address printed on the ID card; `residence` where they
    live now. `id_valid_until` None means 长期 (cards issued at 46 or older).
    """

    name: str
    sex: str  # 男 / 女
    ethnicity: str
    birth: date
    region: Region
    address: str
    residence: str
    id_number: str
    id_issuer: str
    id_valid_from: date
    id_valid_until: date | None
    phone: str

    @property
    def id_period(self) -> str:
        """有效期限 as printed on the card's back: 2015.03.07-2035.03.07 or 2015.03.07-长期."""
        end = "长期" if self.id_valid_until is None else f"{self.id_valid_until:%Y.%m.%d}"
        return f"{self.id_valid_from:%Y.%m.%d}-{end}"

    def age_on(self, day: date) -> int:
        return years_between(self.birth, day)


@dataclass(frozen=True)
class Company:
    """A fictitious market entity: 个体工商户 (kind "individual") or a limited company."""

    name: str
    kind: str  # "individual" | "company"
    type: str  # 类型 as printed
    uscc: str
    representative: Person  # 法定代表人 / 经营者
    address: str  # 住所 / 经营场所
    region: Region
    founded: date
    term_until: date | None  # 营业期限 end; None = 长期
    registrar: str  # 登记机关
    scope: str  # 经营范围
    capital: str | None = None  # 注册资本 (companies only)

    @property
    def representative_label(self) -> str:
        """经营者 on a 个体工商户 licence, 法定代表人 on a company's."""
        return "经营者" if self.kind == "individual" else "法定代表人"

    @property
    def term(self) -> str:
        """营业期限 as printed: 2015年03月07日至2035年03月06日, or 长期 after the start."""
        end = "长期" if self.term_until is None else f"{self.term_until:%Y年%m月%d日}"
        return f"{self.founded:%Y年%m月%d日}至{end}"


@dataclass(frozen=True)
class Lease:
    """A rental of premises: who lets to whom, where, for how long and how much."""

    landlord: Person
    tenant: Person
    address: str
    area: float  # ㎡
    purpose: str  # 居住 / 经营
    start: date
    end: date
    monthly_rent: int  # 元
    deposit: int

    @property
    def period(self) -> str:
        return f"自{cn_date(self.start)}至{cn_date(self.end)}止"


@dataclass(frozen=True)
class PropertyRight:
    """What a 不动产权证书 records about one flat or shop."""

    owner: Person
    address: str
    certificate_number: str
    unit_number: str
    right_type: str
    right_nature: str
    use: str
    area: str
    term: str
    registered: date
    sharing: str = "单独所有"


@dataclass(frozen=True)
class Marriage:
    """A marriage registration (结婚证): both parties, the holder, date and number."""

    husband: Person
    wife: Person
    registered: date
    number: str
    registrar: str


@dataclass(frozen=True)
class Birth:
    """A birth as the 出生医学证明 records it."""

    child: Person
    mother: Person
    father: Person
    time: datetime
    place: str
    hospital: str
    number: str
    weeks: int
    weight_g: int
    length_cm: int


# -- dates ----------------------------------------------------------------------------------
def add_years(day: date, years: int) -> date:
    """The same month and day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_between(start: date, end: date) -> int:
    """Full years from start to end (age on a day)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def cn_date(day: date, pad: bool = False) -> str:
    """2024年3月7日 (or 2024年03月07日 with pad), as Chinese documents print dates."""
    return f"{day:%Y年%m月%d日}" if pad else f"{day.year}年{day.month}月{day.day}日"


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day between start and end inclusive."""
    span = (end - start).days
    return start + timedelta(days=rng.randint(0, max(span, 0)))


# -- ID numbers (GB 11643; check characters by prereview.identifiers, i.e. python-stdnum) ------------
def make_id_number(region: Region, birth: date, sex: str, rng: random.Random) -> str:
    """A valid 18-character number; the 17th digit is odd for men, even for women."""
    order = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
    body = f"{region.code}{birth:%Y%m%d}{order:03d}"
    return body + id_check_char(body)


def region_valid_on(region: Region, birth: date) -> bool:
    """Whether the division code existed in the birth year (python-stdnum's table: most county
    codes from 1983; so older people get a code that validators accept)."""
    body = f"{region.code}{birth:%Y%m%d}123"
    return bool(stdnum_ric.is_valid(body + id_check_char(body)))


def with_wrong_check_char(number: str, rng: random.Random) -> str:
    """The same number with a different (so wrong) check character: a typo pre-review must catch."""
    right = id_check_char(number[:17])
    return number[:17] + rng.choice([c for c in ID_CHECK_CHARS if c != right])


def with_impossible_birth_date(number: str, rng: random.Random) -> str:
    """Month 13, day 32 or 30 February, with the check character recomputed (so only the date is wrong)."""
    year = number[6:10]
    month_day = rng.choice(("1301", "1315", "0230", "0432", "0011", "0700"))
    body = number[:6] + year + month_day + number[14:17]
    return body + id_check_char(body)


def other_valid_id_number(number: str, rng: random.Random) -> str:
    """A different, valid number of the same region, birth date and sex (a relative's, a mix-up)."""
    while True:
        order = int(number[14:17])
        new = (order + rng.randrange(10, 990, 10)) % 1000
        body = number[:14] + f"{new:03d}"
        candidate = body + id_check_char(body)
        if candidate != number:
            return candidate


# -- 统一社会信用代码 (GB 32100) ------------------------------------------------------------
def _org_code(rng: random.Random) -> str:
    """A 9-character organisation code: MA + 6 characters + its GB 11714 check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWY"
    body = "MA" + "".join(rng.choice(alphabet) for _ in range(6))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(region: Region, kind: str, rng: random.Random) -> str:
    """A valid code: 9 (market regulator), 1 company / 2 个体工商户, region, org code, check."""
    body = "9" + ("2" if kind == "individual" else "1") + region.code + _org_code(rng)
    return body + stdnum_uscc.calc_check_digit(body)


def with_wrong_uscc_check(code: str, rng: random.Random) -> str:
    """The same code with a wrong check character."""
    right = stdnum_uscc.calc_check_digit(code[:17])
    return code[:17] + rng.choice([c for c in USCC_ALPHABET if c != right])


# -- people -----------------------------------------------------------------------------------
def validity_years(age_at_issue: int) -> int | None:
    """居民身份证法 第5条: under 16 → 5 years, 16–25 → 10, 26–45 → 20, 46 and over → 长期 (None)."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def id_card_period(birth: date, issued: date) -> tuple[date, date | None]:
    """(start, end) of a card issued on `issued` to someone born on `birth` (end None = 长期)."""
    years = validity_years(years_between(birth, issued))
    return issued, None if years is None else add_years(issued, years)


def _issue_date(rng: random.Random, birth: date, today: date, expired: bool) -> date:
    """An issue date that makes the card valid today (or expired, when asked)."""
    earliest = max(birth + timedelta(days=30), date(2004, 1, 1))
    for _ in range(400):
        issued = random_date(rng, earliest, today - timedelta(days=20))
        _, end = id_card_period(birth, issued)
        if expired and end is not None and end < today - timedelta(days=30):
            return issued
        if not expired and (end is None or end > today + timedelta(days=60)):
            return issued
    raise ValueError(f"no {'expired' if expired else 'valid'} ID card issue date for someone born {birth}")


def random_name(rng: random.Random, sex: str, surname: str | None = None) -> str:
    """Surname + one or two random given-name characters (never a looked-up real name)."""
    pool = (_GIVEN_MALE if sex == "男" else _GIVEN_FEMALE) + _GIVEN_ANY
    given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2, 2))))
    return (surname or rng.choice(SURNAMES)) + given


def similar_name(name: str, rng: random.Random) -> str:
    """The name with one given-name character swapped for a look- or sound-alike (a typo)."""
    positions = [i for i in range(1, len(name)) if name[i] in _SIMILAR]
    if positions:
        i = rng.choice(positions)
        return name[:i] + _SIMILAR[name[i]] + name[i + 1 :]
    i = rng.randrange(1, len(name))
    choices = [c for c in _GIVEN_ANY if c != name[i]]
    return name[:i] + rng.choice(choices) + name[i + 1 :]


def street_address(rng: random.Random, region: Region, shop: bool = False) -> str:
    """An invented street address in the region: 西湖区文华路188号翠苑小区3幢2单元501室."""
    street = "".join(rng.sample(_STREET_HEADS, 2)) + rng.choice(_STREET_TAILS)
    number = rng.randint(1, 399)
    if shop:
        return f"{region.prefix}{street}{number}号{rng.randint(1, 3)}层{rng.randint(101, 120)}室" if rng.random() < 0.4 else f"{region.prefix}{street}{number}-{rng.randint(1, 12)}号"
    estate = "".join(rng.sample(_STREET_HEADS, 2)) + rng.choice(_ESTATE_TAILS)
    return f"{region.prefix}{street}{number}号{estate}{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"


def police_issuer(region: Region) -> str:
    """签发机关 of a card: 杭州市公安局西湖分局 (北京市公安局朝阳分局)."""
    return f"{region.city}公安局{region.district_short}分局"


def phone_number(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))


def make_person(
    rng: random.Random,
    today: date,
    *,
    sex: str | None = None,
    age: tuple[int, int] = (20, 60),
    birth: date | None = None,
    region: Region | None = None,
    surname: str | None = None,
    ethnicity: str | None = None,
    expired_card: bool = False,
) -> Person:
    """A fictitious person living in `region` (random when not given) with a valid ID card."""
    sex = sex or rng.choice("男女")
    region = region or rng.choice(REGIONS)
    if birth is None:
        oldest = add_years(today, -age[1] - 1) + timedelta(days=1)
        youngest = add_years(today, -age[0])
        birth = random_date(rng, oldest, youngest)
    # Most are born where they are registered; some moved their 户口 later.
    born_in = region if rng.random() < 0.7 else rng.choice(REGIONS)
    if not region_valid_on(born_in, birth):
        born_in = rng.choice([r for r in REGIONS if region_valid_on(r, birth)])
    number = make_id_number(born_in, birth, sex, rng)
    address = street_address(rng, region)
    residence = address if rng.random() < 0.6 else street_address(rng, region)
    issued: date
    until: date | None
    if birth > today - timedelta(days=60):  # a newborn has no card yet
        issued, until = birth, add_years(birth, 5)
    else:
        issued, until = id_card_period(birth, _issue_date(rng, birth, today, expired_card))
    return Person(
        name=random_name(rng, sex, surname),
        sex=sex,
        ethnicity=ethnicity or rng.choice(ETHNICITIES),
        birth=birth,
        region=region,
        address=address,
        residence=residence,
        id_number=number,
        id_issuer=police_issuer(region),
        id_valid_from=issued,
        id_valid_until=until,
        phone=phone_number(rng),
    )


def with_expired_card(person: Person, rng: random.Random, today: date) -> Person:
    """The same person holding a card whose 有效期限 ended before today."""
    issued, until = id_card_period(person.birth, _issue_date(rng, person.birth, today, expired=True))
    return replace(person, id_valid_from=issued, id_valid_until=until)


# -- companies ---------------------------------------------------------------------------------
def make_company(
    rng: random.Random,
    today: date,
    representative: Person,
    *,
    kind: str = "individual",
    region: Region | None = None,
    address: str | None = None,
    expired: bool = False,
) -> Company:
    """An invented 个体工商户 (杭州市西湖区鑫源便利店) or company (杭州恒达商贸有限公司)."""
    region = region or representative.region
    words = "".join(rng.sample(_TRADE_WORDS, 2))
    if kind == "individual":
        trade, scope = rng.choice(_TRADES)
        name = f"{region.city}{region.district}{words}{trade}" if rng.random() < 0.5 else f"{region.city}{words}{trade}"
        type_, capital = "个体工商户", None
    else:
        trade, scope = rng.choice(_COMPANY_TRADES)
        name = f"{region.city[:-1]}{words}{trade}"
        type_ = rng.choice(("有限责任公司（自然人独资）", "有限责任公司（自然人投资或控股）"))
        capital = f"{rng.choice((10, 30, 50, 100, 200, 500))}万元人民币"
    if expired:
        founded = random_date(rng, add_years(today, -25), add_years(today, -12))
        term_until: date | None = add_years(founded, 10) - timedelta(days=1)
    else:
        founded = random_date(rng, add_years(today, -12), today - timedelta(days=30))
        term_until = None if kind == "individual" or rng.random() < 0.6 else add_years(founded, rng.choice((20, 30))) - timedelta(days=1)
    return Company(
        name=name,
        kind=kind,
        type=type_,
        uscc=make_uscc(region, kind, rng),
        representative=representative,
        address=address or street_address(rng, region, shop=True),
        region=region,
        founded=founded,
        term_until=term_until,
        registrar=f"{region.city}{region.district}市场监督管理局",
        scope=scope,
        capital=capital,
    )


# -- premises, marriages, births -----------------------------------------------------------
def make_lease(
    rng: random.Random, today: date, landlord: Person, tenant: Person, address: str, *, purpose: str = "经营", expired: bool = False
) -> Lease:
    """A lease running today (or one that ended, when asked)."""
    years = rng.choice((1, 2, 3, 5))
    if expired:
        end = today - timedelta(days=rng.randint(20, 400))
        start = add_years(end, -years) + timedelta(days=1)
    else:
        start = today - timedelta(days=rng.randint(10, 300 * years))
        end = add_years(start, years) - timedelta(days=1)
        if end <= today + timedelta(days=30):
            end = add_years(end, 1)
    rent = rng.randrange(1200, 9000, 100)
    return Lease(landlord, tenant, address, round(rng.uniform(20, 160), 2), purpose, start, end, rent, rent * rng.choice((1, 2, 3)))


def make_property(rng: random.Random, today: date, owner: Person, address: str, *, commercial: bool = False) -> PropertyRight:
    """A 不动产权证书 record for the owner's flat or shop at `address`."""
    registered = random_date(rng, add_years(today, -9), today - timedelta(days=60))
    region = owner.region if address.startswith(owner.region.prefix) else next((r for r in REGIONS if address.startswith(r.prefix)), owner.region)
    land_start = random_date(rng, add_years(registered, -15), registered)
    land_years = 40 if commercial else 70
    unit = f"{region.code}{rng.randint(1, 20):03d}{rng.randint(1, 30):03d}GB{rng.randint(1, 99999):05d}F{rng.randint(1, 99999999):08d}"
    land_area = round(rng.uniform(3000, 40000), 2)
    floor_area = round(rng.uniform(45, 180), 2)
    return PropertyRight(
        owner=owner,
        address=address,
        certificate_number=f"{region.short}（{registered.year}）{region.city}不动产权第{rng.randint(1, 9999999):07d}号",
        unit_number=unit,
        right_type="国有建设用地使用权/房屋所有权",
        right_nature="出让/市场化商品房" if not commercial else "出让/自建房",
        use="城镇住宅用地/住宅" if not commercial else "商服用地/商业服务",
        area=f"共有宗地面积{land_area}㎡/房屋建筑面积{floor_area}㎡",
        term=f"国有建设用地使用权 {cn_date(land_start, pad=True)}起{cn_date(add_years(land_start, land_years) - timedelta(days=1), pad=True)}止",
        registered=registered,
        sharing=rng.choice(("单独所有", "单独所有", "共同共有")),
    )


def make_marriage(rng: random.Random, today: date, husband: Person, wife: Person, *, since: date | None = None) -> Marriage:
    """A registration after both turned 22/20 and not in the future."""
    earliest = max(add_years(husband.birth, 22), add_years(wife.birth, 20), date(2003, 10, 1))
    registered = since or random_date(rng, earliest, max(earliest, today - timedelta(days=30)))
    region = husband.region if rng.random() < 0.5 else wife.region
    number = f"J{region.code}-{registered.year}-{rng.randint(1, 9999):06d}"
    return Marriage(husband, wife, registered, number, f"{region.city}{region.district}民政局")


def make_birth(rng: random.Random, today: date, mother: Person, father: Person, *, born: date | None = None) -> Birth:
    """A newborn (or an older child when `born` is given) of the two parents."""
    sex = rng.choice("男女")
    day = born or today - timedelta(days=rng.randint(5, 40))
    child = make_person(rng, today, sex=sex, birth=day, region=father.region, surname=father.name[0], ethnicity=father.ethnicity)
    time = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
    region = mother.region
    hospital = rng.choice((f"{region.city}{region.district}妇幼保健院", f"{region.city}第{rng.choice('一二三四五六')}人民医院",
                           f"{region.city}{''.join(rng.sample(_TRADE_WORDS, 2))}妇产医院"))
    letter = rng.choice("MNOPQR")
    return Birth(child, mother, father, time, region.prefix, hospital, f"{letter}{rng.randint(10**8, 10**9 - 1)}",
                 rng.randint(37, 41), rng.randint(2600, 4100), rng.randint(47, 54))
