"""The theme's stylesheets and scripts as the site serves them: bundled and minified.

Every page loads one stylesheet, every source stylesheet in it (they are small, and a reader's
second page then needs none), and one script, the bundle of its kind of page: a page names its
kind in its front matter (`minka_script`), and pages that name none get the plain page's. The
files' names carry a hash of their content, so a browser never keeps an old one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

SOURCE = Path(__file__).parent / "theme" / "assets"
KEY = "minka_script"  # the front matter key naming a page's kind of script

# Every page has the header search box (search.js), the language switcher's fix and the
# factsheet's address (minka.js).
_COMMON = ("minka.js", "search.js")
SCRIPTS = {
    "page": _COMMON,
    "explore": (*_COMMON, "explore.js"),
    # practices and methodologies: "cite this", the exchange request, "suggest a correction"
    "record": (*_COMMON, "cite.js", "forms.js", "exchange.js", "page/correction.js"),
    "compare": (*_COMMON, "compare.js"),
    "propose": (*_COMMON, "forms.js", "page/propose.js"),
}
DEFAULT = "page"


@dataclass(frozen=True)
class Bundles:
    """What the site serves: its files, and which of them a page links."""

    files: dict[str, str]  # path under the site root -> text
    style: str  # path of the stylesheet
    scripts: dict[str, str]  # kind of page -> path of its script

    def settings(self) -> dict:
        """The theme's view of the bundles (mkdocs.yml `extra.minka_assets`, theme/main.html)."""
        return {"style": self.style, "scripts": dict(self.scripts), "default": DEFAULT}


def bundle_assets(source: Path = SOURCE) -> Bundles:
    """Bundle and minify the stylesheets of `source` into one, and its scripts per kind of page."""
    files: dict[str, str] = {}
    # In the order of their names, as they were linked one by one: later rules win ties.
    styles = [path.read_text(encoding="utf-8") for path in sorted(source.glob("*.css"))]
    style = _write(files, "minka", "css", rcssmin.cssmin("\n".join(styles)))
    scripts = {}
    for kind, names in SCRIPTS.items():
        # Each file is a script of its own: ";" ends a last statement left open, and the
        # minifier keeps each file's top-level code as it is.
        code = ";\n".join(
            rjsmin.jsmin((source / name).read_text(encoding="utf-8")) for name in names
        )
        scripts[kind] = _write(files, f"minka-{kind}", "js", code)
    return Bundles(files, style, scripts)


def source_files(source: Path = SOURCE) -> list[str]:
    """Paths under `source` of the files bundled: they are not served themselves."""
    return sorted(
        path.relative_to(source).as_posix()
        for path in source.rglob("*")
        if path.suffix in (".css", ".js")
    )


def _write(files: dict[str, str], name: str, suffix: str, text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    path = f"assets/{name}.{digest}.{suffix}"
    files[path] = text
    return path
