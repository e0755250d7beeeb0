"""Bring your own data: upload, validation report, city fixes, confirm, remove.

The checking itself lives in atlas.upload (no Streamlit). This module is the glue: it keeps the
file and the report in this browser session only, asks the user about every city it could not
place, and adds the confirmed rows through ui.data.set_session_extra so every page sees them
as "(your data)" and no other session ever does. Nothing is written to disk or sent anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import pycountry
import streamlit as st

from atlas import export
from atlas.i18n import N_, _, current_language, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.text import md_text
from atlas.upload import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    CityMatcher,
    Gazetteer,
    GazetteerCandidate,
    UnmatchedCity,
    ValidationReport,
    alternate_names_for,
    candidate_to_city_row,
    default_gazetteer,
    gazetteer_source_row,
    long_template_csv,
    long_template_xlsx,
    to_atlas_frames,
    too_large_message,
    validate_upload,
    wide_template_csv,
    wide_template_xlsx,
)
from ui.data import SessionExtra, clear_session_extra, session_extras, set_session_extra
from ui.downloads import in_language

EXTRA_NAME = "upload"
KEY = "data.upload"  # widget keys of this view start with this
_CHECKED = "_data_upload_checked"  # session: the last validation (key, first, final)
_FLASH = "_data_upload_flash"  # session: message to show after the rerun that follows a click
SHOWN_ROWS = 1000  # rows of a report table sent to the browser; the rest is in the download
LEAVE_OUT = "leave"
FORMS = {"auto": N_("Recognise it for me"), "long": N_("Long form"), "wide": N_("Wide form")}
#: Column headers of the report's tables (ids in the downloads, translated on screen).
HEADERS = (
    N_("City as typed"),
    N_("Country as typed"),
    N_("Rows"),
    N_("Lines"),
    # Translators: column header: why an uploaded city could not be matched
    N_("Why"),
    N_("Did you mean"),
    N_("In the GeoNames gazetteer"),
    N_("City"),
    N_("Indicator"),
    N_("Year"),
    N_("Values"),
    # Translators: column header: which of the repeated lines was kept
    N_("Kept"),
    # Translators: column header: a line number of the uploaded file
    N_("line"),
    # Translators: column header: a column of the uploaded file
    N_("column"),
    # Translators: column header: a cell's value as uploaded
    N_("value"),
    # Translators: column header: why a row was rejected
    N_("reason"),
    N_("In your file"),
    N_("Shown in the Atlas as"),
    N_("Unit"),
    # Translators: column header: how a value was range-checked (count, rank, share...)
    N_("Checked as"),
    N_("Direction"),
)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_LONG, _WIDE = "atlas-upload-template-long", "atlas-upload-template-wide"
_BOX = "data_upload_box"  # container key: Streamlit gives it the CSS class st-key-<key>
_HIDE_BOX_LIMIT_CSS = (
    f"<style>.st-key-{_BOX} [data-testid='stFileUploaderDropzoneInstructions']"
    "{display: none;}</style>"
)


@dataclass(frozen=True)
class UploadOptions:
    """What the user told us about the file besides its bytes."""

    form: str = "auto"
    year: int | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"form": self.form, "year": self.year, "source": self.source}


# ----------------------------------------------------------------------------- pure helpers


def size_refusal(name: str, size: int, limit: int = MAX_BYTES) -> str | None:
    """The message for a file over the Atlas's size limit, or None when its size is fine.

    The page checks the size the browser reported before reading a byte. Streamlit's own
    hard limit (server.maxUploadSize, .streamlit/config.toml) is set well above this one so that
    such a file reaches Python and gets a message naming it, instead of the uploader refusing it
    in the browser while the page goes on asking for a file.
    """
    return too_large_message(size, name, limit) if size > limit else None


def no_file_hint(hard_limit_mb: int) -> str:
    """What the page says while no file is in the box, including why a file may not arrive."""
    return _(
        "Choose a file above (or drag it onto the box) to check it. Nothing is added until "
        "you confirm the report. A file over {mb} MB never reaches the Atlas: the box shows "
        "“File must be … or smaller” beside its name. Split such a file (for example one per "
        "indicator or per year) and upload the parts one at a time."
    ).format(mb=format_count(hard_limit_mb))


def upload_token(data: bytes, choices: Mapping[str, Any]) -> str:
    """sha256 of the file bytes and every choice made about it: same file + same choices, same
    token; anything different gives a new one, so the merged Atlas is rebuilt exactly then."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps(choices, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def choice_options(item: UnmatchedCity) -> dict[str, str]:
    """Option id -> label for one unmatched city: leave out, an Atlas city, or a GeoNames city."""
    options = {LEAVE_OUT: _("No: leave these rows out")}
    for suggestion in item.suggestions:
        options[f"atlas:{suggestion.city_id}"] = _("Yes: {city} (in the Atlas)").format(
            city=suggestion.label
        )
    for candidate in item.gazetteer:
        options[f"geonames:{candidate.geonames_id}"] = _(
            "Add {city} from the GeoNames gazetteer"
        ).format(city=candidate.label)
    return options


