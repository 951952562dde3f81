"""Write the two example arbetsböcker in this folder.

    python workbooks/make_workbooks.py [output folder]

- norsjo-klk-2025.xlsx: Norsjö kommun's real plan, "Verksamhetsplan 2025 för
  kommunledningskontoret", restored word for word from the published document (the plan table
  as restored in klk-2025-tabell.md, the texts from the document itself). Laid out the way staff
  make such a workbook: a title row, merged cells, wrapped text, bullet lists of activities.
  It holds only what the document says: the Helår 2024 status is the plan's starting point,
  and no outcome is invented.
- exempelby-2025.xlsx: a fictional municipality whose every figure is made up, to show every
  rule, manual overrides, several periods, trends and activity statuses.

Deterministic: the same input gives byte-identical files (fixed document dates and fixed
timestamps inside the zip), so regenerating does not show up as a change. Only openpyxl and
`vp_excel.schema` (for sheet names, headers and help texts) are used.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

from vp_excel import schema  # noqa: E402

NORSJO_FILE = "norsjo-klk-2025.xlsx"
EXEMPELBY_FILE = "exempelby-2025.xlsx"
FIXED_TIME = dt.datetime(2025, 1, 1, 12, 0, 0)  # document properties and zip entries
ZIP_TIME = (2025, 1, 1, 12, 0, 0)


# --- the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """A number as staff type it with a number format: 0.065 shown as "6,5%"."""

    value: Any
    number_format: str


def pct(value: float, number_format: str = "0%") -> Typed:
    return Typed(value, number_format)


@dataclass
class Direction:
    """A målinriktning: one row of the Mål sheet, with its activities."""

    text: str = ""
    responsible: str = ""
    activities: list[tuple[str, str, str]] = field(default_factory=list)  # text, status, comment


@dataclass
class Group:
    """Rows of the Mål sheet that share one KF indikator and one KS mål.

    `values` holds the measure columns by schema key; per-period columns are keyed
    (key, period), e.g. ("outcome", "Helår 2024").
    """

    values: dict[Any, Any]
    directions: list[Direction] = field(default_factory=lambda: [Direction()])


@dataclass
class Kf:
    name: str
    groups: list[Group]


@dataclass
class Book:
    settings: dict[str, Any]  # schema.Setting.label -> value
    periods: list[tuple[str, int, str, str]]
    kf_goals: list[Kf]
    texts: list[tuple[str, str, str]]  # avsnitt, text, period
    title: str = ""  # a title row above the Mål header
    merge: bool = False  # merge KF ÖG mål and the group cells, as in the published plan
    instructions: str = ""


# --- Norsjö: the published plan ---------------------------------------------------------

H24, D25, A25 = "Helår 2024", "Delår 2025", "Helår 2025"
NORSJO_MOTIVATION = "Status enligt verksamhetsplan 2025 (utgångsläge helår 2024)."


def _manual(status: str) -> dict[Any, Any]:
    """A KS mål judged by hand, with the plan's Helår 2024 status."""
    return {"rule": schema.MANUAL, ("assessment", H24): status,
            ("motivation", H24): NORSJO_MOTIVATION}


def _acts(*texts: str) -> list[tuple[str, str, str]]:
    return [(text, "", "") for text in texts]


NORSJO_INLEDNING = (
    "Kommunledningskontoret (KLK) innefattar fyra stödenheter till kommunens medborgare, "
    "politiker och övriga kommunala verksamheter: HR, ekonomi, kansli och IT.",
    "KLK har utifrån analys av föregående årsutfall och en gemensam workshop utformat en plan "
    "för verksamheterna samt målsättningar som kommunstyrelsen ska fastställa för 2025.",
    "Arbetet återrapporteras till politiken vid utskott och delårsredovisningar, samt följs upp "
    "i den årligen fastställda internkontrollplanen.",
    "Norsjö kommun har en vision, ”Världens bästa vardag”, som är antagen av "
    "kommunfullmäktige. Utifrån visionen finns en långsiktig strategi för att fram till år 2050 "
    "öka Norsjö kommuns befolkning och peka ut färdriktning för önskad utveckling.",
    "Kommunfullmäktige har fastställt övergripande mål för mandatperioden (2023–2026). Varje år "
    "fastställs också den budget som förvaltningen har att förhålla sig till. Kommunstyrelsen "
    "fastställer en årlig verksamhetsplan per verksamhetsområde, inklusive mål och/eller "
    "målinriktningar som beskriver hur vision, mål och strategidokument ska förverkligas.",
    "Verksamhetsplanen innehåller även beskrivning hur verksamheten, via aktiviteter och/eller "
    "nyckeltal arbetar inom kommunfullmäktiges målindikatorer för att förbättra utfall.",
    "Verksamhetsplanen ska vara realistisk och inrymmas inom fastställda ekonomiska ramar. Den är "
    "utformad för att både stötta verksamheternas arbete, samt direkt verka för en högre "
    "måluppfyllelse för de övergripande målen och mot visionen.",
    "Delårsrapporter och en årsrapport sammanställer hur verksamheten fortskrider med sitt "
    "arbete. I dessa rapporter kan statusläge beskrivas för respektive målområde eller indikator "
    "eller aktiviteter genom färgsättning (röd, gul, grön), i tabellform eller i text.",
)
NORSJO_STRUKTUR_HEADING = ("Struktur inom verksamhetsplanen – hur KLK bemöter och bearbetar "
                           "ÖG mål till aktiviteter 2025")
