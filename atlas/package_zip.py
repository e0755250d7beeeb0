"""The whole data package as one zip, built in memory from the files the Atlas loaded.

A journalist or researcher should be able to take everything away in one click and open it in
any Frictionless tool, so the zip holds datapackage.json with every resource it lists, plus the
README that explains units and caveats. Nothing is written to disk. Member dates come from the
data's own date, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DESCRIPTOR = "datapackage.json"
EXTRA_FILES = ("README.md", "BUILD_REPORT.md")
_EARLIEST_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """The data folder does not hold a complete package; `message` says which file is wrong."""


@dataclass(frozen=True)
class PackageZip:
    """Zip bytes plus what they contain, so the page can say it before the download."""

    data: bytes
    folder: str
    members: tuple[str, ...]


def _safe_member(path: str) -> str:
    """A resource path as a member name, refusing anything that could point outside the folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or not pure.parts:
        raise PackageError(f"datapackage.json lists a resource path outside the data: {path!r}")
    return str(pure)


def package_contents(data_dir: str | Path) -> list[tuple[str, str, str]]:
    """(file, title, description) of every resource datapackage.json lists, checked to exist.

    Lets the page say what the zip holds, and refuse early, without building the zip.
    """
    folder = Path(data_dir)
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"{DESCRIPTOR} could not be read from the data folder: {exc}") from exc
    out = []
    for resource in descriptor.get("resources", []):
        member = _safe_member(str(resource.get("path", "")))
        if not (folder / member).is_file():
            raise PackageError(f"{member} is listed in {DESCRIPTOR} but is missing")
        out.append((member, str(resource.get("title", "")), str(resource.get("description", ""))))
    return out


def _zip_date(as_of: str | None) -> tuple[int, int, int, int, int, int]:
    try:
        year, month, day = (int(part) for part in str(as_of).split("-")[:3])
        return (max(year, 1980), month, day, 0, 0, 0)
    except (TypeError, ValueError):
        return _EARLIEST_ZIP_DATE


def build_package_zip(data_dir: str | Path) -> PackageZip:
    """Zip datapackage.json, every resource it lists and the README from `data_dir`.

    Members sit in one folder named after the package and its date, so unzipping never spills
    files into the user's current folder.
    """
    folder = Path(data_dir)
    try:
        descriptor_bytes = (folder / DESCRIPTOR).read_bytes()
        descriptor = json.loads(descriptor_bytes.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise PackageError(f"{DESCRIPTOR} could not be read from the data folder: {exc}") from exc
    as_of = descriptor.get("data_as_of") or descriptor.get("version")
    name = str(descriptor.get("name") or "atlas-data")
    top = f"{name}-{as_of}" if as_of else name
    files: list[tuple[str, bytes]] = [(DESCRIPTOR, descriptor_bytes)]
    for resource in descriptor.get("resources", []):
        member = _safe_member(str(resource.get("path", "")))
        try:
            files.append((member, (folder / member).read_bytes()))
        except OSError as exc:
            raise PackageError(
                f"{member} is listed in {DESCRIPTOR} but could not be read: {exc}"
            ) from exc
    for extra in EXTRA_FILES:
        path = folder / extra
        if path.is_file():
            files.append((extra, path.read_bytes()))
    stamp = _zip_date(as_of)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files:
            info = zipfile.ZipInfo(f"{top}/{member}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return PackageZip(out.getvalue(), top, tuple(member for member, _ in files))
