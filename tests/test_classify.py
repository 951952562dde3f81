"""The kommun's words, table by table: headers by their words (reader/classify.py), status
phrases by their grammar, directions from a measure's name, a column by its contents, and the
kommun's mapping lines (reader/mapping.py)."""

from __future__ import annotations

import pytest

from vp_excel import schema
from vp_excel.reader.classify import (
    classify,
    direction_in_name,
    is_no_status,
    key_from_contents,
    status_phrase,
)
from vp_excel.reader.mapping import KommunMapping, add_line
from vp_excel.reader.status import status_word


@pytest.mark.parametrize("header, key", [
    # goal columns named by owner, rank or purpose, any capitalisation
    ("Långsiktiga mål", "kf_goal"), ("Strategiska mål", "kf_goal"),
    ("Kommunfullmäktiges långsiktiga mål", "kf_goal"), ("Regionfullmäktiges mål", "kf_goal"),
    ("Nämndens fokusmål", "ks_goal"), ("Fokusmål", "ks_goal"),
    ("Målområdets mål", "ks_goal"),
    ("MÅL ANTAGNA AV NÄMNDEN", "ks_goal"), ("Förvaltningens resultatmål", "ks_goal"),
    ("Målet", "ks_goal"),
    # goal rows with their measures below, in one column
    ("Verksamhetens mål och mått", "name"), ("Nämndens mål och mätetal", "name"),
    ("Mål- och mätetal", "name"),
    # measures
    ("Resultatindikator", "indicator"), ("Indikatorer för målet", "indicator"),
    ("Nyckeltal 2024", "indicator"), ("Mätetal och källa", "indicator"),
    # judgements
    ("Bedömd måluppfyllelse", "status"), ("Grad av uppfyllelse", "status"),
    ("Status vid årets slut", "status"), ("Målbedömning", "status"),
    ("Når vi målet?", "status"), ("Uppföljning T2", "status"), ("Bedömning helår", "prognosis"),
    ("Måluppfyllelse 2024", "status"),
    # outcomes and targets
    ("Resultat", "outcome"), ("2024", "outcome"), ("Utfall tidigare år 2016", "outcome"),
    ("Senaste värdet", "outcome"), ("Senaste mätning", "outcome"), ("Mätvärde", "outcome"),
    ("Målvärde 2025", "target"), ("Mål 2025", "target"),
    ("Målnivå för året", "target"), ("Måltal 2025", "target"), ("Måltal", "target"),
    ("Utf. 2024", "outcome"),
    # a date alone is the outcome up to that day
    ("2025-08-31", "outcome"), ("Per 31 aug 2025", "outcome"), ("31/8 2025", "outcome"),
    ("per 2025-04-30", "outcome"), ("t.o.m. 30 april 2025", "outcome"),
    # abbreviations and English words kommuner write in their headers
    ("Målv. 2025", "target"), ("Målv.", "target"), ("Target 2025", "target"),
    ("Target", "target"), ("Bed.", "status"), ("Prog. helår", "prognosis"),
    ("Ansv.", "responsible"),
    # the desired direction ("Öka", "Minska") is a målvärde in words, not a goal
    ("Riktning", "target"), ("Önskad riktning", "target"), ("Målriktning", "target"),
    ("Målinriktning", "direction_text"),
    ("Goal", "ks_goal"), ("Actual 2025", "outcome"), ("Comment", "comment"),
    # the gap to the target is shown beside the outcome, never a goal ("mål" in it)
    ("Avvikelse mot mål", "comparison"), ("Avvikelse", "comparison"),
    # a status with its comment after it: the status first decides
    ("Status och kommentar", "status"), ("Bedömning/kommentar", "status"),
    ("Analys och bedömning", "comment"),
    # a styrkort's goal under its perspective
    ("Framgångsfaktor", "ks_goal"), ("Kritiska framgångsfaktorer", "ks_goal"),
    # the rest
    ("Kommentar till bedömningen", "comment"), ("Målet syftar till", "comment"),
    ("Jämförelse länet", "comparison"), ("Ansvarig nämnd", "responsible"),
    ("Planerade insatser", "activities"), ("Verksamhetsområde", "grouping"),
    ("Datakällan", "source"),
])
def test_a_header_is_read_from_its_words(header, key):
    kind = classify(header)
    assert kind is not None and kind.key == key


