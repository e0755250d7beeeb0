"""Data and methods in real Chromium: sections draw, a good and a bad file go through upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_no_exception, screenshot, wait_until_idle

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
TABLE = '[data-testid="stDataFrame"]'
FILE_INPUT = '[data-testid="stFileUploader"] input[type="file"]'
FILE_NAME = '[data-testid="stFileChipName"]'


def _open(page, url: str) -> None:
    page.goto(url)
    wait_until_idle(page)


def _visible(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(state="visible", timeout=30000)


def _replace_file(page, path: Path) -> None:
    """Put `path` in the uploader in place of the file already there and wait until the app
    has read it.

    Replacing a file is two requests from the browser (delete the old file, upload the new)
    before the rerun. On a loaded CI machine one run out of many showed neither the new file
    nor its report after 30 s, so the test waits for the uploader to name the new file first
    and says which step did not happen, with the page's text, instead of a bare timeout.
    """
    page.locator(FILE_INPUT).set_input_files(str(path))
    chip = page.locator(FILE_NAME).filter(has_text=path.name)
    try:
        chip.first.wait_for(state="visible", timeout=30000)
    except Exception as error:
        text = page.locator('[data-testid="stMain"]').inner_text()
        raise AssertionError(
            f"the uploader never showed {path.name}; the page read:\n{text[:2000]}"
        ) from error
    wait_until_idle(page)


def test_sources_and_coverage_sections(page, app_url):
    _open(page, f"{app_url}/data_methods")
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("h1").first.inner_text().strip() == "Data and methods"
    page.locator(TABLE).first.wait_for(state="visible", timeout=30000)
    _visible(page, "sources. Every row of the Atlas names one of them")
    screenshot(page, "data_methods")

    # a shared link reopens the coverage section with the sidebar filter applied
    _open(page, f"{app_url}/data_methods?section=coverage&region=Oceania")
    assert_no_exception(page)
    _visible(page, "Latest year with a figure, by city")
    _visible(page, "cities (regions: Oceania)")
    page.locator(TABLE).nth(1).wait_for(state="visible", timeout=30000)
    screenshot(page, "data_methods_coverage")


def test_upload_good_then_bad_file(page, app_url):
    _open(page, f"{app_url}/data_methods?section=upload")
    assert_no_exception(page)
    page.locator(FILE_INPUT).set_input_files(str(FIXTURES / "new_city_gazetteer.csv"))
    wait_until_idle(page)
    assert_no_exception(page)
    _visible(page, "Validation report")
    _visible(page, "Not yet in the Atlas but found in the GeoNames gazetteer")
    # place Tartu (not in the Atlas) from the offline gazetteer, then add the data
    page.get_by_text("Place “Tartu” (EE) as Tartu (EE, pop. 91,407)").first.click()
    wait_until_idle(page)
    page.get_by_role("button", name="Add 4 values to the Atlas for this session").click()
    wait_until_idle(page)
    assert_no_exception(page)
    _visible(page, "Your data is in the Atlas for this browser session")
    _visible(page, "1 city placed from GeoNames: Tartu.")
    page.get_by_text("Indicators found").first.scroll_into_view_if_needed()
    screenshot(page, "data_methods_upload")

    _replace_file(page, FIXTURES / "document.pdf")
    assert_no_exception(page)
    _visible(page, "This is a PDF document, not a table.")
    screenshot(page, "data_methods_upload_refused")


def test_file_over_the_atlas_limit_is_refused_by_name(page, app_url):
    """The browser's uploader lets a 21 MB file through (its hard limit is higher), so the page
    itself can say which file was refused, its size, the limit and what to do."""
    _open(page, f"{app_url}/data_methods?section=upload")
    # the label gives the Atlas's limit; the box's own "50MB per file" is hidden
    _visible(page, "Your CSV or Excel file (up to 20 MB)")
    # the style that hides it is applied after the label is drawn: wait, then it stays hidden
    page.get_by_text("MB per file").first.wait_for(state="hidden", timeout=30000)
    row = b"Barcelona,Hubs,2024,3,Open data\n"
    data = b"city,indicator,year,value,source\n" + row * (21 * 1024 * 1024 // len(row) + 1)
    page.locator(FILE_INPUT).set_input_files(
        {"name": "city budget 2024.csv", "mimeType": "text/csv", "buffer": data}
    )
    wait_until_idle(page)
    assert_no_exception(page)
    _visible(page, f"“city budget 2024.csv” is 21.0 MB ({len(data):,} bytes); the limit is 20.0 MB")
    _visible(page, "Split it into smaller files")
    assert page.get_by_text("File must be").count() == 0
    assert page.get_by_text("Choose a file above").count() == 0
    screenshot(page, "data_methods_upload_too_large")
