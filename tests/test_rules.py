"""The status rules at their edges, and the summary sentence in the plan's own form."""

from __future__ import annotations

import pytest

from vp_excel.model import Measure
from vp_excel.rules import assess, forecast_status, summarize, summary_sentence
from vp_excel.schema import (
    DECREASES,
    GREEN,
    HIGHER,
    INCREASES,
    LOWER,
    MANUAL,
    NOT_ASSESSED,
    RED,
    YELLOW,
    YES_NO,
)

PERIODS = ["Helår 2024", "Delår 1", "Delår 2"]


def measure(rule, target=None, outcome=None, period="Delår 1", **extra) -> Measure:
    m = Measure(rule=rule, target=target, **extra)
    m.outcomes[period] = outcome
    return m


@pytest.mark.parametrize("rule, target, outcome, band, expected", [
    # Higher is better: met at or above the target.
    (HIGHER, 79, 79, None, GREEN),
    (HIGHER, 79, 79.0001, None, GREEN),
    (HIGHER, 79, 78.9999, None, RED),
    (HIGHER, 0.3, 0.1 + 0.2, None, GREEN),  # floating point slack: 0.30000000000000004
    (HIGHER, 0.30000000000000004, 0.3, None, GREEN),
    (HIGHER, 79, 75, 4, YELLOW),  # exactly at the yellow band's edge
    (HIGHER, 79, 74.99, 4, RED),
    (HIGHER, 79, 75, -4, YELLOW),  # a negative band means the same distance
    # Lower is better: met at or below.
    (LOWER, 0.04, 0.04, None, GREEN),
    (LOWER, 0.04, 0.0369, None, GREEN),
    (LOWER, 0.04, 0.0401, None, RED),
    (LOWER, 0.04, 0.045, 0.005, YELLOW),
    (LOWER, 0.04, 0.0451, 0.005, RED),
    (LOWER, 4000, 4000, None, GREEN),
    (LOWER, -2.2, -2.2, None, GREEN),
    # Blank or missing values are never judged.
    (HIGHER, 79, None, None, NOT_ASSESSED),
    (HIGHER, None, 80, None, NOT_ASSESSED),
    (LOWER, 0.04, True, None, NOT_ASSESSED),  # Ja where a number belongs
    # Ja/Nej: the outcome must say what the target says (Ja when the target is blank).
    (YES_NO, True, True, None, GREEN),
    (YES_NO, True, False, None, RED),
    (YES_NO, None, True, None, GREEN),
    (YES_NO, False, False, None, GREEN),
    (YES_NO, False, True, None, RED),
    (YES_NO, True, None, None, NOT_ASSESSED),
    (YES_NO, True, 1.0, None, NOT_ASSESSED),  # a number is not Ja
    # Manual rule without an assessment.
    (MANUAL, None, 5, None, NOT_ASSESSED),
])
def test_target_rules(rule, target, outcome, band, expected):
    assert assess(measure(rule, target, outcome, yellow_band=band), "Delår 1",
                  PERIODS).status == expected


@pytest.mark.parametrize("rule, previous, outcome, band, expected", [
    (INCREASES, 10, 11, None, GREEN),
    (INCREASES, 10, 10, None, YELLOW),  # standing still is not an increase
    (INCREASES, 10, 9.99, None, RED),
    (INCREASES, 10, 9, 1, YELLOW),
    (INCREASES, 10, 8.99, 1, RED),
    (INCREASES, 0.1 + 0.2, 0.3, None, YELLOW),  # no real change
    (INCREASES, None, 11, None, NOT_ASSESSED),  # nothing to compare with
    (DECREASES, 0.09, 0.022, None, GREEN),
    (DECREASES, 0.09, 0.09, None, YELLOW),
    (DECREASES, 0.09, 0.1, None, RED),
    (DECREASES, 10, 10.5, 1, YELLOW),
    (DECREASES, 10, None, None, NOT_ASSESSED),
])
def test_change_rules_against_previous_period(rule, previous, outcome, band, expected):
    m = Measure(rule=rule, yellow_band=band)
    m.outcomes = {"Helår 2024": previous, "Delår 1": outcome}
    assert assess(m, "Delår 1", PERIODS).status == expected


