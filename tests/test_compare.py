"""The compare page: practices and methodologies side by side, and the Chorlaví typology table.

The records and what they say come from the catalog; the row names are the generator's labels.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT
from pages import LANGS
from test_languages import foreign_words, names_in

from generator.compare import METHODOLOGY, PRACTICE, ROWS
from generator.pipeline import read_project
from generator.present import labels
from generator.text import plain_text

CATALOG = read_project(ROOT)


def _most_applied() -> list:
    """The methodologies, the most applied first (then the most modules, then by id)."""
    return sorted(
        CATALOG.methodologies.values(),
        key=lambda m: (-len(CATALOG.uses.get(m.id, [])), -len(m.modules), m.id),
    )


def _cases_with_typology() -> list[dict]:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "cases").glob("*.yaml")]
    return [c for c in cases if c.get("typology")]


def test_typology_table_is_built_from_the_records(built_site):
    expected = _cases_with_typology()
    assert expected
    for lang in ("en", "es"):
        html = (built_site / lang / "compare/index.html").read_text(encoding="utf-8")
        table = html[html.index('class="minka-typology"') :]
        table = table[: table.index("</table>")]
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
    assert rows["Cifras clave"] and all(
        re.search(r"\(\d{4}|\(año no indicado\)", v) for v in rows["Cifras clave"]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_each_methodology_has_its_comparison_file(built_site, lang):
    L, names = labels(lang), names_in(ROOT)
    for method in CATALOG.methodologies.values():
        data = json.loads((built_site / lang / f"compare/{method.id}.json").read_text("utf-8"))
        assert (data["kind"], data["url"]) == (METHODOLOGY, f"../methodologies/{method.id}/")
        assert [r["row"] for r in data["rows"]] == [n for n, kinds in ROWS if METHODOLOGY in kinds]
        assert all(r["label"] == L["compare_rows"][r["row"]] for r in data["rows"])
        rows = {r["row"]: r["values"] for r in data["rows"]}
        orgs = CATALOG.vocab.organizations
        assert rows["owner"] == [orgs[o].name.get(lang) for o in method.owner]
        assert rows["year"] == ([str(method.year)] if method.year else [])
        assert rows["licence"] == ([method.licence] if method.licence else [])
        assert rows["modules"] == [plain_text(m.title.get(lang)) for m in method.modules]
        # One line per practice whose record names the methodology, with the modules it names.
        uses = CATALOG.uses.get(method.id, [])
        cases = {u.case for u in uses}
        assert len(rows["applied_in"]) == len(cases)
        for case_id in cases:
            title = plain_text(CATALOG.cases[case_id].title.get(lang))
            line = next(v for v in rows["applied_in"] if v.startswith(title + " ("))
            for u in uses:
                if u.case == case_id and u.module:
                    module = next(m for m in method.modules if m.id == u.module)
                    assert plain_text(module.title.get(lang)) in line
        shown = " ".join(v for values in rows.values() for v in values)
        assert foreign_words(shown, lang, names) == [], method.id


def _columns(page) -> list[str]:
    page.wait_for_selector(".minka-compare__scroll table")
    return page.locator(".minka-compare__scroll table thead th a").all_inner_texts()


def test_choose_practices_share_the_url_and_restore_it(page, base_url):
    page.goto(f"{base_url}/en/compare/")
    page.locator('input[name="ids"][value="samer"]').check()
    # One alone is shown, with a word on choosing another to set beside it.
    assert len(_columns(page)) == 1
    assert page.locator(".minka-compare__status").inner_text() == labels("en")["compare_one"]
    page.locator('input[name="ids"][value="apomipe"]').check()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll thead th').length == 2"
    )
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
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll table thead th').length == 4"
    )
    assert page.locator('input[name="ids"][value="ser"]').is_disabled()
    page.locator(".minka-compare__remove").first.click()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll table thead th').length == 3"
    )
    assert not page.locator('input[name="ids"][value="ser"]').is_disabled()
    assert page.console_errors == []


def test_list_filter_ignores_accents(page, base_url):
    page.goto(f"{base_url}/es/compare/")
    page.locator(".minka-compare__filter input").fill("narino")
    visible = page.locator(".minka-compare__choices li:visible")
    assert visible.count() == 1 and "SAMER" in visible.inner_text()


def _rows_shown(page) -> list[str]:
    return page.locator(".minka-compare__scroll tbody th[scope=row]").all_inner_texts()


def _rows_filled(built_site, lang: str, ids: list[str]) -> list[str]:
    """The row names a comparison of `ids` shows: every row one of them fills, in ROWS order."""
    records = [
        json.loads((built_site / lang / f"compare/{i}.json").read_text("utf-8")) for i in ids
    ]
    filled = {r["row"] for rec in records for r in rec["rows"] if r["values"]}
    return [labels(lang)["compare_rows"][n] for n, _ in ROWS if n in filled]


@pytest.mark.parametrize("lang", LANGS)
def test_a_methodology_page_opens_the_comparison_with_it_chosen(page, base_url, built_site, lang):
    L = labels(lang)
    first, second = _most_applied()[:2]
    page.goto(f"{base_url}/{lang}/methodologies/{first.id}/")
    page.locator("nav.minka-actions a", has_text=L["action_compare"]).click()
    page.wait_for_url(re.compile(rf"/compare/\?ids={re.escape(first.id)}$"))
    chosen = page.locator('.minka-compare__choices input[name="ids"]:checked')
    assert [b.get_attribute("value") for b in chosen.all()] == [first.id]
    # The methodology is shown alone, with its own rows, before a second is chosen.
    assert _columns(page) == [plain_text(first.title.get(lang))]
    assert page.locator(".minka-compare__status").inner_text() == L["compare_one"]
    assert _rows_shown(page) == _rows_filled(built_site, lang, [first.id])
    modules = page.locator(
        ".minka-compare__scroll tbody tr", has_text=L["compare_rows"]["modules"]
    ).inner_text()
    assert all(plain_text(m.title.get(lang)) in modules for m in first.modules)
    # A second methodology: two columns of the same kind, no groups, nothing "not applicable".
    page.locator(f'input[name="ids"][value="{second.id}"]').check()
    page.wait_for_function(
        "document.querySelectorAll('.minka-compare__scroll thead th').length == 2"
    )
    assert sorted(_columns(page)) == sorted(plain_text(m.title.get(lang)) for m in (first, second))
    assert _rows_shown(page) == _rows_filled(built_site, lang, [first.id, second.id])
    assert (
        page.locator(".minka-compare__group-row, .minka-compare__na, .minka-compare__note").count()
        == 0
    )
    assert re.search(rf"\?ids=({first.id},{second.id}|{second.id},{first.id})$", page.url)
    assert page.console_errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_practice_beside_a_methodology_groups_the_rows_each_kind_has(
    page, base_url, built_site, lang
):
    L, rows = labels(lang), labels(lang)["compare_rows"]
    method = _most_applied()[0]
    case = CATALOG.cases[CATALOG.uses[method.id][0].case]  # a practice that applied it
    page.goto(f"{base_url}/{lang}/compare/?ids={method.id},{case.id}")
    page.wait_for_selector(".minka-compare__scroll table")
    # Practices come first, each column says what kind of record it is.
    assert _columns(page) == [plain_text(r.title.get(lang)) for r in (case, method)]
    assert page.locator(".minka-compare__kind").all_inner_texts() == [
        L["practice"],
        L["methodology"],
    ]
    assert page.locator(".minka-compare__note").inner_text() == L["compare_mixed_note"]
    assert page.locator(".minka-compare__group-row").all_inner_texts() == [
        L["compare_group_shared"],
        L["compare_group_practice"],
        L["compare_group_methodology"],
    ]
    shown = _rows_shown(page)
    assert sorted(shown) == sorted(_rows_filled(built_site, lang, [case.id, method.id]))
    kinds = dict(ROWS)
    shared = [rows[n] for n, k in ROWS if len(k) > 1]
    order = [0 if r in shared else 1 if PRACTICE in kinds[_row(rows, r)] else 2 for r in shown]
    assert order == sorted(order)
    # A row the record's kind lacks says so; the two records name each other.
    for tr in page.locator(".minka-compare__scroll tbody tr:not(.minka-compare__group-row)").all():
        cells = tr.locator("td").all_inner_texts()
        own = kinds[_row(rows, tr.locator("th").inner_text())]
        for kind, cell in zip((PRACTICE, METHODOLOGY), cells, strict=True):
            assert (cell == L["compare_not_applicable"]) == (kind not in own)
    used = page.locator(
        ".minka-compare__scroll tbody tr", has_text=rows["methodologies_used"]
    ).inner_text()
    assert plain_text(method.title.get(lang)) in used
    applied = page.locator(
        ".minka-compare__scroll tbody tr", has_text=rows["applied_in"]
    ).inner_text()
    assert plain_text(case.title.get(lang)) in applied
    # Everything the comparison says is in the page's language.
    text = page.locator(".minka-compare").inner_text()
    assert foreign_words(text, lang, names_in(ROOT)) == []
    assert page.console_errors == []


def _row(labels_by_row: dict, label: str) -> str:
    return next(n for n, text in labels_by_row.items() if text == label)
