"""Domain classifier: is a question about this catalogue at all?

The evidence test (knowledge.search) is lexical: a question whose words the catalogue knows
(台湾 + 通行证, 食品 + 许可证) passes it even when it asks for something the catalogue does not
have. Staff know such questions from real traffic and keep them in the knowledge base as
out-of-scope examples (范围外问题). From those, and from how citizens ask about the catalogue's
own items (names, aliases, FAQ questions, and the names framed as questions), a character
n-gram logistic regression learns the difference at index time — in seconds, no model hub.

With fewer than MIN_EXAMPLES curated examples there is nothing to learn from and the
classifier is not built; the evidence test alone decides.
"""

from __future__ import annotations

import random
from pathlib import Path

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from knowledge.schema import Bundle, Catalog, Item
from nlu.aspects import without_cues
from nlu.normalize import normalize

MIN_EXAMPLES = 30
MAX_POSITIVES = 30_000
# How citizens wrap an item's name into a question; teaches that these frames are in scope.
QUESTION_FRAMES = (
    "{}",
    "办{}",
    "我想办{}",
    "{}要带什么材料",
    "{}需要准备哪些资料",
    "{}在哪里办",
    "{}去哪办",
    "{}多少钱",
    "{}收费吗",
    "{}要多久",
    "{}几天能办好",
    "{}需要什么条件",
    "{}能不能网上办",
    "{}的流程是什么",
    "请问{}怎么办理",
    "{}怎么弄",
    "{}要跑几次",
    "{}咋办",
    "{}手机上能办吗",
    "{}周末能办吗",
    "{}可以找人代办吗",
)
# Openings of real messages, so that a chatty question is not mistaken for small talk.
OPENINGS = (
    "",
    "你好，",
    "请问一下，",
    "我想问问，",
    "麻烦问下",
    "我是外地的，",
    "家里老人",
    "我刚来桐江工作，",
    "听朋友说",
    "急！",
)

def topic_text(text: str) -> str:
    """The question without its aspect cue phrases (怎么申请, 要带什么, 在哪办): what it is about.

    The classifier is to tell topics apart, not ways of asking: the curated out-of-scope
    examples ask "…怎么申请" as often as citizens ask it of the catalogue's own items, and a
    frame learned as out-of-scope declined "社保卡怎么申请" and "低保怎么申请".
    """
    return without_cues(text)


def training_texts(catalog: Catalog, seed: int = 7) -> tuple[list[str], list[str]]:
    """(in-scope texts, out-of-scope texts), normalised; deterministic for a catalog."""
    rng = random.Random(seed)
    positives: list[str] = []
    entities: list[Item | Bundle] = [*catalog.items, *catalog.bundles]
    for entity in entities:
        names = [entity.name, *entity.aliases]
        positives += names + entity.phrasings + [f.q for f in entity.faqs]
        positives += [
            rng.choice(OPENINGS) + rng.choice(QUESTION_FRAMES).format(name) for name in names for _ in range(3)
        ]
    if len(positives) > MAX_POSITIVES:
        positives = rng.sample(positives, MAX_POSITIVES)
    negatives = [e.q for e in catalog.out_of_scope_examples]
    return [normalize(t) for t in positives], [normalize(t) for t in negatives]


class DomainClassifier:
    """P(out of scope) for a normalised (and typo-repaired) question."""

    def __init__(self, vectorizer: TfidfVectorizer, model: LogisticRegression) -> None:
        self.vectorizer = vectorizer
        self.model = model

    @classmethod
    def train(cls, catalog: Catalog) -> DomainClassifier | None:
        positives, negatives = training_texts(catalog)
        if len(negatives) < MIN_EXAMPLES or not positives:
            return None
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        features = vectorizer.fit_transform([topic_text(t) for t in positives + negatives])
        labels = [0] * len(positives) + [1] * len(negatives)
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
        model.fit(features, labels)
        return cls(vectorizer, model)

    def p_out_of_scope(self, text: str) -> float:
        return float(self.model.predict_proba(self.vectorizer.transform([topic_text(text)]))[0, 1])

    def save(self, path: Path) -> None:
        joblib.dump({"vectorizer": self.vectorizer, "model": self.model}, path)

    @classmethod
    def load(cls, path: Path) -> DomainClassifier | None:
        """The saved classifier, or None when the index was built without one."""
        if not path.exists():
            return None
        data = joblib.load(path)
        return cls(data["vectorizer"], data["model"])
