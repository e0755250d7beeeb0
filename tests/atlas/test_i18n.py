"""Which language a visitor gets, and how messages are looked up in it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from atlas import i18n


@pytest.mark.parametrize(
    ("link", "browser", "expected", "source"),
    [
        ("ca", "en-US", "ca", "link"),
        ("fr-CA", None, "fr", "link"),
        ("ES", "fr-FR", "es", "link"),
        (None, "fr-FR", "fr", "browser"),
        (None, "ca_ES", "ca", "browser"),
        (None, "de-DE", "en", "default"),
        (None, None, "en", "default"),
        ("", "es", "es", "browser"),
    ],
)
def test_the_link_comes_first_then_the_browser_then_english(link, browser, expected, source):
    choice = i18n.choose_language(link, browser)
    assert (choice.language, choice.source, choice.note) == (expected, source, None)


def test_an_unknown_language_in_the_link_is_a_note_not_an_error():
    choice = i18n.choose_language("xx", "fr-FR")
    assert choice.language == "fr"
    assert choice.note is not None
    assert "xx" in choice.note and "Català" in choice.note


def _catalogue(tmp_path: Path, language: str, entries: dict) -> Path:
    catalogue = Catalog(locale=language)
    for message_id, string in entries.items():
        catalogue.add(message_id, string)
    folder = tmp_path / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    path = folder / "messages.po"
    with path.open("wb") as handle:
        write_po(handle, catalogue)
    return path


@pytest.fixture
def locales(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.translations.cache_clear()
    yield tmp_path
    i18n.translations.cache_clear()


def test_a_catalogue_is_read_from_its_po_when_no_compiled_file_exists(locales):
    _catalogue(locales, "ca", {"Partner cities": "Ciutats sòcies"})
    with i18n.language("ca"):
        assert i18n._("Partner cities") == "Ciutats sòcies"
        assert i18n._("Not translated yet") == "Not translated yet"
    assert i18n._("Partner cities") == "Partner cities"  # back to English after the block


def test_a_stale_compiled_file_does_not_hide_a_newer_po(locales):
    import os

    po = _catalogue(locales, "fr", {"hubs": "pôles"})
    mo = po.with_suffix(".mo")
    mo.write_bytes(b"not a catalogue")  # would fail to parse if it were read
    os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    assert i18n.translations("fr").gettext("hubs") == "pôles"


def test_plural_forms_follow_the_language(locales):
    catalogue = Catalog(locale="fr")
    catalogue.add(("{n} hub", "{n} hubs"), ("{n} pôle", "{n} pôles", "{n} pôles"))
    folder = locales / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalogue)
    with i18n.language("fr"):
        # French, unlike English, takes the singular for zero
        assert i18n.ngettext("{n} hub", "{n} hubs", 0) == "{n} pôle"
        assert i18n.ngettext("{n} hub", "{n} hubs", 2) == "{n} pôles"
    assert i18n.ngettext("{n} hub", "{n} hubs", 0) == "{n} hubs"


def test_each_run_thread_keeps_its_own_language():
    seen = {}

    def run(code: str) -> None:
        i18n.use_language(code)
        barrier.wait()
        seen[code] = i18n.current_language()

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=run, args=(c,)) for c in ("es", "fr")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"es": "es", "fr": "fr"}
    assert i18n.current_language() == "en"


def test_an_unknown_language_is_used_as_english():
    with i18n.language("xx"):
        assert i18n.current_language() == "en"
