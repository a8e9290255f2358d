"""Every page of the built site is valid HTML, as the Nu HTML Checker (vnu) reads it.

One JVM run checks the whole tree: both languages, the root page and the 404 pages. The
checker is installed by `make vnu` (a dependency of `make test`; called here too, so a plain
`pytest` installs it on first use). Material's own markup has three known errors; each is
let through by a narrow pattern of its message and element, never by page.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT

VNU_JAR = ROOT / ".venv/npm/node_modules/vnu-jar/build/dist/vnu.jar"

# name: (start of the message, start of the element it is about)
MATERIAL_ERRORS = {
    "Material's drawer and search toggles: autocomplete on a checkbox": (
        "Attribute “autocomplete” is only allowed when the input type is",
        re.compile(r'<input class="md-toggle" data-md-toggle="\w+" type="checkbox"'),
    ),
    "Material's table of contents title on pages out of the nav: label for=__toc": (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
        re.compile(r'<label class="md-nav__title" for="__toc">'),
    ),
    'Material\'s nav section labels: tabindex=""': (
        "Bad value “” for attribute “tabindex” on element “label”",
        re.compile(
            r'<label class="md-nav__link" for="__nav_[\d_]+" id="__nav_[\d_]+_label" '
            r'tabindex="">'
        ),
    ),
}


def test_every_page_is_valid_html(built_site):
    subprocess.run(["make", "-s", "vnu"], cwd=ROOT, check=True, timeout=300)
    pages = list(built_site.rglob("*.html"))
    assert {"index.html", "en/404.html", "es/404.html", "en/index.html", "es/index.html"} <= {
        p.relative_to(built_site).as_posix() for p in pages
    }
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--skip-non-html",
            str(built_site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stdout.startswith("{"), result.stderr  # the checker ran
    messages = json.loads(result.stdout)["messages"]
    errors = [_where(built_site, m) for m in messages if not _known(m)]
    assert errors == []


def _known(message: dict) -> str | None:
    """Return the name of the Material error `message` is, or None for one of our own."""
    if message.get("type") != "error":
        return None  # a file vnu could not read ("non-document-error") fails the test too
    start = message.get("hiliteStart", 0)
    element = message.get("extract", "")[start : start + message.get("hiliteLength", 0)]
    for name, (text, pattern) in MATERIAL_ERRORS.items():
        if message["message"].startswith(text) and pattern.search(element):
            return name
    return None


def _where(site: Path, message: dict) -> str:
    path = Path(message.get("url", "").removeprefix("file:"))
    here = path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path)
    return f"{here}:{message.get('lastLine', '?')}: {message['message']}"
