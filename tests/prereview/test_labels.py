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