@pytest.mark.parametrize("header", ["Konto", "Belopp", "Anteckning", "Intern anteckning",
                                    "Bästa kommun", "År", "Enhet för mätning av något annat "
                                    "som är långt och helt utan ord",
                                    "Verksamhetsplan 2025 för kommunstyrelsen", ""])
def test_headers_that_name_no_plan_column(header):
    assert classify(header) is None


def test_a_header_known_by_name_is_not_a_guess_but_one_read_by_its_words_is():
    assert classify("KS mål").by == ""  # type: ignore[union-attr]
    assert classify("Nämndens fokusmål").by == "ord"  # type: ignore[union-attr]


@pytest.mark.parametrize("text, status, level", [
    ("Målet bedöms nås delvis.", schema.YELLOW, "delvis"),
    ("Målet är inte uppnått", schema.RED, "inte"),
    ("Nås i hög grad", schema.GREEN, "hög"),
    ("Helt uppnått", schema.GREEN, "helt"),
    ("Uppnått i hög grad", schema.GREEN, "hög"),
    ("Delvis uppnått", schema.YELLOW, "delvis"),
    ("Uppnått i låg grad", schema.RED, "låg"),
    ("Inte uppnått", schema.RED, "inte"),
    ("Målet är uppfyllt till stor del", schema.GREEN, "hög"),
    ("Målet uppfylls inte helt", schema.YELLOW, "delvis"),
    ("Ej uppfyllt", schema.RED, "inte"),
    ("Målet bedöms inte kunna uppnås", schema.RED, "inte"),
    ("Osäkert om målet kan uppnås till 2040", schema.YELLOW, "delvis"),
    ("Målet ser ut att uppnås till 2040", schema.GREEN, ""),
    ("Hög måluppfyllelse", schema.GREEN, "hög"),
    ("Delvis", schema.YELLOW, "delvis"),
    ("Måluppfyllelse är på rätt väg", schema.GREEN, "på väg"),
    ("Delvis uppnått 1)", schema.YELLOW, "delvis"), ("Uppnås*", schema.GREEN, ""),
    ("Ej uppfyllt, men en förbättring mot förra året", schema.RED, "inte"),
    ("Uppnås ej", schema.RED, "inte"), ("Målet är nått", schema.GREEN, ""),
    ("Måluppfyllelse är delvis på rätt väg", schema.YELLOW, "delvis"),
    ("Målet är inte på rätt väg", schema.RED, "inte"),
])
def test_a_status_phrase_is_read_by_its_grammar(text, status, level):
    assert status_phrase(text) == (status, level)
    assert status_word(text) == status


# Negation with "något", "alls", "inget" or "någon del/grad" is the lowest degree: none at all,
# while the same words without a negation mean partly.
@pytest.mark.parametrize("text, status, level", [
    ("Inte något uppfyllt", schema.RED, "inte"), ("Inget uppfyllt", schema.RED, "inte"),
    ("Ej alls uppfyllt", schema.RED, "inte"), ("Inte alls uppnått", schema.RED, "inte"),
    ("Ingenting uppnått", schema.RED, "inte"), ("Inte i någon grad uppnått", schema.RED, "inte"),
    ("Målet är inte uppfyllt till någon del", schema.RED, "inte"),
    ("Målet har inte nåtts ens delvis", schema.RED, "inte"),
    ("Inget av målen har uppnåtts", schema.RED, "inte"),
    ("Något uppfyllt", schema.YELLOW, "delvis"), ("Uppnått i någon grad", schema.YELLOW, "delvis"),
    ("Inte helt uppnått", schema.YELLOW, "delvis"), ("Inte i hög grad uppnått", schema.RED, "låg"),
])
def test_a_negation_with_a_degree_word_of_none_is_the_lowest_level(text, status, level):
    assert status_phrase(text) == (status, level)
    assert status_word(text) == status


@pytest.mark.parametrize("text", ["Målet följs med nio indikatorer och arbetet fortsätter",
                                  "Bra jobbat", "Budget", "Ja", "Grad av uppfyllelse",
                                  "Måluppfyllelse"])
def test_other_words_are_no_status_phrase(text):
    assert status_word(text) is None