NORSJO_STRUKTUR = (
    "KLKs verksamhetsplan är utformad för att både stötta verksamheternas arbete och direkt "
    "verka för en högre måluppfyllelse för de övergripande målen och mot visionen.",
    "KLKs målinriktningar och aktiviteter utgår från att det redan finns tydliga mandat, "
    "befogenheter, ansvar och roller, men vid behov via dialog kan dessa lyftas i "
    "kvalitetssyfte. Inom målinriktningar identifieras vilken enhet som initierat förslaget, men "
    "för den skull exkluderas inte övriga enheter inom KLK när det gäller engagemang, stöd, "
    "hjälp och/eller utveckling inom målinriktningen.",
    "Enheterna inom KLK bearbetar underlag och aktiviteter löpande och gemensamma träffar "
    "planeras in under året.",
    "I enlighet med Tillitsbaserad styrning och ledning har kommunledningskontorets "
    "verksamhetsplan tagits fram tillsammans med personalen. De har själva beskrivit vad som de "
    "anser kommer att leda organisationen i rätt riktning mot de uppsatta mandatmålen.",
    "Arbetet har givit målinriktningar och aktiviteter som ger en illustrering av hur man kommer "
    "att arbeta. Dessa är har dock inga exakta indikatorer som ska följas upp. Aktiviteterna kan "
    "dessutom komma behöva prioriteras om under året, eventuellt bytas ut. Ambitionen är att "
    "KLKs aktiviteter ska bidra till ökad måluppfyllelse och förbättrat utfall per indikator.",
    "Inom två av de tre mandatmålen som kommunledningskontoret aktivt arbetar mot finns även ett "
    "fåtal målsättningar som ska följas upp av KS. Även här har verksamheten önskat begränsa "
    "antalet mål som ska mätas – då fokus ska ligga i själva arbetet och inte på det som mätas. "
    "Framgångsfaktor är att begränsa styrsignaler som inte får någon effekt.",
)

NORSJO_INSTRUCTIONS = (
    "Arbetsbok för verksamhetsplan 2025, kommunledningskontoret, Norsjö kommun.\n\n"
    "Uppgifterna är återställda ur den publicerade verksamhetsplanen. Kolumnen Bedömning "
    "Helår 2024 är planens senaste status (utgångsläget). Fyll i utfall, bedömning och analys "
    "för Delår 2025 och Helår 2025 i bladet Mål, och status för aktiviteterna i bladet "
    "Aktiviteter.")


