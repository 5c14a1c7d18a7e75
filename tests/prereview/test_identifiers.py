import pytest

from nlu.personal import mask_id_numbers, mask_number
from prereview.identifiers import check_id_number, check_uscc, find_id_numbers, id_check_char
from tests.prereview.numbers import id_number, uscc

VALID = id_number()
WRONG_CHECK = id_number(valid=False)
BAD_DATE = id_number(birth="19901307")


@pytest.mark.parametrize(
    ("number", "valid", "problem"),
    [
        (VALID, True, ""),
        (VALID.lower(), True, ""),
        (WRONG_CHECK, False, "校验位"),
        (BAD_DATE, False, "出生日期"),
        (id_number(birth="20991231"), False, "晚于今天"),
        (VALID[:17], False, "18位"),
        ("11010519491231002X", True, ""),  # the GB 11643 example
    ],
)
def test_id_number_check(number: str, valid: bool, problem: str) -> None:
    result = check_id_number(number)
    assert result.valid is valid
    assert problem in result.problem


@pytest.mark.parametrize(("body", "check"), [("11010519491231002", "X"), ("44052418800101001", "4"), ("36040219900307123", "2")])
def test_id_check_char_of_the_first_17_digits(body: str, check: str) -> None:
    assert id_check_char(body) == check


@pytest.mark.parametrize("body", ["1101051949123100", "110105194912310021", "1101051949123100X"])
def test_id_check_char_wants_17_digits(body: str) -> None:
    with pytest.raises(ValueError, match="17 digits"):
        id_check_char(body)


@pytest.mark.parametrize(
    ("number", "valid"),
    [("91110108551385082Q", True), (uscc(), True), (uscc(valid=False), False), ("9111010855138508", False),
     ("91350102MAGEDH6Y2F", True), ("91440103MAEDU2E45D", True), ("9I35O102MAGEDH6Y2F", True)],
)
def test_uscc_check(number: str, valid: bool) -> None:
    assert check_uscc(number).valid is valid


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (f"公民身份号码{VALID}", [VALID]),
        (f"公民身份号码 {VALID[:6]} {VALID[6:14]} {VALID[14:]}", [VALID]),
        (f"号码{VALID[:-1]}x", [VALID[:-1] + "X"]),
        (f"号码{VALID.replace('0', 'O')}", [VALID]),
        ("电话13800000000", []),
    ],
)
def test_find_id_numbers_folds_ocr_look_alikes(line: str, found: list[str]) -> None:
    assert find_id_numbers(line) == found


def test_mask_keeps_first_and_last_four() -> None:
    assert mask_number("360402199003071231") == "3604**********1231"
    assert VALID not in mask_id_numbers(f"姓名 某甲 号码 {VALID}，请核对")
    assert mask_number(VALID) in mask_id_numbers(f"号码 {VALID}")


def test_full_width_digits_are_digits() -> None:
    """OCR and typed forms sometimes give ３６０１…: the same number as 3601…."""
    from prereview.identifiers import canonical_number, find_id_numbers
    from tests.prereview.numbers import id_number

    number = id_number()
    wide = number.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert find_id_numbers(f"公民身份号码 {wide}") == [number]
    assert canonical_number(wide) == number


def test_a_superscript_digit_is_a_digit_and_the_number_is_masked() -> None:
    """OCR read one digit raised (360122197304¹13571): the number is still found, and a message
    built from it shows it masked, never in full."""
    from nlu.personal import mask_id_numbers
    from prereview.identifiers import canonical_number, find_id_numbers
    from tests.prereview.numbers import id_number

    number = id_number()
    raised = number[:12] + "¹²³⁴⁵⁶⁷⁸⁹⁰"[int(number[12]) - 1] + number[13:]
    assert find_id_numbers(f"身份证件号码 {raised}") == [number]
    assert canonical_number(raised) == number
    assert number not in mask_id_numbers(f"号码 {canonical_number(raised)}")
