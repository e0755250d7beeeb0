"""Keep the translation catalogues in step with the code and the indicator catalogue.

    python scripts/i18n.py extract   # write atlas/locales/messages.pot from the code and data
    python scripts/i18n.py update    # merge the template into each language's .po
    python scripts/i18n.py compile   # write the .mo files the app reads (run by setup.sh)
    python scripts/i18n.py check     # list missing, empty, fuzzy or stale messages; exit 1
    python scripts/i18n.py todo      # the untranslated or fuzzy messages, as JSON to fill in
    python scripts/i18n.py apply F   # write the translations of a JSON file (todo's shape)
    python scripts/i18n.py stats     # messages and completeness per language

Babel's own extractor reads `_`, `N_` and `ngettext` calls in the Python code. The indicator
catalogue (data/indicators.csv) is prose the Atlas shows (labels, units, descriptions, the
geographic unit, per-million notes), so its texts are extracted too, with the file and the
indicator as the location a translator sees. The template leaves out line numbers and dates,
so that moving code does not rewrite every catalogue. See docs/TRANSLATING.md.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from atlas.i18n import DOMAIN, LANGUAGES, LOCALES_DIR, SOURCE_LANGUAGE  # noqa: E402

CODE_DIRS = ("atlas", "components", "ui", "pages")
CODE_FILES = ("app.py",)
INDICATORS_CSV = ROOT / "data" / "indicators.csv"
# the indicator catalogue's prose columns; ids, flags and source ids are not shown as text
CATALOGUE_COLUMNS = ("label", "unit", "geo_unit", "description", "per_million_note")
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
COMMENT_TAGS = ("Translators:",)
# gettext's usual names plus NP_, which marks a text with its context (atlas/i18n.py)
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}
PROJECT = "City Science Diplomacy Atlas"
LINE_WIDTH = 99
HEADER = {
    "project": PROJECT,
    "version": "1",
    "fuzzy": False,
    "header_comment": f"# {PROJECT}: translations of the app's texts. See docs/TRANSLATING.md.",
    "msgid_bugs_address": "the Atlas team's issue tracker",
    "last_translator": "City Science Diplomacy Atlas team",
    "language_team": "City Science Diplomacy Atlas team",
}


@dataclass(frozen=True)
class Message:
    text: str | tuple[str, str]  # a plural message is (singular, plural)
    location: str
    comments: tuple[str, ...] = ()
    context: str | None = None  # pgettext's context (NP_): "hub status", "agreement status"


def code_messages(root: Path = ROOT) -> Iterator[Message]:
    """Messages marked in the Python code of the layers that show text."""
    for folder in CODE_DIRS:
        for filename, _lineno, text, comments, context in extract_from_dir(
            root / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            yield Message(_plain(text), f"{folder}/{filename}", tuple(comments), context)
    for name in CODE_FILES:
        from babel.messages.extract import extract_from_file

        for _lineno, text, comments, context in extract_from_file(
            "python",
            root / name,
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            yield Message(_plain(text), name, tuple(comments), context)


def _plain(text: str | tuple[str, ...]) -> str | tuple[str, str]:
    if isinstance(text, tuple):
        return (text[0], text[1])
    return text


def catalogue_messages(path: Path = INDICATORS_CSV) -> Iterator[Message]:
    """The indicator catalogue's prose, one message per distinct text."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for column in CATALOGUE_COLUMNS:
                text = (row.get(column) or "").strip()
                if text:
                    yield Message(
                        text,
                        f"data/indicators.csv:{row['indicator_id']}",
                        (f"indicators.csv, column {column}",),
                    )


def build_template(root: Path = ROOT) -> Catalog:
    catalogue = Catalog(charset="utf-8", **HEADER)
    for message in [*code_messages(root), *catalogue_messages(root / "data" / "indicators.csv")]:
        if not message.text or message.text == ("", ""):
            continue
        catalogue.add(
            message.text,
            None,
            locations=[(message.location, None)],
            auto_comments=message.comments,
            context=message.context,
        )
    return catalogue