def norsjo_book() -> Book:
    settings = {
        "Kommun": "Norsjö kommun",
        "Verksamhet": "Kommunledningskontoret",
        "Kortnamn": "KLK",
        "År": 2025,
        "Titel": "Verksamhetsplan 2025 för kommunledningskontoret",
        "Undertitel": "Prioriterade utvecklings- och insatsområden samt verksamheternas arbete "
                      "mot övergripande mål fastställda av KS.",
        "Vision": "Världens bästa vardag",
        "Mandatperiod": "2023–2026",
        "Rapportperiod": H24,
        "Gul gräns (standard)": None,
        "Diarienummer": None,
        "Kontaktperson": None,
        "Anmärkning": "Återställd ur Norsjö kommuns publicerade verksamhetsplan 2025 för "
                      "kommunledningskontoret. Bedömningarna för Helår 2024 är planens senaste "
                      "status (utgångsläge); inga utfall har lagts till.",
    }
    periods = [(H24, 2024, "jan", "dec"), (D25, 2025, "jan", "jul"), (A25, 2025, "jan", "dec")]
    kf1 = Kf("Hållbar och effektiv organisation", [
        # 1
        Group({"indicator": "HME (styrgräns motivationsindex: 79)", "styrgrans": 79,
               "direction": schema.HIGHER, "source": "HME",
               "ks_goal": "Identifierade personella sårbarheter minskar.", **_manual("GRÖN")}, [
            Direction("Minska sårbarhet och öka robusthet", "kansli - IT", _acts(
                'Korsträna för att eliminera ”stopp i produktion',
                "Uppdatera rutiner löpande",
                "Förbättrad och uppdaterad info på Intranätet")),
            Direction("Förtydligad struktur - vem gör vad och varför", "HR, EK", _acts(
                "Intern strukturkarta uppdateras (roller, ansvarsområden)")),
            Direction("En rekryteringsprocess med högre kvalitet", "HR", _acts(
                "Flödesschema över i rekryteringsprocessen")),
        ]),
        # 2
        Group({"ks_goal": "Nöjdheten bland bemanningsenhetens kunder (chefer, vikarier) ökar",
               **_manual("RÖD")}, [
            Direction("Ökad nöjdhet med Bemannings/schemaläggningsprocess (HR) - förändrad "
                      "process med Jotib", "HR", _acts("Pågående bemanningsprocess med Jotib.")),
        ]),
        # 3
        Group({"ks_goal": "Antalet e-tjänster ökar\nDigitala lösningar som ersätter analoga "
                          "(Ja/nej)",
               "target": "Ja", "rule": schema.YES_NO, ("assessment", H24): "GRÖN",
               ("motivation", H24): NORSJO_MOTIVATION}, [
            Direction("Digitalisering", "Alla", _acts(
                "Kartlägga nuläget och identifiera önskat läge",
                "AI policy upprättas och",
                "Kompetenshöjande aktivitet i vad som finns tillgängligt",
                "Etablera e-signering kommunövergripande")),
        ]),
        # 4
        Group({}, [Direction("Tillitsbaserad styrning", "Alla", _acts(
            "Ta fram enkelt introduktionsmaterial för APT",
            "Visa vägen genom goda exempel",
            "Eliminera ej nödvändiga arbetsuppgifter/styrdokument"))]),
        # 5
        Group({}, [Direction("Sammanhållen kommunikation-internt", "Kansli, IT", _acts(
            "Flödesschema över interkommunikation idag och önskat läge.",
            "Upprätta kommunikationsplaner för olika verksamheter – händelser.",
            "Upprätta dialogmöten mellan IT och verksamheter"))]),
        # 6
        Group({"indicator": "SAM (Årlig uppföljning) (undantag särskilda skäl? = Ja",
               "styrgrans": "Ja", "direction": schema.YES_NO}, [
            Direction("Hållbar arbetsmiljö", "Alla", _acts("KEDS genomförs i APT periodvis")),
        ]),
        # 7
        Group({"indicator": "Sjukfrånvaro (6,5%)", "styrgrans": "6,5%",
               "direction": schema.LOWER,
               "ks_goal": "KLK:s sjukfrånvaro överskrider inte 4% (i och med dec månad 3,69%)",
               "target": "4%", "rule": schema.LOWER,
               ("outcome", H24): pct(0.0369, "0.00%")}, [
            Direction("Bibehålla låg nivå", "Alla", _acts("Bevaka samt genomföra tidiga samtal")),
        ]),
        # 8
        Group({"indicator": "Budgetavvikelse (0)", "styrgrans": 0, "direction": schema.HIGHER}, [
            Direction("Uppnå budget i balans - förbättrat utrymme", "Alla", _acts(
                "Budget/utfalls bevakning vid APT")),
        ]),
        # 9
        Group({"indicator": 'Avslutsenkät. "Skulle du rekommendera kommunen som arbetsgivare?" '
                            "Andel positiva svar. (75%)",
               "styrgrans": pct(0.75), "direction": schema.HIGHER, "source": "Egen"}, [
            Direction("Det ska vara roligt att komma till jobbet", "Alla", _acts(
                "Fånga in och hantera förslag till förbättring inom våra processer.")),
        ]),
        # 10
        Group({"indicator": "Samverkan med andra kommuner (R10-mätning) (avtal och gemensamma "
                            "nämnder) (19)",
               "styrgrans": 19, "direction": schema.HIGHER, "source": "R10",
               "ks_goal": "Fler samverkansområden med andra kommuner inom KLK",
               **_manual("GRÖN")}, [
            Direction("Samverkansberedskap med andra kommuner finns inom samtliga enheter",
                      "Alla", _acts(
                          "Tydlig överlämning till nya medarbetare gällande roller inom "
                          "E-tjänster.",
                          "Identifiera intern roll- och resursfördelning i samverkan med andra "
                          "kommuner")),
        ]),
    ])
    kf2 = Kf("Välkomnande och attraktiv bygd", [
        # 11: two målinriktningar in one cell of the document; the activities are listed once.
        Group({"indicator": "Medborgarnas helhetsbedömning av kommunen som en plats att bo och "
                            "leva på (SCB) (utfall 2023= 92,2%)",
               "direction": schema.HIGHER, "source": "SCB",
               "ks_goal": "Likvärdigheten i fibernätet ökar (Projektet för uppgradering av "
                          "gammalt nät i byarna har frysts. Boende i områdena har förmedlat "
                          "missnöje. Ekonomiska läget ger inte förutsättningar i dagsläget.) "
                          "PTS-projekt, ny ansökan inlämnad.",
               **_manual("RÖD")}, [
            Direction("Etablera samma/likvärdiga förutsättningar i fibernätet (mäts i %)", "IT",
                      _acts("Löpande kommunikation kring kommunen som en attraktiv plats att bo "
                            "och leva på",
                            "Byta ut gammal fiber och aktiv utrustning i stadsnätet",
                            "Fördjupad analys av SCB-enkät och identifikation av KLKs områden "
                            "att påverka.")),
            Direction("Tydlig investeringsplan hårdvara inom stadsnät", "IT"),
        ]),
        # 12
        Group({"indicator": "Medborgarnas nöjdhet med kommunens verksamheter (SCB) (utfall 2023: "
                            "66,9%)",
               "direction": schema.HIGHER, "source": "SCB"}, [
            Direction("Förbättrad sammanhållen kommunikation (externt)", "Kansli", _acts(
                "Fördjupad analys av SCB-enkät och identifikation av KLKs områden att påverka.",
                "Kommunikationsöversyn – flöde")),
        ]),
        # 13
        Group({"indicator": "Antal medborgare (ålder 19-64 år) (2000)",
               "styrgrans": Typed(2000, "#,##0"), "direction": schema.HIGHER, "source": "SCB",
               "ks_goal": "Antalet ökar", **_manual("RÖD")}, [
            Direction("Stimulera till inflyttning och kvarstanning", "", _acts(
                "Aktivt kommunicera kring lediga jobb i kommunen",
                "Aktivt kommunicera kring lediga bostäder i kommunen",
                "Filmatiserade budskap från Norsjö")),
        ]),
    ])
    kf3 = Kf("Långsiktig hållbarhet med en ekonomi i balans för att uppnå god ekonomisk "
             "hushållning", [
        # 14
        Group({"indicator": "Årsresultatets andel av skatter och bidrag (3%)", "styrgrans": "3%",
               "direction": schema.HIGHER,
               "ks_goal": "Minskad budgetavvikelse mot föregående år. (Budgetavvikelse jämfört "
                          "med 2023 har förbättrats - nu 2,2%, överskott, i nov 2023 9% (KLK "
                          "exkl. projekt och driftsenheter)",
               "rule": schema.DECREASES, "previous_year": pct(0.09),
               ("outcome", H24): "2,2%"}, [
            Direction("Ökat stöd till verksamheternas förmåga att analysera och åtgärda "
                      "ekonomiska avvikelser", "EK", _acts(
                          "Individuella utvecklingssamtal med budgetansvariga.",
                          "Stöd till chefer för att förbättra förutsättningarna",
                          "Bidra med kompetenshöjande aktiviteter",
                          "Kommunikationsplan gällande Prislappsmodellen.")),
        ]),
        # 15–17: no målinriktning, one activity each
        Group({"indicator": "Soliditet exklusive ansvarsförbindelse och pensionsförpliktelser "
                            "(50%)",
               "styrgrans": pct(0.5), "direction": schema.HIGHER},
              [Direction("", "", _acts("Ekonomi bevakar och stöttar"))]),
        Group({"indicator": "Betalningsberedskap med likvida medel ska uppgå till (60 dagar)",
               "styrgrans": "60 dagar", "direction": schema.HIGHER},
              [Direction("", "", _acts("Ekonomi bevakar och stöttar"))]),
        Group({"indicator": "Nettoinvesteringar, kr per invånare, mandatperiod "
                            "(novemberstatistik) (max 4000kr/inv)",
               "styrgrans": "max 4000kr/inv", "direction": schema.LOWER},
              [Direction("", "", _acts("Ekonomi bevakar och stöttar"))]),
    ])
    texts = [("Inledning", "\n\n".join(NORSJO_INLEDNING), ""),
             (NORSJO_STRUKTUR_HEADING, "\n\n".join(NORSJO_STRUKTUR), "")]
    return Book(settings, periods, [kf1, kf2, kf3], texts,
                title="Verksamhetsplan 2025 – Kommunledningskontoret", merge=True,
                instructions=NORSJO_INSTRUCTIONS)


