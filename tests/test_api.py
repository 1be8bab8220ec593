"""The Python API: options, errors, Result shape, replay, explanation."""

import threading

import pytest

import cleaner
from cleaner import repair_mojibake

DOC = (
    "Streik legt Bahnverkehr lahm\n"
    "Foto: dpa\n"
    "Der Streik der Lokführer legt seit dem Morgen große Teile des Bahnverkehrs lahm, sagte eine Sprecherin.\n"
    "Teilen\n"
    "Pendler müssen sich auf lange Wartezeiten einstellen, im Fernverkehr fällt jeder zweite Zug aus.\n"
)


def test_clean_returns_the_body():
    assert cleaner.clean(DOC) == (
        "Der Streik der Lokführer legt seit dem Morgen große Teile des Bahnverkehrs lahm, sagte eine Sprecherin."
        "\n\nPendler müssen sich auf lange Wartezeiten einstellen, im Fernverkehr fällt jeder zweite Zug aus."
    )


def test_analyze_result_fields():
    r = cleaner.analyze(DOC)
    assert r.title == "Streik legt Bahnverkehr lahm"
    assert r.lang == "de"
    assert r.metadata["image_credits"] == ["dpa"]
    rules = [x.rule for x in r.removals]
    assert rules == ["TTL001", "CRD001", "WID001"]
    for x in r.removals:
        assert DOC[x.start:x.end] == x.text
        assert x.reason and x.name
    assert cleaner.apply(DOC, r.removals) == r.text
    explained = r.explain()
    assert "CRD001" in explained and "image credit" in explained
    d = r.to_dict()
    assert d["removals"][1]["rule"] == "CRD001" and d["text"] == r.text


def test_empty_and_blank_input():
    assert cleaner.clean("") == ""
    assert cleaner.clean("\n\n  \n\u200b\n") == ""
    assert cleaner.analyze("").removals == ()


def test_line_endings_are_normalised_and_offsets_kept():
    doc = DOC.replace("\n", "\r\n")
    r = cleaner.analyze(doc)
    assert r.text == cleaner.clean(DOC)
    for x in r.removals:
        assert doc[x.start:x.end] == x.text


def test_bytes_are_refused_with_a_clear_error():
    with pytest.raises(TypeError, match="decode"):
        cleaner.analyze(b"text")  # type: ignore[arg-type]


def test_unknown_mode_and_rule():
    with pytest.raises(ValueError, match="mode"):
        cleaner.clean(DOC, mode="nope")
    with pytest.raises(ValueError, match="rule"):
        cleaner.clean(DOC, disable=["ZZZ999"])


def test_disable_switches_a_rule_off():
    assert "Teilen" in cleaner.clean(DOC, disable=["WID001"])


def test_config_object():
    # with the credit rule off (and the title rule, which would take the credit, now the first
    # line, for a title) the credit stays
    cfg = cleaner.Config.from_dict(
        {"patterns": {"de": {"widget_labels": ["Pendler"]}}, "disable": ["CRD001", "CTX002", "TTL001"]}
    )
    out = cleaner.clean(DOC + "Pendler\n", config=cfg)
    assert "Foto: dpa" in out
    assert not out.endswith("Pendler")
    with pytest.raises(cleaner.ConfigError):
        cleaner.Config.from_dict({"patterns": {"de": {"nonsense": ["x"]}}})


def test_threads_give_the_same_result():
    expected = cleaner.clean(DOC)
    results = []

    def work():
        for _ in range(20):
            results.append(cleaner.clean(DOC))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 80


def test_a_phone_number_is_not_taken_for_a_date():
    doc = DOC + "406-916-5981\n"
    r = cleaner.analyze(doc, mode="rules")
    assert "published" not in r.metadata
    assert not any(x.rule == "TIM002" for x in r.removals)
    # a real date line still fills the field
    r = cleaner.analyze(DOC + "12.03.2024\n", mode="rules")
    assert r.metadata["published"] == "12.03.2024"
    assert [x.field for x in r.removals if x.rule == "TIM002"] == ["published"]