def _po_bytes(catalogue: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(
        buffer,
        catalogue,
        width=LINE_WIDTH,
        sort_output=True,
        include_lineno=False,
        omit_header=False,
        ignore_obsolete=True,
    )
    return _without_dates(buffer.getvalue())


def _without_dates(data: bytes) -> bytes:
    """Drop the header lines that change on every run (creation and revision dates)."""
    kept = [
        line
        for line in data.splitlines(keepends=True)
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    ]
    return b"".join(kept)


def po_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translated_languages() -> list[str]:
    return [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def extract() -> Catalog:
    template = build_template()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(_po_bytes(template))
    return template


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update(template: Catalog | None = None) -> None:
    """Merge the template into each language: new texts arrive untranslated (or fuzzy when a
    close one existed), removed texts go."""
    template = template or read(TEMPLATE)
    for language in translated_languages():
        path = po_path(language)
        if path.exists():
            catalogue = read(path, language)
        else:
            catalogue = Catalog(locale=language, charset="utf-8", **HEADER)
        catalogue.update(template, update_header_comment=True)
        catalogue.fuzzy = False
        catalogue.last_translator = HEADER["last_translator"]
        catalogue.language_team = HEADER["language_team"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalogue))


def compile_all() -> list[Path]:
    written = []
    for language in translated_languages():
        source = po_path(language)
        if not source.exists():
            continue
        target = source.with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, read(source, language), use_fuzzy=False)
        written.append(target)
    return written


def problems(root: Path = ROOT) -> list[str]:
    """Everything that keeps the four languages from being complete and current."""
    found: list[str] = []
    expected = build_template(root)
    ids = {(m.id, m.context) for m in expected if m.id}
    template_path = root / "atlas" / "locales" / f"{DOMAIN}.pot"
    if not template_path.exists():
        return [
            f"{template_path.relative_to(root)} is missing: run `python scripts/i18n.py extract`"
        ]
    if template_path.read_bytes() != _po_bytes(expected):
        found.append(
            f"{template_path.relative_to(root)} is out of date with the code: run "
            "`python scripts/i18n.py extract` and `update`, then translate"
        )
    for language in translated_languages():
        path = root / "atlas" / "locales" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        name = path.relative_to(root)
        if not path.exists():
            found.append(f"{name} is missing: run `python scripts/i18n.py update`")
            continue
        catalogue = read(path, language)
        have = {(m.id, m.context) for m in catalogue if m.id}
        for missing, _context in sorted(ids - have, key=str):
            found.append(f"{name}: no entry for {_short(missing)}: run `update`")
        for extra, _context in sorted(have - ids, key=str):
            found.append(f"{name}: {_short(extra)} is no longer in the code: run `update`")
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                found.append(f"{name}: fuzzy translation of {_short(message.id)}")
            elif not all(s.strip() for s in strings):
                found.append(f"{name}: no translation for {_short(message.id)}")
            elif message.pluralizable and len(strings) != catalogue.num_plurals:
                # gettext shows the English plural for a form the entry lacks
                found.append(
                    f"{name}: {_short(message.id)} has {len(strings)} plural forms, the "
                    f"language has {catalogue.num_plurals}"
                )
        for message in catalogue:
            for problem in _field_mismatch(message):
                found.append(f"{name}: {_short(message.id)}: {problem}")
        for message, errors in catalogue.check():
            if all(str(path).startswith("data/") for path, _line in message.locations):
                continue  # data texts are never %-formatted; "% of GDP" only looks like it
            for error in errors:
                found.append(f"{name}: {_short(message.id)}: {error}")
    return found


def _fields(text: str) -> set[str]:
    """The `{name}` fields of a str.format message (a translation must keep every one)."""
    return {name for _literal, name, _spec, _conv in Formatter().parse(text) if name is not None}