# --- Exempelby: fictional --------------------------------------------------------------

P0, P1, P2, P3 = "Helår 2024", "Delår 1 2025", "Delår 2 2025", "Helår 2025"
TKR = '#,##0 "tkr"'

EXEMPELBY_INSTRUCTIONS = (
    "Exempelby kommun är en påhittad kommun. Arbetsboken visar hur verksamhetsplanen fylls i "
    "och följs upp; alla namn, mål och siffror är påhittade.\n\n"
    "Fyll i utfall för varje period i bladet Mål. Status räknas ut av vp-excel enligt regeln. "
    "En manuell bedömning i kolumnen Bedömning går alltid före den uträknade statusen; skriv då "
    "varför i Motivering.")


def exempelby_book() -> Book:
    settings = {
        "Kommun": "Exempelby kommun",
        "Verksamhet": "Kommunledningskontoret",
        "Kortnamn": "KLK",
        "År": 2025,
        "Titel": "Verksamhetsplan 2025 för kommunledningskontoret",
        "Undertitel": "Uppföljning av kommunstyrelsens mål, indikatorer och aktiviteter.",
        "Vision": "Exempelby – där vardagen fungerar",
        "Mandatperiod": "2023–2026",
        "Diarienummer": "KS 2025/123",
        "Kontaktperson": "Eva Exempelsson",
        "Rapportperiod": P2,
        "Rapportdatum": Typed(dt.date(2025, 9, 15), "yyyy-mm-dd"),
        "Gul gräns (standard)": pct(0.1),
        "Anmärkning": "Fiktiv exempelkommun: alla uppgifter är påhittade för att visa verktyget.",
    }
    periods = [(P0, 2024, "jan", "dec"), (P1, 2025, "jan", "apr"), (P2, 2025, "jan", "aug"),
               (P3, 2025, "jan", "dec")]
    kf1 = Kf("En attraktiv arbetsgivare med en effektiv organisation", [
        Group({"indicator": "Sjukfrånvaro, samtliga anställda (styrgräns 6%)", "styrgrans": "6%",
               "direction": schema.LOWER, "source": "Kolada",
               ("indicator_outcome", P0): pct(0.068, "0.0%"),
               ("indicator_outcome", P1): pct(0.063, "0.0%"),
               ("indicator_outcome", P2): pct(0.059, "0.0%"),
               "ks_goal": "Sjukfrånvaron inom kommunledningskontoret är högst 5%",
               "target": "5%", "rule": schema.LOWER,
               ("outcome", P0): "5,6%", ("outcome", P1): "5,3%", ("outcome", P2): "5,2%",
               ("analysis", P0): "Sjukfrånvaron ökade under hösten, främst korttidsfrånvaro.",
               ("analysis", P1): "Korttidsfrånvaron har minskat sedan friskvårdstimmen "
                                 "infördes.",
               ("analysis", P2): "Fortsatt minskning, men målet nås ännu inte. "
                                 "Långtidsfrånvaron står för drygt hälften av frånvaron."}, [
            Direction("Friskvård och tidiga samtal", "HR", [
                ("Erbjuda friskvårdstimme för alla medarbetare", "Klar", "Infördes i februari."),
                ("Rutin för tidiga samtal vid upprepad korttidsfrånvaro", "Pågående",
                 "Rutinen är klar; cheferna utbildas i september."),
            ]),
        ]),
        Group({"indicator": "HME motivationsindex (styrgräns 78)", "styrgrans": 78,
               "direction": schema.HIGHER, "source": "HME",
               ("indicator_outcome", P0): 76,
               "ks_goal": "Motivationsindex i HME är minst 80", "target": 80,
               "rule": schema.HIGHER, "yellow_band": 2,
               ("outcome", P0): 77, ("outcome", P2): 81,
               ("analysis", P0): "Lägst resultat för delindexet ledarskap.",
               ("analysis", P2): "Pulsmätningen i juni gav 81; ledarskapsprogrammet har gett "
                                 "effekt."}, [
            Direction("Ledarskap och medarbetarskap", "HR", [
                ("Ledarskapsprogram för chefer", "Pågående", "Två av fyra träffar genomförda."),
                ("Medarbetarsamtal med ny mall", "Klar", ""),
            ]),
        ]),
        Group({"ks_goal": "Internkontrollplanen genomförs enligt plan", "rule": schema.MANUAL,
               ("assessment", P0): "GRÖN",
               ("motivation", P0): "Samtliga kontroller genomförda.",
               ("assessment", P1): "GUL",
               ("motivation", P1): "Två kontroller är försenade på grund av vakanser.",
               ("assessment", P2): "GUL",
               ("motivation", P2): "Fyra av sex kontroller är klara; två planeras till "
                                   "oktober.",
               ("analysis", P2): "Kontrollerna av inköp och attest visar inga avvikelser."}, [
            Direction("Tydliga rutiner och styrdokument", "Kansli", [
                ("Revidera delegationsordningen", "Klar", "Antagen av KS i maj."),
                ("Rensa bort inaktuella styrdokument", "Ej påbörjad", "Startar efter sommaren."),
            ]),
        ]),
    ])
    kf2 = Kf("God service och tillgänglighet för invånare och företag", [
        Group({"indicator": "Andel ärenden som kan startas via e-tjänst (styrgräns 40%)",
               "styrgrans": pct(0.4), "direction": schema.HIGHER, "source": "Egen",
               ("indicator_outcome", P0): pct(0.31), ("indicator_outcome", P1): pct(0.34),
               ("indicator_outcome", P2): pct(0.38),
               "ks_goal": "Antalet e-tjänster ökar", "rule": schema.INCREASES,
               "previous_year": 9,
               ("outcome", P0): 12, ("outcome", P1): 14, ("outcome", P2): 17,
               ("analysis", P0): "Tre nya e-tjänster under året.",
               ("analysis", P1): "Två nya e-tjänster: bygglov och serveringstillstånd.",
               ("analysis", P2): "Tre nya e-tjänster inom skola och omsorg."}, [
            Direction("Digitalisering", "IT", [
                ("Införa e-tjänst för felanmälan", "Klar", "Lanserad i mars."),
                ("Ta fram e-tjänst för skolskjuts", "Pågående", ""),
            ]),
            Direction("Digital kompetens hos medarbetarna", "HR", [
                ("Utbildning i e-tjänsteplattformen för handläggare", "Pågående",
                 "Hälften av handläggarna är utbildade."),
            ]),
        ]),
        Group({"indicator": "Andel e-post som besvaras inom två arbetsdagar (styrgräns 90%)",
               "styrgrans": "90%", "direction": schema.HIGHER, "source": "Kolada",
               ("indicator_outcome", P0): pct(0.82), ("indicator_outcome", P2): pct(0.89),
               "ks_goal": "Minst 90% av invånarnas e-post till kontoret besvaras inom två "
                          "arbetsdagar",
               "target": pct(0.9), "rule": schema.HIGHER,
               ("outcome", P0): "84%", ("outcome", P1): "88%", ("outcome", P2): "93%",
               ("analysis", P1): "Svarstiderna blev kortare när den gemensamma brevlådan "
                                 "infördes.",
               ("analysis", P2): "Målet nås för första gången."}, [
            Direction("Bättre tillgänglighet via telefon och e-post", "Kansli", [
                ("Gemensam funktionsbrevlåda med bevakning", "Klar", ""),
                ("Mäta svarstider varje månad", "Pågående", ""),
            ]),
        ]),
        Group({"ks_goal": "Ny webbplats är lanserad", "target": "Ja", "rule": schema.YES_NO,
               ("outcome", P0): "Nej", ("outcome", P1): "Nej", ("outcome", P2): "Ja",
               ("analysis", P1): "Lanseringen flyttades till juni.",
               ("analysis", P2): "Webbplatsen lanserades den 2 juni."}, [
            Direction("Webb och kommunikation", "Kansli", [
                ("Upphandla ny webbplattform", "Klar", ""),
                ("Skriva om texterna i klarspråk", "Klar", ""),
                ("Lansera webbplatsen", "Klar", "Lanserad den 2 juni."),
                ("Chattfunktion på webbplatsen", "Utgår", "Prioriteras bort av kostnadsskäl."),
            ]),
        ]),
        # A KS mål judged by its indicators (Sammanvägning): its own row's and those below it.
        Group({"indicator": "Andel som får svar på e-post inom en arbetsdag (styrgräns 80%)",
               "styrgrans": pct(0.8), "direction": schema.HIGHER, "source": "Egen",
               ("indicator_outcome", P1): pct(0.78), ("indicator_outcome", P2): pct(0.83),
               "ks_goal": "Invånarna får snabba svar från kontoret", "rule": schema.COMBINED,
               ("analysis", P2): "Två av tre indikatorer når sin styrgräns; bygglovens "
                                 "handläggningstid är fortfarande för lång."}, [
            Direction("Kontaktcenter", "Kansli", [
                ("Samla telefon och e-post i ett kontaktcenter", "Pågående", ""),
            ]),
        ]),
        Group({"indicator": "Andel som får svar på en enkel fråga via telefon (styrgräns 60%)",
               "styrgrans": pct(0.6), "direction": schema.HIGHER, "source": "Egen",
               ("indicator_outcome", P1): pct(0.55), ("indicator_outcome", P2): pct(0.62)}),
        Group({"indicator": "Handläggningstid för bygglov (styrgräns högst 28 dagar)",
               "styrgrans": "max 28 dagar", "direction": schema.LOWER, "source": "Egen",
               ("indicator_outcome", P2): Typed(31, '0 "dagar"')}),
        Group({"indicator": "Företagsklimat, NKI (styrgräns 70)", "styrgrans": 70,
               "direction": schema.HIGHER, "source": "Kolada",
               ("indicator_outcome", P0): 68,
               "ks_goal": "Företagarnas nöjdhet med myndighetsutövningen (NKI) är minst 72",
               "target": 72, "rule": schema.HIGHER,
               ("outcome", P0): 69,
               ("analysis", P2): "Resultatet för 2025 publiceras i november; ingen bedömning "
                                 "ännu."}, [
            Direction("Företagslots", "Kansli", [
                ("Införa företagslots för nyetablerade företag", "Pågående", ""),
            ]),
        ]),
    ])
    kf3 = Kf("En ekonomi i balans och en växande kommun", [
        Group({"indicator": "Budgetavvikelse (styrgräns 0)", "styrgrans": Typed(0, '0 "mnkr"'),
               "direction": schema.HIGHER, "source": "Egen",
               ("indicator_outcome", P0): Typed(1.2, '0.0 "mnkr"'),
               ("indicator_outcome", P1): Typed(-0.3, '0.0 "mnkr"'),
               ("indicator_outcome", P2): Typed(-0.6, '0.0 "mnkr"'),
               "ks_goal": "Kontorets budgetavvikelse är minst 0 tkr", "target": Typed(0, TKR),
               "rule": schema.HIGHER,
               ("outcome", P0): Typed(350, TKR), ("outcome", P1): Typed(-120, TKR),
               ("outcome", P2): Typed(-850, TKR),
               ("assessment", P2): "GUL",
               ("motivation", P2): "Underskottet beror på en engångskostnad för licenser; "
                                   "prognosen för helåret är ett nollresultat.",
               ("analysis", P1): "Högre kostnader för konsulter än budgeterat.",
               ("analysis", P2): "Licenskostnaden på 700 tkr faktureras en gång; utan den är "
                                 "avvikelsen liten."}, [
            Direction("Budgetuppföljning i varje arbetsgrupp", "EK", [
                ("Månatlig budgetgenomgång på APT", "Pågående", ""),
                ("Prognosverktyg för chefer", "Ej påbörjad", "Planeras till hösten."),
            ]),
        ]),
        Group({"ks_goal": "Andelen fakturor som betalas efter förfallodagen minskar",
               "rule": schema.DECREASES, "yellow_band": "0,2%",
               "previous_year": pct(0.08, "0.0%"),
               ("outcome", P0): pct(0.065, "0.0%"), ("outcome", P1): pct(0.059, "0.0%"),
               ("outcome", P2): pct(0.062, "0.0%"),
               ("analysis", P2): "Semesterperioden gav fler sena betalningar."}, [
            Direction("Effektiv fakturahantering", "EK", [
                ("Automatisk matchning av leverantörsfakturor", "Pågående",
                 "Driftstarten är försenad till oktober."),
            ]),
        ]),
        Group({"indicator": "Antal invånare (styrgräns 4 800)", "styrgrans": "4 800",
               "direction": schema.HIGHER, "source": "SCB",
               ("indicator_outcome", P0): Typed(4790, "#,##0"),
               ("indicator_outcome", P1): Typed(4801, "#,##0"),
               ("indicator_outcome", P2): Typed(4795, "#,##0"),
               "ks_goal": "Antalet invånare ökar", "rule": schema.INCREASES, "yellow_band": 5,
               "previous_year": Typed(4812, "#,##0"),
               ("outcome", P0): Typed(4790, "#,##0"), ("outcome", P1): Typed(4801, "#,##0"),
               ("outcome", P2): Typed(4795, "#,##0"),
               ("analysis", P0): "Fler flyttade ut än in.",
               ("analysis", P1): "Inflyttningen ökade under våren.",
               ("analysis", P2): "Sommaren gav ett litet flyttningsunderskott."}, [
            Direction("Attraktiv kommun att flytta till", "Alla", [
                ("Inflyttarservice med välkomstpaket", "Klar", ""),
                ("Marknadsföra lediga tomter", "Pågående", ""),
            ]),
        ]),
    ])
    texts = [
        ("Inledning",
         "Kommunledningskontoret i Exempelby kommun stöttar kommunens verksamheter med HR, "
         "ekonomi, kansli och IT.\n\n"
         "Verksamhetsplanen visar hur kontoret arbetar mot kommunfullmäktiges övergripande mål. "
         "Den följs upp i två delårsrapporter och en årsrapport.", ""),
        ("Sammanfattande analys",
         "Efter åtta månader går de flesta mål åt rätt håll. Sjukfrånvaron minskar men når ännu "
         "inte målet, och budgetavvikelsen beror främst på en engångskostnad.", P2),
    ]
    return Book(settings, periods, [kf1, kf2, kf3], texts, instructions=EXEMPELBY_INSTRUCTIONS)


