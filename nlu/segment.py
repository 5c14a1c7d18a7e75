"""Word segmentation with jieba and a user dictionary generated from the knowledge base.

A private `jieba.Tokenizer` per vocabulary (never the global one), so item names such as
公众聚集场所投入使用营业前消防安全检查 or 居民身份证 stay whole and two knowledge bases can be
loaded side by side. Character bigrams complement words for typos and unknown terms.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUN = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")

# Who, when and how people talk around their question: context, never the topic itself.
DISCOURSE_FILLERS = frozenset(
    ["老婆", "老公", "媳妇", "丈夫", "妻子", "爱人", "对象", "男朋友", "女朋友", "儿子", "女儿", "孙子", "孙女", "外孙", "外孙女", "爷爷", "奶奶", "姥姥", "姥爷", "外公", "外婆", "爸", "妈", "爸爸", "妈妈", "老爸", "老妈", "父亲", "母亲", "家里", "家人", "老人家", "婆婆", "公公", "岳父", "岳母", "兄弟", "姐妹", "哥哥", "姐姐", "弟弟", "妹妹", "亲戚", "朋友", "同事", "邻居", "老两口", "两口子", "俺", "俺们", "人家", "大家", "今天", "明天", "昨天", "今年", "明年", "去年", "前年", "最近", "现在", "以前", "之前", "以后", "之后", "下个月", "上个月", "这个月", "上周", "下周", "这周", "前几天", "前两天", "过几天", "早上", "上午", "下午", "晚上", "当时", "那时候", "到时候", "一直", "打算", "准备", "想要", "希望", "觉得", "知道", "不知道", "听说", "听人说", "说", "问问", "问下", "咨询", "了解", "一些", "这边", "那边", "这里", "那里", "中不中", "要得不", "得不得行", "搞么子", "搞嘛", "好不好", "可以不", "是不是", "还是", "或者", "然后", "喂", "唉呀", "哎呀", "真的", "其实", "反正"]
)

# Function words and fillers that say nothing about which item is meant.
STOPWORDS = DISCOURSE_FILLERS | frozenset(
    ["的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嘛", "么", "啦", "哈", "哟", "喔", "噢", "嗯", "诶", "哎", "唉", "是", "在", "有", "和", "与", "及", "或", "或者", "还是", "就", "都", "也", "还", "又", "再", "很", "太", "挺", "我", "你", "他", "她", "它", "我们", "你们", "他们", "咱", "咱们", "自己", "本人", "这", "那", "这个", "那个", "这些", "那些", "哪", "哪个", "哪些", "什么", "啥", "怎么", "怎样", "怎么样", "如何", "为什么", "为啥", "多少", "几", "几个", "吗", "请问", "问", "问一下", "一下", "下", "想", "想问", "要", "需要", "需不需要", "能", "能不能", "可以", "可不可以", "会", "应该", "得", "该", "去", "来", "到", "给", "把", "被", "让", "对", "跟", "从", "向", "往", "于", "为", "以", "之", "其", "所", "如果", "要是", "但是", "可是", "不过", "因为", "所以", "然后", "现在", "已经", "刚", "刚刚", "马上", "一个", "个", "些", "点", "啊", "谢谢", "您好", "你好", "老师", "同志", "麻烦", "帮忙", "帮", "一", "上", "中", "里", "们", "没", "没有", "不", "不是", "是不是", "有没有", "办", "办理", "弄", "搞", "做", "整", "怎么办", "咋", "咋办", "咋弄", "咋整", "咋搞", "怎么整", "怎么搞", "咋个", "需", "求", "大概", "一般", "具体", "相关", "有关", "事", "事情", "手续", "问题", "情况", "下来", "出来", "起来", "过来", "回来", "嘅", "唔", "咩", "啲", "咗", "喺", "佢", "呢个", "嗰个", "点样", "边度", "搞掂", "唔该", "请问下"]
)



def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


class Segmenter:
    """jieba with the knowledge base's words; cheap to call, built once per index."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        self.user_words: set[str] = set()
        for word in user_words:
            self.add_word(word)

    def add_word(self, word: str) -> None:
        word = word.strip()
        if len(word) >= 2 and " " not in word and word not in self.user_words:
            self.user_words.add(word)
            self._tokenizer.add_word(word, freq=max(2000, 200 * len(word)))

    def is_word(self, text: str) -> bool:
        """A word of jieba's general dictionary or of the knowledge base."""
        return self._tokenizer.FREQ.get(text, 0) > 0

    def solid_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of the multi-character dictionary words in `text` (precise segmentation)."""
        spans, pos = [], 0
        for word in self._tokenizer.lcut(text, HMM=False):
            if len(word) >= 2 and self.is_word(word):
                spans.append((pos, pos + len(word)))
            pos += len(word)
        return spans

    def words(self, text: str, hmm: bool = True) -> list[str]:
        """All words of normalised text, in order, without spaces or punctuation.

        hmm=False keeps unknown runs as single characters instead of guessing new words.
        """
        return [w for w in self._tokenizer.lcut(text, HMM=hmm) if w.strip() and _RUN.fullmatch(w)]

    def search_words(self, text: str) -> list[str]:
        """Words for retrieval: sub-words of long words too (居民身份证 → 居民, 身份, 身份证…)."""
        out = []
        for w in self._tokenizer.lcut_for_search(text, HMM=True):
            if w.strip() and _RUN.fullmatch(w):
                out.append(w)
        return out



def char_ngrams(text: str, n: int = 2) -> list[str]:
    """Character n-grams within each CJK or alphanumeric run (never across a space)."""
    grams: list[str] = []
    for run in _RUN.findall(text):
        if len(run) < n or not is_cjk(run):
            grams.append(run)
            continue
        grams.extend(run[i : i + n] for i in range(len(run) - n + 1))
    return grams