@pytest.mark.parametrize("text, none", [("-", True), ("–", True), ("Ej bedömd", True),
                                        ("Ingen mätning har genomförts", True),
                                        ("Statistik saknas", True), ("Delvis", False),
                                        ("GRÖN", False)])
def test_no_colour(text, none):
    assert is_no_status(text) is none


@pytest.mark.parametrize("name, rule, word", [
    ("Låga kostnader per brukare", schema.LOWER, "låga"),
    ("Färre fallolyckor", schema.LOWER, "färre"),
    ("Minskad energianvändning", schema.LOWER, "minskad"),
    ("Hög andel behöriga lärare", schema.HIGHER, "hög"),
    ("Fler nystartade företag", schema.HIGHER, "fler"),
    ("Arbetslöshet relativt rikssnittet", schema.LOWER, "arbetslöshet"),
    ("Svenskt Näringslivs ranking", schema.LOWER, "ranking"),
    ("Svarstid e-post (dagar)", schema.LOWER, "svarstid"),
    ("Räddningstjänstens insatstid, minuter", schema.LOWER, "insatstid"),
    ("Andel heltidsanställda", "", ""),  # "tid" alone is no waiting time
    ("Andel elever som klarar kartläggningen", "", ""),
])
def test_direction_from_a_measures_name(name, rule, word):
    assert direction_in_name(name) == (rule, word)


@pytest.mark.parametrize("texts, fills, numbers, period, key", [
    (["Uppfyllt", "Delvis uppfyllt", "Ingen mätning har genomförts"], [False] * 3, [False] * 3,
     False, "status"),
    (["", "", ""], [True, True, True], [False] * 3, False, "status"),  # fills only
    (["GRÖN", "", "RÖD"], [False, True, False], [False] * 3, False, "status"),
    (["-", "-"], [False, False], [False, False], False, None),  # nothing but "no colour"
    (["12", "14,5", "9"], [False] * 3, [True] * 3, True, "outcome"),  # numbers under a year
    (["12", "14,5", "9"], [False] * 3, [True] * 3, False, None),  # numbers, no period
    (["Upp", "Ned"], [False, False], [False, False], False, None),
    (["Uppfyllt"], [False], [False], False, None),  # one cell says too little
])
def test_a_column_by_its_contents(texts, fills, numbers, period, key):
    assert key_from_contents(texts, fills, numbers, period) == key


@pytest.mark.parametrize("line, want, column, status, reason", [
    ("Fokusmål = KS mål", "", ("fokusmål", "ks_goal"), None, ""),
    ("Prioritering=KF ÖG mål", "kolumn", ("prioritering", "kf_goal"), None, ""),
    ("Kolumn F = Status", "", ("kolumn f", "status"), None, ""),
    ("Utfallet i år = Utfall 2024", "", ("utfallet i år", "outcome"), None, ""),
    ("Intern anteckning = Läs inte", "", ("intern anteckning", "skip"), None, ""),
    ("Uppnått i hög grad = GRÖN", "", None, ("uppnått i hög grad", "GRÖN"), ""),
    ("Bra jobbat=gul", "status", None, ("bra jobbat", "GUL"), ""),
    ("Ej aktuellt = Ej bedömd", "", None, ("ej aktuellt", ""), ""),
    ("Fokusmål KS mål", "", None, None, 'saknar "="'),
    ("Fokusmål = Pannkaka", "", None, None, "ingen kolumn"),
    ("Bra = Pannkaka", "status", None, None, "ingen status"),
])
def test_a_mapping_line(line, want, column, status, reason):
    mapping = KommunMapping()
    assert (reason in add_line(mapping, line, want)) if reason else not add_line(mapping, line,
                                                                                 want)
    if column is not None:
        assert mapping.columns[column[0]].key == column[1]
    if status is not None:
        assert mapping.statuses == {status[0]: status[1]}
    if reason:
        assert not mapping.columns and not mapping.statuses


