"""Aspect detection: which part of a guide the citizen asks about.

materials / time / fee / location / conditions / process / online, or general; and the finer
parts citizens ask for by name — phone, hours, visits (跑几趟), validity of the result,
agent (代办), collection of the result (在哪领) — each a part of a coarser one (`parent`),
so that a question labelled in the coarse vocabulary still compares. Cue phrases
with weights: specific cues (多少钱, 网上) outweigh generic ones (能不能, 怎么), so
"能不能网上办" is about online handling, not conditions. Transparent on purpose — staff can
read why a question got its aspect (`AspectResult.cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Aspect(StrEnum):
    MATERIALS = "materials"
    TIME = "time"
    FEE = "fee"
    LOCATION = "location"
    CONDITIONS = "conditions"
    PROCESS = "process"
    ONLINE = "online"
    PHONE = "phone"
    HOURS = "hours"
    VISITS = "visits"
    VALIDITY = "validity"
    AGENT = "agent"
    COLLECTION = "collection"
    GENERAL = "general"

    @property
    def parent(self) -> Aspect:
        """The coarse aspect this one is a part of (itself for a coarse one)."""
        return _PARENT.get(self, self)


_PARENT = {
    Aspect.PHONE: Aspect.LOCATION,
    Aspect.HOURS: Aspect.LOCATION,
    Aspect.COLLECTION: Aspect.LOCATION,
    Aspect.VISITS: Aspect.PROCESS,
    Aspect.VALIDITY: Aspect.TIME,
    Aspect.AGENT: Aspect.CONDITIONS,
}


KEEP = "keep"  # a cue that also says *what* is asked (一站式 → a bundle) or frames the topic (能…吗)
_CUES: dict[Aspect, list[tuple[str, float] | tuple[str, float, str]]] = {
    Aspect.MATERIALS: [
        (r"材料|资料|文件|证件|手续材料|清单", 2.0),
        (r"带(什么|啥|哪些|些啥|上什么|点啥|上啥|齐)|拿(什么|啥|哪些)|准备(什么|啥|哪些|好)|提交(什么|啥|哪些)|携带", 2.5),
        (r"(要|需要|得)(些)?(什么|啥|哪些)(证|东西|材料|资料)?", 1.0),
        (r"(交|递交|提供|上交)(些)?(什么|啥|哪些)(东西|材料|资料|证件|证明)?|(哪些|什么|啥)东西", 2.0),
        (r"带咩|要咩|咩文件|咩资料|乜嘢文件", 2.5),  # Cantonese
        (r"原件|复印件|几份|份数", 0.8),
    ],
    Aspect.TIME: [
        (r"多久|多长时间|多少天|几天|几个工作日|多少个工作日|时限|周期|期限|多快|要等|等多久|加急|当天|当场|立等", 2.5),
        (r"什么时候(能|可以|才)?(拿|领|到|办好|下来|出|批)|啥时候|何时|时间", 1.2),
        (r"什么时候|几个月|多长|多少个月", 0.9),
        (r"到账|办结|出证|拿证|拿到", 1.0),
        (r"几耐|几时|几日", 2.5),  # Cantonese
        (r"多少日|日内|天内|个工作日内", 2.0),
    ],
    Aspect.FEE: [
        (r"多少钱|收费|费用|要钱|花钱|免费|收钱|价格|工本费|几块钱|交钱|付费|给钱|花费|贵不贵|钱吗|钱不|交多少|缴多少", 3.0),
        (r"几多钱|几钱|收几多|使唔使钱", 3.0),  # Cantonese
        (r"税费|利率|登记费|手续费|服务费|工本|贵吗", 2.5),
    ],
    Aspect.LOCATION: [
        (r"在哪|哪里|哪儿|哪边|地址|地点|窗口|去哪|到哪|什么地方|啥地方|哪个部门|哪个单位|哪个地方", 2.5),
        (r"边度|喺边|去边|边个部门", 2.5),  # Cantonese
    ],
    Aspect.CONDITIONS: [
        (r"条件|资格|符合|要求|能不能办|能办吗|可以办吗|能否办|有没有资格|够不够|满足|限制|门槛|标准|前提", 2.0),
        (r"能不能|可不可以|可以吗|能否|行不行|行吗|是否可以|允许|要不要|需不需要|是否需要|用不用|是不是要", 0.8),
        (r"使唔使|要唔要|可唔可以|得唔得|符唔符合|能唔能", 0.8),  # Cantonese
        (r"能.{0,12}吗|可以.{0,12}吗|要.{0,8}吗", 0.6, KEEP),
        (r"(能|可以).{0,12}不(?=\s|$)|会不会|最多能|最少要", 0.6, KEEP),  # 能取出来看病不
        (r"年龄|岁|户籍|外地|本地|外地人", 0.6),
    ],
    Aspect.PROCESS: [
        (r"流程|步骤|程序|过程|环节|怎么走", 2.5),
        (r"先.{0,6}(再|然后)", 2.5, KEEP),
        (r"怎么申请|如何申请|怎样申请|怎么办理|如何办理|怎样办理|怎么弄|咋弄|咋办|怎么办|办理方式|申请方式|怎么操作", 1.0),
        (r"点样|点(办|搞|申请|续|补|换|领|攞|转|交|开|迁|报)", 1.0),  # Cantonese
        (
            r"(怎么|怎样|如何|咋|怎|么)(补|领|上|转|备案|注销|换|交|迁|报|去|提取|取|开|改|续|变|解除|申领|撤|申请)"
            r"|(哪些|啥|什么)手续|几个部门|撤回|还是先",
            1.0,
        ),
        (r"一次(性)?(办|弄|搞|过)|一起办|一齐办|一并办|一站式|一个窗口", 1.5, KEEP),
    ],
    Aspect.ONLINE: [
        (r"网上|网办|线上|在线|网络|网站|app|小程序|公众号|微信|支付宝|掌上|手机|不用跑|不去现场|不跑|足不出户|电子版|全程网办|政务服务网", 3.0),
    ],
    # The finer aspects come last: on a tie the coarse aspect's answer is the safer one.
    Aspect.PHONE: [
        (r"电话|联系方式|热线|怎么联系|联系谁|找谁咨询|打给谁|打哪个", 3.0),
    ],
    Aspect.HOURS: [
        (r"几点|上班时间|办公时间|工作时间|营业时间|上班吗|下班|开门|关门|周末|周六|周日|星期[六日天]|节假日|午休|中午休息", 3.0),
    ],
    Aspect.VISITS: [
        (r"跑几趟|跑几次|跑几回|几趟|去几次|去几趟|到现场几次|跑多少趟|最多跑|跑一趟就|只跑一次|几多次|几多趟|几多转", 3.0),
    ],
    Aspect.VALIDITY: [
        (r"有效期.{0,3}(多久|多长|几年|多少年|几耐|是多少)|(多久|几年|几耐|多少年)有效|有效(多久|几年|几耐)"
         r"|能用(几年|多久|多少年|几耐)|用多少年|管(几年|多久)", 3.0),
        (r"有效期", 1.0),
    ],
    Aspect.AGENT: [
        (r"代办|代理人|委托|代领|代为|代签|替(我|他|她|家人|老人|父母|爸|妈|孩子)|别人(去|帮)?办|家(人|里人)(去|帮)?办"
         r"|本人不(去|能|在)|不能亲自|亲自去|必须本人|本人(必须|一定)?(要)?到场|本人去吗|本人来吗", 3.0),
        # Someone else doing it for the citizen: 帮我去办, 帮忙办, 代我去, 帮我跑, 帮手办 (Cantonese).
        (r"(帮|替)(我|他|她|我们|家里|老人|孩子|忙|手)?(去|来)?(办|跑|申请|领|弄|交|递|排队)|代(我|他|她|我们)(去|来|办|跑|领|申请)", 3.0),
    ],
    Aspect.COLLECTION: [
        (r"(证|照|卡|本|结果|执照|许可证)[^，。\s]{0,4}(在哪|哪里|哪儿|去哪|怎么)(领|拿|取)|办好了?[^，。]{0,8}(领|拿|取|寄)"
         r"|(在哪|哪里|去哪|哪儿)(领|拿|取)(证|照|卡)|寄|(?<!查)(?<!查下)(?<!查一下)快递(?!(单号|到哪|到了没|在哪|丢))|送到家|送上门|自取", 3.0),
    ],
}
_COMPILED = {
    aspect: [(re.compile(cue[0]), cue[1], len(cue) < 3) for cue in cues] for aspect, cues in _CUES.items()
}
_ORDER = list(_CUES)


@dataclass(frozen=True)
class AspectResult:
    aspect: Aspect
    score: float
    cues: tuple[str, ...]


def detect_aspect(text: str) -> AspectResult:
    """The aspect of a normalised question (general when no cue fires)."""
    best = AspectResult(Aspect.GENERAL, 0.0, ())
    for aspect in _ORDER:
        score, cues = 0.0, []
        for pattern, weight, _blank in _COMPILED[aspect]:
            found = pattern.findall(text)
            if found:
                score += weight
                cues += [m.group(0) for m in pattern.finditer(text)]
        if score > best.score:
            best = AspectResult(aspect, score, tuple(cues))
    return best


def specific_cue_patterns(min_weight: float = 1.0) -> dict[str, str]:
    """Each aspect's specific cue phrases as one regular expression.

    The bot's NLU uses them as regex features, so that the chat and the search read a
    question's aspect from the same cues; generic cues (能不能, 要…吗) are left out.
    """
    return {
        aspect.value: "|".join(f"(?:{cue[0]})" for cue in cues if cue[1] >= min_weight)
        for aspect, cues in _CUES.items()
    }


def without_cues(text: str) -> str:
    """The text with its cue phrases — words that ask *how*, not *what*, and so say nothing of
    the item — blanked to spaces, in place, so what remains keeps its word boundaries."""
    chars = list(text)
    for cues in _COMPILED.values():
        for pattern, _weight, blank in cues:
            if blank:
                for m in pattern.finditer(text):
                    chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)
