import pytest
from PIL import Image, ImageDraw

from prereview.portrait import is_portrait_material, looks_like_portrait

SKIN = (226, 180, 150)


def portrait(backdrop: tuple[int, int, int], people: int = 1) -> Image.Image:
    """Head and shoulders on a studio backdrop; the shirt reaches the bottom edge."""
    image = Image.new("RGB", (413 * people, 579), backdrop)
    draw = ImageDraw.Draw(image)
    for k in range(people):
        x = 413 * k
        draw.rectangle((x + 175, 300, x + 238, 420), fill=SKIN)  # neck
        draw.ellipse((x + 130, 130, x + 283, 330), fill=SKIN)  # face
        draw.chord((x + 120, 100, x + 293, 260), 180, 360, fill=(50, 35, 30))  # hair
        draw.rounded_rectangle((x + 40, 410, x + 373, 640), 60, fill=(60, 60, 70))  # shirt
    return image


def flowers() -> Image.Image:
    image = Image.new("RGB", (600, 450), (70, 120, 60))
    draw = ImageDraw.Draw(image)
    for x, y in [(80, 90), (300, 200), (480, 120), (200, 330)]:
        draw.ellipse((x - 40, y - 40, x + 40, y + 40), fill=(240, 200, 60))
    return image


def dish() -> Image.Image:
    image = Image.new("RGB", (600, 450), (110, 80, 60))  # a brown table: skin-like chroma
    ImageDraw.Draw(image).ellipse((100, 50, 500, 400), fill=(240, 240, 235))
    return image


@pytest.mark.parametrize(
    ("name", "image", "expected"),
    [
        ("白底证件照", portrait((255, 255, 255)), True),
        ("蓝底证件照", portrait((60, 130, 220)), True),
        ("红底合影", portrait((200, 30, 40), people=2), True),
        ("倒置的证件照", portrait((60, 130, 220)).rotate(180), True),
        ("花", flowers(), False),
        ("桌上的菜", dish(), False),
        ("白纸", Image.new("RGB", (600, 800), "white"), False),
    ],
)
def test_a_portrait_is_a_face_on_a_plain_backdrop(name: str, image: Image.Image, expected: bool) -> None:
    assert looks_like_portrait(image) is expected, name


@pytest.mark.parametrize(
    ("material", "expected"),
    [("近期免冠证件照片", True), ("二寸近期半身免冠合影", True), ("招牌设计效果图及现场照片", False), ("护照", False)],
)
def test_a_portrait_material_is_a_photo_of_the_person(material: str, expected: bool) -> None:
    assert is_portrait_material(material) is expected