@pytest.mark.parametrize("text, value, unit", [
    ("3,5mnkr", 3.5, "mnkr"), ("850tusen kr", 850, "tkr"), ("42personer", 42, "antal"),
    ("12 tkr/inv", 12, "tkr/inv"), ("0,8 procent", 0.008, "%"), ("– 4,9procent", -0.049, "%"),
    ("10,1miljoner ton", 10.1, "miljoner ton"), ("ca 45 %", 0.45, "%"),
    ("45 % (prel.)", 0.45, "%"), ("cirka 3,2 mnkr", 3.2, "mnkr"),
    ("Nytt mål 2017", None, ""), ("Mäts från 2019", None, ""), ("-", None, ""),
])
def test_an_outcome_written_in_words(text, value, unit):
    from vp_excel.reader.inline import read_outcome_text

    reading = read_outcome_text(text)
    assert (reading.value, reading.unit) == ((pytest.approx(value) if value is not None
                                              else None), unit)


@pytest.mark.parametrize("text, rule", [
    ("Ska öka", schema.INCREASES), ("ska stärkas jämfört med föregående år", schema.INCREASES),
    ("Ska minska", schema.DECREASES), ("Färre än i fjol", schema.DECREASES),
    ("Sjukvårdens köer ska kortas och tillgängligheten ska öka för en mer jämlik vård", ""),
    ("Ökad trygghet", ""), ("Fler i arbete", ""),  # goals, not targets
])
def test_a_target_in_words_without_a_number(text, rule):
    from vp_excel.reader.inline import read_target

    assert read_target(text).rule == rule


# A year after deadline words says when the goal is to be met, not how much: no value, no rule.
@pytest.mark.parametrize("text, year", [
    ("Senast 2026", 2026), ("Klart 2026", 2026), ("Under 2026", 2026), ("Klart senast 2026", 2026),
    ("Ska vara klart 2026", 2026), ("Senast år 2027", 2027), ("Klar till 2027.", 2027),
    ("Genomfört senast 2026", 2026),
    ("Under 2026 kr", None), ("2026", None), ("Minst 2026", None), ("Max 2030", None),
])
def test_a_target_that_is_a_year_is_a_deadline(text, year):
    from vp_excel.reader.inline import read_target

    reading = read_target(text)
    assert reading.deadline == year
    if year is not None:
        assert (reading.value, reading.rule, reading.source) == (None, "", text)
    else:
        assert reading.value is not None


# A target that compares with a year rises or falls against it; its number is the year, no value.
@pytest.mark.parametrize("text, rule, year", [
    ("Ska minska jämfört med 2024", schema.DECREASES, 2024),
    ("Lägre än 2024", schema.DECREASES, 2024), ("Färre än 2023", schema.DECREASES, 2023),
    ("Ska öka mot 2023", schema.INCREASES, 2023), ("Högre än 2019.", schema.INCREASES, 2019),
    ("Öka jämfört med 2024 års nivå", schema.INCREASES, 2024),
    ("Öka jämfört med föregående år", schema.INCREASES, None),
    ("Fler än 2020 besök", schema.HIGHER, None), ("Lägre än 7 %", schema.LOWER, None),
])
def test_a_target_compared_with_a_year(text, rule, year):
    from vp_excel.reader.inline import read_target

    reading = read_target(text)
    assert (reading.rule, reading.compared_year) == (rule, year)
    if year is not None:
        assert reading.value is None


# A målvärde inside a sentence: one number with a comparison word is read, its rule from the
# nearest such word ("" where the words only say the level: the plain number's assumed rule);
# several numbers, a negation or no comparison word give no value and a doubt to warn of.
@pytest.mark.parametrize("text, value, unit, rule, doubted", [
    ("Andelen ska vara 40 %", 0.40, "%", "", False),
    ("ska öka till minst 85 procent", 0.85, "%", schema.HIGHER, False),
    ("Högst 2 %", 0.02, "%", schema.LOWER, False),
    ("Senast 2026 ska 90 % av eleverna vara behöriga", 0.90, "%", "", False),
    ("Under året ska minst 80 % vara behöriga", 0.80, "%", schema.HIGHER, False),
    ("Sjukfrånvaron ska inte överstiga 6 procent", 0.06, "%", schema.LOWER, False),
    ("Kostnaden ska vara 5 % eller lägre", 0.05, "%", schema.LOWER, False),
    ("Väntetiden ska vara högst 30 dagar till år 2027", 30, "dagar", schema.LOWER, False),
    ("Nöjdheten ska uppgå till 75", 75, "", "", False),
    ("Antalet ska minska till 120 st", 120, "st", schema.LOWER, False),
    ("Andelen ska ligga mellan 10 och 20 %", None, "", "", True),
    ("Ingen ska vänta mer än 30 dagar", None, "", "", True),
    ("Till 2030 ska 50 % av resorna och 20 % av godset gå på järnväg", None, "", "", True),
    ("Senast 2026 ska 90 % vara nöjda", 0.90, "%", "", False),
    # A hostile paragraph is no målvärde sentence (and read in linear time).
    ("Senast år till " * 4000 + "ska 5 %", None, "", "", False),
])
def test_a_target_inside_a_sentence(text, value, unit, rule, doubted):
    from vp_excel.reader.inline import read_target

    reading = read_target(text)
    assert reading.value == (None if value is None else pytest.approx(value))
    assert (reading.unit, reading.rule, bool(reading.doubt)) == (unit, rule, doubted)
    assert reading.deadline is None


