"""Recognising which column is which, and whether the table is in long or wide form.

People rename columns ("City name", "Año", "Quelle"), so headers are matched case-, accent- and
spacing-insensitively against a list of aliases rather than by exact text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from atlas.i18n import _, ngettext
from atlas.upload.read import UploadError
from atlas.upload.safety import has_markup, is_formula_like
from atlas.upload.text import header_key, snippet

Form = Literal["long", "wide"]
Role = Literal[
    "city",
    "city_id",
    "geonames_id",
    "country",
    "indicator",
    "year",
    "value",
    "source",
    "unit",
    "unit_name",
    "note",
]

# Keys are header_key() forms: lower case, accents dropped, words joined by "_".
ROLE_ALIASES: dict[str, frozenset[str]] = {
    "city": frozenset(
        {
            "city",
            "city_name",
            "cityname",
            "name",
            "town",
            "municipality",
            "locality",
            "place",
            "ciudad",
            "ville",
            "stadt",
            "cidade",
            "citta",
            "miasto",
            "gemeente",
        }
    ),
    "city_id": frozenset({"city_id", "atlas_city_id", "atlas_id", "cityid"}),
    "geonames_id": frozenset(
        {"geonames_id", "geonameid", "geoname_id", "geonames", "geonames_city_id", "gn_id"}
    ),
    "country": frozenset(
        {
            "country",
            "country_code",
            "countrycode",
            "country_iso",
            "iso",
            "iso2",
            "iso_2",
            "iso_code",
            "cc",
            "pais",
            "pays",
            "land",
            "paese",
            "country_name",
        }
    ),
    "indicator": frozenset(
        {
            "indicator",
            "indicator_name",
            "indicator_id",
            "measure",
            "metric",
            "variable",
            "series",
            "indicador",
            "indicateur",
            "indikator",
            "indicatore",
        }
    ),
    "year": frozenset(
        {
            "year",
            "yr",
            "reference_year",
            "ref_year",
            "edition",
            "ano",
            "anio",
            "annee",
            "jahr",
            "anno",
        }
    ),
    "value": frozenset({"value", "values", "val", "amount", "figure", "valor", "valeur", "wert"}),
    "source": frozenset(
        {
            "source",
            "sources",
            "source_name",
            "data_source",
            "datasource",
            "fuente",
            "fonte",
            "quelle",
            "reference",
        }
    ),
    "unit": frozenset(
        {
            "unit",
            "units",
            "unit_of_measure",
            "measurement_unit",
            "unidad",
            "unidade",
            "unite",
            "einheit",
        }
    ),
    "unit_name": frozenset({"unit_name", "geo_unit", "geographic_unit", "published_unit"}),
    "note": frozenset(
        {
            "note",
            "notes",
            "comment",
            "comments",
            "remark",
            "remarks",
            "nota",
            "notas",
            "bemerkung",
            "commentaire",
        }
    ),
}
_ALIAS_TO_ROLE = {alias: role for role, aliases in ROLE_ALIASES.items() for alias in aliases}
CITY_ROLES = ("city", "city_id", "geonames_id")
_YEARLIKE = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class ColumnMap:
    """Where each role sits in the header, and which columns hold indicators (wide form)."""

    form: Form
    roles: dict[str, int]
    indicator_columns: tuple[int, ...]
    ignored: tuple[str, ...]


def _refuse_unsafe_header(header: tuple[str, ...], used: list[int]) -> None:
    for index in used:
        name = header[index]
        if is_formula_like(name) or has_markup(name):
            if is_formula_like(name):
                text = _(
                    "Header cell {n} looks like a formula, which the Atlas does not accept. Give "
                    "the column a plain name (for example value) and upload again."
                )
            else:
                text = _(
                    "Header cell {n} looks like HTML or script code, which the Atlas does not "
                    "accept. Give the column a plain name (for example value) and upload again."
                )
            raise UploadError("unsafe_header", text.format(n=index + 1))


def map_columns(
    header: tuple[str, ...],
    rows: list[list[object]],
    *,
    form: Literal["auto", "long", "wide"] = "auto",
    year_given: bool = False,
    source_given: bool = False,
) -> ColumnMap:
    """Match headers to roles, decide the form, and refuse tables that cannot work.

    Missing essentials are refused here, before any row is looked at, so the user gets one
    clear message ("no year column") instead of a rejection on every row.
    """
    roles: dict[str, int] = {}
    unknown: list[int] = []
    for index, name in enumerate(header):
        key = header_key(name)
        role = _ALIAS_TO_ROLE.get(key)
        if not key:
            if any(index < len(row) and row[index] not in (None, "") for row in rows[:5000]):
                raise UploadError(
                    "unnamed_column",
                    _(
                        "Column {n} has values but no name in the header row. Give it a name "
                        "(for example note) or delete the column, then upload again."
                    ).format(n=index + 1),
                )
            continue
        if role is None:
            unknown.append(index)
            continue
        if role in roles:
            raise UploadError(
                "duplicate_column",
                _(
                    "Two columns are both read as “{role}”: “{first}” and “{second}”. Rename or "
                    "delete one of them and upload again."
                ).format(role=role, first=snippet(header[roles[role]]), second=snippet(name)),
            )
        roles[role] = index

    if not any(role in roles for role in CITY_ROLES):
        raise UploadError(
            "missing_columns",
            _(
                "The file has no city column. Add a column named city with the city names (or "
                "geonames_id with GeoNames numbers) and upload again."
            ),
        )
    if form == "auto":
        form = "long" if ("indicator" in roles or "value" in roles) else "wide"
    if form == "long":
        indicator_columns: tuple[int, ...] = ()
        ignored = tuple(header[i] for i in unknown)
        required = ["indicator", "year", "value", "source"]
        given = {"year": year_given, "source": source_given}
        missing = [r for r in required if r not in roles and not given.get(r, False)]
        if missing:
            raise UploadError("missing_columns", _missing_message(missing))
    else:
        indicator_columns = tuple(unknown)
        ignored = tuple(header[roles[r]] for r in ("unit", "indicator", "value") if r in roles)
        if not indicator_columns:
            raise UploadError(
                "missing_columns",
                _(
                    "No indicator columns were found. Use either the long form (columns city, "
                    "indicator, year, value, source) or the wide form (a city column plus one "
                    "column per indicator)."
                ),
            )
        if all(_YEARLIKE.fullmatch(header[i].strip()) for i in indicator_columns):
            raise UploadError(
                "years_as_columns",
                _(
                    "The columns after the city look like years (for example {example}). The "
                    "wide form needs one column per indicator; for one indicator over several "
                    "years use the long form with columns city, indicator, year, value, source."
                ).format(example=snippet(header[indicator_columns[0]])),
            )
        missing = [
            r
            for r, given in (("year", year_given), ("source", source_given))
            if r not in roles and not given
        ]
        if missing:
            raise UploadError("missing_columns", _missing_message(missing, wide=True))
    used = list(roles.values()) + list(indicator_columns)
    _refuse_unsafe_header(header, sorted(used))
    return ColumnMap(form=form, roles=roles, indicator_columns=indicator_columns, ignored=ignored)


def _missing_message(missing: list[str], wide: bool = False) -> str:
    """Which columns the form needs and how to add them, as whole sentences per language."""
    names, n = ", ".join(missing), len(missing)
    if wide:
        problem = ngettext(
            "The file is missing the {names} column needed for the wide form.",
            "The file is missing the {names} columns needed for the wide form.",
            n,
        )
    else:
        problem = ngettext(
            "The file is missing the {names} column needed for the long form.",
            "The file is missing the {names} columns needed for the long form.",
            n,
        )
    if "year" in missing and "source" in missing:
        action = ngettext(
            "Add it (or choose a year for the whole file and name the source for the whole "
            "file) and upload again; the template shows the expected header.",
            "Add them (or choose a year for the whole file and name the source for the whole "
            "file) and upload again; the template shows the expected header.",
            n,
        )
    elif "year" in missing:
        action = ngettext(
            "Add it (or choose a year for the whole file) and upload again; the template shows "
            "the expected header.",
            "Add them (or choose a year for the whole file) and upload again; the template "
            "shows the expected header.",
            n,
        )
    elif "source" in missing:
        action = ngettext(
            "Add it (or name the source for the whole file) and upload again; the template "
            "shows the expected header.",
            "Add them (or name the source for the whole file) and upload again; the template "
            "shows the expected header.",
            n,
        )
    else:
        action = ngettext(
            "Add it and upload again; the template shows the expected header.",
            "Add them and upload again; the template shows the expected header.",
            n,
        )
    return problem.format(names=names) + " " + action
