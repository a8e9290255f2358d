"""Nothing a reader opens asks anything of another host: no fonts, tiles, scripts or APIs."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest


@pytest.mark.parametrize(
    "path, action",
    [
        ("en/", None),
        ("es/practices/samer/", None),
        ("en/methodologies/my-coop/", None),
        ("es/explore/?q=cafe", ".minka-explore__list li"),
        ("en/compare/?ids=samer,apomipe", ".minka-compare__scroll table"),
    ],
)
def test_every_request_stays_on_the_site(page, base_url, path, action):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{base_url}/{path}")
    if action:
        page.wait_for_selector(action, timeout=15000)
    page.locator("#minka-search-q").fill("redes")
    page.wait_for_selector("#minka-search-results li", timeout=15000)
    here = urlparse(base_url).netloc
    outside = [
        u
        for u in requested
        if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != here
    ]
    assert outside == []
    assert page.console_errors == []