def test_first_period_compares_with_previous_year():
    m = Measure(rule=DECREASES, previous_year=0.09, unit="%")
    m.outcomes = {"Helår 2024": 0.022}
    result = assess(m, "Helår 2024", PERIODS)
    assert result.status == GREEN
    assert result.reason == "utfall 2,2% mot 9% före"


def test_first_period_without_previous_year_is_not_assessed():
    m = Measure(rule=INCREASES)
    m.outcomes = {"Helår 2024": 5}
    assert assess(m, "Helår 2024", PERIODS).status == NOT_ASSESSED


@pytest.mark.parametrize("share, outcome, expected", [
    (0.10, 71.1, YELLOW),  # within 10 % of 79
    (0.10, 71.0, RED),
    (0.0, 78.9, RED),
])
def test_default_yellow_band_is_a_share_of_the_target(share, outcome, expected):
    m = measure(HIGHER, 79, outcome)
    assert assess(m, "Delår 1", PERIODS, default_share=share).status == expected


def test_row_band_wins_over_default_share():
    m = measure(HIGHER, 79, 70, yellow_band=10)
    assert assess(m, "Delår 1", PERIODS, default_share=0.0).status == YELLOW
    m = measure(HIGHER, 79, 70, yellow_band=0)
    assert assess(m, "Delår 1", PERIODS, default_share=0.5).status == RED


@pytest.mark.parametrize("rule, target, outcome", [
    (HIGHER, 79, 10), (LOWER, 0.04, 0.5), (YES_NO, True, False), (MANUAL, None, None),
    (INCREASES, None, 1),
])
def test_manual_assessment_always_wins_and_is_marked(rule, target, outcome):
    m = measure(rule, target, outcome)
    m.assessments["Delår 1"] = GREEN
    m.motivations["Delår 1"] = "Bedömt på APT"
    result = assess(m, "Delår 1", PERIODS)
    assert (result.status, result.manual, result.label) == (GREEN, True, "GRÖN (manuell)")
    assert result.reason == "Bedömt på APT"


def test_computed_status_is_not_marked_manual():
    result = assess(measure(HIGHER, 79, 80), "Delår 1", PERIODS)
    assert not result.manual and result.label == GREEN
    assert result.reason == "utfall 80 ≥ målvärde 79"


@pytest.mark.parametrize("statuses, sentence", [
    ([GREEN] * 5 + [RED] * 3,
     "av 8 identifierade KS-mål är 5 GRÖNA (62,5%), 0 GUL (-%), 3 RÖDA (37,5%)"),
    ([GREEN, YELLOW, RED],
     "av 3 identifierade KS-mål är 1 GRÖN (33,3%), 1 GUL (33,3%), 1 RÖD (33,3%)"),
    ([GREEN, GREEN, YELLOW, YELLOW],
     "av 4 identifierade KS-mål är 2 GRÖNA (50%), 2 GULA (50%), 0 RÖD (-%)"),
    ([GREEN, NOT_ASSESSED, NOT_ASSESSED, RED],
     "av 4 identifierade KS-mål är 1 GRÖN (25%), 0 GUL (-%), 1 RÖD (25%), "
     "2 ej bedömda (50%)"),
    ([NOT_ASSESSED], "av 1 identifierade KS-mål är 0 GRÖN (-%), 0 GUL (-%), 0 RÖD (-%), "
                     "1 ej bedömt (100%)"),
    ([], "av 0 identifierade KS-mål är 0 GRÖN (-%), 0 GUL (-%), 0 RÖD (-%)"),
])
def test_summary_sentence(statuses, sentence):
    assert summary_sentence(summarize(statuses)) == sentence


def test_summary_counts_and_shares():
    summary = summarize([GREEN] * 5 + [RED] * 3)
    assert summary.total == 8
    assert summary.counts == {GREEN: 5, YELLOW: 0, RED: 3, NOT_ASSESSED: 0}
    assert summary.share(GREEN) == pytest.approx(0.625)
    assert summarize([]).share(GREEN) is None


# --- trend and prognosis ---------------------------------------------------------------------

def _periods():
    from vp_excel.model import Period

    return [Period("Delår 2 2024", 2024, 1, 8), Period("Helår 2024", 2024, 1, 12),
            Period("Delår 2 2025", 2025, 1, 8), Period("Helår 2025", 2025, 1, 12)]


