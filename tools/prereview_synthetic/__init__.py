"""Fictitious Chinese documents with known ground truth, for testing and evaluating pre-review (智能预审)."""

from tools.prereview_synthetic.cases import DEFECT_CODES, build_case, build_cases
from tools.prereview_synthetic.identities import Company, Person, make_company, make_person
from tools.prereview_synthetic.render import Document, FontMissing, find_font

__all__ = [
    "DEFECT_CODES",
    "Company",
    "Document",
    "FontMissing",
    "Person",
    "build_case",
    "build_cases",
    "find_font",
    "make_company",
    "make_person",
]
