"""The Atlas's languages: which one a visitor gets, and its translated messages.

English is the source language; Spanish, Catalan and French are translated by hand in gettext
catalogues (atlas/locales/<lang>/LC_MESSAGES/messages.po, managed with Babel: see
docs/TRANSLATING.md). The domain package has no Streamlit, so the language of the current
script run is held in a context variable that the app sets at the top of each run
(`use_language`); Streamlit runs each session's script in its own thread, so one visitor's
choice never leaks into another's run. Code that runs outside a script run (the warm-up
thread, scripts, tests) gets English.

Module-level texts (labels in dicts built at import) cannot be translated when they are
defined, because no run has chosen a language yet: they are marked with `N_` so that Babel
extracts them, and translated with `_` where they are shown.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

LOG = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# The order of the language picker; each name is written in its own language (a visitor who
# cannot read the current one must still find theirs).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "ca": "Català",
    "fr": "Français",
}
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

_current: ContextVar[str | None] = ContextVar("atlas_language", default=None)
# Where a thread that has not set a language finds one: the app registers the session's choice
# (ui/language.py), because Streamlit runs widget callbacks before the script's first line,
# so a callback's message would otherwise be written in English.
_fallback: Callable[[], str | None] | None = None
# The `lang` a link made during this run carries: set when the visitor chose the language (in a
# link or with the picker), empty when it came from the browser or is the default, so that a
# link shared from an English page by default stays as it always was.
_link_language: ContextVar[str | None] = ContextVar("atlas_link_language", default=None)


@dataclass(frozen=True)
class Choice:
    """The language a run uses, and why: a note for the page when the link asked for one the
    Atlas does not have."""

    language: str
    source: str  # "link", "browser" or "default"
    note: str | None = None


def _primary(tag: str | None) -> str:
    """ "ca-ES" -> "ca", "fr_CA" -> "fr"; the languages are offered without regional variants."""
    return (tag or "").strip().replace("_", "-").split("-")[0].lower()


def choose_language(link_value: str | None, browser_locale: str | None) -> Choice:
    """The link's `lang` first (a shared link must open in the language it was made in), then
    the browser's language when the Atlas has it, else English. An unknown `lang` is ignored
    with a note rather than an error: an old or mistyped link still opens."""
    if link_value:
        wanted = _primary(link_value)
        if wanted in LANGUAGES:
            return Choice(wanted, "link")
        fallback = choose_language(None, browser_locale)
        with language(fallback.language):
            note = _(
                "The link asks for the language “{asked}”, which the Atlas does not have "
                "({known}); the page is shown in {shown}. Choose another language in the "
                "sidebar."
            ).format(
                asked=link_value,
                known=", ".join(LANGUAGES.values()),
                shown=LANGUAGES[fallback.language],
            )
        return Choice(fallback.language, fallback.source, note=note)
    browser = _primary(browser_locale)
    if browser in LANGUAGES:
        return Choice(browser, "browser")
    return Choice(SOURCE_LANGUAGE, "default")


def _catalogue_paths(language: str) -> tuple[Path, Path]:
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `language` (English has none: its texts are the source).

    `scripts/setup.sh` compiles the .po files; a missing or older .mo (a checkout where the
    .po changed since setup) is compiled in memory from the .po instead, so a translator's
    edit is never hidden by a stale file.
    """
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return _gettext.NullTranslations()
    po_path, mo_path = _catalogue_paths(language)
    if not po_path.exists():
        LOG.error("no catalogue for %s at %s: showing English", language, po_path)
        return _gettext.NullTranslations()
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def use_language(language: str, *, in_links: bool = False) -> None:
    """Set the language of this script run (called once at the top of each run).

    ``in_links``: the visitor chose it (link or picker), so every link the Atlas makes in this
    run keeps it; a language that came from the browser is the reader's own and a shared link
    leaves it to the next reader's browser.
    """
    code = language if language in LANGUAGES else SOURCE_LANGUAGE
    _current.set(code)
    _link_language.set(code if in_links else None)


def link_params() -> dict[str, str]:
    """The language parameter every link the Atlas makes carries (``{"lang": "ca"}`` or none)."""
    code = _link_language.get()
    return {"lang": code} if code else {}


def set_fallback(source: Callable[[], str | None] | None) -> None:
    """Register where code outside `use_language` (a widget callback) reads the language."""
    global _fallback
    _fallback = source


def current_language() -> str:
    code = _current.get()
    if code is None and _fallback is not None:
        code = _fallback()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


@contextlib.contextmanager
def language(code: str) -> Iterator[None]:
    """Run a block in another language (a briefing file made in the link's language, tests)."""
    token = _current.set(code if code in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """The message in the run's language (the message itself when it has no translation)."""
    return translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form the run's language uses for `count` (Catalan and Spanish
    count like English; French uses the singular for 0 and 1)."""
    return translations(current_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on what it names: "active" is *activo* for a hub
    but *vigente* for an agreement (docs/GLOSSARY.md)."""
    return translations(current_language()).pgettext(context, message)


def NP_(context: str, message: str) -> str:
    """Mark a text with its context for extraction; translate it with `pgettext` where shown."""
    return message


def N_(message: str) -> str:
    """Mark a module-level text for extraction; translate it with `_` where it is shown."""
    return message