# --- writing ----------------------------------------------------------------------------

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
LINE_HEIGHT = 15.0  # points per line of Calibri 11
GROUP_KEYS_NOT_MERGED = ("kf_goal", "direction_text", "responsible", "activities")


def _lines_needed(text: str, width: float, per_unit: float = 1.15) -> int:
    """Lines a wrapped cell needs: a column width unit holds about 1.15 characters of
    Calibri 11 (fewer in bold), and lines break between words."""
    chars = max(1, int(width * per_unit) - 1)
    return sum(len(textwrap.wrap(line, chars)) or 1 for line in str(text).split("\n"))


def _put(ws, row: int, col: int, value: Any, align: Alignment = TOP_WRAP):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Typed):
        cell.value = value.value
        cell.number_format = value.number_format
    elif value is not None and value != "":
        cell.value = value
    cell.alignment = align
    cell.border = BORDER
    return cell


def _header(ws, row: int, headers: list[str], widths: list[float]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths), start=1):
        cell = _put(ws, row, col, text, HEADER_ALIGN)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[row].height = LINE_HEIGHT * max(
        _lines_needed(text, width, per_unit=1.0) for text, width in zip(headers, widths))


def _fit_rows(ws, first: int, last: int, widths: list[float],
              merged: list[tuple[int, int, int]] = ()) -> None:
    """Row heights for wrapped text (Excel does not grow rows it did not write itself).

    `merged` lists vertical merges (column, first row, last row): their text is spread over
    the rows they cover."""
    covered = {(r, c) for c, r1, r2 in merged for r in range(r1, r2 + 1)}
    heights: dict[int, float] = {}
    for r in range(first, last + 1):
        lines = 1
        for c, width in enumerate(widths, start=1):
            value = ws.cell(row=r, column=c).value
            if value is not None and (r, c) not in covered:
                lines = max(lines, _lines_needed(value, width))
        heights[r] = lines * LINE_HEIGHT
    for c, r1, r2 in merged:
        value = ws.cell(row=r1, column=c).value
        if value is None:
            continue
        need = _lines_needed(value, widths[c - 1]) * LINE_HEIGHT
        have = sum(heights[r] for r in range(r1, r2 + 1))
        if need > have:
            heights[r2] += need - have
    for r, height in heights.items():
        ws.row_dimensions[r].height = height