def resolve_choices(
    items: Sequence[UnmatchedCity], picks: Mapping[str, str]
) -> tuple[dict[str, str], list[GazetteerCandidate]]:
    """The user's picks as city overrides (text -> Atlas id) and gazetteer cities to place.

    `picks` maps an item's text to an option id from choice_options(). A gazetteer city picked
    for two spellings is placed once.
    """
    overrides: dict[str, str] = {}
    placed: dict[int, GazetteerCandidate] = {}
    for item in items:
        pick = picks.get(item.text, LEAVE_OUT)
        if pick.startswith("atlas:"):
            overrides[item.text] = pick.split(":", 1)[1]
        elif pick.startswith("geonames:"):
            gid = int(pick.split(":", 1)[1])
            for candidate in item.gazetteer:
                if candidate.geonames_id == gid:
                    placed[gid] = candidate
    return overrides, list(placed.values())


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def placed_city_rows(
    candidates: Sequence[GazetteerCandidate], existing_ids: Sequence[str]
) -> pd.DataFrame:
    """Cities-table rows for the gazetteer cities the user confirmed (with country names)."""
    taken = list(existing_ids)
    rows = []
    for candidate in candidates:
        row = candidate_to_city_row(candidate, existing_ids=taken)
        row["country_name"] = _country_name(str(row["country"]))
        taken.append(str(row["city_id"]))
        rows.append(row)
    return pd.DataFrame(rows)


def build_session_extra(
    report: ValidationReport, cities: pd.DataFrame | None, token: str, *, today: date | None = None
) -> SessionExtra:
    """The accepted rows as the SessionExtra that joins the curated Atlas for this session.

    Only gazetteer cities that some accepted row uses are added: a confirmed city whose rows
    were all rejected for other reasons would otherwise show up on maps with no data.
    """
    frames = to_atlas_frames(report, retrieved=today)
    sources = frames.sources
    used = None
    if cities is not None and len(cities):
        used = cities.loc[cities["city_id"].isin(set(frames.values["city_id"]))]
        if len(used):
            gazetteer = pd.DataFrame([gazetteer_source_row(today)])
            sources = pd.concat([sources, gazetteer], ignore_index=True)
        else:
            used = None
    return SessionExtra(
        token=token,
        origin="user",
        indicators=frames.indicators,
        values=frames.values,
        sources=sources,
        cities=used.reset_index(drop=True) if used is not None else None,
    )


