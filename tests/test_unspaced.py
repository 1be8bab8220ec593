"""Scripts written without spaces between words (Chinese, Japanese): a sentence is as many
words as its length says, not one, and their characters are tokens of their own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner.features import FEATURES, line_vectors
from cleaner.pipeline import prepare
from cleaner.text import CHARS_PER_WORD, _TOKEN, _WORD, split_lines, tokens, words

ZH_SENTENCE = "市政府周二公布了一项新的住房计划，计划在未来五年内在市中心建设一万套新公寓，以缓解不断上涨的租金压力。"


def test_a_chinese_sentence_counts_its_words():
    han = sum(1 for c in ZH_SENTENCE if "\u4e00" <= c <= "\u9fff")
    assert han == 48
    # three runs parted by commas, each one word per two characters
    assert words(ZH_SENTENCE) == 24
    assert split_lines(ZH_SENTENCE)[0].words == 24
    assert words("体育") == 1
    assert words("分享到微信") == 3  # ceil(5 / 2)


def test_spaced_text_is_counted_by_its_spaces():
    assert words("Die Regierung plant neue Regeln.") == 5
    assert words("Grüße aus Köln") == 3
    assert words("") == 0


def test_mixed_text_adds_the_unspaced_runs():
    # "Music" is a spaced word, "&" no word; the runs of one and five Han characters are one
    # and three words
    assert words("与 Music & 结束合约后") == 1 + 1 + 3
    assert words("与Music结束") == 1 + 1 + 1
    assert CHARS_PER_WORD == 2


def test_unspaced_characters_are_tokens_of_their_own():
    assert tokens("我们的计划") == ["我", "们", "的", "计", "划"]
    assert tokens("与Music结束 ABC") == ["与", "music", "结", "束", "abc"]
    assert tokens("これは日本語です") == list("これは日本語です")


@given(st.text())
def test_tokens_of_spaced_text_are_word_runs(text):
    # the shortcut (no character at or above U+2E80) and the full pattern agree, and for text
    # without unspaced characters the tokens are the word runs as before
    full = _TOKEN.findall(text.lower())
    assert tokens(text) == full
    if not any(ord(c) >= 0x2E80 for c in text):
        assert full == _WORD.findall(text.lower())


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), st.integers(1, 20))
def test_an_unspaced_run_adds_its_words(text, n):
    # a run of 2n Han characters after a space is n words: the line has at least those, and
    # at most those beside the words of the rest
    key = " ".join(text.split())
    run = "字" * (2 * n)
    longer = f"{key} {run}" if key else run
    assert n <= words(longer) <= words(key) + n


def test_the_line_model_sees_a_chinese_paragraph_as_long():
    text = "\n".join([ZH_SENTENCE] * 1 + ["市长在新闻发布会上表示，这项计划将优先考虑年轻家庭和低收入居民，并将在明年春季开始第一阶段的建设工作。"])
    doc, _ = prepare(text)
    vecs = line_vectors(doc)
    long_i, one_i = FEATURES.index("words_16_plus"), FEATURES.index("words_1")
    for v in vecs:
        assert v[long_i] == 1.0 and v[one_i] == 0.0


def test_chinese_text_keeps_its_paragraphs():
    paras = [
        ZH_SENTENCE,
        "市长在新闻发布会上表示，这项计划将优先考虑年轻家庭和低收入居民，并将在明年春季开始第一阶段的建设工作。",
        "一些居民对计划表示欢迎，但也有人担心新建项目会给学校、道路和其他公共服务带来更大的压力。",
        "市议会将在下个月对该计划进行表决。如果获得通过，第一批公寓预计将在两年内完工并交付使用。",
    ]
    out = cleaner.clean("\n".join(["市政府公布新的住房计划", *paras]))
    for p in paras:
        assert p in out
