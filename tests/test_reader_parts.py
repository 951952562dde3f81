"""The reader's parts one by one, table-driven: values inside text, målvärden with their
direction, outcomes with footnotes and symbols, periods from headers, header words, status
words and colours, settings found in titles."""

from __future__ import annotations

import pytest

from vp_excel import schema
from vp_excel.reader.colours import _tinted, status_of_rgb
from vp_excel.reader.inline import (
    read_indicator_text,
    read_outcome_text,
    read_target,
    responsible_in_text,
)
from vp_excel.reader.layouts.tables import classify
from vp_excel.reader.periods import period_in_header
from vp_excel.reader.settings import found_in_text
from vp_excel.reader.status import status_word

H, L, INC, DEC, YN = (schema.HIGHER, schema.LOWER, schema.INCREASES, schema.DECREASES,
                      schema.YES_NO)


@pytest.mark.parametrize("text, value, unit, rule, earlier", [
    ("HME (styrgräns motivationsindex: 79)", 79, "", "", {}),
    ("Sjukfrånvaro (6,5%)", 0.065, "%", "", {}),
    ("Nettoinvesteringar, kr per invånare, mandatperiod (novemberstatistik) (max 4000kr/inv)",
     4000, "kr/inv", L, {}),
    ("Betalningsberedskap med likvida medel ska uppgå till (60 dagar)", 60, "dagar", "", {}),
    ("Antal medborgare (ålder 19-64 år) (2000)", 2000, "", "", {}),
    ("SAM (Årlig uppföljning) (undantag särskilda skäl? = Ja", True, "", YN, {}),
    ("Medborgarnas helhetsbedömning (SCB) (utfall 2023= 92,2%)", None, "", "",
     {2023: (0.922, "%")}),
    ("Medborgarnas nöjdhet med kommunens verksamheter (SCB) (utfall 2023: 66,9%)", None, "", "",
     {2023: (0.669, "%")}),
    ("Budgetavvikelse (0)", 0, "", "", {}),
    ("Samverkan (R10-mätning) (avtal och gemensamma nämnder) (19)", 19, "", "", {}),
    ("Andel nöjda brukare", None, "", "", {}),
    # What is measured, in parentheses: an age, a scale, a school year; no styrgräns (each was
    # read as one: 20 år, 1, 9).
    ("Förvärvsfrekvens (20-64 år)", None, "", "", {}),
    ("Brukarnöjdhet (skala 1-5)", None, "", "", {}),
    ("Nöjdhet (1–10)", None, "", "", {}),
    ("Andel elever som når målen (åk 9)", None, "", "", {}),
    # A rule word before the number still states one.
    ("Andel (minst 85 %)", 0.85, "%", H, {}), ("Antal fall (högst 5 st)", 5, "antal", L, {}),
    ("Resultat (styrgräns 1-2 %)", 0.01, "%", "", {}),
])
def test_values_inside_indicator_text(text, value, unit, rule, earlier):
    reading = read_indicator_text(text)
    assert reading.value == (pytest.approx(value) if isinstance(value, float) else value)
    assert (reading.unit, reading.rule) == (unit, rule)
    assert {y: (pytest.approx(v), u) for y, (v, u, _s) in reading.earlier.items()} == earlier


@pytest.mark.parametrize("text, value, unit, rule, doubt", [
    ("≥ 90 %", 0.9, "%", H, ""),
    ("minst 80", 80, "", H, ""),
    ("högst 60 dagar", 60, "dagar", L, ""),
    ("max 7 %", 0.07, "%", L, ""),
    ("under 5", 5, "", L, ""),
    ("Ökar", None, "", INC, ""),
    ("Minskar", None, "", DEC, ""),
    ("Ska öka", None, "", INC, ""),
    ("Ja", True, "", YN, ""),
    ("Minst index 41", 41, "index", H, ""),
    ("Minst NKI 75", 75, "", H, ""),
    ("Max 13,2 %", 0.132, "%", L, ""),
    (">40", 40, "", H, ""),
    ("≥30", 30, "", H, ""),
    ("<10", 10, "", L, ""),
    ("≥≥ 2", 2, "", H, 'dubbelt tecken "≥≥"'),
    ("-", None, "", "", ""),
    ("Statistik saknas", None, "", "", ""),
    ("Minst 80 % (40 av 50)", 0.8, "%", H, 'två tal i cellen ("Minst 80 % (40 av 50)"); '
     "det första används"),
    # A range: its unit is its lower bound's too (90 %, not 90 against an outcome of 0,92).
    ("90-95 %", 0.9, "%", "", 'ett intervall ("90-95 %"); den lägre gränsen används'),
    ("80 – 90 procent", 0.8, "%", "", 'ett intervall ("80 – 90 procent"); den lägre gränsen '
     "används"),
    ("minst 5–10 dagar", 5, "dagar", H, 'ett intervall ("minst 5–10 dagar"); den lägre gränsen '
     "används"),
])
def test_targets_carry_their_direction(text, value, unit, rule, doubt):
    reading = read_target(text)
    assert reading.value == (pytest.approx(value) if isinstance(value, float) else value)
    assert (reading.unit, reading.rule, reading.doubt) == (unit, rule, doubt)