def report_tables(
    report: ValidationReport, city_names: Mapping[str, str]
) -> dict[str, pd.DataFrame]:
    """The report's lists as plain tables (text only; uploaded cells are shown, never run)."""
    unmatched = pd.DataFrame(
        [
            {
                "City as typed": item.text,
                "Country as typed": item.country,
                "Rows": len(item.lines),
                "Lines": ", ".join(str(n) for n in item.lines[:20])
                + (" …" if len(item.lines) > 20 else ""),
                "Why": item.reason,
                "Did you mean": "; ".join(s.label for s in item.suggestions),
                "In the GeoNames gazetteer": "; ".join(c.label for c in item.gazetteer),
            }
            for item in report.unmatched_cities
        ],
        columns=[
            "City as typed",
            "Country as typed",
            "Rows",
            "Lines",
            "Why",
            "Did you mean",
            "In the GeoNames gazetteer",
        ],
    )
    duplicates = pd.DataFrame(
        [
            {
                "City": city_names.get(d.city_id, d.city_id),
                "Indicator": d.indicator,
                "Year": d.year,
                "Lines": ", ".join(str(n) for n in d.lines),
                "Values": ", ".join(f"{v:g}" for v in d.values),
                "Kept": f"line {d.lines[0]}",
            }
            for d in report.duplicates
        ],
        columns=["City", "Indicator", "Year", "Lines", "Values", "Kept"],
    )
    out_of_range = pd.DataFrame(
        [(i.line, i.column, i.value, i.reason) for i in report.out_of_range],
        columns=["line", "column", "value", "reason"],
    )
    accepted = report.accepted
    accepted_view = pd.DataFrame(
        {
            "Line": accepted.get("line", pd.Series(dtype="int64")),
            "City": accepted.get("city_id", pd.Series(dtype="str")).map(
                lambda c: city_names.get(c, c)
            ),
            "Indicator": accepted.get("indicator", pd.Series(dtype="str")),
            "Year": accepted.get("year", pd.Series(dtype="int64")),
            "Value": accepted.get("value", pd.Series(dtype="float64")),
            "Unit": accepted.get("unit", pd.Series(dtype="str")),
            "Source": accepted.get("source", pd.Series(dtype="str")),
        }
    )
    indicators = pd.DataFrame(
        [
            {
                "In your file": i.name,
                "Shown in the Atlas as": _("{name} (your data)").format(name=i.name),
                # Translators: an uploaded indicator's unit, when the file gives none
                "Unit": i.unit or _("not given"),
                "Checked as": i.value_type,
                "Direction": _("higher is better") if i.higher_is_better else _("lower is better"),
                "Values": i.rows,
            }
            for i in report.indicators
        ],
        columns=[
            "In your file",
            "Shown in the Atlas as",
            "Unit",
            "Checked as",
            "Direction",
            "Values",
        ],
    )
    return {
        "rejected": report.rejected_frame(),
        "unmatched": unmatched,
        "duplicates": duplicates,
        "out_of_range": out_of_range,
        "accepted": accepted_view,
        "indicators": indicators,
    }


# ------------------------------------------------------------------------- cached resources


@st.cache_resource(show_spinner=False)
def _gazetteer() -> Gazetteer:
    return default_gazetteer()


@st.cache_resource(show_spinner=False, max_entries=2)
def _alternates(_atlas: Atlas, version: str) -> dict[str, tuple[str, ...]]:
    """GeoNames alternate names of the curated cities ("München", "Genf"), once per process."""
    return alternate_names_for(_atlas.cities.reset_index(drop=True), _gazetteer())


@st.cache_resource(show_spinner=False, max_entries=2)
def _matcher(_atlas: Atlas, version: str) -> CityMatcher:
    """Matcher over the curated cities and their alternate names, built once per process."""
    return CityMatcher(_atlas.cities.reset_index(drop=True), _alternates(_atlas, version))


# ------------------------------------------------------------------------------ validation