G, Y, R = schema.GREEN, schema.YELLOW, schema.RED


# Quality words on the kommun's scale: the best a table uses is GRÖN, the worst RÖD, between
# GUL; of two, the lower GUL while still acceptable; one word alone keeps its default.
@pytest.mark.parametrize("words, expected", [
    (["Bra", "OK", "Har brister", "Bra"], {"bra": G, "ok": Y, "har brister": R}),
    (["Godkänt", "Behöver förbättras", "Brister"],
     {"godkänt": G, "behöver förbättras": Y, "brister": R}),
    (["Bra", "Godkänt", "Underkänt"], {"bra": G, "godkänt": Y, "underkänt": R}),
    (["OK", "Har brister"], {"ok": G, "har brister": R}),
    (["Bra", "OK"], {"bra": G, "ok": Y}),
    (["Godkänt", "Behöver förbättras"], {"godkänt": G, "behöver förbättras": R}),
    (["Mycket bra", "Bra", "OK", "Brister"],
     {"mycket bra": G, "bra": Y, "ok": Y, "brister": R}),
    (["OK", "ok."], {"ok": Y}),
    (["GRÖN", "Uppfyllt", ""], {}),
    # "Ej OK" is the other end of a scale of two ("Ej OK" was an unknown status, an error)
    (["OK", "Ej OK", "OK"], {"ok": G, "ej ok": R}), (["Bra", "Inte bra"], {"bra": G,
                                                                         "inte bra": R}),
    (["Bra", "OK", "Ej OK"], {"bra": G, "ok": Y, "ej ok": R}),
])
def test_quality_words_on_the_kommuns_scale(words, expected):
    from vp_excel.reader.classify import quality_scale

    assert quality_scale(words) == expected


@pytest.mark.parametrize("header, yes_no", [("Uppfyllt", True), ("Målet uppnått", True),
                                            ("Når vi målet?", True), ("Uppfyllt Ja/Nej", True),
                                            ("Status", False), ("Bedömning", False)])
def test_a_status_header_that_ja_and_nej_answer(header, yes_no):
    kind = classify(header)
    assert kind is not None and (kind.key, kind.yes_no) == ("status", yes_no)


@pytest.mark.parametrize("header, top", [
    ("Bedömning 1-5", 5), ("Måluppfyllelse (1–3)", 3), ("Bedömning, skala 1-4", 4),
    ("Bedömning", 0), ("Andel 16-64 år", 0), ("Utfall 2024-2025", 0), ("Bedömning 1,5-2", 0),
])
def test_a_status_header_states_its_numeric_scale(header, top):
    from vp_excel.reader.classify import stated_scale

    assert stated_scale(header) == top


@pytest.mark.parametrize("step, top, status", [
    (5, 5, "GRÖN"), (4, 5, "GRÖN"), (3, 5, "GUL"), (2, 5, "RÖD"), (1, 5, "RÖD"),
    (3, 3, "GRÖN"), (2, 3, "GUL"), (1, 3, "RÖD"), (6, 5, None), (2.5, 5, None), ("x", 5, None),
])
def test_a_step_on_the_scale_is_a_status(step, top, status):
    from vp_excel.reader.classify import scale_status

    assert scale_status(step, top) == status