def _list_validation(ws, choices: tuple[str, ...], cells: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                allow_blank=True, showErrorMessage=False)
    validation.add(cells)
    ws.add_data_validation(validation)


def _write_instructions(wb: Workbook, book: Book) -> None:
    ws = wb.active
    ws.title = schema.INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    ws.cell(row=1, column=1, value="Instruktioner").font = Font(bold=True, size=14)
    ws.merge_cells("A2:B2")
    cell = ws.cell(row=2, column=1, value=book.instructions)
    cell.alignment = TOP_WRAP
    ws.row_dimensions[2].height = _lines_needed(book.instructions, 118) * LINE_HEIGHT
    ws.cell(row=4, column=1, value="Bladet Mål: kolumner").font = Font(bold=True)
    row = 5
    for column in (*schema.GOAL_COLUMNS, *schema.PERIOD_COLUMNS):
        name = column.header + (" <period>" if column.per_period else "")
        ws.cell(row=row, column=1, value=name).alignment = TOP_WRAP
        ws.cell(row=row, column=2, value=column.help).alignment = TOP_WRAP
        ws.row_dimensions[row].height = _lines_needed(column.help, 90) * LINE_HEIGHT
        row += 1


def _write_settings(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.SETTINGS_SHEET)
    columns = schema.SETTING_COLUMNS
    widths = [c.width for c in columns]
    _header(ws, 1, [c.header for c in columns], widths)
    known = {s.label for s in schema.SETTINGS}
    unknown = set(book.settings) - known
    if unknown:
        raise ValueError(f"okända inställningar: {sorted(unknown)}")
    row = 2
    for setting in schema.SETTINGS:
        _put(ws, row, 1, setting.label).font = Font(bold=setting.required)
        _put(ws, row, 2, book.settings.get(setting.label), Alignment(
            wrap_text=True, vertical="top", horizontal="left"))
        _put(ws, row, 3, setting.help)
        row += 1
    _fit_rows(ws, 2, row - 1, widths)
    ws.freeze_panes = "A2"


