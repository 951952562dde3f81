"""Write Exempelby kommun's verksamheter into workbooks/exempelby/, for `vp-excel sammanstall`.

    python workbooks/make_exempelby.py [output folder]

Exempelby kommun is fictional: every name, goal and figure is made up. Five verksamheter in
different layouts, all following up the same KF ÖG mål:

- klk.xlsx, socialforvaltningen.xlsx, barn-och-utbildning.xlsx: vp-excel's own arbetsbok
  (Inställningar, Perioder, Mål, Aktiviteter, Texter); Socialförvaltningen with a title row
  and merged cells, Barn och utbildning with a KF ÖG mål misspelt ("Välkommnande och
  attraktiv bygd") and another written in lower case, as real workbooks do;
- samhallsbyggnad.xlsx: the kommun's own plan sheet (a title row, `KF ÖG mål | KF Indikator
  (styrgräns) | Senaste Status | KS mål | …`);
- kultur-och-fritid.xlsx: a nämndplan (`Nämndmål | Mätetal | Målvärde 2025 | Utfall …`).

Deterministic bytes, like make_workbooks.py (its `save`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import make_workbooks as mw  # noqa: E402
from make_workbooks import Book, Direction, Group, Kf, Typed, pct  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402

from vp_excel import schema  # noqa: E402

FOLDER = HERE / "exempelby"
P0, P1, P2, P3 = "Helår 2024", "Delår 1 2025", "Delår 2 2025", "Helår 2025"
PERIODS = [(P0, 2024, "jan", "dec"), (P1, 2025, "jan", "apr"), (P2, 2025, "jan", "aug"),
           (P3, 2025, "jan", "dec")]
ARBETSGIVARE = "En attraktiv arbetsgivare med en effektiv organisation"
SERVICE = "God service och tillgänglighet för invånare och företag"
EKONOMI = "En ekonomi i balans och en växande kommun"
BYGD = "Välkomnande och attraktiv bygd"
BYGD_TYPO = "Välkommnande och attraktiv bygd"
TKR = '#,##0 "tkr"'


def _settings(verksamhet: str, short: str, title: str, contact: str) -> dict:
    return {"Kommun": "Exempelby kommun", "Verksamhet": verksamhet, "Kortnamn": short,
            "År": 2025, "Titel": title, "Mandatperiod": "2023–2026", "Kontaktperson": contact,
            "Rapportperiod": P2, "Rapportdatum": Typed(dt.date(2025, 9, 15), "yyyy-mm-dd"),
            "Gul gräns (standard)": pct(0.1),
            "Anmärkning": "Fiktiv exempelkommun: alla uppgifter är påhittade."}


def social_book() -> Book:
    settings = _settings("Socialförvaltningen", "SOC", "Verksamhetsplan 2025 för "
                         "socialförvaltningen", "Sara Socialsson")
    kf_goals = [
        Kf(ARBETSGIVARE, [Group({
            "ks_goal": "Sjukfrånvaron inom socialförvaltningen är högst 7%", "target": "7%",
            "rule": schema.LOWER, ("outcome", P0): "8,9%", ("outcome", P1): "8,4%",
            ("outcome", P2): "8,1%",
            ("analysis", P2): "Hög korttidsfrånvaro inom hemtjänsten under våren."},
            [Direction("Hälsofrämjande arbetsplatser", "HR",
                       [("Schemaöversyn i hemtjänsten", "Pågående", "")])])]),
        Kf(SERVICE, [
            Group({"indicator": "Väntetid till särskilt boende (styrgräns 60 dagar)",
                   "styrgrans": "60 dagar", "direction": schema.LOWER, "source": "Kolada",
                   ("indicator_outcome", P0): 72, ("indicator_outcome", P2): 55,
                   "ks_goal": "Väntetiden till särskilt boende är högst 60 dagar",
                   "target": "60 dagar", "rule": schema.LOWER,
                   ("outcome", P0): 72, ("outcome", P1): 64, ("outcome", P2): 55,
                   ("analysis", P2): "Tolv nya platser öppnade i maj."},
                  [Direction("Fler platser i särskilt boende", "Alla",
                             [("Öppna avdelning på Björkgården", "Klar", "")])]),
            Group({"ks_goal": "Brukarnas nöjdhet med hemtjänsten är minst 90%",
                   "target": "90%", "rule": schema.HIGHER, ("outcome", P0): "88%",
                   ("outcome", P2): "87%", "yellow_band": "2%",
                   ("analysis", P2): "Kontinuiteten i hemtjänsten har försämrats."}),
        ]),
        Kf("En ekonomi i balans, och en växande kommun", [Group({
            "ks_goal": "Socialförvaltningens budgetavvikelse är minst 0 tkr",
            "target": Typed(0, TKR), "rule": schema.HIGHER,
            ("outcome", P0): Typed(-2400, TKR), ("outcome", P1): Typed(-1800, TKR),
            ("outcome", P2): Typed(-3100, TKR),
            ("analysis", P2): "Kostnaderna för placeringar av barn och unga är 3,5 mnkr över "
                              "budget. En åtgärdsplan tas fram till oktober."})]),
        Kf(BYGD, [Group({
            "ks_goal": "Andelen nyanlända i arbete eller studier ökar",
            "rule": schema.INCREASES, "previous_year": pct(0.41),
            ("outcome", P0): pct(0.44), ("outcome", P1): pct(0.45), ("outcome", P2): pct(0.47),
            ("analysis", P2): "Samarbetet med arbetsförmedlingen ger resultat."})]),
    ]
    inledning = ("Socialförvaltningen i Exempelby ansvarar för äldreomsorg, individ- och "
                 "familjeomsorg och stöd till personer med funktionsnedsättning.")
    texts = [("Inledning", inledning, "")]
    return Book(settings, PERIODS, kf_goals, texts,
                title="Verksamhetsplan 2025 – Socialförvaltningen", merge=True)


def school_book() -> Book:
    settings = _settings("Barn- och utbildningsförvaltningen", "BUF", "Verksamhetsplan 2025 "
                         "för barn- och utbildningsförvaltningen", "Bo Bildningsson")
    kf_goals = [
        Kf(BYGD_TYPO, [
            Group({"indicator": "Andel elever i åk 9 behöriga till gymnasiet (styrgräns 85%)",
                   "styrgrans": "85%", "direction": schema.HIGHER, "source": "Kolada",
                   ("indicator_outcome", P0): pct(0.83), ("indicator_outcome", P2): pct(0.86),
                   "ks_goal": "Minst 85% av eleverna i åk 9 är behöriga till gymnasiet",
                   "target": "85%", "rule": schema.HIGHER, ("outcome", P0): "83%",
                   ("outcome", P2): "86%",
                   ("analysis", P2): "Lovskolan gav sju fler behöriga elever."}),
            Group({"ks_goal": "Alla barn erbjuds förskoleplats inom fyra månader",
                   "target": "Ja", "rule": schema.YES_NO, ("outcome", P0): "Ja",
                   ("outcome", P1): "Ja", ("outcome", P2): "Nej",
                   ("analysis", P2): "Fem barn fick vänta längre under sommaren."}),
        ]),
        Kf("en attraktiv arbetsgivare med en effektiv organisation", [Group({
            "ks_goal": "Andelen behöriga lärare ökar", "rule": schema.INCREASES,
            "previous_year": pct(0.72), ("outcome", P0): pct(0.74),
            ("outcome", P2): pct(0.74), "yellow_band": "1%",
            ("analysis", P2): "Oförändrat; två lärartjänster är vakanta."})]),
        Kf(EKONOMI, [Group({
            "ks_goal": "Förvaltningens budgetavvikelse är minst 0 tkr", "target": Typed(0, TKR),
            "rule": schema.HIGHER, ("outcome", P0): Typed(600, TKR),
            ("outcome", P1): Typed(150, TKR), ("outcome", P2): Typed(420, TKR)})]),
        Kf(SERVICE, [Group({
            "ks_goal": "Vårdnadshavarnas nöjdhet med förskolan bedöms",
            "rule": schema.MANUAL,
            ("analysis", P2): "Enkäten genomförs i oktober."})]),
    ]
    return Book(settings, PERIODS, kf_goals, [])


def _plan_sheet(title: str, kommun_cell: str, header: list[str], rows: list[list],
                widths: list[float]) -> Workbook:
    """A kommun's own plan sheet: a title row, a Kommun: label, the header, the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = kommun_cell
    for c, text in enumerate(header, start=1):
        cell = ws.cell(4, c, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = widths[c - 1]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c, value.value if isinstance(value, Typed) else value)
            if isinstance(value, Typed):
                cell.number_format = value.number_format
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    props = wb.properties
    props.creator = props.lastModifiedBy = "vp-excel"
    props.title = title
    props.created = props.modified = mw.FIXED_TIME
    return wb


