"""Write data/datapackage.json from atlas.schema, so any Frictionless tool can read the data.

Generated rather than hand-written: the descriptor always matches what the loader enforces.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from atlas.schema import TABLES, Col, Table

PACKAGE_NAME = "city-science-diplomacy-atlas"


def field_descriptor(col: Col) -> dict[str, Any]:
    field: dict[str, Any] = {"name": col.name, "type": col.type}
    if col.description:
        field["description"] = col.description
    constraints: dict[str, Any] = {}
    if col.required:
        constraints["required"] = True
    if col.unique:
        constraints["unique"] = True
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
    if col.maximum is not None:
        constraints["maximum"] = col.maximum
    if col.enum:
        constraints["enum"] = list(col.enum)
    if col.pattern:
        constraints["pattern"] = col.pattern
    if constraints:
        field["constraints"] = constraints
    if col.type == "boolean":
        field["trueValues"] = ["True", "true"]
        field["falseValues"] = ["False", "false"]
    return field


def resource_descriptor(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": fk.column,
                "reference": {
                    "resource": "" if fk.table == table.name else fk.table,
                    "fields": fk.ref_column,
                },
            }
            for fk in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": table.path,
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def package_descriptor(as_of: str) -> dict[str, Any]:
    return {
        "name": PACKAGE_NAME,
        "title": "City Science Diplomacy Atlas",
        "description": (
            "Cities as actors in science and technology diplomacy: hubs, partnerships, city "
            "network memberships and innovation outputs, each row with its source."
        ),
        "version": as_of,
        "created": f"{as_of}T00:00:00Z",  # the spec wants a datetime
        "data_as_of": as_of,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "sources": [
            {
                "title": "GeoNames (CC BY 4.0)",
                "path": "https://www.geonames.org/",
            },
            {
                "title": "Per-row sources: see the sources resource",
                "path": "sources.csv",
            },
        ],
        "resources": [resource_descriptor(t) for t in TABLES],
    }


def write_datapackage(out: Path, as_of: str) -> Path:
    path = out / "datapackage.json"
    text = json.dumps(package_descriptor(as_of), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_data_as_of(data_dir: Path) -> str | None:
    """The date the data describes, shown to users as 'data as of'."""
    try:
        meta = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = meta.get("data_as_of")
    return str(value) if value else None