def _field_mismatch(message: object) -> list[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if not message.id or not all(strings):
        return []
    wanted = set().union(*(_fields(i) for i in ids))
    out = []
    for string in strings:
        try:
            got = _fields(string)
        except ValueError as err:
            out.append(f"the translation is not a valid format string ({err})")
            continue
        if got != wanted:
            out.append(f"the translation's fields {sorted(got)} differ from {sorted(wanted)}")
    return out


def _short(message_id: str | tuple[str, ...]) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else message_id
    return repr(text if len(text) <= 60 else text[:57] + "...")


def todo() -> list[dict[str, object]]:
    """The messages some language still lacks (missing, empty or fuzzy), in the shape `apply`
    reads: ``{"id", "plural", "context", "where", "es", "ca", "fr"}`` with the current
    translations, so a translator fills in the blanks of one file instead of three catalogues.
    A plural entry lists every form the language's catalogue has (three for es, ca and fr in
    Babel's CLDR rules: one, many, other)."""
    catalogues = {code: read(po_path(code), code) for code in translated_languages()}
    entries: dict[object, dict[str, object]] = {}
    for catalogue in catalogues.values():
        for message in catalogue:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(s.strip() for s in strings):
                singular = message.id[0] if isinstance(message.id, tuple) else message.id
                plural = message.id[1] if isinstance(message.id, tuple) else None
                entries.setdefault(
                    (message.id, message.context),
                    {
                        "id": singular,
                        "plural": plural,
                        "context": message.context,
                        "where": sorted({path for path, _line in message.locations}),
                    },
                )
    for (message_id, context), entry in entries.items():
        for code, catalogue in catalogues.items():
            found = catalogue.get(message_id, context=context)
            string = found.string if found is not None and not found.fuzzy else ""
            entry[code] = list(string) if isinstance(string, tuple) else string
    return list(entries.values())


def apply(path: Path) -> int:
    """Write a JSON file of translations (todo's shape; "plural" entries take a list of forms)
    into the catalogues; returns how many translations were written. An entry whose message is
    no longer in a catalogue is reported, not added: `update` decides which messages exist."""
    import json

    entries = json.loads(path.read_text(encoding="utf-8"))
    written = 0
    for code in translated_languages():
        catalogue = read(po_path(code), code)
        for entry in entries:
            message_id = (entry["id"], entry["plural"]) if entry.get("plural") else entry["id"]
            text = entry.get(code)
            if not text:
                continue
            message = catalogue.get(message_id, context=entry.get("context"))
            if message is None:
                print(f"{code}: {_short(message_id)} is not in the catalogue (run extract, update)")
                continue
            if isinstance(text, list):
                # es, ca and fr have a third CLDR form, "many" (round millions), which these
                # languages write like "other": a list of two forms is completed with it
                forms = list(text) + [text[-1]] * (catalogue.num_plurals - len(text))
                message.string = tuple(forms[: catalogue.num_plurals])
            else:
                message.string = text
            message.flags.discard("fuzzy")
            message.previous_id = []
            written += 1
        po_path(code).write_bytes(_po_bytes(catalogue))
    return written


def stats() -> dict[str, tuple[int, int]]:
    """Per language: (translated, messages), counting fuzzy or empty ones as not translated."""
    out = {}
    for code in translated_languages():
        catalogue = read(po_path(code), code)
        total = done = 0
        for message in catalogue:
            if not message.id:
                continue
            total += 1
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            done += int(not message.fuzzy and all(s.strip() for s in strings))
        out[code] = (done, total)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command", choices=("extract", "update", "compile", "check", "todo", "apply", "stats")
    )
    parser.add_argument("file", nargs="?", type=Path, help="apply: the JSON file to write in")
    args = parser.parse_args(argv)
    if args.command == "extract":
        template = extract()
        print(f"wrote {TEMPLATE.relative_to(ROOT)}: {len(template)} messages")
    elif args.command == "update":
        update()
        print(
            "updated "
            + ", ".join(str(po_path(c).relative_to(ROOT)) for c in translated_languages())
        )
    elif args.command == "todo":
        import json

        print(json.dumps(todo(), ensure_ascii=False, indent=1))
    elif args.command == "apply":
        if args.file is None or not args.file.exists():
            parser.error("apply needs the JSON file of translations to write in")
        print(f"wrote {apply(args.file)} translations")
    elif args.command == "stats":
        for code, (done, total) in stats().items():
            print(f"{code}: {done} of {total} messages translated ({done / total:.1%})")
    elif args.command == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(ROOT)}")
    else:
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem{'s' if len(found) != 1 else ''} in the catalogues")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