@pytest.mark.parametrize("rule, before, now, target, word", [
    (HIGHER, 80, 81, None, "Förbättrad"),
    (HIGHER, 81, 80, None, "Försämrad"),
    (HIGHER, 0.1 + 0.2, 0.3, None, "Oförändrad"),  # within EPSILON
    (LOWER, 0.055, 0.052, None, "Förbättrad"),
    (LOWER, 0.052, 0.055, None, "Försämrad"),
    (INCREASES, 11, 17, None, "Förbättrad"),
    (DECREASES, 0.07, 0.062, None, "Förbättrad"),
    (YES_NO, False, True, True, "Förbättrad"),
    (YES_NO, True, False, True, "Försämrad"),
    (YES_NO, False, True, False, "Försämrad"),  # the target is Nej
    (YES_NO, True, True, True, "Oförändrad"),
    (HIGHER, None, 81, None, ""),
    (HIGHER, 80, None, None, ""),
    (MANUAL, 80, 81, None, ""),
])
def test_trend_against_the_same_period_a_year_before(rule, before, now, target, word):
    from vp_excel.rules import assess_trend

    m = Measure(rule=rule, target=target,
                outcomes={"Delår 2 2024": before, "Delår 2 2025": now, "Helår 2024": 0})
    trend = assess_trend(m, "Delår 2 2025", _periods())
    assert trend.word == word
    assert trend.against == ("Delår 2 2024" if word else "")
    assert bool(trend.label) == bool(word)


def test_a_full_year_without_last_years_period_uses_utfall_foregaende_ar():
    from vp_excel.model import Period
    from vp_excel.rules import assess_trend

    periods = [Period("Delår 1 2025", 2025, 1, 4), Period("Helår 2025", 2025, 1, 12)]
    m = Measure(rule=LOWER, previous_year=0.06, outcomes={"Helår 2025": 0.05})
    trend = assess_trend(m, "Helår 2025", periods)
    assert (trend.label, trend.against, trend.reference) == (
        "↑ Förbättrad", "föregående år", 0.06)
    # A delår has no delår a year before here: no trend rather than one against another kind.
    m.outcomes["Delår 1 2025"] = 0.04
    assert assess_trend(m, "Delår 1 2025", periods).word == ""


@pytest.mark.parametrize("rule, reference, written, fallback", [
    (HIGHER, "B2", "↑", '"↑")'),  # the written trend where the numbers cannot be compared
    (YES_NO, "B2", "Positiv", '"Positiv")'),
    (HIGHER, None, 'Bättre än "väntat"', '="Bättre än ""väntat"""'),  # nothing to compare
    (MANUAL, "B2", "", '=""'),
    (LOWER, "B2", "x" * 300, f'"{"x" * 255}"&"{"x" * 45}")'),  # Excel's 255 per literal
])
def test_trend_formula_falls_back_on_the_kommuns_written_trend(rule, reference, written,
                                                               fallback):
    from vp_excel.rules import trend_formula

    formula = trend_formula(rule, "C2", reference, "D2", written)
    assert formula.endswith(fallback)
    assert formula.count('"') % 2 == 0


@pytest.mark.parametrize("prognoses, sentence", [
    ([GREEN] * 6 + [YELLOW, RED],
     "Av 8 KS-mål bedöms 6 uppnås vid årets slut, 1 delvis och 1 inte."),
    ([GREEN] * 4, "Av 4 KS-mål bedöms 4 uppnås vid årets slut."),
    ([GREEN, RED, "", ""], "Av 4 KS-mål bedöms 1 uppnås vid årets slut, 1 inte; "
                           "2 saknar prognos."),
    (["", ""], ""),
])
def test_prognosis_sentence(prognoses, sentence):
    from vp_excel.rules import prognosis_sentence, prognosis_summary

    assert prognosis_sentence(prognosis_summary(prognoses)) == sentence


@pytest.mark.parametrize("rule, target, forecast, status", [
    (HIGHER, 60, 61, GREEN), (HIGHER, 60, 58, RED),
    (LOWER, 0.07, 0.065, GREEN), (LOWER, 0.07, 0.08, RED),
    (HIGHER, None, 58, None),  # nothing to judge the forecast against
    (INCREASES, None, 58, None),  # judged against last year: no forecast status
])
def test_a_forecast_value_is_judged_as_an_outcome_is(rule, target, forecast, status):
    assert forecast_status(Measure(rule=rule, target=target), forecast) == status