def samhallsbyggnad() -> Workbook:
    header = ["KF ÖG mål", "KF Indikator (styrgräns)", "Senaste Status", "KS mål",
              "Målvärde", f"Utfall {P1}", f"Utfall {P2}",
              "Samhällsbyggnads målinriktningar", "Aktiviteter"]
    rows = [
        [BYGD, "Antal nya bostäder (styrgräns 40)", "GUL",
         "Bygglov beslutas inom 70 dagar", "högst 70 dagar", 63, 77,
         "Snabbare bygglov (Bygg)", "• Digital bygglovsansökan\n• Förhandsbesked på webben"],
        [None, None, "RÖD", "Antalet detaljplaner för bostäder ökar", "Ökar", 1, 3,
         "Planberedskap (Plan)", "• Detaljplan för Norra ängen"],
        [EKONOMI, "Kostnad för gator och vägar (max 2 000 kr/inv)", "GRÖN",
         "Förvaltningens budgetavvikelse är minst 0 tkr", "minst 0 tkr", Typed(200, TKR),
         Typed(-450, TKR), "Kostnadskontroll (Alla)", "• Månatlig uppföljning"],
    ]
    return _plan_sheet("Verksamhetsplan 2025 för samhällsbyggnadsförvaltningen",
                       "Kommun: Exempelby kommun", header, rows,
                       [28, 30, 10, 34, 11, 11, 11, 28, 34])


