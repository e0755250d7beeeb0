"""A free-text link parameter (a search box), in the style of atlas.urlstate's specs.

atlas.urlstate has ids, numbers and weights but no free text; the Data and methods page keeps
its sources search in the link (`q=geonames`) so a shared link reopens the same filtered table.
Kept separate so the shared codec module is untouched; it could move there as is.
Text from a link is untrusted: it is trimmed, stripped of control characters, cut to
`max_length`, and pages show it as text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from atlas.i18n import _
from atlas.urlstate import Param, quoted

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
_SAFE_SHOWN = re.compile(r"[^\w .,:+\-]")


def clean_text(raw: str, max_length: int) -> str:
    """One line of plain text: controls removed, runs of spaces joined, cut to max_length."""
    text = _SPACES.sub(" ", _CONTROL.sub(" ", raw)).strip()
    return text[:max_length].rstrip()


@dataclass(frozen=True, eq=False)
class TextParam(Param):
    """Free text such as a search query; the empty string is the default and stays out."""

    name: str
    default: str = ""
    max_length: int = 100
    label: str | None = None

    def __post_init__(self) -> None:
        self._check_name()
        if self.max_length < 1:
            raise ValueError(f"{self.name}: max_length must be positive")

    def parse(self, raw: str) -> tuple[str, list[str]]:
        text = clean_text(raw, self.max_length)
        notes = []
        if len(clean_text(raw, len(raw) + 1)) > self.max_length:
            notes.append(
                _(
                    "The link's text for {name} was longer than {n} characters and was shortened."
                ).format(name=self.quoted_title, n=self.max_length)
            )
        return text, notes

    def format(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError(f"{self.name}: expected text, got {value!r}")
        return clean_text(value, self.max_length)

    def shown(self, value: Any) -> str:
        text = str(value)[:40]
        return quoted(_SAFE_SHOWN.sub("?", text)) if text else _("no text")