@pytest.mark.parametrize("line", ["Lesezeit: 4 Minuten", "6 minute read", "1 of 8", "2 min", "lecture 5 min",
                                  "czas czytania 3 minuty", "Reading time: 3 minutes",
                                  "Temps de lecture : 4 minutes", "Tiempo de lectura: 3 minutos",
                                  "Tempo di lettura: 2 minuti", "Tempo de leitura: 1 minuto",
                                  "Lesedauer: 3 Minuten"])
def test_a_reading_time_or_a_counter_goes_but_dates_nothing(line):
    r = cleaner.analyze(DOC + line + "\n", mode="rules")
    assert line not in r.text
    assert any(x.rule == "TIM002" and x.text == line for x in r.removals)
    assert "published" not in r.metadata and "updated" not in r.metadata
    # the removal names no metadata field: nothing went there
    assert all(x.field == "" for x in r.removals if x.rule == "TIM002")


def _ctx003(text):
    return cleaner.analyze(text, mode="rules")


def test_a_record_field_that_repeats_alone_is_kept_in_every_card():
    cards = "\n".join(
        f"{name}\n- Light: {light}\n- Pet safety: Toxic to cats and dogs if eaten."
        for name, light in [("Monstera", "Bright, indirect light for most of the day."),
                            ("Pothos", "Low to bright, indirect light works well.")])
    r = _ctx003("These houseplants cope well with the dry air of a heated flat.\n" + cards + "\n")
    assert r.text.count("Pet safety: Toxic to cats and dogs if eaten.") == 2
    assert not any(x.rule == "CTX003" for x in r.removals)


def test_a_record_field_in_a_block_printed_twice_goes():
    block = ("Our plans at a glance, as printed on the page.\n- Basic plan: Costs ten dollars a month.\n"
             "- Team plan: Costs forty dollars a month for five users.\n")
    r = _ctx003("A paragraph of text comes first, before the block of plans.\n" + block + block)
    for field in ("- Basic plan: Costs ten dollars a month.", "- Team plan: Costs forty dollars a month for five users."):
        assert r.text.count(field) == 1
        assert any(x.rule == "CTX003" and x.text == field for x in r.removals), r.explain()


def test_a_record_field_stays_with_a_repeated_neighbour_that_stays():
    # a meal plan repeats a meal and its portions; the meal line is a list item, not a
    # sentence, so it stays, and its field is no part of a block that goes
    day = ("Breakfast\nOatmeal with berries [1 cup oats, 1/2 cup berries, 1 cup milk]\n"
           "- Portions: 1 Yellow, 1 Purple, 1 tsp.\n")
    r = _ctx003("The plan below covers two days of the programme, one after the other.\n"
                "Day 1\n" + day + "Day 2\n" + day)
    assert r.text.count("- Portions: 1 Yellow, 1 Purple, 1 tsp.") == 2, r.explain()


def test_a_question_or_a_long_line_with_a_colon_is_no_record_field():
    lines = ["DIY solar panels: Can you install solar panels yourself?",
             "Note: Students must have a basic understanding of computers and some prior familiarity with the software."]
    for line in lines:
        r = _ctx003(f"A first paragraph of text comes before the line.\n{line}\nA paragraph of text that stands between.\n{line}\n")
        assert r.text.count(line) == 1, r.explain()


@pytest.mark.parametrize("line, value", [("2 hours ago", "2 hours ago"), ("vor 3 Stunden", "vor 3 Stunden"),
                                         ("hace 2 horas", "hace 2 horas"), ("14 Uhr", "14 Uhr"),
                                         ("March 3", "March 3")])
def test_a_relative_or_partial_date_still_dates(line, value):
    assert cleaner.analyze(DOC + line + "\n", mode="rules").metadata["published"] == value


def test_a_reading_time_in_a_row_of_stamps_is_passed_over():
    r = cleaner.analyze(DOC + "10 min read / Updated 2 hours ago\n", mode="rules")
    assert r.metadata.get("updated") == "2 hours ago"
    assert "published" not in r.metadata


def test_a_row_of_stamps_fills_published_or_updated():
    r = cleaner.analyze(DOC + "3 March 2024 / 9:05 AM / Updated 2 hours ago\n", mode="rules")
    assert r.metadata["published"] == "3 March 2024"
    assert "updated" not in r.metadata
    r = cleaner.analyze(DOC + "Updated 4 March 2024 | Updated 5 March 2024\n", mode="rules")
    assert r.metadata["updated"] == "4 March 2024"
    assert "published" not in r.metadata
    # a part with other words keeps the line
    r = cleaner.analyze(DOC + "March 2024 / Updated guidance for schools\n", mode="rules")
    assert "March 2024 / Updated guidance for schools" in r.text


