"""Check every external link of the built site: `make linkcheck` (needs the network; not in CI).

Usage: python tests/linkcheck_external.py [SITE_DIR]   (default: site/)

Collects the http(s) links of every HTML page, asks each host once per URL (HEAD, then GET
when HEAD is refused or fails), and prints a report: broken links first, with the pages
that carry them. Exits 1 when any link is broken. Only the standard library is used.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

TIMEOUT = 20
WORKERS = 8
USER_AGENT = "Mozilla/5.0 (compatible; minka-linkcheck/1)"


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site")
    if not site.is_dir():
        print(f"Error: {site}/ does not exist: build the site first (make site)", file=sys.stderr)
        return 1
    links = collect_links(site)
    print(f"checking {len(links)} external links from {site}/ ...", flush=True)
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip(links, pool.map(check_url, links), strict=False))
    broken = {url: why for url, (ok, why) in results.items() if not ok}
    for url, why in sorted(broken.items()):
        print(f"BROKEN {url}\n  {why}\n  on: {', '.join(sorted(links[url])[:5])}")
    for url, (ok, why) in sorted(results.items()):
        if ok:
            print(f"ok     {url} ({why})")
    print(f"{len(results) - len(broken)} ok, {len(broken)} broken")
    return 1 if broken else 0


def collect_links(site: Path) -> dict[str, set[str]]:
    """Return {external URL: pages that link to it}."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            found[url.split("#")[0]].add(page.relative_to(site).as_posix())
    return dict(found)


def check_url(url: str) -> tuple[bool, str]:
    """Return (works, status or reason): HEAD first, GET when HEAD does not say yes."""
    reason = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return True, f"{method} {response.status}"
        except urllib.error.HTTPError as exc:
            reason = f"{method} {exc.code} {exc.reason}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = f"{method} {getattr(exc, 'reason', exc)}"
    return False, reason


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and value.startswith(("http://", "https://")):
                self.urls.append(value)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