def _write_periods(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.PERIODS_SHEET)
    columns = schema.PERIOD_SHEET_COLUMNS
    _header(ws, 1, [c.header for c in columns], [c.width for c in columns])
    for row, period in enumerate(book.periods, start=2):
        for col, value in enumerate(period, start=1):
            _put(ws, row, col, value)
    ws.freeze_panes = "A2"


def _write_goals(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.GOALS_SHEET)
    period_names = [p[0] for p in book.periods]
    layout = schema.goal_columns_for(period_names)
    col_of = {(column.key, period): i for i, (column, period) in enumerate(layout, start=1)}
    widths = [column.width for column, _ in layout]
    header_row = 1
    if book.title:
        ws.cell(row=1, column=1, value=book.title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        ws.row_dimensions[1].height = 24
        header_row = 2
    _header(ws, header_row, [column.header_for(period) for column, period in layout], widths)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    row = header_row + 1
    merges: list[tuple[int, int, int]] = []  # (column, first row, last row)
    for kf in book.kf_goals:
        kf_first = row
        for group in kf.groups:
            group_first = row
            unknown = {k for k in group.values
                       if (k if isinstance(k, tuple) else (k, None)) not in col_of}
            if unknown:
                raise ValueError(f"okända kolumner: {sorted(map(str, unknown))}")
            for index, direction in enumerate(group.directions):
                first = index == 0
                # Every column gets a border; values as the layout asks.
                for col in range(1, len(layout) + 1):
                    _put(ws, row, col, None)
                if first or not book.merge:
                    _put(ws, row, col_of[("kf_goal", None)], kf.name).font = Font(bold=True)
                if first or not book.merge:
                    for key in ("indicator", "ks_goal"):
                        if key in group.values:
                            _put(ws, row, col_of[(key, None)], group.values[key])
                if first:
                    for key, value in group.values.items():
                        if key in ("indicator", "ks_goal"):
                            continue
                        cell = _put(ws, row, col_of[key if isinstance(key, tuple)
                                                    else (key, None)], value)
                        if isinstance(key, tuple) and key[0] == "assessment":
                            fill = schema.STATUS_FILL[value].lstrip("#")
                            cell.fill = PatternFill("solid", fgColor=fill)
                _put(ws, row, col_of[("direction_text", None)], direction.text)
                _put(ws, row, col_of[("responsible", None)], direction.responsible)
                if direction.activities:
                    _put(ws, row, col_of[("activities", None)],
                         "\n".join(f"• {text}" for text, _, _ in direction.activities))
                row += 1
            if book.merge and row - group_first > 1:
                for (key, _period), col in col_of.items():
                    if key not in GROUP_KEYS_NOT_MERGED:
                        merges.append((col, group_first, row - 1))
        if book.merge and row - kf_first > 1:
            merges.append((col_of[("kf_goal", None)], kf_first, row - 1))
    last = row - 1
    for col, first, end in merges:
        ws.merge_cells(start_row=first, start_column=col, end_row=end, end_column=col)
    _fit_rows(ws, header_row + 1, last, widths, merges)

    def column_cells(key: str, period: str | None = None) -> str:
        letter = get_column_letter(col_of[(key, period)])
        return f"{letter}{header_row + 1}:{letter}{last + 50}"

    _list_validation(ws, schema.RULES, column_cells("rule"))
    _list_validation(ws, schema.INDICATOR_DIRECTIONS, column_cells("direction"))
    for period in period_names:
        _list_validation(ws, schema.STATUSES, column_cells("assessment", period))
    ws.auto_filter.ref = (f"A{header_row}:{get_column_letter(len(layout))}{last}")


def _write_activities(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.ACTIVITIES_SHEET)
    columns = schema.ACTIVITY_COLUMNS
    widths = [c.width for c in columns]
    _header(ws, 1, [c.header for c in columns], widths)
    row = 2
    for kf in book.kf_goals:
        for group in kf.groups:
            for direction in group.directions:
                for text, status, comment in direction.activities:
                    for col, value in enumerate((direction.text, text, status, comment),
                                                start=1):
                        _put(ws, row, col, value)
                    row += 1
    _fit_rows(ws, 2, row - 1, widths)
    _list_validation(ws, schema.ACTIVITY_STATUSES, f"C2:C{row + 50}")
    ws.freeze_panes = "A2"


def _write_texts(wb: Workbook, book: Book) -> None:
    ws = wb.create_sheet(schema.TEXTS_SHEET)
    columns = schema.TEXT_COLUMNS
    widths = [c.width for c in columns]
    _header(ws, 1, [c.header for c in columns], widths)
    for row, values in enumerate(book.texts, start=2):
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value)
    _fit_rows(ws, 2, len(book.texts) + 1, widths)
    ws.freeze_panes = "A2"


