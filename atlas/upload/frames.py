"""Accepted upload rows shaped like the Atlas tables, in memory, to extend a session's Atlas."""

from __future__ import annotations

from datetime import date

import pandas as pd

from atlas.schema import TABLES_BY_NAME
from atlas.upload.report import UserData, ValidationReport
from atlas.upload.text import header_key, slugify


def to_atlas_frames(report: ValidationReport, *, retrieved: date | None = None) -> UserData:
    """Accepted rows as Atlas values, plus catalogue and source rows for them (in memory only).

    User indicators get ids prefixed `user_`, so they can never collide with or overwrite a
    curated Atlas indicator, and `derived` False because the user typed them in.
    """
    accepted = report.accepted
    today = (retrieved or date.today()).isoformat()
    source_ids: dict[str, str] = {}
    for name in accepted["source"].dropna().unique().tolist() if len(accepted) else []:
        base = "user-" + (slugify(str(name))[:50] or "source")
        ident, n = base, 2
        while ident in source_ids.values():
            ident, n = f"{base}-{n}", n + 1
        source_ids[str(name)] = ident
    ids = {header_key(i.name): i.indicator_id for i in report.indicators}
    values = pd.DataFrame(
        {
            "city_id": accepted["city_id"].astype("str") if len(accepted) else [],
            "indicator_id": accepted["indicator_key"].map(ids).astype("str")
            if len(accepted)
            else [],
            "year": accepted["year"].astype("int64") if len(accepted) else [],
            "value": accepted["value"].astype("float64") if len(accepted) else [],
            "source_id": accepted["source"].map(source_ids).astype("str") if len(accepted) else [],
            "unit_name": accepted["unit_name"].astype("str") if len(accepted) else [],
            "basis": "published",
            "note": accepted["note"].astype("str") if len(accepted) else [],
        }
    )
    values["year"] = values["year"].astype("int64")
    values["value"] = values["value"].astype("float64")
    first_source = {}
    for key, name in zip(
        accepted.get("indicator_key", []), accepted.get("source", []), strict=True
    ):
        first_source.setdefault(key, source_ids.get(str(name)))
    indicators = pd.DataFrame(
        [
            {
                "indicator_id": i.indicator_id,
                "label": f"{i.name} (your data)",
                "unit": i.unit,
                "group": "user",
                "higher_is_better": i.higher_is_better,
                "geo_unit": "as uploaded",
                "value_type": i.value_type,
                "description": "Uploaded by you in this session; not checked by the Atlas team.",
                "default_source_id": first_source.get(header_key(i.name)),
                "derived": False,
                "per_million": False,
                "per_million_note": "Uploaded data: the geographic unit of the figures is not "
                "known, so a per-million form is not offered.",
            }
            for i in report.indicators
        ],
        columns=TABLES_BY_NAME["indicators"].base_column_names,
    )
    sources = pd.DataFrame(
        [
            {
                "source_id": ident,
                "publisher": name,
                "title": name,
                "url": name if name.lower().startswith(("https://", "http://")) else "",
                "year": pd.NA,
                "licence": "",
                "retrieved": today,
                "note": "Declared by the user with an upload; not verified by the Atlas.",
            }
            for name, ident in source_ids.items()
        ],
        columns=["source_id", "publisher", "title", "url", "year", "licence", "retrieved", "note"],
    )
    sources["year"] = sources["year"].astype("Int64")
    return UserData(values=values, indicators=indicators, sources=sources)
