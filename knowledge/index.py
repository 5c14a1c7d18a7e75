"""The search index: built from a catalog, saved to a folder, reloaded when still current.

`banshi index build` builds it; the API builds it at start-up when it is missing or stale
(the catalog's content hash or the encoder setting changed). A build writes to a temporary
folder and renames it into place, so a crash mid-build never leaves a half index.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from knowledge.bm25 import BM25Index
from knowledge.dense import DenseIndex
from knowledge.documents import Corpus, Target, build_corpus, training_pairs
from knowledge.domain import DomainClassifier
from knowledge.encoder import BUILTIN, Encoder, load_encoder, train_builtin
from knowledge.schema import Catalog
from knowledge.store import catalog_hash
from nlu.analyzer import TextAnalyzer
from nlu.normalize import normalize
from nlu.segment import Segmenter, is_cjk
from nlu.synonyms import SynonymTable
from nlu.typos import HomophoneCorrector

log = logging.getLogger(__name__)
# Raised whenever what a saved index holds changes meaning (4: the domain classifier reads topics).
FORMAT = 4


@dataclass
class Manifest:
    format: int
    catalog_hash: str
    encoder: str
    built_at: float
    build_seconds: float
    targets: int
    passages: int


class IndexMissing(Exception):
    """No usable index in the folder (never built, old format, or built for another encoder)."""


def _corrector(segmenter: Segmenter, *indexes: BM25Index) -> HomophoneCorrector:
    vocab = set(segmenter.user_words)
    for index in indexes:
        vocab |= {w for w in index.vocab if is_cjk(w) and len(w) >= 2}
    return HomophoneCorrector(vocab)


class SearchIndex:
    """BM25 over title words, body words and title character bigrams, and a dense passage index.

    Titles (name, aliases, 相似问法, FAQ questions) say what an item *is*; bodies (summary, conditions,
    materials…) what it *contains*. Kept apart, a word that every body mentions (身份证 is a
    material of most items) keeps its weight where it names the item.
    """

    def __init__(
        self,
        targets: list[Target],
        analyzer: TextAnalyzer,
        words: BM25Index,
        body: BM25Index,
        chars: BM25Index,
        dense: DenseIndex,
        encoder: Encoder,
        manifest: Manifest,
        user_words: list[str],
        synonyms: list[tuple[str, list[str]]],
        texts: list[str],
        domain: DomainClassifier | None = None,
    ) -> None:
        self.targets = targets
        self.texts = texts
        self.domain = domain
        self.analyzer = analyzer
        self.words = words
        self.body = body
        self.chars = chars
        self.dense = dense
        self.encoder = encoder
        self.manifest = manifest
        self._user_words = user_words
        self._synonyms = synonyms
        self.by_code = {t.code: i for i, t in enumerate(targets)}

    # -- building -----------------------------------------------------------------------
    @classmethod
    def build(cls, catalog: Catalog, encoder_spec: str = BUILTIN, work_dir: Path | None = None) -> SearchIndex:
        started = time.perf_counter()
        corpus: Corpus = build_corpus(catalog)
        if not corpus.targets:
            raise ValueError("the knowledge base has no published items to index")
        user_words = sorted(corpus.vocabulary)
        segmenter = Segmenter(user_words)
        synonyms = [(normalize(s.term), [normalize(c) for c in s.canonical]) for s in catalog.synonyms]
        analyzer = TextAnalyzer(segmenter, SynonymTable(synonyms))
        word_docs, body_docs, char_docs, texts = [], [], [], []
        for title, body, identifying in zip(corpus.titles, corpus.bodies, corpus.identifying, strict=True):
            texts.append(analyzer.expanded(identifying))
            title_words, title_chars = analyzer.doc_terms(title)
            word_docs.append(title_words)
            body_docs.append(analyzer.doc_terms(body)[0])
            char_docs.append(title_chars)
        words = BM25Index().fit(word_docs)
        body_index = BM25Index().fit(body_docs)
        chars = BM25Index().fit(char_docs)
        analyzer.corrector = _corrector(segmenter, words, body_index)
        work_dir = work_dir or Path("var/index")
        if encoder_spec == BUILTIN:
            encoder = train_builtin(training_pairs(corpus), work_dir / "encoder.tmp", segmenter)
        else:
            encoder = load_encoder(encoder_spec, work_dir, segmenter)
        vectors = encoder.encode([normalize(p.text) for p in corpus.passages])
        dense = DenseIndex([p.target for p in corpus.passages], vectors)
        domain = DomainClassifier.train(catalog)
        manifest = Manifest(
            format=FORMAT,
            catalog_hash=catalog_hash(catalog),
            encoder=encoder_spec,
            built_at=time.time(),
            build_seconds=round(time.perf_counter() - started, 2),
            targets=len(corpus.targets),
            passages=len(corpus.passages),
        )
        log.info("index built: %d targets, %d passages in %.1fs", manifest.targets, manifest.passages, manifest.build_seconds)
        return cls(
            corpus.targets, analyzer, words, body_index, chars, dense, encoder, manifest, user_words, synonyms, texts, domain
        )

    # -- persistence --------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / "targets.json").write_text(
            json.dumps([asdict(t) for t in self.targets], ensure_ascii=False), encoding="utf-8"
        )
        (tmp / "vocabulary.json").write_text(json.dumps(self._user_words, ensure_ascii=False), encoding="utf-8")
        (tmp / "synonyms.json").write_text(json.dumps(self._synonyms, ensure_ascii=False), encoding="utf-8")
        (tmp / "texts.json").write_text(json.dumps(self.texts, ensure_ascii=False), encoding="utf-8")
        if self.domain is not None:
            self.domain.save(tmp / "domain.joblib")
        self.words.save(tmp / "words")
        self.body.save(tmp / "body")
        self.chars.save(tmp / "chars")
        self.dense.save(tmp / "dense")
        if self.manifest.encoder == BUILTIN:
            self.encoder.model.save(str(tmp / "encoder"))
            (tmp / "encoder" / "banshi_encoder.json").write_text(json.dumps({"kind": BUILTIN}))
        (tmp / "manifest.json").write_text(json.dumps(asdict(self.manifest), indent=2))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        tmp.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(folder.parent / "encoder.tmp", ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, encoder_spec: str = BUILTIN) -> SearchIndex:
        manifest = read_manifest(folder)
        if manifest is None or manifest.format != FORMAT or manifest.encoder != encoder_spec:
            raise IndexMissing(f"no current search index in {folder}; run `banshi index build`")
        targets = [Target(**t) for t in json.loads((folder / "targets.json").read_text(encoding="utf-8"))]
        user_words = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        synonyms = [(t, c) for t, c in json.loads((folder / "synonyms.json").read_text(encoding="utf-8"))]
        segmenter = Segmenter(user_words)
        words = BM25Index.load(folder / "words")
        body = BM25Index.load(folder / "body")
        chars = BM25Index.load(folder / "chars")
        analyzer = TextAnalyzer(segmenter, SynonymTable(synonyms), _corrector(segmenter, words, body))
        encoder = load_encoder(encoder_spec, folder / "encoder", segmenter)
        dense = DenseIndex.load(folder / "dense")
        texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
        domain = DomainClassifier.load(folder / "domain.joblib")
        return cls(targets, analyzer, words, body, chars, dense, encoder, manifest, user_words, synonyms, texts, domain)


def read_manifest(folder: Path) -> Manifest | None:
    try:
        return Manifest(**json.loads((folder / "manifest.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None


def is_current(folder: Path, catalog: Catalog, encoder_spec: str) -> bool:
    manifest = read_manifest(folder)
    return bool(
        manifest
        and manifest.format == FORMAT
        and manifest.encoder == encoder_spec
        and manifest.catalog_hash == catalog_hash(catalog)
    )
