"""Tables written the way kommuner and regions publish them, with the words of their published
målbedömning legends and tables (Västerås' and Jönköping's barometers, Stockholm's årsmål
with könsuppdelat utfall, a region's styrkort with framgångsfaktorer and utfallsmått, Malmö's
arrows for måluppfyllelse, Uddevalla's "förbättring", finansiella mål, smileys, tertial
columns, label rows, an Utgångsvärde column, a bolag's English headers, target sentences).
Each is read through `check` and `build` as a user runs them: its goals, each goal's status
the same in the terminal, the report workbook and Word, and the guesses said with their cells.
What each table was read as before this round is said beside it. The words come from pages
such as http://barometern.vasteras.se/teckenforklaring/,
https://jonkoping.hallbarometern.se/teckenforklaring/,
https://arsredovisning.stockholm/kommunfullmaktiges-mal/,
http://redovisningar.malmo.se/2014/arsredovisning-2014/mal-verksamheten/ and
https://www.uddevalla.se/kommun-och-politik/kommunfakta/ekonomi/ekonomi-och-budget/arsredovisning/arsredovisningar/arsredovisning-2023/mal/hur-gick-det-med-malen.html
(legends and prose: the tables themselves are ours, no published table whole)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from test_kommun_kinds5 import _check, _save, _three_ways

G, Y, R, N = "GRÖN", "GUL", "RÖD", "Ej bedömd"


@dataclass
class Probe:
    rows: list[list[object]]
    statuses: dict[str, str]  # each KS mål as read, in order, and its status
    said: list[str] = field(default_factory=list)  # in check's output, with the cell


PROBES = {
    # Västerås' målbedömning words; "Årsmål 2024" over values was the goal column (the
    # Delmål became KF goals and each target a KS goal named "≥ 78 %"); "Målet blir svårt att
    # uppnå" was GRÖN.
    "vasteras-arsmal-malbedomning": Probe(
        [["Delmål", "Indikator", "Årsmål 2024", "Utfall 2024", "Målbedömning"],
         ["Fler invånare ska ha arbete", "Andel förvärvsarbetande 20-64 år", "≥ 78 %",
          "77,2 %", "Målet kan delvis uppnås"],
         ["Minskad klimatpåverkan", "Utsläpp ton CO₂e per invånare", "≤ 3,5", "3,2",
          "Målet kan uppnås"],
         ["Trygga invånare", "Andel som känner sig trygga", "80 %", "71 %",
          "Målet blir svårt att uppnå"],
         ["Nöjda brukare", "NKI hemtjänst", "75", "", "Bedömning saknas"]],
        {"Fler invånare ska ha arbete": Y, "Minskad klimatpåverkan": G,
         "Trygga invånare": R, "Nöjda brukare": N},
        ['C1 "Årsmål 2024": Målvärde (efter innehållet']),
    # Jönköping's Hållbarometern: "Når vi målet?" and targets with their year.
    "jonkoping-nar-vi-malet": Probe(
        [["Mål", "Nyckeltal", "Målnivå", "Senaste värde", "Når vi målet?"],
         ["Hållbar energi", "Förnybar energi, andel", "100 % (2030)", "68 %",
          "Målet bedöms kunna uppnås"],
         ["Minskat matsvinn", "Matsvinn, gram per portion", "högst 30 (2025)", "34",
          "Osäkert om målet kan uppnås"],
         ["Giftfri miljö", "Andel ekologiska livsmedel", "60 %", "41 %",
          "Målet bedöms inte kunna uppnås"],
         ["Rent vatten", "Antal badvatten med god kvalitet", "12", "12", "Målet är uppnått"]],
        {"Hållbar energi": G, "Minskat matsvinn": Y, "Giftfri miljö": R, "Rent vatten": G},
        ["C2: målvärde 100% att nå 2030", "C3: målvärde 30 att nå 2025"]),
    # Stockholm: inriktningsmål, verksamhetsområdesmål, indikatorer with årsmål and the
    # outcome for women and men; "Årsmål" was a goal column and every target lost.
    "stockholm-arsmal-kon": Probe(
        [["Inriktningsmål", "Verksamhetsområdesmål", "Indikator", "Årsmål", "Utfall",
          "Utfall kvinnor", "Utfall män", "Måluppfyllelse"],
         ["En modern storstad med möjligheter och valfrihet för alla",
          "Stockholm är en trygg stad", "Andel som känner sig trygga", "75 %", "72 %", "68 %",
          "76 %", "Delvis"],
         ["", "", "Antal anmälda brott per 1 000 invånare", "≤ 110", "104", "", "", ""],
         ["", "Alla elever når kunskapsmålen", "Andel behöriga till gymnasiet", "88 %", "85 %",
          "86 %", "84 %", "Ej uppfyllt"]],
        {"Stockholm är en trygg stad": Y, "Alla elever når kunskapsmålen": R},
        ['D1 "Årsmål": Målvärde (efter innehållet']),
    # A region's styrkort: perspektiv, strategiskt mål, framgångsfaktor and utfallsmått;
    # "Utfallsmått" was read as outcomes (an error: "Sjukfrånvaro, %" is no number).
    "region-framgangsfaktor-utfallsmatt": Probe(
        [["Perspektiv", "Strategiskt mål", "Framgångsfaktor", "Utfallsmått", "Målvärde",
          "Utfall T2 2024"],
         ["Invånare", "God tillgänglighet", "Korta väntetider",
          "Andel som väntat högst 90 dagar", "≥ 80 %", "66 %"],
         ["", "", "", "Andel besök inom 3 dagar", "≥ 85 %", "87 %"],
         ["Medarbetare", "Attraktiv arbetsgivare", "Frisk arbetsplats", "Sjukfrånvaro, %",
          "≤ 6", "7,1"]],
        {"Korta väntetider": Y, "Frisk arbetsplats": R},
        ['D1 "Utfallsmått": Indikator (efter orden']),
    # Malmö: arrows under Måluppfyllelse; each was an unknown status, an error that stopped
    # the build. An arrow says which way the value went: kept as the kommun's trend.
    "malmo-pilar": Probe(
        [["Kommunfullmäktiges mål", "Indikator", "2023", "2024", "Måluppfyllelse"],
         ["Malmö ska vara en stad för alla", "Andel förvärvsarbetande", "63 %", "64 %", "↑"],
         ["", "Andel barn i ekonomiskt utsatta hushåll", "20 %", "19 %", "→"],
         ["", "Antal hemlösa", "1 800", "1 950", "↓"]],
        {"Andel förvärvsarbetande": N, "Andel barn i ekonomiskt utsatta hushåll": N,
         "Antal hemlösa": N},
        ['E2: statusen för Helår 2024: "↑" är en pil', 'E4: statusen för Helår 2024: "↓"']),
    # Uddevalla: "Förbättring" as the målsättning was an error that stopped the build.
    "uddevalla-forbattring": Probe(
        [["Indikator", "Målsättning", "Utfall 2023", "Utfall 2024", "Bedömning"],
         ["Korttidssjukfrånvaro", "Minska", "4,1 %", "3,6 %", "Uppnås"],
         ["Förtroende för kommunens politiker (NFI)", "Förbättring", "42", "45", "Uppnås"],
         ["Företagsklimat, ranking", "Förbättring", "120", "155", "Uppnås ej"]],
        {"Korttidssjukfrånvaro": G, "Förtroende för kommunens politiker (NFI)": G,
         "Företagsklimat, ranking": R},
        ["B3: målvärde Ökar (förbättring; antagen: högre är bättre)",
         'B4: målvärde Minskar (förbättring; antagen av ordet "ranking" i namnet)']),
    # Finansiella mål with Mål | Utfall | Prognos | Uppfyllt (Ja/Nej).
    "finansiella-mal": Probe(
        [["Finansiella mål", "Mål", "Utfall 2024", "Prognos helår", "Uppfyllt"],
         ["Resultatet ska uppgå till minst 2 % av skatteintäkter och statsbidrag", "≥ 2 %",
          "2,4 %", "1,1 %", "Nej"],
         ["Soliditeten inklusive pensionsåtaganden ska öka", "Öka", "21 %", "22 %", "Ja"],
         ["Investeringar ska till 100 % finansieras med egna medel", "100 %", "84 %", "90 %",
          "Nej"]],
        {"Resultatet ska uppgå till minst 2 % av skatteintäkter och statsbidrag": R,
         "Soliditeten inklusive pensionsåtaganden ska öka": G,
         "Investeringar ska till 100 % finansieras med egna medel": R},
        ['B1 "Mål": Målvärde (efter innehållet']),
    # A socialnämnd's delårsrapport under a title: smileys, targets for 2027.
    "socialnamnd-smileys": Probe(
        [["Socialnämnden – delårsrapport augusti 2024"], [],
         ["Nämndmål", "Indikator", "Målvärde 2027", "Utfall jan-aug 2024", "Bedömning"],
         ["Fler ska bli självförsörjande", "Andel hushåll med långvarigt ekonomiskt bistånd",
          "högst 30 %", "33 %", "😐"],
         ["Äldre ska känna sig trygga", "Andel brukare som känner sig trygga i särskilt boende",
          "minst 90 %", "91 %", "😊"],
         ["Fler placeras på hemmaplan", "Antal placeringar HVB", "Minska", "14", "😒"]],
        {"Fler ska bli självförsörjande": Y, "Äldre ska känna sig trygga": G,
         "Fler placeras på hemmaplan": R}),
    # Tertial columns, "Mål 2024" of words; "Bättre än 2023" was an error.
    "tertial-battre-an": Probe(
        [["Mål", "Mått", "Mål 2024", "Utfall T1", "Utfall T2", "Status T2"],
         ["Hög kvalitet i skolan", "Meritvärde åk 9", "Högre än riket", "", "224", "Grön"],
         ["", "Andel med fullständiga betyg", "Minst 80 %", "", "78 %", "Gul"],
         ["Nöjda medborgare", "NMI", "Bättre än 2023", "", "58", "Grön"]],
        {"Hög kvalitet i skolan": Y, "Nöjda medborgare": G},
        ["C4: målvärde Ökar jämfört med 2023 (förbättring", 'C2: målvärdet "Högre än riket"']),
    # Goals and indicators labelled in one column ("Mål 1:", "Indikator 1.1:").
    "etiketter-mal-indikator": Probe(
        [["Mål och indikatorer", "Målvärde", "Utfall 2024", "Status"],
         ["Mål 1: Alla barn ska ha en god start i livet", "", "", "Delvis uppfyllt"],
         ["Indikator 1.1: Andel barn inskrivna i förskola", "95 %", "96 %", ""],
         ["Indikator 1.2: Andel barn som känner sig trygga", "90 %", "84 %", ""],
         ["Mål 2: Effektiv ekonomistyrning", "", "", "Uppfyllt"],
         ["Indikator 2.1: Budgetavvikelse, mnkr", "≥ 0", "1,2", ""]],
        {"Mål 1: Alla barn ska ha en god start i livet": Y,
         "Mål 2: Effektiv ekonomistyrning": G}),
    # Utgångsvärde with its year beside Måltal 2026: it was an unread column; now a
    # comparison, shown and never judged.
    "utgangsvarde-maltal": Probe(
        [["Effektmål", "Indikator", "Utgångsvärde", "Måltal 2026", "Utfall 2024", "Kommentar"],
         ["Ökad bostadsbyggnation", "Antal färdigställda bostäder per år", "45 (2022)", "≥ 80",
          "62", "Något lägre takt än planerat"],
         ["Minskad energianvändning", "kWh/m² i kommunens lokaler", "165 (2021)",
          "≤ 140 kWh/m²", "151 kWh/m²", ""]],
        {"Ökad bostadsbyggnation": R, "Minskad energianvändning": R},
        ['C1 "Utgångsvärde": Jämförelse (efter orden',
         "D3: målvärde 140 kWh/m², Lägre är bättre"]),
    # "Målet nås?" answered Ja/Nej, "Mål" over the targets.
    "malet-nas-ja-nej": Probe(
        [["Verksamhetsmål", "Nyckeltal", "Mål", "Resultat 2024", "Målet nås?"],
         ["Hög tillgänglighet", "Andel ärenden besvarade inom 2 dagar", "90 %", "93 %", "Ja"],
         ["Snabb handläggning", "Handläggningstid bygglov, veckor", "Högst 6", "7,5", "Nej"]],
        {"Hög tillgänglighet": G, "Snabb handläggning": R}),
    # A plan before the year: activities and responsible, no outcomes yet.
    "plan-aktiviteter": Probe(
        [["Nämndmål", "Aktiviteter", "Ansvarig", "Indikator", "Målvärde 2025"],
         ["Fler företag ska etablera sig", "Näringslivsdagar\nFöretagslotsen",
          "Näringslivskontoret", "Antal nya företag", "≥ 120"],
         ["Minskad sjukfrånvaro", "Hälsofrämjande insatser", "HR", "Sjukfrånvaro (%)", "< 6"]],
        {"Fler företag ska etablera sig": N, "Minskad sjukfrånvaro": N}),
    # Målområde banners over a KS-level table: the KF level (no KF column).
    "malomrade-banderoller": Probe(
        [["Mål", "Indikator", "Målvärde", "Utfall 2024", "Status"],
         ["Målområde: Livskvalitet"],
         ["Fler i arbete", "Andel förvärvsarbetande", "80 %", "78 %", "Gul"],
         ["Målområde: Hållbarhet"],
         ["Minskade utsläpp", "Ton CO₂ per invånare", "≤ 4", "3,5", "Grön"]],
        {"Fler i arbete": Y, "Minskade utsläpp": G},
        ['A2: rubrik över målen under, inget mål (ur "Målområde: Livskvalitet")']),
    # A bolag's ägardirektiv with English and abbreviated headers.
    "bolag-kpi-target": Probe(
        [["Ägardirektiv", "KPI", "Target", "Actual 2024", "Bed."],
         ["Avkastning på eget kapital", "Avkastning, %", "≥ 5 %", "6,2 %", "Grön"],
         ["Nöjda hyresgäster", "NKI", "≥ 80", "78", "Gul"]],
        {"Avkastning på eget kapital": G, "Nöjda hyresgäster": Y}),
    # Target sentences with the year to reach them.
    "malvarde-meningar": Probe(
        [["Mål", "Indikator", "Målvärde", "Utfall 2024"],
         ["Fler elever klarar skolan", "Andel elever behöriga till yrkesprogram",
          "Andelen ska öka till minst 85 procent till 2026", "83 %"],
         ["Lägre sjukfrånvaro", "Sjukfrånvaro bland medarbetare", "Ska understiga 7 % år 2025",
          "7,4 %"]],
        {"Fler elever klarar skolan": R, "Lägre sjukfrånvaro": R},
        ["C2: målvärde 85% att nå 2026", "C3: målvärde 7% att nå 2025, Lägre är bättre"]),
    # Fokusområde column repeated on every row, nämndmål, bedömning words.
    "fokusomrade-namndmal": Probe(
        [["Fokusområde", "Nämndmål", "Indikator", "Målvärde", "Utfall 2024", "Bedömning"],
         ["Trygghet", "Tryggt i centrum", "Andel trygga kvällstid", "65 %", "61 %",
          "Delvis uppfyllt"],
         ["Trygghet", "Färre inbrott", "Antal bostadsinbrott", "≤ 40", "35", "Uppfyllt"],
         ["Miljö", "Ökad återvinning", "Andel sorterat avfall", "55 %", "49 %",
          "Ej uppfyllt"]],
        {"Tryggt i centrum": Y, "Färre inbrott": G, "Ökad återvinning": R}),
    # A region's strategiska mål with styrtal and status words in the neuter ("Gult"); each
    # styrtal was a goal of its own.
    "region-strategiska-mal-styrtal": Probe(
        [["Strategiska mål", "Styrtal", "Målvärde 2024", "Utfall 2024", "Status"],
         ["Attraktiv region", "Befolkningsutveckling", "≥ 0,5 %", "0,3 %", "Gult"],
         ["", "Nettoinflyttning", "≥ 500", "620", "Grönt"],
         ["Ekonomi i balans", "Resultat, mnkr", "≥ 0", "-45", "Rött"]],
        {"Attraktiv region": Y, "Ekonomi i balans": R},
        ['A2: målet, bedömt av indikatorerna bredvid (ur "Attraktiv region")']),
}


@pytest.mark.parametrize("name", list(PROBES))
def test_a_published_kind_of_table_is_read_and_each_status_agrees(tmp_path, name):
    probe = PROBES[name]
    path = _save(tmp_path, probe.rows)
    result = _check(path)
    assert [p.message for p in result.errors] == []
    assert [g.text for g in result.plan.ks_goals] == list(probe.statuses)
    output, statuses = _three_ways(tmp_path, path, list(probe.statuses))
    assert statuses == {goal: (status,) * 3 for goal, status in probe.statuses.items()}
    for fragment in probe.said:
        assert fragment in output, fragment


def test_the_probes_are_many_and_varied():
    assert len(PROBES) >= 15
    headers = {str(p.rows[next(i for i, r in enumerate(p.rows) if len(r) > 1)][0])
               for p in PROBES.values()}
    assert len(headers) >= 12  # a first column named a dozen ways


def test_malmos_arrows_are_kept_as_the_kommuns_trend(tmp_path):
    plan = _check(_save(tmp_path, PROBES["malmo-pilar"].rows)).plan
    assert [g.measure.trends for g in plan.ks_goals] == [
        {"Helår 2024": "↑"}, {"Helår 2024": "→"}, {"Helår 2024": "↓"}]


def test_stockholms_women_and_men_are_the_outcomes_breakdown(tmp_path):
    plan = _check(_save(tmp_path, PROBES["stockholm-arsmal-kon"].rows)).plan
    first = plan.ks_goals[0].indicators[0].measure
    assert first.target == pytest.approx(0.75)
    assert first.breakdown == {"kvinnor": {"Helår 2024": pytest.approx(0.68)},
                               "män": {"Helår 2024": pytest.approx(0.76)}}


def test_an_utgangsvarde_is_kept_beside_the_measure_and_never_judged(tmp_path):
    plan = _check(_save(tmp_path, PROBES["utgangsvarde-maltal"].rows)).plan
    assert [i.measure.comparisons for i in plan.indicators] == [
        {"Utgångsvärde": 45.0}, {"Utgångsvärde": 165.0}]
