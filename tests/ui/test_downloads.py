"""Deferred downloads keep the language of the page they were offered on."""

from __future__ import annotations

import threading

from atlas.export import locale_note
from atlas.i18n import language
from ui.downloads import in_language


def test_a_deferred_file_is_built_in_the_page_language_in_any_thread():
    with language("fr"):
        build = in_language(lambda: locale_note().encode("utf-8"))
    out: list[bytes] = []
    worker = threading.Thread(target=lambda: out.append(build()))  # a thread starts in English
    worker.start()
    worker.join()
    assert out[0].decode("utf-8").startswith("Les nombres et les dates de ce fichier")