def _validate(
    data: bytes,
    filename: str,
    atlas: Atlas,
    options: UploadOptions,
    *,
    overrides: Mapping[str, str] | None = None,
    placed: pd.DataFrame | None = None,
    with_gazetteer: bool = True,
    label: str | None = None,
) -> ValidationReport:
    """validate_upload inside st.status with a progress bar (a 100,000-row file takes seconds)."""
    with st.status(_("Checking your file…") if label is None else label, expanded=False) as status:
        bar = st.progress(0.0)

        def progress(fraction: float, message: str) -> None:
            bar.progress(min(max(fraction, 0.0), 1.0), text=message)

        cities = atlas.cities.reset_index(drop=True)
        # The first upload of a process loads the gazetteer and indexes the city names (the
        # cached functions below): the status box says so meanwhile.
        progress(
            0.0, _("Loading the offline GeoNames gazetteer and indexing the Atlas city names…")
        )
        matcher = _matcher(atlas, atlas.version)
        alternates = None
        if placed is not None and len(placed):
            cities = pd.concat([cities, placed], ignore_index=True)
            alternates = _alternates(atlas, atlas.version)
            matcher = None
        report = validate_upload(
            data,
            cities,
            filename=filename,
            alternate_names=alternates,
            indicators=atlas.indicators.reset_index(drop=True),
            year=options.year,
            source=options.source,
            form=options.form,  # type: ignore[arg-type]
            city_overrides=dict(overrides or {}),
            gazetteer=_gazetteer() if with_gazetteer else None,
            matcher=matcher,
            progress=progress,
        )
        if report.file_error:
            status.update(label=_("The file was refused"), state="error")
        else:
            status.update(
                label=ngettext(
                    "Checked {n} row: {accepted} accepted, {rejected} rejected",
                    "Checked {n} rows: {accepted} accepted, {rejected} rejected",
                    report.rows_read,
                ).format(
                    n=format_count(report.rows_read),
                    accepted=format_count(report.rows_accepted),
                    rejected=format_count(report.rows_rejected),
                ),
                state="complete",
            )
    return report


def _options() -> UploadOptions:
    with st.expander(_("If your file has no year or source column, or is read the wrong way")):
        form = st.radio(
            _("Layout of the file"),
            list(FORMS),
            format_func=lambda k: _(FORMS[k]),
            horizontal=True,
            key=f"{KEY}.form",
            help=_(
                "Long: one row per city, indicator and year. Wide: one row per city, one "
                "column per indicator. Automatic looks at the header."
            ),
        )
        left, right = st.columns(2)
        year = left.number_input(
            _("Year for rows without one"),
            min_value=1900,
            max_value=2100,
            value=None,
            step=1,
            key=f"{KEY}.year",
            placeholder=_("none: every row needs a year"),
        )
        source = right.text_input(
            _("Source for rows without one"),
            key=f"{KEY}.source",
            max_chars=300,
            placeholder=_("for example: City statistics office, 2024"),
        )
    return UploadOptions(form=str(form), year=int(year) if year else None, source=source or None)


def _choices(items: Sequence[UnmatchedCity]) -> dict[str, str]:
    """One question per city the Atlas could not place; returns text -> option id."""
    askable = [i for i in items if i.suggestions or i.gazetteer]
    if not askable:
        return {}
    st.markdown(_("**Cities to confirm**"))
    st.caption(
        _(
            "Accents and case are already ignored. For each name below, say which city you "
            "meant; a city the Atlas lacks can be placed from the offline GeoNames gazetteer for "
            "this session only. Rows you leave out stay in the rejected list."
        )
    )
    picks: dict[str, str] = {}
    for index, item in enumerate(askable[:50]):
        options = choice_options(item)
        lines = ", ".join(str(n) for n in item.lines[:5]) + (" …" if len(item.lines) > 5 else "")
        # Typed by the user and shown in a widget label, which Streamlit renders as Markdown:
        # escaped so that a "city" such as ![x](http://…) stays text.
        # Translators: a city name as the user typed it, in the language's quotation marks
        quoted = _("“{name}”").format(name=item.text)
        where = md_text(quoted + (f" ({item.country})" if item.country else ""))
        key = f"{KEY}.city.{index}.{hashlib.sha1(item.text.encode()).hexdigest()[:8]}"
        if len(options) == 2 and item.gazetteer:
            (candidate,) = item.gazetteer[:1]
            placed = st.checkbox(
                ngettext(
                    "Place {name} as {city}, from the GeoNames gazetteer (line {lines})",
                    "Place {name} as {city}, from the GeoNames gazetteer (lines {lines})",
                    len(item.lines),
                ).format(name=where, city=candidate.label, lines=lines),
                key=key,
            )
            picks[item.text] = f"geonames:{candidate.geonames_id}" if placed else LEAVE_OUT
        else:
            picks[item.text] = str(
                st.selectbox(
                    ngettext(
                        "{name}, line {lines}: did you mean…",
                        "{name}, lines {lines}: did you mean…",
                        len(item.lines),
                    ).format(name=where, lines=lines),
                    list(options),
                    format_func=options.get,
                    key=key,
                )
            )
    if len(askable) > 50:
        rest = len(askable) - 50
        st.caption(
            ngettext(
                "{n} more unmatched name is not asked about here: correct it in your file (the "
                "Unmatched cities table lists it) and upload it again.",
                "{n} more unmatched names are not asked about here: correct them in your file "
                "(the Unmatched cities table lists them) and upload it again.",
                rest,
            ).format(n=format_count(rest))
        )
    return picks


