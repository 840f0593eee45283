"""The statistics behind the charts reproduce the published rules and worked examples."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casestudies.library import spc

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def rules(analysis):
    return sorted((signal.rule, signal.indexes, signal.meaning) for signal in analysis.signals)


def test_moving_ranges_are_the_differences_between_neighbours():
    """SAS/QC User's Guide, IRCHART statement ("Moving range charts"): from 3.4, 3.7 and 3.6 the
    first moving range is missing, the second is 3.7 - 3.4 = 0.3 and the third |3.6 - 3.7| = 0.1."""
    assert spc.moving_ranges([3.4, 3.7, 3.6]) == pytest.approx([0.3, 0.1])


def test_xmr_limits_are_the_mean_plus_and_minus_2_66_average_moving_ranges():
    """Wheeler, Understanding Variation (2nd ed.), appendix "XmR charts using the average moving
    range": centre line the average; UNPL = average + 2.66 × average moving range; LNPL the same
    below. Worked by hand: the ten values average 12.0; their nine moving ranges (2, 1, 2, 1, 2,
    2, 1, 2, 1) average 14 / 9; 2.66 × 14 / 9 = 4.1378, so the limits are 7.862 and 16.138."""
    period = spc.xmr_period([10, 12, 11, 13, 12, 14, 12, 11, 13, 12], 0, 10)

    assert period.centre == pytest.approx(12.0)
    assert period.upper == pytest.approx(16.1378, abs=1e-4)
    assert period.lower == pytest.approx(7.8622, abs=1e-4)


# Thirty steel-belt diameters of automotive tyres, in order of measurement.
TYRE_DIAMETERS = [
    24.05, 23.99, 23.95, 23.93, 23.97, 24.02, 24.06, 24.10, 23.98, 24.03, 23.91, 24.06, 24.06, 23.96, 23.98,
    24.06, 24.01, 24.00, 23.93, 23.92, 24.09, 24.11, 24.05, 23.98, 23.98, 24.06, 24.02, 24.06, 23.97, 23.96,
]  # fmt: skip


def test_a_published_individuals_chart_is_reproduced():
    """SAS/QC User's Guide, MACONTROL procedure, Example 9.4 "Displaying Individual Measurements on
    an EWMA Chart" (Output 9.4.1, the limits its IRCHART statement computes for the 30 diameters
    above): mean 24.0083, average moving range 0.056897, limits 23.8571 and 24.1596 (3 sigma,
    sigma = average moving range / d2 = 0.050423). SAS divides by d2 = 1.128379 where the XmR
    chart rounds 3 / d2 to 2.66, which moves each limit by 0.0001 at this spread: the limits are
    compared to the printed figures within 0.0002, the mean and average moving range to the last
    printed digit. No point lies beyond the limits, so the chart shows common-cause variation only.
    """
    period = spc.xmr_period(TYRE_DIAMETERS, 0, len(TYRE_DIAMETERS))
    average_moving_range = sum(spc.moving_ranges(TYRE_DIAMETERS)) / (len(TYRE_DIAMETERS) - 1)

    assert period.centre == pytest.approx(24.0083, abs=5e-5)
    assert average_moving_range == pytest.approx(0.056897, abs=5e-7)
    assert period.upper == pytest.approx(24.1596, abs=2e-4)
    assert period.lower == pytest.approx(23.8571, abs=2e-4)
    assert period.sigma == pytest.approx(0.050423, abs=1e-4)
    analysis = spc.analyse(TYRE_DIAMETERS)
    assert analysis.kind == "xmr"
    assert not [signal for signal in analysis.signals if signal.rule == "beyond_limit"]


def test_anhoej_critical_values_match_the_published_table():
    """Anhøj & Olesen (2014), "Run charts revisited", PLOS ONE 9(11): e113825, appendix table of
    critical values: for 10 to 30 useful observations, the longest run may be at most 6 (n 10-11),
    7 (n 12-22) or 8 (n 23-30) points, and there must be at least 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6,
    6, 7, 7, 8, 8, 8, 9, 9, 10, 10 crossings."""
    assert [spc.longest_run_limit(n) for n in range(10, 31)] == [6] * 2 + [7] * 11 + [8] * 8
    assert [spc.crossings_limit(n) for n in range(10, 31)] == [
        2,
        2,
        3,
        3,
        4,
        4,
        4,
        5,
        5,
        6,
        6,
        6,
        7,
        7,
        8,
        8,
        8,
        9,
        9,
        10,
        10,
    ]


def test_the_thirteen_point_example_shows_random_variation():
    """Wentzel-Larsen & Anhøj's worked example of the Anhøj rules (Science Trends, "Improving tools
    for quality improvement: crossings, runs and crossrun"): 13 points crossing the midline between
    points 3-4, 6-7, 7-8, 9-10 and 10-11 have 5 crossings and a longest run of 3; with 13 points a
    signal needs fewer than 3 crossings or a run longer than 7, so the variation is random."""
    above, below = 12.0, 8.0
    values = [above] * 3 + [below] * 3 + [above] + [below] * 2 + [above] + [below] * 3
    useful, crossings, _side, run = spc.run_chart(values, 10.0)

    assert (useful, crossings, len(run)) == (13, 5, 3)
    assert (spc.crossings_limit(13), spc.longest_run_limit(13)) == (3, 7)
    assert crossings >= spc.crossings_limit(13)
    assert len(run) <= spc.longest_run_limit(13)


def test_a_run_chart_flags_a_long_run_and_too_few_crossings_as_anhoej_does():
    """12 points, 6 below then 6 above a median: 1 crossing (fewer than 3) and a run of 6 (not over 7)."""
    values = [4, 5, 4, 5, 4, 5, 9, 8, 9, 8, 9, 8]
    analysis = spc.analyse(values, better="higher")

    assert analysis.kind == "run"
    assert (analysis.crossings, analysis.crossings_limit) == (1, 3)
    assert (analysis.longest_run, analysis.longest_run_limit) == (6, 7)
    assert [signal.rule for signal in analysis.signals] == ["few_crossings"]
    assert analysis.verdict == spc.NOT_SUSTAINED


def test_a_run_chart_against_its_baseline_median_finds_a_sustained_improvement():
    """14 useful points allow a run of round(log2(14) + 3) = 7; the 8 after the change are longer."""
    baseline = [20, 22, 19, 23, 21, 24]
    after = [15, 14, 16, 15, 13, 14, 15, 14]
    analysis = spc.analyse(baseline + after, change_at=6, better="lower")

    assert analysis.kind == "run"
    assert analysis.periods[0].centre == 21.5  # the baseline's median
    assert rules(analysis) == [("long_run", tuple(range(6, 14)), spc.IMPROVEMENT)]
    assert analysis.verdict == spc.SUSTAINED_IMPROVEMENT
    assert analysis.sustained_from == 6


# --- Making Data Count rules, each on its own -------------------------------------------------------

STEADY = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10]  # mean 10, average moving range 1.4


def test_a_point_beyond_a_limit_is_a_signal_whose_meaning_follows_the_better_direction():
    values = [*STEADY[:8], 20, *STEADY[9:]]
    higher = spc.analyse(values, better="higher")
    lower = spc.analyse(values, better="lower")

    assert ("beyond_limit", (8,), spc.IMPROVEMENT) in rules(higher)
    assert ("beyond_limit", (8,), spc.CONCERN) in rules(lower)
    assert higher.meaning_of(8) == spc.IMPROVEMENT
    assert higher.meaning_of(7) == ""


def test_seven_points_on_one_side_of_the_mean_are_a_shift_and_six_are_not():
    six = [10, 11, 9, 10, 11, 9, 12, 12.5, 12, 12.5, 12, 12.5, 9, 8, 9, 8]
    seven = [10, 11, 9, 10, 11, 9, 12, 12.5, 12, 12.5, 12, 12.5, 12, 8, 9, 8]

    assert not [s for s in spc.analyse(six).signals if s.rule == "shift"]
    [shift] = [s for s in spc.analyse(seven, better="lower").signals if s.rule == "shift"]
    assert (shift.indexes, shift.side, shift.meaning) == (tuple(range(6, 13)), spc.UP, spc.CONCERN)


def test_six_points_each_rising_are_a_trend_and_a_tie_breaks_it():
    rising = [10, 11, 9, 10, 11, 9, 8, 9, 10, 11, 12, 13, 10, 11, 9, 10]
    tied = [10, 11, 9, 10, 11, 9, 8, 9, 10, 10, 12, 13, 10, 11, 9, 10]

    [trend] = [s for s in spc.analyse(rising, better="higher").signals if s.rule == "trend"]
    assert (trend.indexes, trend.side, trend.meaning) == ((6, 7, 8, 9, 10, 11), spc.UP, spc.IMPROVEMENT)
    assert not [s for s in spc.analyse(tied).signals if s.rule == "trend"]


def test_two_of_three_points_beyond_two_sigma_on_one_side_are_a_signal():
    values = [10, 10.5, 9.5, 10, 10.5, 9.5, 10, 12, 12.2, 10, 10.5, 9.5, 10, 10.5, 9.5, 10]
    period = spc.xmr_periods(values)[0]
    two_sigma = period.centre + 2 * period.sigma

    assert two_sigma < 12 < 12.2 < period.upper  # near the limit, not beyond it
    found = spc.analyse(values, better="lower").signals
    assert [(s.rule, s.indexes, s.side, s.meaning) for s in found] == [("two_of_three", (7, 8), spc.UP, spc.CONCERN)]


def test_steady_data_has_no_signal():
    analysis = spc.analyse(STEADY, better="higher")
    assert analysis.signals == []
    assert analysis.verdict == spc.NO_SIGNAL


# --- Edge cases -------------------------------------------------------------------------------------


def test_constant_data_has_limits_on_the_mean_and_no_signal():
    analysis = spc.analyse([5.0] * 20, better="higher")
    [period] = analysis.periods

    assert (period.centre, period.upper, period.lower) == (5.0, 5.0, 5.0)
    assert analysis.signals == []
    assert analysis.verdict == spc.NO_SIGNAL


def test_two_points_draw_no_chart_but_still_have_limits():
    assert spc.analyse([3, 4]).kind == ""
    assert spc.analyse([3, 4]).verdict == spc.TOO_FEW
    period = spc.xmr_period([3, 4], 0, 2)
    assert (period.centre, period.upper, period.lower) == pytest.approx((3.5, 6.16, 0.84))


def test_negative_values_are_read_like_any_others():
    values = [-v for v in STEADY]
    period = spc.xmr_periods(values)[0]
    assert period.centre == pytest.approx(-10.0)
    assert spc.analyse(values).signals == []


def test_a_change_point_at_the_first_point_means_one_period():
    assert len(spc.analyse(STEADY, change_at=0).periods) == 1
    assert len(spc.analyse(STEADY, change_at=spc.MIN_PERIOD_POINTS - 1).periods) == 1  # too short a baseline


def test_a_change_point_at_the_last_point_extends_the_baseline_limits_to_it():
    analysis = spc.analyse([*STEADY, 30], change_at=len(STEADY))
    baseline, after = analysis.periods

    assert (after.start, after.end, after.recalculated) == (16, 17, False)
    assert (after.centre, after.upper, after.lower) == (baseline.centre, baseline.upper, baseline.lower)
    assert ("beyond_limit", (16,), spc.NEUTRAL) in rules(analysis)


def test_limits_are_recalculated_from_the_change_point():
    before = [20, 22, 19, 23, 21, 20, 22, 21, 20, 22, 19, 21]
    after = [12, 13, 11, 12, 14, 12, 11, 13, 12, 12, 13, 11]
    analysis = spc.analyse(before + after, change_at=12, better="lower")
    baseline, recalculated = analysis.periods

    assert baseline.centre == pytest.approx(sum(before) / 12)
    assert recalculated.centre == pytest.approx(sum(after) / 12)
    assert analysis.verdict == spc.SUSTAINED_IMPROVEMENT
    assert analysis.sustained_from == 12
    assert ("baseline_shift", tuple(range(12, 24)), spc.IMPROVEMENT) in rules(analysis)


def test_a_sustained_rise_where_lower_is_better_is_a_deterioration():
    before = [12, 13, 11, 12, 14, 12, 11, 13, 12, 12, 13, 11]
    after = [20, 22, 19, 23, 21, 20, 22, 21]
    assert spc.analyse(before + after, change_at=12, better="lower").verdict == spc.SUSTAINED_CONCERN


# --- Properties ---------------------------------------------------------------------------------------


@given(st.lists(finite, min_size=2, max_size=60), st.integers(min_value=0, max_value=60))
def test_limits_are_always_symmetric_around_the_mean_of_their_period(values, change_at):
    for period in spc.xmr_periods(values, change_at):
        part = values[period.start : period.end]
        if period.recalculated:
            assert period.centre == pytest.approx(math.fsum(part) / len(part), rel=1e-9, abs=1e-6)
        assert period.upper - period.centre == pytest.approx(period.centre - period.lower, rel=1e-9, abs=1e-6)


@given(st.lists(finite, min_size=spc.MIN_PERIOD_POINTS, max_size=40), st.lists(finite, min_size=1, max_size=40), finite)
def test_adding_a_point_never_changes_the_limits_of_a_closed_baseline(baseline, after, extra):
    values = baseline + after
    before = spc.xmr_periods(values, len(baseline))[0]
    assert spc.xmr_periods([*values, extra], len(baseline))[0] == before