@pytest.mark.parametrize("line", ["| 1/1/2013 | +13.1% |", "| 3/1/2024 | 2.5 |", "4.7", "4.5/5", "3,5",
                                  "| 12.03.2024 | Opening of the new terminal |"])
def test_figures_and_table_rows_are_kept(line):
    r = cleaner.analyze(DOC + line + "\n", mode="rules")
    assert line in r.text
    assert "published" not in r.metadata


@pytest.mark.parametrize("line", ["$2.50 – $7.00", "13.1%", "€ 3.20"])
def test_an_amount_is_not_a_time(line):
    # a line without a letter may still go as a separator line, but never as a date
    r = cleaner.analyze(DOC + line + "\n", mode="rules")
    assert not any(x.rule in ("TIM001", "TIM002", "BYL005") for x in r.removals)
    assert "published" not in r.metadata


@pytest.mark.parametrize("line, value", [("12.03.", "12.03"), ("12.03.2024", "12.03.2024"),
                                         ("2024-03-12", "2024-03-12"), ("12/03", None)])
def test_short_and_full_dates_still_are(line, value):
    r = cleaner.analyze(DOC + line + "\n", mode="rules")
    assert line not in r.text
    assert any(x.rule == "TIM002" and x.text == line for x in r.removals)
    assert r.metadata.get("published") == value


def test_angle_brackets_around_a_placeholder_are_not_arrows():
    lines = ["git checkout <branch name>", "<path to file> is the first argument"]
    r = cleaner.analyze(DOC + "\n".join(lines) + "\n", mode="rules")
    assert all(line in r.text for line in lines)
    # an arrow link still goes
    r = cleaner.analyze(DOC + "Older post about the harbour festival >\n", mode="rules")
    assert "Older post about the harbour festival" not in r.text


def test_the_line_model_keeps_the_prose_of_a_short_text():
    # four lines, the widget-label rule switched off so that all reach the line model: a
    # short text has no page around it, and its prose sentence must stay
    text = ("Der Stadtrat tagt am Dienstag.\nZum Wetterbericht\nTextgröße ändern:\n"
            "Der Bürgermeister sagte am Montag, die Stadt werde neue Wege gehen.\n")
    r = cleaner.analyze(text, disable=["WID001"])
    assert "Der Bürgermeister sagte am Montag, die Stadt werde neue Wege gehen." in r.text
    assert not any(x.rule == "CTX002" and "Bürgermeister" in x.text for x in r.removals)


LYRICS = ("The band closed the evening with the song that made them famous, and the crowd sang every word of it.\n"
          "The chorus goes like this:\nHold on, hold on\nNearly home\nHold on, hold on\nRepeat Chorus\n"
          "After the last note the singer thanked the crowd and said the tour would go on until the end of the summer.\n"
          "The next concert in the city is planned for the spring, when the band will bring its new album.\n")


def test_the_line_model_asks_for_more_in_an_extraction(monkeypatch):
    from cleaner.rules import content

    # the text is one run of article text: the verse the model doubts (p between 0.3 and
    # 0.5) stays; judged with the page thresholds (the body's lowered to the page's) it
    # would go
    assert "Nearly home" in cleaner.clean(LYRICS)
    monkeypatch.setattr(content, "EXTRACTION_SHARE", 1.01)
    monkeypatch.setattr(content, "BODY_THRESHOLD", content.THRESHOLD)
    r = cleaner.analyze(LYRICS)
    assert any(x.rule == "CTX002" and x.text == "Nearly home" for x in r.removals)
    monkeypatch.undo()
    # with page furniture around it, the text is not an extraction: a menu line the model
    # doubts as much (p between 0.3 and 0.5) still goes
    page = ("Home\nNews\nSport\nWeather\nCulture\nTravel\nOpinion\n" + LYRICS
            + "About us\nOur journalists\nWork for us\nAdvertise with us\n")
    r = cleaner.analyze(page)
    assert any(x.rule == "CTX002" and x.text == "Sport" for x in r.removals)


