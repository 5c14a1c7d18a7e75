import pytest

from nlu.aspects import Aspect, detect_aspect
from nlu.normalize import normalize


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("办护照要带什么材料", Aspect.MATERIALS),
        ("补身份证需要准备啥", Aspect.MATERIALS),
        ("结婚登记要多久", Aspect.TIME),
        ("公积金提取几天到账", Aspect.TIME),
        ("驾照换证多少钱", Aspect.FEE),
        ("办居住证要钱吗", Aspect.FEE),
        ("社保卡在哪里办", Aspect.LOCATION),
        ("婚姻登记处周六上班吗", Aspect.HOURS),
        ("办身份证打哪个电话", Aspect.PHONE),
        ("结婚登记要跑几趟", Aspect.VISITS),
        ("护照有效期多久", Aspect.VALIDITY),
        ("我爸腿脚不便，能让我代办吗", Aspect.AGENT),
        ("单位能帮我去办吗", Aspect.AGENT),
        ("老公能代我去吗", Aspect.AGENT),
        ("爷爷奶奶能帮忙办吗", Aspect.AGENT),
        ("家里人能帮我跑吗", Aspect.AGENT),
        ("港澳通行證過期咗，點續", Aspect.PROCESS),  # Cantonese 点续: how to renew
        ("能快递吗", Aspect.COLLECTION),
        ("帮我查下快递到哪了", Aspect.LOCATION),  # tracking a parcel is no way to collect a result
        ("驾照办好了在哪领", Aspect.COLLECTION),
        ("能寄到家里吗", Aspect.COLLECTION),
        ("失业金怎么领", Aspect.PROCESS),  # 领 a benefit is no result to collect
        ("身份证有效期到了怎么换", Aspect.PROCESS),  # a renewal, not the validity
        ("低保申请条件是什么", Aspect.CONDITIONS),
        ("外地人能不能办居住证", Aspect.CONDITIONS),
        ("个体户注册流程", Aspect.PROCESS),
        ("能不能网上办营业执照", Aspect.ONLINE),
        ("手机上可以办异地就医备案吗", Aspect.ONLINE),
        ("身份证", Aspect.GENERAL),
        ("開飯店要帶什麼文件", Aspect.MATERIALS),
        ("那要交哪些东西", Aspect.MATERIALS),
    ],
)
def test_detect_aspect(question: str, aspect: Aspect) -> None:
    assert detect_aspect(normalize(question)).aspect == aspect


@pytest.mark.parametrize(
    ("aspect", "parent"),
    [(Aspect.PHONE, Aspect.LOCATION), (Aspect.HOURS, Aspect.LOCATION), (Aspect.VISITS, Aspect.PROCESS),
     (Aspect.VALIDITY, Aspect.TIME), (Aspect.AGENT, Aspect.CONDITIONS), (Aspect.COLLECTION, Aspect.LOCATION),
     (Aspect.FEE, Aspect.FEE)],
)
def test_a_finer_aspect_is_part_of_a_coarse_one(aspect: Aspect, parent: Aspect) -> None:
    assert aspect.parent is parent


def test_aspect_reports_its_cues() -> None:
    result = detect_aspect("办护照多少钱")
    assert result.cues == ("多少钱",)