def _metrics(report: ValidationReport) -> None:
    long = report.form == "long"
    cols = st.columns(6)
    cols[0].metric(_("Rows read"), format_count(report.rows_read))
    cols[1].metric(
        _("Accepted rows") if long else _("Accepted values"), format_count(report.rows_accepted)
    )
    cols[2].metric(
        _("Rejected rows") if long else _("Rejected values"), format_count(report.rows_rejected)
    )
    cols[3].metric(_("Cities not matched"), format_count(len(report.unmatched_cities)))
    cols[4].metric(_("Duplicates"), format_count(len(report.duplicates)))
    cols[5].metric(_("Out of range"), format_count(len(report.out_of_range)))


def _table(frame: pd.DataFrame, key: str, stem: str, empty: str) -> None:
    if frame.empty:
        st.caption(empty)
        return
    shown = frame.head(SHOWN_ROWS)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=f"{KEY}.{key}.table",
        column_config={c: _(c) for c in shown.columns if c in HEADERS},
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    n = format_count(len(frame))
    if len(frame) > SHOWN_ROWS:
        caption = ngettext(
            "{n} row (first {shown} shown). Cells are shown exactly as uploaded, as plain text.",
            "{n} rows (first {shown} shown). Cells are shown exactly as uploaded, as plain text.",
            len(frame),
        ).format(n=n, shown=format_count(SHOWN_ROWS))
    else:
        caption = ngettext(
            "{n} row. Cells are shown exactly as uploaded, as plain text.",
            "{n} rows. Cells are shown exactly as uploaded, as plain text.",
            len(frame),
        ).format(n=n)
    left.caption(caption)
    right.download_button(
        _("Download (CSV)"),
        data=lambda: export.to_csv_bytes(frame),
        file_name=export.download_filename(stem, "csv"),
        mime="text/csv",
        key=f"{KEY}.{key}.csv",
        on_click="ignore",
        icon=":material/download:",
    )


def _report(report: ValidationReport, city_names: Mapping[str, str]) -> None:
    if report.file_error:
        st.error(md_text(report.messages[0]), icon=":material/block:")
        return
    _metrics(report)
    box = st.success if report.rows_rejected == 0 and report.ok else st.warning
    box("\n\n".join(md_text(m) for m in report.messages), icon=":material/fact_check:")
    tables = report_tables(report, city_names)
    labels = [
        # Translators: a tab of the upload report, with the count of rejected rows
        _("Rejected ({n})").format(n=format_count(report.rows_rejected)),
        _("Unmatched cities ({n})").format(n=format_count(len(report.unmatched_cities))),
        _("Duplicates ({n})").format(n=format_count(len(report.duplicates))),
        _("Out of range ({n})").format(n=format_count(len(report.out_of_range))),
        # Translators: a tab of the upload report, with the count of accepted rows
        _("Accepted ({n})").format(n=format_count(report.rows_accepted)),
    ]
    tabs = st.tabs(labels)
    with tabs[0]:
        _table(tables["rejected"], "rejected", "upload-rejected-rows", _("No row was rejected."))
    with tabs[1]:
        _table(
            tables["unmatched"], "unmatched", "upload-unmatched-cities", _("Every city matched.")
        )
    with tabs[2]:
        _table(tables["duplicates"], "duplicates", "upload-duplicates", _("No duplicate rows."))
    with tabs[3]:
        _table(
            tables["out_of_range"],
            "range",
            "upload-out-of-range",
            _("Every year, count and rank is within range."),
        )
    with tabs[4]:
        _table(tables["accepted"], "accepted", "upload-accepted-rows", _("No row was accepted."))


