"""Every page registered in app.py must have an AppTest in tests/pages/."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_registered_page_has_an_apptest():
    source = (REPO / "app.py").read_text(encoding="utf-8")
    pages = re.findall(r'st\.Page\(\s*"pages/(\w+)\.py"', source)
    assert pages, "no pages found in app.py"
    missing = [p for p in pages if not (REPO / "tests" / "pages" / f"test_{p}.py").exists()]
    assert not missing, f"pages without an AppTest in tests/pages/: {missing}"