@pytest.mark.parametrize("text, value, unit, warned", [
    ("226 1)", 226, "", False),
    ("95😊", 95, "", False),
    ("6,8 %", 0.068, "%", False),
    ("-", None, "", False),
    ("---", None, "", False),
    ("Uppgift saknas", None, "", False),
    ("12,8\n15,8*)", 12.8, "", True),
    ("2 150", 2150, "", False),
    ("4,1 *)", 4.1, "", False),
    # A share with its count beside it keeps its percent sign (not 88 against a 80 % target).
    ("88 % (117 av 133) har svarat: till stor del", 0.88, "%", True),
    # A unit with a digit after its letters is one unit; "3 av 5" stays two numbers.
    ("148 kWh/m2", 148, "kWh/m2", False),
    ("2,1 ton CO2e/inv", 2.1, "ton CO2e/inv", False),
    ("3 av 5", 3, "", True),
    ("38 % genomströmning, 271 avslut av totalt 705 deltagare", 0.38, "%", True),
    ("12 procent (3 av 25)", 0.12, "%", True),
    ("5 av 10", 5, "", True),
    ("7/10 har avslutat insatsen", 7, "", True),
])
def test_outcomes_as_written(text, value, unit, warned):
    reading = read_outcome_text(text)
    assert reading.value == (pytest.approx(value) if isinstance(value, float) else value)
    assert reading.unit == unit
    assert bool(reading.doubt) == warned


@pytest.mark.parametrize("text, responsible", [
    ("Minska sårbarhet och öka robusthet (kansli - IT)", "kansli - IT"),
    ("Förtydligad struktur - vem gör vad och varför (HR, EK)", "HR, EK"),
    ("Digitalisering (Alla)", "Alla"),
    ("Etablera samma/likvärdiga förutsättningar i fibernätet (mäts i %) (IT)", "IT"),
    ("Etablera förutsättningar i fibernätet (mäts i %)", ""),
    ("Ökad nöjdhet med processen (HR) - förändrad process med Jotib", ""),
    ("Stimulera till inflyttning och kvarstanning", ""),
])
def test_responsible_unit_after_a_malinriktning(text, responsible):
    assert responsible_in_text(text) == responsible


@pytest.mark.parametrize("header, kind, first, last, year", [
    ("Utfall T1 2025", "T1", 1, 4, 2025),
    ("Tertial 2", "T2", 1, 8, None),
    ("Delår 1", "Delår 1", 1, 4, None),
    ("Delårsrapport 2025", "Delår", 1, 8, 2025),
    ("Q3", "Q3", 1, 9, None),
    ("Kvartal 3 2025", "Q3", 1, 9, 2025),
    ("Helår", "Helår", 1, 12, None),
    ("Årsbokslut 2024", "Helår", 1, 12, 2024),
    ("Bokslut", "Helår", 1, 12, None),
    ("Utfall jan–jul 2025", "jan–jul", 1, 7, 2025),
    ("Utfall 2024", "Helår", 1, 12, 2024),
    # January alone is "januari", as Swedish readers write it, never "jan–jan"
    ("Utfall jan", "januari", 1, 1, None),
    ("Utfall januari 2025", "januari", 1, 1, 2025),
    ("Utfall jan–jan 2025", "januari", 1, 1, 2025),
    ("Utfall 2025-01-31", "januari", 1, 1, 2025),
    ("Utfall feb", "jan–feb", 1, 2, None),
])
def test_periods_from_headers(header, kind, first, last, year):
    found = period_in_header(header)
    assert found is not None
    assert (found.kind, found.first_month, found.last_month, found.year) == (
        kind, first, last, year)


