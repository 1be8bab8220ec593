"""Line shapes the stages rely on: quantities of a list of ingredients, sentence ends before a
footnote mark."""

import pytest

import cleaner
from cleaner.lexicon import get_lexicon
from cleaner.text import last_significant, quantity_line

UNITS = get_lexicon().units


@pytest.mark.parametrize("key", [
    "200 g Zucker", "- 1 Pck. Vanillepuddingpulver", "1/2 cup sugar", "390 kcal", "2-3 EL Öl",
    "500g Mehl", "- ½ TL Salz", "2 cucharadas de aceite", "3 cucchiai di olio", "1 szklanka mleka",
    "2 colheres de açúcar", "2 cuillères à soupe d'huile", "4 cloves garlic",
])
def test_a_quantity_with_a_unit(key):
    assert quantity_line(key, UNITS) == 2


@pytest.mark.parametrize("key", [
    "Beef and Peppers [4 oz. ground beef, 1 cup sweet peppers, 2 Tbsp. dressing, 1 tbsp cilantro]",
    "Linsensalat (200 g Linsen, 2 EL Essig, 1 TL Senf, eine Zwiebel)",
    "Green smoothie: 1 cup spinach, ½ cup mango, 8 oz. almond milk",
])
def test_a_dish_and_its_ingredients_in_one_line(key):
    assert quantity_line(key, UNITS) == 2


@pytest.mark.parametrize("key", [
    "The team ran 2 miles on Monday and 3 miles on Tuesday before the race.",
    "Prices rose: 1 kg of bread now costs more, and 2 kg of flour too.",  # two units only
])
def test_fewer_than_three_inner_quantities_are_no_dish(key):
    assert quantity_line(key, UNITS) == 0


@pytest.mark.parametrize("key", ["2 Eier", "3 eggs", "12 Bilder", "12 min read"])
def test_a_number_and_a_word_is_a_weaker_quantity(key):
    assert quantity_line(key, UNITS) == 1


@pytest.mark.parametrize("key", [
    "Zucker", "1. Glas Milch", "Seit 2019 gibt es 200 g weniger", "Update",
    "200 g Zucker und dazu noch viele andere Dinge, die man für einen guten Kuchen braucht, wie Eier",
])
def test_no_quantity(key):
    assert quantity_line(key, UNITS) == 0


@pytest.mark.parametrize("key,final", [
    ("Sie nutzen.”1", "."), ("It ends here.[2]", "."), ("Years ago.²", "."),
    ("Update 2", "2"), ("Version 3.1", "1"), ("Sum: 12.5", "5"), ("He said.", "."), ("Note [1]", "1"),
])
def test_a_footnote_mark_after_a_sentence_end_is_not_the_end(key, final):
    assert last_significant(key) == final


def test_an_epigraph_with_a_footnote_mark_is_no_title():
    text = (
        "“Die Zeit ist knapp, und wir verschwenden sie trotzdem jeden Tag.”1\n"
        "Zeit ist nach Kant eine Form der Anschauung, in der uns alle Dinge erscheinen, und keine Eigenschaft der Dinge selbst.\n"
        "Das zeigt, wie schnell die Sprache an ihre Grenzen kommt, wenn sie über die Zeit sprechen will.\n"
    )
    r = cleaner.analyze(text)
    assert r.title is None
    assert r.text.startswith("“Die Zeit ist knapp")


@pytest.mark.parametrize("key,n", [
    ("Storm closes L.A. Harbour for two days", 1), ("Rents rise in U.S. Cities again", 1),
    ("John F. Kennedy airport reopens", 1), ("It rained. Then it stopped.", 2), ("He won! She lost.", 2),
])
def test_an_initial_ends_no_sentence(key, n):
    from cleaner.rules.shape import sentences

    assert sentences(key) == n


def test_a_headline_with_an_initialism_is_the_title():
    text = (
        "Storm closes L.A. Harbour for two days\n"
        "The harbour authority closed all berths on Monday after gusts of more than 120 kilometres an hour.\n"
        "Ships were told to wait offshore until the wind eases, which forecasters expect by Wednesday.\n"
    )
    r = cleaner.analyze(text)
    assert r.title == "Storm closes L.A. Harbour for two days"
    assert r.text.startswith("The harbour authority")
