"""Fictitious people, businesses and places of the fictitious city 桐江市.

Names are drawn from the lists below (a surname and a two-character given name invented from
poetic characters); ID numbers carry a region code of the city's districts, a birth date and a
check digit (GB 11643, ISO 7064 MOD 11-2) that is right unless a defect asks otherwise.
Credit codes follow GB 32100 (and their embedded organisation code GB 11714). Phone numbers use
the catalogue's fictitious area code 0123.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

TODAY = dt.date(2026, 12, 7)

SURNAMES = list(
    "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高梁郑罗宋谢唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹易常武乔贺赖龚文"
)
GIVEN_MALE = [
    "沐辰", "景澄", "嘉禾", "乐川", "启航", "松岩", "弘毅", "泽远", "明朗", "子谦", "浩川", "书恒", "逸舟",
    "晨阳", "立言", "云峰", "承泽", "牧之", "知远", "青山", "朗清", "一鸣", "安澜", "敬轩", "亦凡", "宇澄",
]
GIVEN_FEMALE = [
    "若溪", "雨桐", "晓岚", "诗涵", "语嫣", "清禾", "映雪", "婉宁", "月棠", "静姝", "梦瑶", "书瑶", "思颖",
    "知夏", "可岚", "芷晴", "沐晴", "佳音", "素心", "暖玉", "星遥", "念慈", "采薇", "听澜", "初晴", "锦书",
]
# one character of a name written another way (同音/形近): for name mismatches
VARIANT = {
    "辰": "晨", "澄": "诚", "嘉": "佳", "禾": "和", "川": "州", "航": "杭", "岩": "炎", "毅": "义", "远": "源",
    "朗": "郎", "谦": "乾", "浩": "皓", "恒": "衡", "舟": "州", "阳": "扬", "言": "岩", "峰": "锋", "泽": "择",
    "之": "芝", "山": "杉", "清": "青", "鸣": "明", "澜": "兰", "轩": "萱", "凡": "帆", "溪": "希", "桐": "彤",
    "晓": "小", "岚": "兰", "涵": "含", "嫣": "燕", "雪": "学", "宁": "凝", "棠": "堂", "姝": "淑", "瑶": "遥",
    "颖": "莹", "夏": "霞", "晴": "清", "音": "茵", "心": "欣", "玉": "钰", "遥": "瑶", "慈": "瓷", "薇": "微",
    "初": "楚", "书": "舒", "锦": "瑾", "思": "丝", "素": "苏", "采": "彩", "听": "婷", "念": "年", "星": "心",
    "月": "悦", "梦": "孟", "诗": "师", "静": "靜", "婉": "宛", "映": "影", "语": "雨", "芷": "止", "可": "珂",
    "知": "之", "暖": "南", "佳": "嘉", "沐": "木", "景": "京", "乐": "勒", "启": "起", "松": "淞", "弘": "宏",
    "明": "鸣", "子": "梓", "立": "力", "云": "芸", "承": "成", "牧": "木", "青": "清", "一": "逸", "安": "岸",
    "敬": "静", "亦": "怡", "宇": "羽", "逸": "艺", "雨": "语",
}

# 桐江市: districts and the region codes of their businesses' credit codes (every name here is invented)
DISTRICTS = [
    ("东湖区", "360102"), ("西岭区", "360103"), ("南浦区", "360104"), ("北塘区", "360111"), ("桐溪县", "360121"),
]
ELSEWHERE = [("云岭县", "430121"), ("石泉县", "430122"), ("青岚县", "430121")]  # outside the city: 居住证
# the first six digits of an ID number say where the person was first registered; these codes are
# valid for every birth year from 1945 on (python-stdnum checks the code against the birth year)
ID_REGIONS = ["360121", "360122"]
STREETS = [
    "青石路", "梧桐大道", "临江路", "望湖街", "杏花巷", "柳岸路", "云栖路", "石桥街", "桂香路", "明月路",
    "枫林路", "渔舟街", "书院路", "竹影巷", "清泉路", "鹭洲大道", "太平街", "长乐路", "秋实路", "紫薇街",
]
VILLAGES = ["清水村", "白沙村", "杨柳村", "梅岭村", "上塘村", "松林村"]
TOWNS = ["石门镇", "花溪镇", "龙潭乡", "岭口镇"]
SHOP_WORDS = ["禾丰", "青禾", "鹿鸣", "拾光", "暖阳", "半夏", "知味", "山野", "麦田", "栖木", "小满", "望舒",
              "初见", "南风", "一粟", "邻家", "福满", "晨露", "朴食", "蓝鲸", "栗子", "橙意", "米仓", "长亭"]
SHOP_KINDS = {
    "catering": [("小吃店", "餐饮服务（小型餐饮）"), ("面馆", "餐饮服务（小型餐饮）"), ("奶茶店", "餐饮服务（饮品店）"),
                 ("饭店", "餐饮服务"), ("咖啡馆", "餐饮服务（饮品店）")],
    "food_sales": [("食品店", "食品销售（散装食品）"), ("烘焙坊", "食品销售；糕点制售"), ("粮油店", "食品销售（散装食品）")],
    "prepackaged_only": [("便利店", "预包装食品销售（不含冷藏冷冻食品）；日用百货销售"), ("超市", "预包装食品销售；日用百货销售")],
    "retail": [("便利店", "日用百货销售；烟草制品零售"), ("食杂店", "日用百货销售；烟草制品零售"), ("超市", "日用百货销售；烟草制品零售"),
               ("服装店", "服装服饰零售"), ("理发店", "理发服务"), ("文具店", "文具用品零售")],
}
COMPANY_TRADES = ["餐饮管理", "商贸", "食品", "文化传媒", "科技", "服饰", "贸易"]


def check_digit(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights, strict=True)) % 11]


def id_number(region: str, birth: dt.date, rng: random.Random, sex: str) -> str:
    seq = rng.randrange(0, 100) * 10 + (rng.choice([1, 3, 5, 7, 9]) if sex == "男" else rng.choice([0, 2, 4, 6, 8]))
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


def corrupt_check_digit(number: str, rng: random.Random) -> str:
    """The same number with a wrong check digit."""
    good = number[-1]
    return number[:-1] + rng.choice([c for c in "0123456789X" if c != good])


def impossible_date(number: str, rng: random.Random) -> str:
    """The number with an impossible birth date (e.g. 0231, 1305), check digit recomputed."""
    year = number[6:10]
    md = rng.choice(["0230", "0231", "0431", "0631", "1305", "1312", "0932", "0000"])
    body = number[:6] + year + md + number[14:17]
    return body + check_digit(body)


def other_valid_number(number: str, rng: random.Random) -> str:
    """A different, valid number of the same shape (two digits of the sequence or day changed)."""
    while True:
        seq = number[14:17]
        digits = list(seq)
        i = rng.randrange(2)
        digits[i] = str((int(digits[i]) + rng.randrange(1, 9)) % 10)
        body = number[:14] + "".join(digits)
        new = body + check_digit(body)
        if new != number:
            return new


USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "".join(rng.choice("0123456789") if i < 2 else rng.choice(chars[:10] + "ABCDEFGHJKLMN") for i in range(8))
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    c9 = 11 - sum(v * w for v, w in zip(values, [3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
    return body + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))


def uscc_check(body17: str) -> str:
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, weights, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc(region: str, individual: bool, rng: random.Random) -> str:
    body = ("92" if individual else "91") + region + _org_code(rng)
    return body + uscc_check(body)


def corrupt_uscc(code: str, rng: random.Random) -> str:
    good = code[-1]
    return code[:-1] + rng.choice([c for c in USCC_ALPHABET if c != good])


def variant_name(name: str, rng: random.Random) -> str:
    """The same name written with one character changed (as a clerk or the citizen might)."""
    positions = [i for i in range(1, len(name)) if name[i] in VARIANT]
    i = rng.choice(positions) if positions else len(name) - 1
    return name[:i] + VARIANT.get(name[i], "一") + name[i + 1 :]


def cn_date(d: dt.date, zero_pad: bool = True) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if zero_pad else f"{d.year}年{d.month}月{d.day}日"


def dot_date(d: dt.date) -> str:
    return f"{d.year}.{d.month:02d}.{d.day:02d}"


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def validity_years(age_at_issue: int) -> int | None:
    """居民身份证法 第5条: under 16 → 5, 16–25 → 10, 26–45 → 20, 46+ → 长期 (None)."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


