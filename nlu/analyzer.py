"""From a citizen's question to what retrieval needs: terms, expansions, content words, aspect.

One place decides how text becomes tokens, so guide texts (at index time) and questions (at
query time) are analysed the same way. Questions additionally get homophone typo repair and
aspect detection; both sides get synonym expansion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.aspects import AspectResult, detect_aspect, without_cues
from nlu.normalize import normalize
from nlu.segment import STOPWORDS, Segmenter, char_ngrams, is_cjk
from nlu.synonyms import SynonymTable
from nlu.typos import HomophoneCorrector


@dataclass(frozen=True)
class Expansion:
    """A term of the question (as typed) and a vocabulary term it stands for."""

    source: str
    target: str
    kind: str  # "synonym" | "typo"


@dataclass
class Analysis:
    raw: str
    normalized: str
    corrected: str  # normalized, typo windows replaced by the words they sound like
    words: list[str]
    bigrams: list[str]
    content_words: list[str]
    expansions: list[Expansion] = field(default_factory=list)
    aspect: AspectResult | None = None

    @property
    def expanded_text(self) -> str:
        return " ".join([self.normalized] + [e.target for e in self.expansions])


def corrected_text(text: str, typos: list[tuple[str, str]]) -> str:
    """`text` with typo windows replaced by the words they sound like (longest window first).

    Used to read *what* and *which aspect* is asked (才料 → 材料 is a materials question);
    retrieval keeps the text as typed and adds the corrections beside it. Callers pass only
    windows that are not words of the language, so a real word is never "corrected".
    """
    for window, word in sorted(typos, key=lambda pair: -len(pair[0])):
        if window in text:
            text = text.replace(window, word, 1)
    return text


class TextAnalyzer:
    """Analyses guide texts and questions with one segmenter, synonym table and typo repair."""

    def __init__(
        self,
        segmenter: Segmenter,
        synonyms: SynonymTable | None = None,
        corrector: HomophoneCorrector | None = None,
    ) -> None:
        self.segmenter = segmenter
        self.synonyms = synonyms or SynonymTable()
        self.corrector = corrector

    def expanded(self, text: str) -> str:
        """Normalised text followed by the canonical terms of the synonyms it contains."""
        norm = normalize(text)
        extra = " ".join(self.synonyms.expand(norm))
        return f"{norm} {extra}" if extra else norm

    def doc_terms(self, text: str) -> tuple[list[str], list[str]]:
        """(words, bigrams) of a guide text, synonyms expanded."""
        full = self.expanded(text)
        return self.segmenter.search_words(full), char_ngrams(full)

    def question(self, text: str) -> Analysis:
        norm = normalize(text)
        expansions = [
            Expansion(term, canonical, "synonym")
            for term, canonicals in self.synonyms.matches(norm)
            for canonical in canonicals
            if canonical not in norm
        ]
        typos = (
            self.corrector.correction_pairs(norm, self.segmenter.solid_spans(norm)) if self.corrector is not None else []
        )
        expansions += [Expansion(src, dst, "typo") for src, dst in typos]
        targets = " ".join(dict.fromkeys(e.target for e in expansions))
        words = self.segmenter.search_words(norm) + (self.segmenter.search_words(targets) if targets else [])
        bigrams = char_ngrams(norm) + (char_ngrams(targets) if targets else [])
        corrected = corrected_text(norm, [(w, c) for w, c in typos if not self.segmenter.is_word(w)])
        return Analysis(
            raw=text,
            normalized=norm,
            corrected=corrected,
            words=words,
            bigrams=bigrams,
            content_words=self._content_words(corrected),
            expansions=expansions,
            aspect=detect_aspect(corrected),
        )

    def _content_words(self, norm: str) -> list[str]:
        """Words that name *what* is asked about: no function words, no aspect cue phrases.

        Cue phrases are blanked out before segmenting what remains, so 在哪开 leaves 开, not
        a made-up word 哪开 that would look like an unknown topic; unknown runs stay single
        characters for the same reason.
        """
        return [w for w in self.segmenter.words(without_cues(norm), hmm=False) if w not in STOPWORDS and (is_cjk(w) or len(w) > 1)]