def _current() -> None:
    """What this session has added, and the way to take it out again."""
    extra = session_extras().get(EXTRA_NAME)
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    if extra is None:
        return
    labels = ", ".join(f"“{md_text(label)}”" for label in extra.indicators["label"])
    n_values = len(extra.values)
    parts = [
        ngettext(
            "**Your data is in the Atlas for this browser session:** {n} value as {labels}.",
            "**Your data is in the Atlas for this browser session:** {n} values as {labels}.",
            n_values,
        ).format(n=format_count(n_values), labels=labels)
    ]
    if extra.cities is not None:
        n = len(extra.cities)
        names = ", ".join(md_text(name) for name in extra.cities["name"])
        parts.append(
            ngettext(
                "{n} city placed from GeoNames: {names}.",
                "{n} cities placed from GeoNames: {names}.",
                n,
            ).format(n=format_count(n), names=names)
        )
    parts.append(
        _(
            "It appears on every page (rankings, map, compare, index builder) marked “(your "
            "data)”. It is kept only in this session's memory: it is not saved, not shared with "
            "other visitors and disappears when you close the tab."
        )
    )
    with st.container(border=True):
        st.markdown(" ".join(parts))
        left, right = st.columns([1, 3], vertical_alignment="center")
        if left.button(_("Remove my data"), key=f"{KEY}.remove", icon=":material/delete:"):
            clear_session_extra(EXTRA_NAME)
            st.session_state[_FLASH] = _(
                "Your data was removed from this session. The curated Atlas is unchanged; "
                "upload a file again to add it back."
            )
            st.rerun()
        right.page_link(
            "pages/rankings.py",
            label=_("See it ranked on Rankings"),
            icon=":material/leaderboard:",
        )


