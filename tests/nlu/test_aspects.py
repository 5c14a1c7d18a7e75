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
        ("婚姻登记处周六上班吗", Aspect.LOCATION),
        ("低保申请条件是什么", Aspect.CONDITIONS),
        ("外地人能不能办居住证", Aspect.CONDITIONS),
        ("个体户注册流程", Aspect.PROCESS),
        ("能不能网上办营业执照", Aspect.ONLINE),
        ("手机上可以办异地就医备案吗", Aspect.ONLINE),
        ("身份证", Aspect.GENERAL),
        ("開飯店要帶什麼文件", Aspect.MATERIALS),
    ],
)
def test_detect_aspect(question: str, aspect: Aspect) -> None:
    assert detect_aspect(normalize(question)).aspect == aspect


def test_aspect_reports_its_cues() -> None:
    result = detect_aspect("办护照多少钱")
    assert result.cues == ("多少钱",)