@dataclass
class Person:
    name: str
    sex: str
    ethnic: str
    birth: dt.date
    region: str
    district: str
    address: str
    id_number: str
    phone: str
    issue: dt.date  # ID card issue date
    expiry: dt.date | None  # None: 长期
    authority: str
    card_number: str = ""  # the number printed on the card (may differ from the true one by a defect)
    extra: dict = field(default_factory=dict)

    @property
    def valid_text(self) -> str:
        return f"{dot_date(self.issue)}-{dot_date(self.expiry) if self.expiry else '长期'}"


def phone(rng: random.Random) -> str:
    return f"0123-8{rng.randrange(1000000, 9999999)}"


def street_address(rng: random.Random, district: str, shop: bool = False) -> str:
    street = rng.choice(STREETS)
    no = rng.randrange(1, 399)
    if shop:
        return f"桐江市{district}{street}{no}号{rng.choice(['', '1层', '一层', '101室', '商铺', 'A区'])}{rng.choice(['', '', f'{rng.randrange(1, 30)}号铺'])}".rstrip()
    if rng.random() < 0.25 and district == "桐溪县":
        return f"桐江市桐溪县{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号"
    return f"桐江市{district}{street}{no}号{rng.randrange(1, 20)}栋{rng.randrange(1, 4)}单元{rng.randrange(1, 30)}0{rng.randrange(1, 5)}室"