@pytest.mark.parametrize("mangled,repaired,n", [
    ("Fuchs hÃ¼pft über den Zaun", "Fuchs hüpft über den Zaun", 1),  # Latin-1 read of ü (C3 BC)
    ("we\u00e2\u20ac\u2122ve", "we\u2019ve", 1),  # Windows-1252 read of ’ (E2 80 99)
    ("Investor\u00e2\u0080\u0099s guide", "Investor\u2019s guide", 1),  # Latin-1 read of ’
    ("we\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2ve", "we\u2019ve", 4),  # mangled twice
    ("\u00f0\u0178\u02dc\u20ac smile", "\U0001F600 smile", 1),  # an emoji (F0 9F 98 80)
    ("za\u00c5\u00bc\u00c3\u00b3\u00c5\u201a\u00c4\u2021", "zażółć", 4),
])
def test_mojibake_is_repaired(mangled, repaired, n):
    assert repair_mojibake(mangled) == (repaired, n)


@pytest.mark.parametrize("text", [
    "Große Stra\u00dfe\u00adn",  # ß before a soft hyphen: ordinary German, not a lead byte taken
    "SÃO PAULO", "café »", "plain ASCII", "Ã", "Ä ist ein Umlaut",
])
def test_text_that_only_looks_mangled_is_left_alone(text):
    assert repair_mojibake(text) == (text, 0)


MANGLED = ("Ein Fuchs am Zaun\n"
           "Foto: © dpa\n"
           "Der Fuchs hÃ¼pft Ã¼ber den Zaun, sagte die FÃ¶rsterin am Montag im Rathaus.\n"
           "Sie sagte: â€žWir sind froh.â€œ Dann ging sie nach Hause zurÃ¼ck.\n")


def test_text_input_is_repaired_only_when_asked():
    # taken as given by default: the characters stay, the source is the input
    r = cleaner.analyze(MANGLED)
    assert "hÃ¼pft" in r.text and r.source == MANGLED and "mojibake_repaired" not in r.metadata
    r = cleaner.analyze(MANGLED, repair_mojibake=True)
    assert r.text == ("Der Fuchs hüpft über den Zaun, sagte die Försterin am Montag im Rathaus.\n\n"
                      "Sie sagte: „Wir sind froh.“ Dann ging sie nach Hause zurück.")
    # 3 letters (hü, ü, Fö) in one line; 2 quotation marks and 1 letter (zurü) in the other
    assert r.metadata["mojibake_repaired"] == 6
    # the removals are offsets into the repaired text, which is the result's source
    assert r.source == repair_mojibake(MANGLED)[0]
    assert ("CRD001", "Foto: © dpa") in [(x.rule, x.text) for x in r.removals]
    assert all(r.source[x.start:x.end] == x.text for x in r.removals)
    assert cleaner.apply(r.source, r.removals) == r.text
    assert cleaner.clean(MANGLED, repair_mojibake=True) == r.text
    # a text in good order says nothing
    assert "mojibake_repaired" not in cleaner.analyze(r.text, repair_mojibake=True).metadata


def test_batch_passes_the_repair_on():
    out = cleaner.clean_batch([{"text": MANGLED}], repair_mojibake=True)
    assert "hüpft" in out[0]["text"] and out[0]["cleaner"]["metadata"]["mojibake_repaired"] == 6
    assert "hÃ¼pft" in cleaner.clean_batch([{"text": MANGLED}])[0]["text"]


def doubt(monkeypatch, lines: tuple[str, ...], p: float) -> None:
    """Make the line model score the given lines ``p``, the others as it would."""
    from cleaner.rules import content

    real = content.score

    def doubting(doc, model):
        s = real(doc, model)
        for i, line in enumerate(doc.lines):
            if line.key in lines and s.p2[i] is not None:
                s.p2[i] = p
        return s

    monkeypatch.setattr(content, "score", doubting)