def kultur() -> Workbook:
    header = ["KF:s övergripande mål", "Nämndmål", "Mätetal", "Målvärde 2025",
              "Utfall 2024", f"Utfall {P1}", f"Utfall {P2}", "Kommentar"]
    rows = [
        [BYGD, "Fler besökare i kommunens anläggningar", "Antal besök i simhallen",
         "minst 40 000", 38500, 12900, 27400, "Simhallen var stängd två veckor i juli."],
        [None, "Biblioteket når fler invånare", "Antal lån per invånare", "minst 6",
         5.8, 2.1, 4.2, ""],
        [ARBETSGIVARE, "Låg sjukfrånvaro", "Sjukfrånvaro", "högst 5 %", pct(0.048),
         pct(0.051), pct(0.046), ""],
    ]
    return _plan_sheet("Nämndplan 2025 – Kultur- och fritidsnämnden",
                       "Kommun: Exempelby kommun", header, rows,
                       [30, 36, 28, 13, 11, 11, 11, 36])


def _klk() -> Workbook:
    """Exempelby's kommunledningskontor: the example arbetsbok's own data file."""
    example = mw.load_example(mw.DATA / "exempelby-2025.toml")
    return mw.build(example.book, example.document_title)


def write_all(folder: Path = FOLDER) -> list[Path]:
    folder = Path(folder)
    return [
        mw.save(_klk(), folder / "klk.xlsx"),
        mw.save(mw.build(social_book(), "Verksamhetsplan 2025, Socialförvaltningen, "
                                        "Exempelby kommun (fiktiv)"),
                folder / "socialforvaltningen.xlsx"),
        mw.save(mw.build(school_book(), "Verksamhetsplan 2025, Barn- och "
                                        "utbildningsförvaltningen, Exempelby kommun (fiktiv)"),
                folder / "barn-och-utbildning.xlsx"),
        mw.save(samhallsbyggnad(), folder / "samhallsbyggnad.xlsx"),
        mw.save(kultur(), folder / "kultur-och-fritid.xlsx"),
    ]


ARBETSBOK_FILES = ("klk.xlsx", "socialforvaltningen.xlsx", "barn-och-utbildning.xlsx")
KOMMUN_LAYOUT_FILES = ("samhallsbyggnad.xlsx", "kultur-och-fritid.xlsx")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in write_all(Path(args[0]) if args else FOLDER):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