@pytest.mark.parametrize("header", ["KS mål", "Indikator", "Aktiviteter", "Senaste status"])
def test_headers_without_a_period(header):
    assert period_in_header(header) is None


@pytest.mark.parametrize("header, key", [
    ("KF ÖG mål", "kf_goal"), ("KF:s övergripande mål", "kf_goal"),
    ("Kommunfullmäktiges mål", "kf_goal"), ("Inriktningsmål", "kf_goal"),
    ("Övergripande mål", "kf_goal"),
    ("KF Indikator (styrgräns)", "indicator"), ("KF:s indikatorer (styrgräns)", "indicator"),
    ("Nyckeltal", "indicator"), ("Mätetal", "indicator"), ("Mått", "indicator"),
    ("Nämndens indikatorer", "indicator"), ("Kommunövergripande indikatorer", "indicator"),
    ("Nämndsmål", "ks_goal"),
    ("Mätmetod", "indicator"),
    ("KS mål", "ks_goal"), ("Nämndmål", "ks_goal"), ("Nämndens mål", "ks_goal"),
    ("Styrelsens mål", "ks_goal"), ("Verksamhetsmål", "ks_goal"), ("Effektmål", "ks_goal"),
    ("Delmål", "ks_goal"),
    ("Senaste Status", "status"), ("Bedömning", "status"), ("Måluppfyllelse", "status"),
    ("Uppfyllt Ja/Nej", "status"), ("Utfalls-symbol", "status"),
    ("KLKs målinriktningar", "direction_text"),
    ("Socialtjänstens målinriktningar", "direction_text"),
    ("Ansvar", "responsible"), ("Ansvarig", "responsible"), ("Ansvarig enhet", "responsible"),
    ("Aktiviteter", "activities"), ("Aktivitet", "activities"), ("Åtgärder", "activities"),
    ("Målvärde", "target"), ("Målnivå", "target"), ("Målvärde 2025", "target"),
    ("Målvärde\n2016", "target"), ("Mål 2025", "target"),
    ("Utfall", "outcome"), ("Utfall 2024", "outcome"), ("Utfall T1 2025", "outcome"),
    ("T1 2025", "outcome"),
    ("Kommentar", "comment"), ("Analys", "comment"), ("Motivering", "comment"),
    ("Kolada-id", "kolada_id"), ("KPI", "kolada_id"), ("Kolada KPI", "kolada_id"),
    ("Nyckeltal-id", "kolada_id"),
    ("Medel", "comparison"), ("Sämst", "comparison"), ("Bäst", "comparison"),
    ("Riket", "comparison"),
    ("Målområde", "grouping"), ("Perspektiv", "grouping"),
])
def test_the_kommuners_words_for_the_columns(header, key):
    kind = classify(header)
    assert kind is not None and kind.key == key


@pytest.mark.parametrize("header", ["Konto", "Belopp", "Anteckning", ""])
def test_other_headers_name_no_plan_column(header):
    assert classify(header) is None


@pytest.mark.parametrize("text, yes_no, status", [
    ("GRÖN", False, "GRÖN"), ("grön", False, "GRÖN"), ("Röd", False, "RÖD"),
    ("Uppfyllt", False, "GRÖN"), ("Delvis uppfyllt", False, "GUL"),
    ("Ej uppfyllt", False, "RÖD"), ("Ja", True, "GRÖN"), ("Nej", True, "RÖD"),
    ("Ja", False, None), ("😊", False, "GRÖN"), ("😐", False, "GUL"), ("😒", False, "RÖD"),
    ("☺", False, "GRÖN"), ("☹", False, "RÖD"), ("●", False, "GRÖN"), ("▲", False, "GUL"),
    ("■", False, "RÖD"), ("😐 1)", False, "GUL"), ("Blå", False, None),
    ("Bra", False, "GRÖN"), ("OK", False, "GUL"), ("Har brister", False, "RÖD"),
])
def test_status_words_and_symbols(text, yes_no, status):
    assert status_word(text, yes_no) == status


@pytest.mark.parametrize("rgb, status", [
    ("00B050", "GRÖN"), ("92D050", "GRÖN"), ("C6EFCE", "GRÖN"), ("9BBB59", "GRÖN"),
    ("FFFF00", "GUL"), ("FFC000", "GUL"), ("FFEB9C", "GUL"),
    ("FF0000", "RÖD"), ("FF7C80", "RÖD"), ("FFC7CE", "RÖD"), ("C0504D", "RÖD"),
    ("4F81BD", None), ("0070C0", None), ("D9D9D9", None), ("FFFFFF", None), ("000000", None),
])
def test_colours(rgb, status):
    assert status_of_rgb(rgb) == status


