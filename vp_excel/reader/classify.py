"""What the kommun's words mean: a header classified from its words and parts (and, when it says
nothing, from the column's contents), a status phrase read by its grammar, an indicator's
direction from its name. The vocabulary is data in schema.py; this module only applies it.

A header is first matched whole against `schema.KOMMUN_HEADERS` (the names kommuner use most);
any other header is read word by word against `schema.HEADER_WORD_CLASSES`, so "Nämndens
fokusmål", "MÅL ANTAGNA AV NÄMNDEN" and "Status vid årets slut" need no entry of their own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import schema
from ..schema import normalize_header
from ..swedish import normalize_unit
from .periods import HeaderPeriod, period_in_header

PERIOD_WORDS = re.compile(
    r"\b((19|20)\d\d|t ?[123]|tertial ?[123]|delår(srapport|sbokslut)?( [12])?|q ?[1-4]|"
    r"kv ?[1-4]|kvartal ?[1-4]|helår|årsbokslut|bokslut|"
    r"(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]* "
    r"(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]*|"
    r"jan|januari|feb|februari|mar|mars|apr|april|maj|jun|juni|jul|juli|aug|augusti|sep|sept|"
    r"september|okt|oktober|nov|november|dec|december)\b")
MAX_HEADER_TEXT = 90
# The words around a date in a header ("per 31 aug", "t.o.m. 30/4", "den 31 augusti").
_DATE_WORDS = ("per", "den", "tom", "t", "o", "m", "till", "och", "med")
_WORD = re.compile(r"[a-zåäöéü0-9]+")


@dataclass(frozen=True)
class Kind:
    key: str
    kind: str
    period: HeaderPeriod | None
    latest: bool  # "Senaste status": the plan's starting point
    yes_no: bool  # "Uppfyllt Ja/Nej"
    by: str = ""  # "" a known header; "ord" read from its words; "innehåll" from the
    # column's contents; "rad" the kommun's mapping line; "målvärden" a known word ("Mål")
    # whose cells are målvärden: said like "innehåll", but still a header inside a table
    scale: int = 0  # a status column of numbers on the scale its header states ("1-5"): its top


def kind_of(key: str) -> str:
    """How a column of `key` is read: the kind `schema.KOMMUN_HEADERS` gives it."""
    return next((w.kind for w in schema.KOMMUN_HEADERS if w.key == key), "text")


@functools.lru_cache(maxsize=4096)
def classify(text: str) -> Kind | None:
    """The kind of a header cell, or None when it names no plan column."""
    normalized = normalize_header(text)
    if not normalized or len(normalized) > MAX_HEADER_TEXT:
        return None
    if schema.PROGNOSIS_HEADER.fullmatch(normalized):  # before its "helår" is taken for a period
        return Kind("prognosis", "prognosis", None, False, False)
    period = period_in_header(text)
    word = " ".join(PERIOD_WORDS.sub(" ", normalized).split())
    latest = word.startswith("senaste ")
    if latest:
        word = word[len("senaste "):]
    if not word or period is not None and all(t.isdigit() or t in _DATE_WORDS
                                              for t in word.split()):
        # "2025", "T1 2025", and a date ("2025-08-31", "Per 31/8", "t.o.m. 30 april")
        return Kind("outcome", kind_of("outcome"), period, False, False) if period else None
    if word in schema.NUMBERING_HEADERS and period is None:
        return Kind("skip", "text", None, False, False)  # "Nr" over "1.1": the row's number
    if word in ("mål", "mål värde") and period is not None:
        return Kind("target", kind_of("target"), period, False, False)
    for words in schema.KOMMUN_HEADERS:
        if re.fullmatch(words.pattern, word):
            return Kind(words.key, words.kind, period, latest,
                        words.key == "status" and _answers_yes_no(word, text))
    key = key_from_words(word)
    if key is None:
        return None
    return Kind(key, kind_of(key), period, latest,
                key == "status" and _answers_yes_no(word, text), "ord")


def _answers_yes_no(word: str, text: str) -> bool:
    """A status header Ja and Nej answer: "Uppfyllt Ja/Nej", a verb ("Uppfyllt", "Målet
    uppnått") or a question ("Når vi målet?")."""
    return (bool(schema.YES_NO_STATUS_HEADER.search(word)) or text.rstrip().endswith("?")
            or _any(schema.STATUS_VERBS, _WORD.findall(word)))


def _any(pattern: str, tokens: list[str]) -> bool:
    return any(re.fullmatch(pattern, token) for token in tokens)


def _is_goal_word(token: str) -> bool:
    return bool(re.fullmatch(schema.GOAL_WORD, token)) and not re.fullmatch(
        schema.NOT_GOAL_WORDS, token)


def goal_level(tokens: list[str]) -> str:
    """kf_goal or ks_goal from the owner and rank words around a goal word."""
    if _any(schema.KF_LEVEL_WORDS, tokens):
        return "kf_goal"
    return "ks_goal"


def key_from_words(header: str) -> str | None:
    """The column key a header's words give (`schema.HEADER_WORD_CLASSES`), or None. The
    header is normalized and without its period words."""
    tokens = _WORD.findall(header)
    if not tokens or len(tokens) > schema.MAX_HEADER_WORDS:
        return None
    if re.fullmatch(schema.COUNT_HEAD_WORDS, tokens[0]):
        return None  # "Antal mål", "Summa mål": a tally of goals, not a column of them
    outcome = dict(schema.HEADER_WORD_CLASSES)["outcome"]
    if re.fullmatch(outcome, tokens[0]):
        return "outcome"  # "Utfall mål", "Resultat för målet": the head word decides
    classes = dict(schema.HEADER_WORD_CLASSES)
    said = [i for i, t in enumerate(tokens) if re.fullmatch(classes["status"], t)]
    if said and any(re.fullmatch(classes["comment"], t) for t in tokens[said[0] + 1:]):
        return "status"  # "Status och kommentar": the status first, its comment after it
    for key, pattern in schema.HEADER_WORD_CLASSES:
        if key == "goal_or_measure":
            goals = [i for i, t in enumerate(tokens) if _is_goal_word(t)]
            measures = [i for i, t in enumerate(tokens) if re.fullmatch(schema.MEASURE_WORD, t)]
            if goals and measures and _joined(tokens, goals[0], measures[0]):
                # "Nämndens mål och mätetal": goal rows with their measures on the rows below,
                # in one column of names.
                return "name"
            if goals and (not measures or goals[0] < measures[0]):
                return goal_level(tokens)
            if measures:
                return "indicator"
        elif _any(pattern, tokens):
            return key
    return None


def _joined(tokens: list[str], first: int, second: int) -> bool:
    """Two words side by side or joined by "och" ("mål och mått", "mål indikator")."""
    low, high = sorted((first, second))
    return all(t == "och" for t in tokens[low + 1:high]) and high - low <= 2


def mapping_key(text: str) -> Kind | None:
    """The column a mapping line's right-hand side names ("KS mål", "Utfall 2024", "Läs inte");
    a Kind with key "skip" for a column not to read."""
    normalized = normalize_header(text)
    if normalized in schema.SKIP_COLUMN:
        return Kind("skip", "text", None, False, False, "rad")
    key = schema.MAPPING_COLUMN_NAMES.get(normalized)
    if key is not None:
        return Kind(key, kind_of(key), None, False, False, "rad")
    found = classify(text)
    if found is None:
        return None
    return Kind(found.key, found.kind, found.period, found.latest, found.yes_no, "rad")


# --- status phrases -------------------------------------------------------------------------

@functools.lru_cache(maxsize=2048)
def status_phrase(text: str) -> tuple[str, str] | None:
    """(status, scale level) for a status written as a phrase: a verb stem (uppfyll, uppnå,
    nå) or the noun måluppfyllelse with degree words in any order ("Målet bedöms nås
    delvis.", "Inte uppnått", "Uppnått i hög grad", "Hög måluppfyllelse"); the level's status is
    `schema.SCALE_DEFAULTS`. None when the text is no such phrase."""
    # Punctuation and footnote marks ("Uppfyllt*", "Delvis uppnått 1)") are not words.
    words = " ".join(re.sub(r"\d\)|[.,;:!?()\"'*¹²³–—-]", " ", text.lower()).split())
    tokens = words.split()
    if not tokens or len(tokens) > 12:
        return None
    noun = any(t.endswith(("uppfyllelse", "uppfyllnad")) for t in tokens)
    verb = any(re.fullmatch(schema.STATUS_VERBS, t) for t in tokens
               if not t.endswith(("uppfyllelse", "uppfyllnad")))
    level = next((lvl for phrase, lvl in schema.STATUS_DEGREES
                  if re.search(rf"(^| ){phrase}($| )", words)), None)
    if level is None and noun:
        level = next((schema.NOUN_DEGREES[t] for t in tokens if t in schema.NOUN_DEGREES), None)
    negated = any(t in schema.NOT_WORDS for t in tokens)
    if not verb and not noun and level != "på väg":
        return (schema.SCALE_DEFAULTS[level], level) if words == "delvis" and level else None
    if not verb and level is None and not negated:
        return None  # "Grad av uppfyllelse": the noun alone says no degree
    if negated and level in (None, "delvis") and any(
            re.search(rf"(^| ){phrase}($| )", words) for phrase in schema.NEGATED_NONE_DEGREES):
        level = "inte"  # "Inte något uppfyllt": not even partly
    if negated:
        # "Inte helt uppnått" is partly met; "inte i hög grad" is low; plain negation is not met.
        level = {"helt": "delvis", "hög": "låg", "på väg": "inte"}.get(level or "",
                                                                      level or "inte")
    level = level or ""
    return schema.SCALE_DEFAULTS[level], level


def is_no_status(text: str) -> bool:
    """A status cell that means "no colour" ("-", "Ej bedömd")."""
    return bool(schema.NO_STATUS.match(" ".join(text.lower().split()).rstrip(".")))


# A status, then a comment after a separator ("Grön – bra utveckling", "Delvis uppfyllt: hösten
# avgör").
COMMENT_AFTER = re.compile(r"\s*(?:[:;,.]|\s[–—-])\s+")


# A goal's status that says it was withdrawn, not how it went: never a colour.
_WITHDRAWN = re.compile(
    r"^(?:utgår|utgått|utgick|struken|struket|strukits|stryks|ersatt|ersätts|ersatts|"
    r"avvecklad|avvecklat|avförd|avfört|vilande|vilar|(?:ej|inte)\s+(?:längre\s+)?aktuellt?)"
    r"(?![\wåäö])", re.IGNORECASE)


def withdrawn_word(text: str) -> str:
    """The status cell's words when they say the goal was withdrawn ("Utgår", "Struken",
    "Ersatt av mål 4", "Ej aktuellt"), else ""."""
    words = " ".join(text.split())
    return words if _WITHDRAWN.match(words) else ""


# A comment that opens with the goal's colour ("Grön. Målet är uppnått.", "Bedömning: Gul –
# upphandling pågår"): only the colour words, as a comment may open with "Bra" or "Ja".
_COLOUR_FIRST = re.compile(r"^(?:(?:status|bedömning|måluppfyllelse)\s*[:–—-]\s*)?"
                           r"(grön|gul|röd|grönt|gult|rött)(?:\s*[.:;,!–—-]\s*|\s*$)(.*)$",
                           re.IGNORECASE | re.DOTALL)


def colour_in_comment(text: str) -> tuple[str, str] | None:
    """(status, the rest) for a comment that opens with a status colour, or None."""
    match = _COLOUR_FIRST.match(" ".join(text.split()))
    if match is None:
        return None
    return schema.STATUS_SYNONYMS.get(match.group(1).lower()) or schema.STATUS_WORDS.get(
        match.group(1).lower(), ""), match.group(2).strip()


# Where a sentence's first clause ends: "Målet är delvis uppfyllt, eftersom …".
_CLAUSE_END = re.compile(r"\s*(?:[.;:,–—]\s+|\s+(?:eftersom|då|men|trots|när|dock|vilket|"
                         r"därför|genom|tack vare|på grund av)\s+)", re.IGNORECASE)


def status_in_first_clause(text: str, yes_no: bool = False) -> str | None:
    """The status a sentence's first clause says ("Målet är delvis uppfyllt eftersom
    andelen ökat …": GUL), or None; the whole sentence is no status phrase."""
    head = _CLAUSE_END.split(text.strip(), maxsplit=1)[0]
    return status_word(head, yes_no) if head != text.strip() else None


def status_and_comment(text: str, yes_no: bool = False) -> tuple[str, str] | None:
    """(status, comment) for a status word followed by a comment, or None."""
    parts = COMMENT_AFTER.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[1].strip() and (head := status_word(parts[0], yes_no)):
        return head, parts[1].strip()
    return None


def status_word(text: str, yes_no: bool = False) -> str | None:
    """GRÖN, GUL or RÖD for a status word or symbol; None when it is none of them."""
    words = " ".join(text.split()).lower()
    if not words:
        return None
    if words in schema.STATUS_SYNONYMS:
        return schema.STATUS_SYNONYMS[words]
    if words in schema.STATUS_WORDS:
        return schema.STATUS_WORDS[words]
    if yes_no and words.rstrip(".") in ("ja", "nej"):
        return schema.GREEN if words.startswith("ja") else schema.RED
    first = words[0]
    if first in schema.STATUS_SYMBOLS:  # a symbol, perhaps with a footnote after it
        return schema.STATUS_SYMBOLS[first]
    head = words.split()[0].rstrip(".,;:*")
    if head in schema.STATUS_SYNONYMS and len(words.split()) <= 3:
        return schema.STATUS_SYNONYMS[head]
    phrase = status_phrase(words)
    return phrase[0] if phrase else None


def quality_scale(words: Iterable[str]) -> dict[str, str]:
    """The status of each quality word a table uses (schema.QUALITY_WORDS: "Bra", "OK", "Har
    brister", "Godkänt", "Brister"), on the scale the words make together: the best GRÖN, the
    worst RÖD, any between GUL; of two, the lower GUL while still acceptable. Keys lower case;
    {} when the table uses none."""
    used = {k: schema.QUALITY_WORDS[k] for k in (" ".join(w.lower().split()).rstrip(".")
                                                 for w in words) if k in schema.QUALITY_WORDS}
    ranks = sorted(set(used.values()))
    if len(ranks) < 2:
        return {word: schema.STATUS_WORDS[word] for word in used}

    def status(rank: int) -> str:
        if rank == ranks[-1]:
            return schema.GREEN
        if rank == ranks[0] and (len(ranks) > 2 or rank < 3):
            return schema.RED
        return schema.YELLOW
    return {word: status(rank) for word, rank in used.items()}


_SCALE = re.compile(r"(?<![\d,.])([01])\s*[-–—]\s*(\d{1,2})(?![\d,.%])")


def stated_scale(header: str) -> int:
    """The top of the numeric scale a status header states ("Bedömning 1-5",
    "Måluppfyllelse (1–3)"), or 0."""
    match = _SCALE.search(header)
    top = int(match.group(2)) if match else 0
    return top if 3 <= top <= 10 else 0


def scale_status(value: object, top: int) -> str | None:
    """A step on a scale of 1 (or 0) to `top`, the top best: the upper quarter GRÖN, the
    middle GUL, the lower part RÖD (1-5: 4-5 GRÖN, 3 GUL, 1-2 RÖD; 1-3: 3, 2, 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
            or not 0 <= value <= top:
        return None
    share = (value - 1) / (top - 1)
    return schema.GREEN if share >= 0.75 else schema.YELLOW if share >= 0.4 else schema.RED


# --- a column by its contents ------------------------------------------------------------------


def key_from_contents(texts: list[str], status_fills: list[bool], numbers: list[bool],
                      has_period: bool) -> str | None:
    """A column's key from what its cells hold, when its header says nothing: status words or
    status colours (every cell that holds anything) make a status column; numbers under a
    period make an outcome column. `texts`, `status_fills` and `numbers` are per cell."""
    held = [(t, f, n) for t, f, n in zip(texts, status_fills, numbers) if t or f]
    if len(held) < 2:
        return None
    statuses = [t for t, f, _ in held if (t and (status_word(t) is not None or is_no_status(t)))
                or (not t and f)]
    if len(statuses) == len(held) and any(not is_no_status(t) for t in statuses):
        return "status"
    if has_period and sum(1 for _, _, n in held if n) * 5 >= len(held) * 4:
        return "outcome"
    return None


def _unit_parts(text: str) -> list[str]:
    """The text whole, then its parts: "Andel, %", "Antal/år" (a remark in brackets left out)."""
    words = " ".join(re.sub(r"\([^()]*\)", " ", text.lower()).split()).rstrip(".")
    return [p for p in [words, *(p.strip() for p in re.split(r"[,;/]", words))] if p]


def is_measure_unit(text: str) -> bool:
    """A unit of measure ("%", "antal", "kr", "dagar", "procent"), not a responsible unit."""
    return any(normalize_unit(p) or p in schema.MEASURE_UNIT_WORDS for p in _unit_parts(text))


def measure_unit(text: str) -> str:
    """The unit the format knows for a cell of a column of units ("Andel, %" and "procent":
    "%", "st": "antal", "kr"); "" for one it does not ("timmar", "Medelvärde")."""
    for part in _unit_parts(text):
        unit = "%" if part in schema.PERCENT_UNIT_WORDS else normalize_unit(part)
        if unit:
            return unit
    return ""


def holds_measure_units(texts: list[str]) -> bool:
    """A column "Enhet" of units of measure: two or more texts, four in five of them units."""
    held = [t for t in texts if t.strip()]
    return len(held) >= 2 and sum(map(is_measure_unit, held)) * 5 >= len(held) * 4


# --- the kommun's own trend --------------------------------------------------------------------


def trend_meaning(text: str) -> str:
    """What a kommun's trend cell says: "bättre", "samma" or "sämre" for a word, "upp",
    "ned" or "samma" for an arrow (which way the value moved); "" when it is neither."""
    words = " ".join(text.lower().split()).rstrip(".")
    if not words:
        return ""
    if words[0] in schema.TREND_ARROWS:
        return schema.TREND_ARROWS[words[0]]
    return schema.TREND_WORDS.get(words.split()[0].rstrip(",.;:"), "")


# --- direction from an indicator's name --------------------------------------------------------


def direction_in_name(name: str) -> tuple[str, str]:
    """(rule, word) from the first direction word in an indicator's name ("Färre fallolyckor":
    Lägre är bättre, "färre"); ("", "") when its words say none."""
    lowered = name.lower()
    for token in _WORD.findall(lowered):
        if re.fullmatch(schema.LOWER_DIRECTION_WORDS, token):
            return schema.LOWER, token
        if re.fullmatch(schema.HIGHER_DIRECTION_WORDS, token):
            return schema.HIGHER, token
    # A measure where less is better ("Arbetslöshet", "Sjukfrånvaro", "Ranking").
    word = next((w for w in schema.LOWER_IS_BETTER_WORDS if w in lowered), "")
    return (schema.LOWER, word) if word else ("", "")
