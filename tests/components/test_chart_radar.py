"""The radar of cities over shared indicators."""

from __future__ import annotations

import pytest

from components import (
    chart_frame,
    chart_radar,
    theme,
)
from tests.components.chart_checks import (
    SOURCE,
    _assert_no_raw_markup,
    _notes,
    _source,
)


def test_radar_one_closed_scatterpolar_per_city_with_note(profile):
    note = "Min–max scaled across the 80 cities (0 = lowest, 1 = highest)"
    fig = chart_radar.radar(
        profile, "name", "axis", "value", "Profile", note, SOURCE, year_label="2024"
    )
    assert fig.layout.title.text == "Profile (0–1 scale, 2024)"
    assert [t.type for t in fig.data] == ["scatterpolar", "scatterpolar"]
    first = fig.data[0]
    assert first.theta[0] == first.theta[-1] == "Hubs"
    assert len(first.r) == 5
    assert fig.layout.title.subtitle.text == note
    assert list(fig.layout.polar.radialaxis.range) == [0, 1.0]
    assert _source(fig) == f"Source: {SOURCE}"
    assert [t.line.color for t in fig.data] == list(theme.CATEGORICAL[:2])


def test_radar_missing_axis_is_a_gap_not_zero(profile):
    fig = chart_radar.radar(profile, "name", "axis", "value", "Profile", "min–max", SOURCE)
    zurich = fig.data[0]
    assert zurich.r[2] is None
    assert 0 not in zurich.r
    assert zurich.fill == "none"  # a fill would close the gap through the centre
    assert fig.data[1].fill == "toself"
    assert chart_frame.missing_count(fig) == 1  # Nowhere: no value at all
    assert fig.layout.meta["missing"] == ["Nowhere"]
    assert "Nowhere" not in [t.name for t in fig.data]
    assert "gaps in the outline" in _notes(fig)


def test_radar_scale_0_100_and_escaping(profile):
    frame = profile.assign(value=profile["value"] * 100)
    fig = chart_radar.radar(frame, "name", "axis", "value", "Profile", "0–100 index", SOURCE)
    assert list(fig.layout.polar.radialaxis.range) == [0, 100.0]
    assert fig.data[1].name == "&lt;img src=x onerror=alert(1)&gt;"
    _assert_no_raw_markup(fig)


def test_radar_rejects_unnormalised_values_and_too_few_axes(profile):
    with pytest.raises(ValueError, match="normalised"):
        chart_radar.radar(
            profile.assign(value=profile["value"] * 1000), "name", "axis", "value", "P", "n", SOURCE
        )
    two_axes = profile.loc[profile["axis"].isin(["Hubs", "Outputs"])]
    with pytest.raises(ValueError, match="3 axes"):
        chart_radar.radar(two_axes, "name", "axis", "value", "P", "n", SOURCE)
    with pytest.raises(ValueError, match="normalisation_note"):
        chart_radar.radar(profile, "name", "axis", "value", "P", "", SOURCE)
