"""The compare page: practices side by side, and the Chorlaví typology table."""

from __future__ import annotations

import json
import re

import yaml

from conftest import ROOT


def _cases_with_typology() -> list[dict]:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "cases").glob("*.yaml")]
    return [c for c in cases if c.get("typology")]


def test_typology_table_is_built_from_the_records(built_site):
    expected = _cases_with_typology()
    assert expected
    for lang in ("en", "es"):
        html = (built_site / lang / "compare/index.html").read_text(encoding="utf-8")
        table = html[html.index('class="minka-typology"'):]
        table = table[:table.index("</table>")]
        rows = re.findall(r'<a href="../practices/([a-z0-9-]+)/">', table)
        assert sorted(rows) == sorted(c["id"] for c in expected)
        acopagro = next(c for c in expected if c["id"] == "acopagro")
        assert acopagro["typology"]["products"][lang].rstrip(".") in table
        for factor in acopagro["typology"]["kick_off"]:
            assert f"<li>{factor[lang]}</li>" in table


def test_each_practice_has_its_comparison_file(built_site):
    data = json.loads((built_site / "es/compare/samer.json").read_text(encoding="utf-8"))
    rows = {r["label"]: r["values"] for r in data["rows"]}
    assert data["url"] == "../practices/samer/"
    assert rows["Países"] == ["Colombia"]
    assert any("Café" in v for v in rows["Cadenas de valor"])
    assert rows["Cifras clave"] and all(re.search(r"\(\d{4}|\(año no indicado\)", v)
                                        for v in rows["Cifras clave"])


def _columns(page) -> list[str]:
    page.wait_for_selector(".minka-compare__scroll table")
    return page.locator(".minka-compare__scroll table thead th a").all_inner_texts()


def test_choose_practices_share_the_url_and_restore_it(page, base_url):
    page.goto(f"{base_url}/en/compare/")
    page.locator('input[name="ids"][value="samer"]').check()
    assert "at least two" in page.locator(".minka-compare__status").inner_text()
    page.locator('input[name="ids"][value="apomipe"]').check()
    columns = _columns(page)
    assert len(columns) == 2 and any("SAMER" in c for c in columns)
    assert re.search(r"\?ids=samer,apomipe$|\?ids=apomipe,samer$", page.url)
    rows = page.locator(".minka-compare__scroll table tbody th").all_inner_texts()
    assert rows[:2] == ["Countries", "Period"] and "Key figures" in rows
    # The shared URL restores the same comparison, in the other language too.
    page.goto(page.url.replace("/en/", "/es/"))
    assert len(_columns(page)) == 2
    assert page.locator('input[name="ids"][value="samer"]').is_checked()
    assert page.locator(".minka-compare__scroll table tbody th").first.inner_text() == "Países"
    # At four, the others are disabled; removing one frees them.
    for pid in ("acopagro", "ammucale"):
        page.locator(f'input[name="ids"][value="{pid}"]').check()
    page.wait_for_function("document.querySelectorAll('.minka-compare__scroll table thead th').length == 4")
    assert page.locator('input[name="ids"][value="ser"]').is_disabled()
    page.locator(".minka-compare__remove").first.click()
    page.wait_for_function("document.querySelectorAll('.minka-compare__scroll table thead th').length == 3")
    assert not page.locator('input[name="ids"][value="ser"]').is_disabled()
    assert page.console_errors == []


def test_list_filter_ignores_accents(page, base_url):
    page.goto(f"{base_url}/es/compare/")
    page.locator(".minka-compare__filter input").fill("narino")
    visible = page.locator(".minka-compare__choices li:visible")
    assert visible.count() == 1 and "SAMER" in visible.inner_text()