def build(book: Book, title: str) -> Workbook:
    wb = Workbook()
    _write_instructions(wb, book)
    _write_settings(wb, book)
    _write_periods(wb, book)
    _write_goals(wb, book)
    _write_activities(wb, book)
    _write_texts(wb, book)
    wb.active = wb.sheetnames.index(schema.GOALS_SHEET)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == schema.GOALS_SHEET
    props = wb.properties
    props.creator = "vp-excel"
    props.lastModifiedBy = "vp-excel"
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    return wb


def build_norsjo() -> Workbook:
    return build(norsjo_book(), "Verksamhetsplan 2025 för kommunledningskontoret, Norsjö kommun")


def build_exempelby() -> Workbook:
    return build(exempelby_book(), "Verksamhetsplan 2025, Exempelby kommun (fiktiv)")


def save(wb: Workbook, path: Path) -> Path:
    """Save with fixed dates: openpyxl's save_workbook stamps the current time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")  # a half-written file never takes the name
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    temp.replace(path)
    return path


def write_all(folder: Path = HERE) -> list[Path]:
    """Write both arbetsböcker into `folder`; returns their paths."""
    folder = Path(folder)
    return [save(build_norsjo(), folder / NORSJO_FILE),
            save(build_exempelby(), folder / EXEMPELBY_FILE)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else HERE
    for path in write_all(folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
