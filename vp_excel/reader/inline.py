"""Values written inside the kommun's text: a styrgräns in an indicator's parentheses
("(styrgräns motivationsindex: 79)", "(max 4000kr/inv)", "= Ja"), an earlier outcome
("(utfall 2023= 92,2%)"), a målvärde that carries its direction ("≥ 90 %", "minst 80", "Ökar"),
an ansvarig enhet after a målinriktning ("(HR, EK)"), and outcome cells with footnotes and
symbols. The words themselves are never changed; these readings are reported by check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import schema
from ..model import Value
from ..swedish import NotANumber, ParsedNumber, find_numbers, parse_number, parse_yes_no
from ..text import words_key


@dataclass
class Reading:
    """What a text says as a value: the value, its unit, the rule it implies, the words it
    was read from, and a doubt worth a warning."""

    value: Value = None
    unit: str = ""
    rule: str = ""
    source: str = ""
    doubt: str = ""
    # year -> value, unit and the words it was read from
    earlier: dict[int, tuple[float, str, str]] = field(default_factory=dict)
    deadline: int | None = None  # "Senast 2026": the year the goal is to be met by
    compared_year: int | None = None  # "Ska minska jämfört med 2024": the year compared with
    year: int | None = None  # "62 (2024)": the year an outcome is for


NO_VALUE_WORDS = ("-", "--", "---", "–", "statistik saknas", "uppgift saknas", "saknas",
                  "ej mätt", "mäts ej", "ej aktuellt", "ingen mätning", "x", "..")
_PAREN = re.compile(r"\(([^()]*)\)")
_EARLIER = re.compile(r"^\s*utfall\s*((?:19|20)\d\d)\s*[=:]?\s*(.+?)\s*$", re.IGNORECASE)
_EQUALS_YES_NO = re.compile(r"=\s*(ja|nej)\s*\)?\s*$", re.IGNORECASE)
_SIGNS = {"≥": schema.HIGHER, ">=": schema.HIGHER, ">": schema.HIGHER, "≤": schema.LOWER,
          "<=": schema.LOWER, "<": schema.LOWER}
_WORD_RULES = (("minst", schema.HIGHER), ("lägst", schema.HIGHER), ("över", schema.HIGHER),
               ("min", schema.HIGHER), ("högst", schema.LOWER), ("max", schema.LOWER),
               ("under", schema.LOWER), ("mindre än eller lika med", schema.LOWER),
               ("mindre än", schema.LOWER), ("överstiga inte", schema.LOWER),
               # "Lägre än 7 %", "Mer än 50", "Minimum 80 %"
               ("lägre än", schema.LOWER), ("färre än", schema.LOWER),
               ("maximum", schema.LOWER), ("maximalt", schema.LOWER),
               ("högre än", schema.HIGHER), ("mer än", schema.HIGHER),
               ("fler än", schema.HIGHER), ("minimum", schema.HIGHER),
               ("minimalt", schema.HIGHER))
# The direction after the number: "5 % eller lägre", "80 % eller mer".
_AFTER_RULES = re.compile(r"\s+(eller|el\.?)\s+(?:(lägre|mindre|färre|under|lägre än så)|"
                          r"(högre|mer|fler|över|bättre|större))$", re.IGNORECASE)
_TREND_WORDS = {"ökar": schema.INCREASES, "ska öka": schema.INCREASES, "öka": schema.INCREASES,
                "ökning": schema.INCREASES, "minskar": schema.DECREASES,
                "ska minska": schema.DECREASES, "minska": schema.DECREASES,
                "minskning": schema.DECREASES}
# A square or cube right after a unit letter ("12 m²", "5 km³") is the unit's exponent, not a
# footnote mark; after a digit, a sign or a space ("45 %²", "12²") it is a footnote.
_FOOTNOTE = re.compile(r"(\s*(\d\)|\*+\)?|[¹⁴⁵]|(?<![a-zåäö])[²³]))+$", re.IGNORECASE)
_SYMBOLS = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u25A0-\u25FF\uFE0F]")


# "Nytt mål 2017", "Ny indikator", "Ingen mätning 2023": no value, whatever year follows.
_NO_VALUE_PHRASE = re.compile(r"^(nytt?|nya) (mål|mått|indikator|indikatorer|nyckeltal|mätetal|"
                              r"mätning|enkät)\b|^(ingen|ej|ny) mätning\b|^inget (utfall|värde)\b|"
                              r"^(mäts|redovisas|publiceras) (ej|inte|senare|från)\b")


def is_no_value(text: str) -> bool:
    words = " ".join(text.lower().split())
    return words in NO_VALUE_WORDS or bool(_NO_VALUE_PHRASE.match(words))


_DASHES = str.maketrans({"\u2212": "-", "\u2013": "-"})
_ABOUT = re.compile(r"^(ca\.?|cirka|ungefär|drygt|knappt|~)\s*(?=[-−\d])", re.IGNORECASE)
_REMARK = re.compile(r"\s*\([a-zåäö .,-]{1,30}\)\s*$", re.IGNORECASE)
_PROCENT = re.compile(r"\s*procent\b", re.IGNORECASE)


# A number with a unit in words the format does not know ("10,1miljoner ton", "42 besök"):
# the unit is kept as written.
# A digit belongs to the unit right after a letter ("kWh/m2", "ton CO2e/inv", "m²", "CO₂"), never
# after a space ("3 av 5" is two numbers).
_WORD_UNIT = re.compile(r"^\s*(-?\s*\d[\d\s\u00a0]*(?:[,.]\d+)?)\s*"
                        r"([a-zåäö](?:[a-zåäö/.\s]|(?<=[a-zåäö])[0-9²³₀-₉]){0,24})$", re.IGNORECASE)


def _number(text: str) -> ParsedNumber | None:
    try:
        # The kommun's text may spell the percent sign out ("0,8 procent", "4,9procent").
        return parse_number(_PROCENT.sub(" %", text))
    except NotANumber:
        pass
    match = _WORD_UNIT.match(text.translate(_DASHES))
    if match is None:
        return None
    try:
        number = parse_number(match.group(1))
    except NotANumber:
        return None
    unit = " ".join(match.group(2).split()).rstrip(".")
    return ParsedNumber(number.value, unit) if not number.unit else None


def read_target(text: str) -> Reading:
    """A målvärde or styrgräns as written: "≥ 90 %", "minst 80", "Minst NKI 75", "Ökar",
    "Ja", "max 4000kr/inv"."""
    words = " ".join(text.split())
    lowered = words.lower().rstrip(".")
    if not words or is_no_value(words):
        return Reading()
    if lowered in _TREND_WORDS:
        return Reading(rule=_TREND_WORDS[lowered], source=words)
    deadline = deadline_in_words(lowered)
    if deadline is not None:
        return Reading(source=words, deadline=deadline)
    compared = compared_with_year(lowered)
    if compared is not None:
        return Reading(rule=compared[0], source=words, compared_year=compared[1])
    # The year's words at the end, found by search (a match of "anything, then the year" went
    # quadratic on a long cell of numbers).
    dated = _TARGET_YEAR.search(words) if len(words) <= _TARGET_YEAR_MAX else None
    value = words[:dated.start()].strip() if dated is not None else ""
    if dated is not None and any(ch.isdigit() for ch in value):
        # "70 (2027)", "≥ 80 % (år 2026)", "minst 85 % till 2030": the målvärde and the year
        # it is to be reached by, not two numbers.
        reading = read_target(value)
        if reading.value is not None and not reading.doubt and not _ONE_YEAR.fullmatch(value):
            reading.source, reading.year = words, int(dated.group("y1") or dated.group("y2"))
            return reading
    trend = trend_in_words(lowered)
    if trend:
        return Reading(rule=trend, source=words)
    yes_no = parse_yes_no(lowered)
    if yes_no is not None:
        return Reading(yes_no, rule=schema.YES_NO, source=words)
    rule, doubt = "", ""
    rest = words
    after = _AFTER_RULES.search(rest)
    if after:
        rule = schema.LOWER if after.group(2) else schema.HIGHER
        rest = rest[:after.start()]
    sign = None if rule else re.match(r"^\s*([≥≤><]=?)(\s*[≥≤><]=?)?\s*", rest)
    if sign:
        rule = _SIGNS.get(sign.group(1), "")
        if sign.group(2):
            doubt = f'dubbelt tecken "{sign.group(0).strip()}"'
        rest = rest[sign.end():]
    elif not rule:
        for word, word_rule in _WORD_RULES:
            if rest.lower().startswith(word + " ") or rest.lower().startswith(word + ":"):
                rule, rest = word_rule, rest[len(word):].lstrip(" :")
                break
    rest = _FOOTNOTE.sub("", _SYMBOLS.sub("", rest)).strip()
    parsed = _number(rest)
    if parsed is None:
        # "index 41", "NKI 75": a word before the number names the measure, not a unit.
        match = re.match(r"^([A-Za-zÅÄÖåäö-]+)\s+(-?\d.*)$", rest)
        if match:
            parsed = _number(match.group(2))
            if parsed is not None and not parsed.unit and match.group(1).lower() == "index":
                parsed = ParsedNumber(parsed.value, "index", parsed.bound)
    if parsed is None:
        sentence = target_in_sentence(words)
        if sentence is not None:
            return sentence
    if parsed is None:
        numbers = find_numbers(rest)
        if len(numbers) >= 2 and _number(numbers[0].strip()) is not None:
            parsed = _first_number(rest, numbers[0])
            doubt = doubt or (f'ett intervall ("{words}"); den lägre gränsen används'
                              if _RANGE_END.match(rest[rest.find(numbers[0].strip())
                                                       + len(numbers[0].strip()):])
                              else f'två tal i cellen ("{words}"); det första används')
    if parsed is None:
        return Reading(source=words) if rule else Reading()
    if not rule and parsed.bound:
        rule = schema.LOWER if parsed.bound == "max" else schema.HIGHER
    return Reading(parsed.value, parsed.unit, rule, words, doubt)


# A målvärde with the year it is to be reached by after it: "70 (2027)", "80 % (år 2026)",
# "minst 85 % till 2030", "90 % senast år 2027".
_TARGET_YEAR = re.compile(
    r"\s*(?:\(\s*(?:(?:år|till|till år|senast|senast år|mål|målår)\s+)?"
    r"(?P<y1>(?:19|20)\d\d)\s*\)|,?\s+(?:år|till|till år|senast|senast år|till och med|"
    r"t\.?o\.?m\.?|innan|före|i slutet av|vid utgången av)\s+(?P<y2>(?:19|20)\d\d))\s*\.?$",
    re.IGNORECASE)
_TARGET_YEAR_MAX = 120  # characters: a målvärde with its year is short
# A year a sentence says its target is for ("senast 2026", "till år 2030"): when, not how much.
_WHEN_YEAR = re.compile(r"\b(?:senast|till och med|t\.?o\.?m\.?|fram till|till|under|innan|före|"
                        r"inom|vid|av|från|år|året)\s+(?:år\s+)?(?:19|20)\d\d\b"
                        r"(?!\s*(?:%|procent|kr\b|st\b))")
_SENTENCE_MAX = 400  # characters; a målvärde sentence is one line
_NEGATIONS = {"inte", "ej", "icke", "ingen", "inget", "inga", "aldrig"}
_NOT_ABOVE = re.compile(r"\b(?:inte|ej)\s+(?:överstiga|överstiger)\b")


def target_in_sentence(words: str) -> Reading | None:
    """The målvärde a sentence states ("Andelen ska vara 40 %", "ska öka till minst 85
    procent", "Senast 2026 ska 90 % vara behöriga"): one number with a comparison word
    (minst, högst, ska vara) before it, the rule from the nearest such word. A sentence with
    several numbers or no comparison word gives no value and a doubt to warn of; None for a
    text that is no sentence (no ska/bör, no year it is for), which the caller reads."""
    if len(words) > _SENTENCE_MAX:
        return None  # a paragraph, not a målvärde: read (or refused) as any other text
    lowered = _NOT_ABOVE.sub("understiga", " ".join(words.lower().split()))
    tokens = set(re.findall(r"[a-zåäö]+", lowered))
    when = _WHEN_YEAR.search(lowered)
    if not (tokens & set(schema.GOAL_VERBS) or when):
        return None
    rest = _WHEN_YEAR.sub(" ", lowered)
    numbers = [n.strip() for n in find_numbers(rest) if _number(n.strip()) is not None]
    if not numbers:
        return None
    if len(numbers) > 1:
        return Reading(source=words, doubt=f'meningen "{words}" har {len(numbers)} tal och '
                                           "läses inte som målvärde; skriv målvärdet ensamt "
                                           "(t.ex. minst 85 %)")
    before = rest[:rest.find(numbers[0])]
    found = [(m.start(), rule) for words_re, rule in (
        (schema.SENTENCE_HIGHER_WORDS, schema.HIGHER), (schema.SENTENCE_LOWER_WORDS, schema.LOWER),
        (schema.SENTENCE_LEVEL_WORDS + "|" + "|".join(schema.GOAL_VERBS), ""))
        for m in re.finditer(rf"\b(?:{words_re})\b", before)]
    after = _AFTER_RULES.search(rest[rest.find(numbers[0]):].split(",")[0].rstrip(". ")
                                .replace("procent", "%"))
    if not found and not after:
        return Reading(source=words, doubt=f'meningen "{words}" säger inte hur talet jämförs '
                                           "(minst, högst, ska vara) och läses inte som "
                                           "målvärde")
    if tokens & _NEGATIONS:
        # "Ingen ska vänta mer än 30 dagar": the negation turns the comparison around, and
        # where it stands decides how; said, not guessed.
        return Reading(source=words, doubt=f'meningen "{words}" har en negation och läses inte '
                                           "som målvärde; skriv målvärdet ensamt (t.ex. högst "
                                           "30 dagar)")
    rule = max(found)[1] if found else ""
    if after:
        rule = schema.LOWER if after.group(2) else schema.HIGHER
    parsed = _first_number(rest, numbers[0])
    unit = re.match(r"\s*([a-zåäö²/%-]+(?: per 1000 inv)?)", rest[rest.find(numbers[0]) +
                                                             len(numbers[0]):])
    if not parsed.unit and unit and unit.group(1) in schema.MEASURE_UNIT_WORDS:
        parsed = ParsedNumber(parsed.value, unit.group(1))  # "30 dagar"
    return Reading(parsed.value, parsed.unit, rule, " ".join(words.split()))


# A target in words says it should ("ska", "bör") or what it is against ("än i fjol",
# "jämfört med föregående år").
_TARGET_MARKS = {"ska", "skall", "bör", "än", "jämfört", "mot", "föregående", "fjol",
                 "tidigare", "förra"}


def target_in_words(text: str) -> Reading | None:
    """A målvärde or styrgräns said in words instead of a value: a year the goal is to be met
    by ("Senast 2026") or a rule in the kommun's words ("Ska minska jämfört med 2024", "Lägre
    än 2024"). None for a value, and for the rule word alone ("Minskar"): the rule's own
    column says that once."""
    reading = read_target(text)
    if reading.deadline is not None:
        return reading
    if reading.rule and reading.value is None and words_key(text) != words_key(reading.rule):
        return reading
    return None


def trend_in_words(lowered: str) -> str:
    """Ökar or Minskar for a target in words without a number ("ska stärkas jämfört med
    föregående år", "Andelen ska öka"); "" otherwise."""
    tokens = re.findall(r"[a-zåäö]+", lowered)
    if any(ch.isdigit() for ch in lowered) or len(tokens) > 7:
        return ""  # a longer text is a goal's own words, not a target
    if not set(tokens) & _TARGET_MARKS:
        return ""  # "Ökad trygghet", "Fler i arbete": a goal, not a target
    if any(re.fullmatch(schema.INCREASE_WORDS, t) for t in tokens):
        return schema.INCREASES
    if any(re.fullmatch(schema.DECREASE_WORDS, t) for t in tokens):
        return schema.DECREASES
    return ""


_YEAR_AT_END = re.compile(r"^(?P<words>.*?)\s*\b(?P<year>20\d\d)\s*$")
_ONE_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def deadline_in_words(lowered: str) -> int | None:
    """The year of a målvärde that says when ("senast 2026", "klart 2026", "under 2026"): a
    year after deadline words only; None for anything else ("2026", "under 2026 kr")."""
    match = _YEAR_AT_END.match(lowered.rstrip(". "))
    if match is None or any(ch.isdigit() for ch in match.group("words")):
        return None
    tokens = re.findall(r"[a-zåäö.]+", match.group("words"))
    tokens = [t.strip(".") or t for t in tokens]
    if not tokens or not all(re.fullmatch(schema.DEADLINE_WORDS, t) for t in tokens):
        return None
    return int(match.group("year"))


_YEAR_LEVEL = {"års", "nivå", "nivån", "utfall", "utfallet", "värde", "värdet", "resultat"}

# A målvärde that compares with others than the kommun itself ("Högre än riket", "Bättre än
# länssnittet", "I nivå med jämförbara kommuner"): a benchmark, named in the words, no number.
_BENCHMARK = re.compile(
    r"\b(riket|rikets|riks\w*|länet|länets|läns\w*|regionen|regionens|\w*snitt\w*|"
    r"\w*genomsnitt\w*|\w*medel\w*|jämförbara|liknande|\w*kommungrupp\w*|övriga|andra|"
    r"kommunerna|kommuner)\b")
_BENCHMARK_MARKS = re.compile(r"\b(än|med|som|över|under|i nivå|jämfört|jämförelse)\b")


def benchmark_in_words(lowered: str) -> str | None:
    """The words of a målvärde that compares with a benchmark ("högre än riket"), or None (a
    number in the words, or no benchmark word: something else)."""
    if any(ch.isdigit() for ch in lowered) or len(lowered.split()) > 8:
        return None
    if _BENCHMARK.search(lowered) and _BENCHMARK_MARKS.search(lowered):
        return lowered
    return None


def benchmark_target(text: str, headers: list[str]) -> tuple[str, str] | None:
    """(rule, header) for a målvärde that compares with a benchmark beside it in its row
    ("Högre än riket" beside a column "Riket"): Högre/Lägre är bättre against that column's
    value; None when no column is that benchmark or the words say no direction."""
    lowered = " ".join(text.lower().split())
    if not benchmark_in_words(lowered):
        return None
    words = re.findall(r"[a-zåäö]+", lowered)
    higher = any(re.fullmatch(schema.HIGHER_THAN_WORDS, w) for w in words)
    lower = any(re.fullmatch(schema.LOWER_THAN_WORDS, w) for w in words)
    if higher == lower:
        return None  # "i nivå med riket", "bättre än riket": no direction in the words
    stems = [stem for stem in ("rike", "län", "region") if stem in lowered]
    found = [h for h in headers if any(stem in h.lower() for stem in stems)]
    if len(stems) != 1 or len(found) != 1:
        return None
    return (schema.HIGHER if higher else schema.LOWER), found[0]


def compared_with_year(lowered: str) -> tuple[str, int] | None:
    """(Ökar or Minskar, year) for a target that compares with a year ("ska minska jämfört
    med 2024", "lägre än 2024", "öka mot 2023"); None otherwise."""
    years = _ONE_YEAR.findall(lowered)
    if len(years) != 1 or len(re.findall(r"\d+", lowered)) != 1:
        return None
    tokens = re.findall(r"[a-zåäö]+", lowered)
    after = re.findall(r"[a-zåäö]+", lowered[lowered.index(years[0]) + 4:])
    if len(tokens) > 7 or not set(tokens) & set(schema.COMPARED_MARKS) or \
            not set(after) <= _YEAR_LEVEL:
        return None  # "Fler än 2020 besök": a number of something, not a year
    if any(re.fullmatch(schema.INCREASE_WORDS, t) or re.fullmatch(schema.HIGHER_THAN_WORDS, t)
           for t in tokens):
        return schema.INCREASES, int(years[0])
    if any(re.fullmatch(schema.DECREASE_WORDS, t) or re.fullmatch(schema.LOWER_THAN_WORDS, t)
           for t in tokens):
        return schema.DECREASES, int(years[0])
    return None


# The end of a range after its first number: "-95 %", " – 10 dagar", " till 95 procent".
_RANGE_END = re.compile(r"\s*(?:-|–|—|till)\s*\d[\d\s]*(?:[,.]\d+)?\s*([^\d\s(][^()]*?)\s*$",
                        re.IGNORECASE)


def _first_number(text: str, number: str) -> ParsedNumber:
    """The first of several numbers in a text with the percent sign written after it: "88 %
    (117 av 133)" is 88 %, not 88 (the count beside a share must not cost the share its
    unit)."""
    written = number.strip()
    after = text[text.find(written) + len(written):]
    percent = re.match(r"\s*(%|procent\b)", after, re.IGNORECASE)
    parsed = _number(f"{written} %") if percent else None
    span = _RANGE_END.match(after)
    if parsed is None and span:
        # "90-95 %", "5–10 dagar": the unit after the range is the first number's too.
        parsed = _number(f"{written} {span.group(1)}")
    found = parsed or _number(written)
    assert found is not None
    return found


# An outcome with the year it is for after it: "62 (2024)", "+85 (år 2024)", "4 870 (avser 2023)".
_YEAR_AFTER = re.compile(r"^(.*\d.*?)\s*\((?:år\s+|avser\s+)?((?:19|20)\d\d)\)$", re.IGNORECASE)


def read_outcome_text(text: str) -> Reading:
    """An outcome cell written as text: footnote markers and glued symbols are not the value,
    "-" and "Statistik saknas" are no value."""
    words = " ".join(text.split())
    if is_no_value(words):
        return Reading(source=words)
    dated = _YEAR_AFTER.match(words)  # "62 (2024)": 2024's 62 (before "4)" is cut as a footnote)
    if dated and (parsed := _number(dated.group(1))) is not None:
        return Reading(parsed.value, parsed.unit, source=words, year=int(dated.group(2)))
    cleaned = _FOOTNOTE.sub("", _SYMBOLS.sub("", words)).strip()
    # "ca 45 %", "45 % (prel.)": an approximation or a remark is not the value.
    cleaned = _REMARK.sub("", _ABOUT.sub("", cleaned)).strip()
    yes_no = parse_yes_no(cleaned)
    if yes_no is not None:
        return Reading(yes_no, source=words)
    parsed = _number(cleaned)
    if parsed is not None:
        return Reading(parsed.value, parsed.unit, source=words)
    numbers = find_numbers(cleaned)
    if numbers and _number(numbers[0].strip()) is not None:
        first = _first_number(cleaned, numbers[0])
        if len(numbers) == 1 and re.fullmatch(r"(19|20)\d\d", numbers[0].strip()) and \
                re.search(r"[a-zåäö]{3}", cleaned.lower()):
            # Words and a year ("Mäts från 2019"): a year is no outcome.
            return Reading(source=words, doubt=f'"{words}" har bara ett årtal och läses som '
                                               "inget värde")
        doubt = f'två tal i cellen ("{words}"); det första används' if len(numbers) > 1 else ""
        return Reading(first.value, first.unit, source=words, doubt=doubt)
    return Reading(source=words, doubt="no number")


# Words in a name's parentheses that say what is measured: a range (an age, a scale) or a word
# before the number that states no rule ("åk 9", "skala 1-5"); "max 4000kr/inv" states one.
_DESCRIBES = re.compile(r"^(\d[\d\s]*(?:[,.]\d+)?\s*(?:-|–|—|till)\s*\d|[a-zåäö]+\.?\s+\S)",
                        re.IGNORECASE)


def read_indicator_text(text: str) -> Reading:
    """The styrgräns and earlier outcomes an indicator's own words carry."""
    reading = Reading()
    words = " ".join(text.split())
    groups = _PAREN.findall(words)
    for group in reversed(groups):
        earlier = _EARLIER.match(group)
        if earlier:
            parsed = _number(earlier.group(2))
            if parsed is not None:
                reading.earlier[int(earlier.group(1))] = (parsed.value, parsed.unit,
                                                          group.strip())
            continue
        if reading.source:
            continue
        content = group.strip()
        labelled = content.lower().startswith("styrgräns")
        if labelled:
            content = content[len("styrgräns"):].strip(" :")
        if ":" in content:
            content = content.rsplit(":", 1)[1].strip()
        target = read_target(content)
        if not labelled and _DESCRIBES.match(content) and not target.rule:
            continue  # "(20-64 år)", "(skala 1-5)", "(åk 9)": what is measured, no styrgräns
        if target.value is not None:
            reading.value, reading.unit, reading.rule = target.value, target.unit, target.rule
            reading.source = group.strip()
    if not reading.source:
        match = _EQUALS_YES_NO.search(words)
        if match:
            reading.value = match.group(1).lower() == "ja"
            reading.rule = schema.YES_NO
            reading.source = match.group(0).strip(" )")
    return reading


def direction_from_words(text: str) -> str:
    """The word of `schema.LOWER_IS_BETTER_WORDS` that `text` holds, or ""."""
    lowered = text.lower()
    return next((word for word in schema.LOWER_IS_BETTER_WORDS if word in lowered), "")


_RESPONSIBLE = re.compile(r"\s*\(([^()]{1,40})\)\s*$")


def responsible_in_text(text: str) -> str:
    """The ansvarig enhet in parentheses at the end of a målinriktning: "(HR, EK)",
    "(kansli - IT)", "(Alla)"; short words only, so an explanation in brackets is not one."""
    match = _RESPONSIBLE.search(text)
    if not match:
        return ""
    inside = match.group(1).strip()
    parts = [p.strip() for p in re.split(r"[,/]| - | och ", inside) if p.strip()]
    if parts and all(len(p) <= 12 and len(p.split()) <= 2 for p in parts) and \
            not any(ch.isdigit() for ch in inside) and not inside.lower().startswith("mäts"):
        return inside
    return ""