def make_person(
    rng: random.Random,
    sex: str | None = None,
    min_age: int = 20,
    max_age: int = 62,
    surname: str | None = None,
    card_valid: bool = True,
    elsewhere: bool = False,
    used_names: set[str] | None = None,
) -> Person:
    sex = sex or rng.choice(["男", "女"])
    for _ in range(100):
        name = (surname or rng.choice(SURNAMES)) + rng.choice(GIVEN_MALE if sex == "男" else GIVEN_FEMALE)
        if used_names is None or name not in used_names:
            break
    if used_names is not None:
        used_names.add(name)
    age = rng.randrange(min_age, max_age + 1)
    birth = dt.date(TODAY.year - age - 1, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    district, region = rng.choice(ELSEWHERE if elsewhere else DISTRICTS)
    if not elsewhere:
        region = rng.choice(ID_REGIONS)
    if elsewhere:
        address = f"{district}{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号"
        authority = f"{district}公安局"
    else:
        address = street_address(rng, district)
        authority = f"桐江市公安局{district[:-1]}分局"
    number = id_number(region, birth, rng, sex)
    issue, expiry = card_dates(rng, birth, card_valid)
    ethnic = "汉" if rng.random() < 0.9 else rng.choice(["回", "壮", "满", "畲", "苗"])
    person = Person(name, sex, ethnic, birth, region, district, address, number, phone(rng), issue, expiry, authority)
    person.card_number = number
    return person


def card_dates(rng: random.Random, birth: dt.date, valid: bool) -> tuple[dt.date, dt.date | None]:
    """An issue date and the end of validity the law gives; valid: still valid ≥ 60 days after today,
    else ended 20–700 days before today."""
    # expired: preferably within the last two years; a card left unrenewed longer otherwise
    for oldest in (700, 365 * 4, 365 * 12):
        for _ in range(300):
            if valid:
                issue = TODAY - dt.timedelta(days=rng.randrange(60, 365 * 19))
            else:
                issue = max(birth, TODAY - dt.timedelta(days=rng.randrange(365 * 5 + 20, 365 * 34)))
            years = validity_years(age_on(birth, issue))
            expiry = None if years is None else add_years(issue, years)
            if valid and (expiry is None or expiry >= TODAY + dt.timedelta(days=60)):
                return issue, expiry
            if not valid and expiry is not None and TODAY - dt.timedelta(days=oldest) <= expiry <= TODAY - dt.timedelta(days=20):
                return issue, expiry
    raise RuntimeError("no card dates")


@dataclass
class Business:
    name: str  # "" for an individual business without a trade name
    kind: str  # 个体工商户 / 有限责任公司（自然人独资）...
    individual: bool
    uscc: str
    operator: Person  # 经营者 / 法定代表人
    address: str
    scope: str
    registered: dt.date
    term_end: dt.date | None  # 营业期限 end; None: 长期 (individual businesses have none printed)
    capital: str = ""
    authority: str = ""
    form: str = "个人经营"
    printed_uscc: str = ""


CAPITALS = ["壹拾万元整", "伍拾万元整", "壹佰万元整", "叁拾万元整", "贰佰万元整"]


def make_business(rng: random.Random, operator: Person, individual: bool, trade: str, with_name: bool = True,
                  term_valid: bool = True) -> Business:
    district, region = rng.choice(DISTRICTS)
    word = rng.choice(SHOP_WORDS)
    kind_name, scope = rng.choice(SHOP_KINDS[trade])
    address = street_address(rng, district, shop=True)
    registered = TODAY - dt.timedelta(days=rng.randrange(40, 365 * 9))
    if individual:
        name = f"桐江市{district}{word}{kind_name}" if with_name else ""
        kind = "个体工商户"
        term_end = None
        capital = ""
    else:
        name = f"桐江{word}{rng.choice(COMPANY_TRADES)}有限公司"
        kind = rng.choice(["有限责任公司（自然人独资）", "有限责任公司（自然人投资或控股）"])
        capital = rng.choice(CAPITALS)
        if term_valid:
            term_end = None if rng.random() < 0.6 else add_years(registered, rng.choice([20, 30]))
        else:
            term_end = TODAY - dt.timedelta(days=rng.randrange(20, 400))
            registered = add_years(term_end, -rng.choice([5, 10]))
    code = uscc(region, individual, rng)
    authority = f"桐江市{district}市场监督管理局"
    return Business(name, kind, individual, code, operator, address, scope, registered, term_end, capital, authority,
                    printed_uscc=code)


def all_fictitious_names() -> tuple[list[str], list[str], list[str]]:
    return SURNAMES, GIVEN_MALE, GIVEN_FEMALE