def _templates() -> None:
    st.markdown(_("**Templates**"))
    st.caption(
        _(
            "Start from a template: long form (one row per city, indicator and year) or wide "
            "form (one row per city, one column per indicator). Both validate without a "
            "rejection."
        )
    )
    cols = st.columns(4)
    for col, (label, build, name, ext, mime) in zip(
        cols,
        [
            (
                _("Long form (CSV)"),
                long_template_csv,
                "atlas-upload-template-long",
                "csv",
                "text/csv",
            ),
            (
                _("Long form (Excel)"),
                long_template_xlsx,
                "atlas-upload-template-long",
                "xlsx",
                XLSX_MIME,
            ),
            (
                _("Wide form (CSV)"),
                wide_template_csv,
                "atlas-upload-template-wide",
                "csv",
                "text/csv",
            ),
            (
                _("Wide form (Excel)"),
                wide_template_xlsx,
                "atlas-upload-template-wide",
                "xlsx",
                XLSX_MIME,
            ),
        ],
        strict=True,
    ):
        col.download_button(
            label,
            data=in_language(build),
            file_name=f"{name}.{ext}",
            mime=mime,
            key=f"{KEY}.template.{name}.{ext}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )


def render_upload(atlas: Atlas) -> None:
    """The whole upload section: intro, templates, file, report, city fixes, confirm."""
    st.markdown(
        _(
            "Add your own figures for cities (for example a city's science budget or its "
            "international offices) and see them next to the curated data on every page. CSV "
            "(comma, semicolon or tab separated, any common encoding) or Excel .xlsx, up to "
            "{mb} MB, {rows} rows and {columns} columns. **Your file stays private:** it is "
            "checked in this session's memory, never written to disk, never sent anywhere, and "
            "never run: formulas and HTML in cells are refused."
        ).format(
            mb=format_count(MAX_BYTES // (1024 * 1024)),
            rows=format_count(MAX_ROWS),
            columns=format_count(MAX_COLUMNS),
        )
    )
    _current()
    _templates()
    # The box's own caption would read "50MB per file" (Streamlit's hard limit, set above the
    # Atlas's so that a larger file reaches size_refusal and is refused by name); the label
    # gives the limit that counts and the caption is hidden so the two do not contradict.
    st.html(_HIDE_BOX_LIMIT_CSS)
    with st.container(key=_BOX):
        uploaded = st.file_uploader(
            _("Your CSV or Excel file (up to {mb} MB)").format(
                mb=format_count(MAX_BYTES // (1024 * 1024))
            ),
            key=f"{KEY}.file",
            # no max_upload_size: the hard limit is server.maxUploadSize (see above)
            help=_(
                "Columns: city, indicator, year, value, source (long form), or city plus one "
                "column per indicator (wide form). Optional: country, unit, note, GeoNames id."
            ),
        )
    options = _options()
    if uploaded is None:
        st.session_state.pop(_CHECKED, None)
        st.info(
            no_file_hint(int(st.get_option("server.maxUploadSize"))),
            icon=":material/upload_file:",
        )
        return
    refusal = size_refusal(uploaded.name, uploaded.size)
    if refusal:
        st.session_state.pop(_CHECKED, None)
        st.error(md_text(refusal), icon=":material/block:")
        return
    data = uploaded.getvalue()
    # the report is worded in the run's language: a change of language checks the file again
    file_key = (
        hashlib.sha256(data).hexdigest(),
        uploaded.name,
        json.dumps(options.as_dict()),
        current_language(),
    )
    checked = st.session_state.get(_CHECKED)
    if checked is None or checked[0] != file_key:
        first = _validate(data, uploaded.name, atlas, options)
        checked = (file_key, first, {})
        st.session_state[_CHECKED] = checked
    first: ValidationReport = checked[1]
    city_names = dict(zip(atlas.cities.index, atlas.cities["name"], strict=True))
    if first.file_error:
        _report(first, city_names)
        return

    picks = _choices(first.unmatched_cities)
    overrides, placed = resolve_choices(first.unmatched_cities, picks)
    placed_rows = placed_city_rows(placed, list(atlas.cities.index)) if placed else None
    if placed_rows is not None:
        city_names.update(zip(placed_rows["city_id"], placed_rows["name"], strict=True))
    choices = {
        "options": options.as_dict(),
        "overrides": overrides,
        "placed": sorted(c.geonames_id for c in placed),
    }
    token = upload_token(data, choices)
    final = first
    if overrides or placed:
        cache: dict[str, ValidationReport] = checked[2]
        if token not in cache:
            cache.clear()
            cache[token] = _validate(
                data,
                uploaded.name,
                atlas,
                options,
                overrides=overrides,
                placed=placed_rows,
                with_gazetteer=False,
                label=_("Checking again with the cities you confirmed…"),
            )
        final = cache[token]

    st.subheader(_("Validation report"))
    _report(final, city_names)
    if not final.ok:
        return
    st.markdown(_("**Indicators found**"))
    found = report_tables(final, city_names)["indicators"]
    st.dataframe(
        found,
        hide_index=True,
        width="stretch",
        column_config={c: _(c) for c in found.columns if c in HEADERS},
    )
    current = session_extras().get(EXTRA_NAME)
    if current is not None and current.token == token:
        st.caption(_("This file, with these choices, is already in the Atlas for this session."))
        return
    replace = " " + _("It replaces the data you added earlier.") if current is not None else ""
    if st.button(
        ngettext(
            "Add {n} value to the Atlas for this session",
            "Add {n} values to the Atlas for this session",
            final.rows_accepted,
        ).format(n=format_count(final.rows_accepted)),
        type="primary",
        key=f"{KEY}.confirm",
        icon=":material/add_circle:",
        help=_("Only this browser session sees them; nothing is saved."),
    ):
        extra = build_session_extra(final, placed_rows, token)
        set_session_extra(EXTRA_NAME, extra)
        names = ", ".join(f"“{label}”" for label in extra.indicators["label"])
        n_values = len(extra.values)
        st.session_state[_FLASH] = (
            ngettext(
                "Added {n} value as {names}. It now appears on every page for this session, "
                "marked “(your data)”.",
                "Added {n} values as {names}. They now appear on every page for this session, "
                "marked “(your data)”.",
                n_values,
            ).format(n=format_count(n_values), names=md_text(names))
            + replace
        )
        st.rerun()
    st.caption(_("Nothing is added until you press the button.") + replace)
