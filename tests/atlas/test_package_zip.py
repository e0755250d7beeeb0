"""The one-click data package: datapackage.json, every CSV it lists, the README; in memory."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import frictionless
import pytest

from atlas.package_zip import PackageError, build_package_zip, package_contents

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def package():
    return build_package_zip(DATA)


def test_zip_holds_descriptor_every_csv_and_readme(package):
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        names = archive.namelist()
        top = package.folder
        assert all(n.startswith(f"{top}/") for n in names)
        inside = {n.split("/", 1)[1] for n in names}
        assert {p.name for p in DATA.glob("*.csv")} <= inside
        assert {"datapackage.json", "README.md"} <= inside
        for name in inside:
            assert archive.read(f"{top}/{name}") == (DATA / name).read_bytes()
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert top == f"{descriptor['name']}-{descriptor['data_as_of']}"
    assert package.members[0] == "datapackage.json"


def test_zip_is_deterministic(package):
    assert build_package_zip(DATA).data == package.data


def test_unzipped_package_is_valid_frictionless(package, tmp_path):
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / package.folder / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "message"])


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_missing_resource_names_the_file(tmp_path):
    folder = _copy(tmp_path)
    (folder / "hubs.csv").unlink()
    with pytest.raises(PackageError, match=r"hubs\.csv is listed in datapackage\.json"):
        build_package_zip(folder)


@pytest.mark.parametrize("path", ["../secret.csv", "/etc/passwd", "a\\..\\b.csv"])
def test_paths_outside_the_folder_are_refused(tmp_path, path):
    folder = _copy(tmp_path)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["path"] = path
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(PackageError, match="outside the data"):
        build_package_zip(folder)


def test_missing_descriptor(tmp_path):
    with pytest.raises(PackageError, match=r"datapackage\.json could not be read"):
        build_package_zip(tmp_path)


def test_contents_lists_resources_with_titles():
    contents = package_contents(DATA)
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert [c[0] for c in contents] == [r["path"] for r in descriptor["resources"]]
    assert dict((c[0], c[1]) for c in contents)["values.csv"] == "Values"


def test_contents_refuses_a_missing_file(tmp_path):
    folder = _copy(tmp_path)
    (folder / "values.csv").unlink()
    with pytest.raises(PackageError, match=r"values\.csv is listed in datapackage\.json but is"):
        package_contents(folder)