def test_the_line_model_leaves_table_rows_alone(monkeypatch):
    # the model as if it doubted a table row and a share label strongly
    doubt(monkeypatch, ("| 2022 | 13.0 | 7.9 |", "Share this story"), 0.05)
    text = ("The city published its spending figures for the last three years on Monday, in millions of euros.\n"
            "| Year | Schools | Roads |\n| 2021 | 12.4 | 8.1 |\n| 2022 | 13.0 | 7.9 |\n| 2023 | 13.8 | 9.4 |\n"
            "Spending on schools rose every year, while the money for roads fell in 2022 before it climbed again.\n"
            "Share this story\n"
            "The council will vote on next year's budget in December, after a public hearing in November.\n")
    r = cleaner.analyze(text, disable=["WID001", "WID002"])
    ctx = [x.text for x in r.removals if x.rule == "CTX002"]
    assert ctx == ["Share this story"]  # the label goes, the row stays
    assert "| 2022 | 13.0 | 7.9 |" in r.text


def test_the_line_model_asks_for_more_inside_the_body(monkeypatch):
    # the model as if it slightly doubted a line inside the body and one after it
    doubt(monkeypatch, ("Advertisement", "Follow the latest news"), 0.47)
    para = "The council met on Tuesday evening and talked for three hours about the new budget of the city, {}."
    text = ("Home\nNews\nSport\nWeather\nCulture\nTravel\nOpinion\n"
            + para.format("the mayor said") + "\n" + "Advertisement\n"
            + para.format("a spokesman said") + "\n" + para.format("the paper reported") + "\n"
            + "Follow the latest news\nAbout us\nContact\nWork for us\nAdvertise with us\n")
    r = cleaner.analyze(text, disable=["WID001", "WID002", "PRM002"])
    ctx = [x.text for x in r.removals if x.rule == "CTX002"]
    assert "Follow the latest news" in ctx  # after the body: 0.47 is below 0.5
    assert "Advertisement" not in ctx and "Advertisement" in r.text  # inside the body: kept


def test_passes_bound_the_cleaning_of_the_output(fixtures_dir):
    # a page whose first clean output still holds a line that a second pass takes
    text = (fixtures_dir / "bench" / "sh" / "fullpage"
            / "14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f.txt").read_text(encoding="utf-8")
    full, once = cleaner.analyze(text), cleaner.analyze(text, passes=1)
    assert len(once.removals) < len(full.removals)
    assert cleaner.clean(full.text) == full.text  # the default result is a fixed point
    assert cleaner.clean(once.text) != once.text
    assert cleaner.apply(once.source, once.removals) == once.text


def test_a_line_model_is_built_from_its_json_form():
    import json
    from importlib import resources

    from cleaner.linemodel import load_model, model_from

    data = json.loads(resources.files("cleaner").joinpath("data", "linemodel.json").read_text(encoding="utf-8"))
    assert model_from(data) == load_model()
    # a model whose features are not today's is refused, not applied to the wrong columns
    data["stage1"]["names"] = list(reversed(data["stage1"]["names"]))
    with pytest.raises(ValueError, match="retrain"):
        model_from(data)


def test_furniture_removed_by_rules_stands_in_the_neighbourhood():
    from cleaner.linemodel import CONTEXT_FEATURES, REMOVED_P, context_vectors, context_with_removed, removed_lines
    from cleaner.pipeline import prepare, run_stages

    p1, tokens, head = [0.9, 0.9, 0.9], [20, 20, 20], [False] * 3
    kept, removed = [0, 4, 5], [(1, 2), (2, 2), (3, 2)]
    plain = context_vectors(p1, tokens, head)
    mixed = context_with_removed(kept, p1, tokens, head, removed)
    win3, prev = CONTEXT_FEATURES.index("win3"), CONTEXT_FEATURES.index("prev_p")
    assert len(mixed) == 3
    assert mixed[0][win3] < plain[0][win3]  # three removed lines now stand in its window
    assert mixed[1][prev] == REMOVED_P  # the line before it was removed
    assert context_with_removed(kept, p1, tokens, head, []) == plain
    # a widget label counts as furniture; a credit, whose text went to metadata, does not
    doc, rules = prepare(DOC)
    run_stages(doc, rules, ("line", "block"))
    texts = [doc.lines[i].text for i, _ in removed_lines(doc)]
    assert "Teilen" in texts
    assert "Foto: dpa" not in texts and not doc.alive(1)