def test_theme_tint_lightens_and_darkens():
    assert _tinted("9BBB59", 0.0) == "9BBB59"
    lighter, darker = _tinted("9BBB59", 0.4), _tinted("9BBB59", -0.25)
    assert int(lighter[:2], 16) > 0x9B and int(darker[:2], 16) < 0x9B
    assert status_of_rgb(lighter) == status_of_rgb(darker) == "GRÖN"


@pytest.mark.parametrize("text, expected", [
    ("Verksamhetsplan 2025 för kommunledningskontoret",
     {"year": "2025", "verksamhet": "Kommunledningskontoret"}),
    ("Nämndplan 2025 – Socialnämnden", {"year": "2025", "verksamhet": "Socialnämnden"}),
    ("Norsjö kommun – Verksamhetsplan 2025 för kommunledningskontoret",
     {"year": "2025", "verksamhet": "Kommunledningskontoret", "kommun": "Norsjö kommun"}),
    ("Mål- och resultatplan 2025 för barn- och utbildningsnämnden, Exempelby kommun",
     {"year": "2025", "verksamhet": "Barn- och utbildningsnämnden",
      "kommun": "Exempelby kommun"}),
    ("Kommun: Norsjö kommun", {"kommun": "Norsjö kommun"}),
    ("Kommunkod: 2417", {"kommunkod": "2417"}),
    ("Norsjö kommun", {"kommun": "Norsjö kommun"}),
    ("Antal invånare 2024", {}),
    # A period between the report's word and the year; the nämnd or report named alone.
    ("Socialnämnden – uppföljning tertial 2 2025", {"year": "2025"}),
    ("Barn- och utbildningsnämnden – uppföljning T1 2025", {"year": "2025"}),
    ("Kommunstyrelsen delårsrapport 2 2025", {"year": "2025"}),
    ("Samhällsbyggnadsnämnden delår 2 2025", {"year": "2025"}),
    ("Servicecenter kvartalsuppföljning 2025", {"year": "2025"}),
    ("Personalnämnden 2025", {"year": "2025"}),
    ("Folkhälsorådet 2025", {"year": "2025"}),
    ("Region – förvaltningens styrkort 2025", {"year": "2025"}),
    # A goal with its year, or a mandate period, is no plan year.
    ("Nämnden ska halvera utsläppen till 2030", {}),
    ("Kommunstyrelsens mål 2024-2027", {}),
    ("Kundtjänst 2025", {}),
])
def test_settings_found_in_titles(text, expected):
    assert {k: v.value for k, v in found_in_text(text, "Blad1!A1").items()} == expected


@pytest.mark.parametrize("text,word", [
    ("Sjukfrånvaro (6,5%)", "sjukfrånvaro"),
    ("Handläggningstid bygglov (60 dagar)", "handläggningstid"),
    ("Nettokostnad per elev (95 000 kr)", "kostnad"),
    ("HME (styrgräns motivationsindex: 79)", ""),
    ("Antal medborgare (ålder 19-64 år) (2000)", ""),
])
def test_a_direction_is_guessed_only_from_words_where_less_is_better(text, word):
    from vp_excel.reader.inline import direction_from_words

    assert direction_from_words(text) == word


@pytest.mark.parametrize("text, benchmark", [
    ("Högre än riket", True), ("Bättre än länssnittet", True), ("Över rikssnittet", True),
    ("I nivå med jämförbara kommuner", True), ("Bättre än kommungruppen", True),
    ("Ska öka", False), ("Lägre än 2024", False), ("Minst 80 %", False),
    ("Fler än 2020 besök", False), ("Kommuner", False),
])
def test_a_target_that_compares_with_a_benchmark(text, benchmark):
    from vp_excel.reader.inline import benchmark_in_words

    assert (benchmark_in_words(text.lower()) is not None) is benchmark


@pytest.mark.parametrize("value, unit, shown", [
    (57, "antal", "57 st"), (0.625, "%", "62,5%"), (4000, "kr/inv", "4\u00a0000 kr/inv"),
    (148, "kWh/m2", "148 kWh/m2"), (12, "", "12"),
])
def test_a_value_is_shown_with_its_unit_as_every_output_shows_it(value, unit, shown):
    from vp_excel.swedish import format_value

    assert format_value(value, unit) == shown
