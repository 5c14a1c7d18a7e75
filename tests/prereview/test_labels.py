import pytest

from knowledge.checklist.engine import build, find_target
from knowledge.checklist.model import ChecklistMaterial
from knowledge.checklist.scenarios import walk
from knowledge.schema import Catalog
from prereview.labels import UnknownLabel, match_label

ITEM = "个体工商户设立登记"


@pytest.fixture(scope="module")
def materials(sample_catalog: Catalog) -> list[ChecklistMaterial]:
    target = find_target(sample_catalog, ITEM)
    # Rented premises: the lease and the landlord's property certificate are asked for.
    return build(sample_catalog, target, walk(target, target.parse_answers({"premises": "lease"}))).materials


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("身份证", "M-ID-CARD"),
        ("居民身份证", "M-ID-CARD"),
        ("M-ID-CARD", "M-ID-CARD"),
        ("租赁合同", "M-LEASE"),
        ("租房合同", "M-LEASE"),
        ("房产证", "M-PROPERTY-CERT"),
        ("不动产权证书", "M-PROPERTY-CERT"),
        ("申请书", "M-SCJG-GTH-APP"),
        ("个体工商户登记申请书", "M-SCJG-GTH-APP"),
        ("房屋租賃合同", "M-LEASE"),  # traditional characters
    ],
)
def test_labels_map_to_the_items_materials(label: str, code: str, materials: list[ChecklistMaterial], sample_catalog: Catalog) -> None:
    assert match_label(label, materials, sample_catalog).code == code


def test_unknown_label_lists_the_materials(materials: list[ChecklistMaterial], sample_catalog: Catalog) -> None:
    with pytest.raises(UnknownLabel) as error:
        match_label("驾驶证", materials, sample_catalog)
    assert "居民身份证" in str(error.value)
    assert "房屋租赁合同" in error.value.choices


@pytest.mark.parametrize(
    ("item", "label", "material"),
    [
        ("000106001000", "女方的身份证正反面", "M-ID-CARD"),
        ("000106001000", "老公户口簿", "M-HUKOU"),
        ("000106001000", "女方的户口页", "M-HUKOU"),
        ("000112001000", "租房合同第1页", "M-LEASE"),
        ("000112001000", "本人身份证正面照", "M-ID-CARD"),
        ("000112003000", "电子执照", "M-BUSINESS-LICENSE"),
        ("000114001000", "我的身份证背面", "M-ID-CARD"),
        ("000113001000", "同意书", "M-CG-OWNER-CONSENT"),  # …同意设置的书面意见, not "some form"
        ("000113001000", "承诺书", "M-PROMISE-LETTER"),
        ("000112003000", "设备布局", "M-SCJG-FOOD-LAYOUT"),  # pieces of 食品经营主要设备设施、经营布局和操作流程文件
    ],
)
def test_the_citizens_words_around_a_documents_name(item: str, label: str, material: str, sample_catalog: Catalog) -> None:
    """Whose it is and which side or page it shows do not hide which document it is."""
    from prereview.situation import candidate_materials

    target = find_target(sample_catalog, item)
    assert match_label(label, candidate_materials(sample_catalog, target, {}), sample_catalog).code == material
