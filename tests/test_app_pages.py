"""The page registry (ui/registry.py): every page has a script, an AppTest and one address."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from ui import registry

REPO = Path(__file__).resolve().parents[1]


def test_every_registered_page_has_an_apptest():
    pages = [spec.stem for spec in registry.PAGES]
    assert pages, "no pages in ui/registry.py"
    missing = [p for p in pages if not (REPO / "tests" / "pages" / f"test_{p}.py").exists()]
    assert not missing, f"pages without an AppTest in tests/pages/: {missing}"


def test_every_registered_page_has_its_script_and_a_unique_address():
    missing = [spec.path for spec in registry.PAGES if not (REPO / spec.path).is_file()]
    assert not missing, f"registered pages without a script: {missing}"
    addresses = [spec.url_path for spec in registry.PAGES]
    assert len(set(addresses)) == len(addresses), addresses
    assert [spec.default for spec in registry.PAGES].count(True) == 1


def test_every_page_script_is_registered():
    # a script in pages/ that the registry misses would be unreachable (st.navigation routes)
    scripts = {f"pages/{p.name}" for p in (REPO / "pages").glob("*.py") if p.stem != "__init__"}
    unregistered = scripts - {spec.path for spec in registry.PAGES}
    assert not unregistered, f"page scripts missing from ui/registry.py: {sorted(unregistered)}"


def test_sections_keep_the_registry_order_and_the_menu_keeps_the_same_page_objects():
    specs = (
        registry.PageSpec("pages/a.py", "A", ":material/map:", "a", "One", default=True),
        registry.PageSpec("pages/b.py", "B", ":material/map:", "b", "Two", in_menu=False),
        registry.PageSpec("pages/c.py", "C", ":material/map:", "c", "One"),
    )
    assert {k: [s.url_path for s in v] for k, v in registry.sections(specs).items()} == {
        "One": ["a", "c"],
        "Two": ["b"],
    }
    # st.Page needs a running app: stand-ins that, like Streamlit's pages, report an empty
    # url_path for the default page
    pages = {
        name: [SimpleNamespace(url_path="" if s.default else s.url_path) for s in group]
        for name, group in registry.sections(specs).items()
    }
    menu = registry.menu_pages(pages, specs)
    assert list(menu) == ["One"]
    assert menu["One"][0] is pages["One"][0] and menu["One"][1] is pages["One"][1]


def test_the_menu_lists_every_page_of_the_registry_in_menu():
    # the default page too (it was once dropped: Streamlit gives it the url_path "")
    pages = {
        name: [SimpleNamespace(url_path="" if s.default else s.url_path) for s in group]
        for name, group in registry.sections().items()
    }
    menu = registry.menu_pages(pages)
    listed = sum(len(group) for group in menu.values())
    assert listed == sum(spec.in_menu for spec in registry.PAGES)
    assert menu["Explore"][0].url_path == ""  # Overview, the default page, heads the menu
