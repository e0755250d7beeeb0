"""The translation catalogues: complete, current with the code, and checked the way CI does."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import i18n as tool  # noqa: E402  (scripts/i18n.py)

from atlas.i18n import LANGUAGES, SOURCE_LANGUAGE  # noqa: E402


def test_every_language_is_complete_and_current_with_the_code():
    """Fails when a message is missing, empty or fuzzy in any language, when a translation
    drops a {field}, or when the template no longer matches the code and data."""
    assert tool.problems() == []


def _tree(tmp_path: Path) -> Path:
    """A copy of the parts of the repository the catalogues are built from."""
    for folder in (*tool.CODE_DIRS, "atlas/locales"):
        shutil.copytree(
            ROOT / folder,
            tmp_path / folder,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    for name in tool.CODE_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "data").mkdir()
    shutil.copy(tool.INDICATORS_CSV, tmp_path / "data" / "indicators.csv")
    return tmp_path


def _edit(path: Path, language: str, change) -> None:
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    change(catalogue)
    with path.open("wb") as handle:
        write_po(handle, catalogue, include_lineno=False, sort_output=True)


def _po(tree: Path, language: str) -> Path:
    return tree / "atlas" / "locales" / language / "LC_MESSAGES" / "messages.po"


def test_new_code_text_makes_the_template_stale(tmp_path):
    tree = _tree(tmp_path)
    page = tree / "pages" / "overview.py"
    page.write_text(page.read_text() + '\n_("A sentence nobody translated")\n')
    found = tool.problems(tree)
    assert any("messages.pot is out of date" in line for line in found)
    assert any("no entry for 'A sentence nobody translated'" in line for line in found)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda c: setattr(c["Partner cities"], "string", ""),
            "no translation for 'Partner cities'",
        ),
        (lambda c: c["Partner cities"].flags.add("fuzzy"), "fuzzy translation of 'Partner cities'"),
    ],
)
def test_an_empty_or_fuzzy_translation_is_a_problem(tmp_path, change, expected):
    tree = _tree(tmp_path)
    _edit(_po(tree, "ca"), "ca", change)
    assert any(expected in line and "/ca/" in line for line in tool.problems(tree))


def test_a_translation_that_drops_a_field_is_a_problem(tmp_path):
    tree = _tree(tmp_path)
    key = next(
        m.id for m in tool.build_template(tree) if isinstance(m.id, str) and "{asked}" in m.id
    )

    def drop(catalogue):
        catalogue[key].string = "Langue inconnue ({known}) ; page en {shown}."

    _edit(_po(tree, "fr"), "fr", drop)
    assert any("fields" in line and "/fr/" in line for line in tool.problems(tree))


def test_the_template_lists_the_indicator_catalogue_prose():
    ids = {m.id for m in tool.build_template()}
    assert "Partner cities" in ids  # a label
    assert "inhabitants" in ids  # a unit
    assert "city proper" in ids  # a geographic unit


def test_every_translated_language_has_a_catalogue():
    assert set(tool.translated_languages()) == set(LANGUAGES) - {SOURCE_LANGUAGE}
    for language in tool.translated_languages():
        assert tool.po_path(language).exists()


def _a_plural(tree: Path) -> tuple[str, str]:
    return next(m.id for m in tool.build_template(tree) if isinstance(m.id, tuple))


def test_a_plural_missing_a_form_is_a_problem(tmp_path):
    """es, ca and fr have three plural forms; gettext shows English for a missing one."""
    tree = _tree(tmp_path)
    key = _a_plural(tree)

    def two_forms(catalogue):
        catalogue[key].string = tuple(catalogue[key].string)[:2]

    _edit(_po(tree, "es"), "es", two_forms)
    found = [line for line in tool.problems(tree) if "/es/" in line]
    # Babel writes the missing form as an empty msgstr[2], or the entry keeps two forms
    assert any("plural forms" in line or "no translation" in line for line in found), found


def test_apply_completes_a_two_form_plural_with_its_other_form(tmp_path, monkeypatch):
    tree = _tree(tmp_path)
    monkeypatch.setattr(tool, "LOCALES_DIR", tree / "atlas" / "locales")
    singular, plural = _a_plural(tree)
    entry = {"id": singular, "plural": plural, "context": None}
    entry.update({code: ["UNO {n}", "MUCHOS {n}"] for code in ("es", "ca", "fr")})
    source = tmp_path / "mine.json"
    source.write_text(__import__("json").dumps([entry]), encoding="utf-8")
    assert tool.apply(source) == 3
    written = tool.read(_po(tree, "fr"), "fr")[(singular, plural)]
    assert tuple(written.string) == ("UNO {n}", "MUCHOS {n}", "MUCHOS {n}")
