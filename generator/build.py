"""Build the whole bilingual site: one MkDocs build per language, swapped in at the end.

Everything is built into a temporary folder beside the target; the previous
site is replaced only when every language built cleanly, so a failed build
leaves it as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.utils import yaml_load

from .models import LANGS
from .pipeline import read_project
from .render import labels


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = False,
               drafts: bool = False) -> Path:
    """Check the records, then build every language into `site_dir` (default: site/)."""
    root = config_file.parent
    read_project(root, include_drafts=drafts)  # fail before writing anything
    target = (site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".minka-build-", dir=target.parent))
    try:
        build_languages(config_file, staging, strict=strict, drafts=drafts)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def build_languages(config_file: Path, out: Path, strict: bool = False, drafts: bool = False,
                    serve_url: str | None = None) -> None:
    """Run MkDocs once per language into out/<lang>/ and write the root language chooser."""
    for lang in LANGS:
        config = language_config(config_file, lang, out / lang, strict=strict, drafts=drafts)
        mkdocs_build(config, serve_url=urljoin(serve_url, f"{lang}/") if serve_url else None)
    (out / "index.html").write_text(_chooser(), encoding="utf-8")


def language_config(config_file: Path, lang: str, site_dir: Path, strict: bool = False,
                    drafts: bool = False):
    """Load mkdocs.yml with the docs, output, theme language and URL of one language."""
    with open(config_file, encoding="utf-8") as f:
        raw = yaml_load(f)
    root = config_file.parent
    site_url = raw.get("site_url")
    plugins = [{"minka": {"drafts": drafts}} if _plugin_name(p) == "minka" else p
               for p in raw.get("plugins", [])]
    overrides = dict(
        docs_dir=str(root / "docs" / lang),
        site_dir=str(site_dir),
        theme={**raw["theme"], "language": lang},
        plugins=plugins,
        strict=strict,
    )
    if site_url:
        overrides["site_url"] = urljoin(site_url if site_url.endswith("/") else site_url + "/",
                                        f"{lang}/")
    config = load_config(str(config_file), **overrides)
    return config


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _swap(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def _chooser() -> str:
    """A root page that sends readers to their browser's language, with plain links too."""
    links = "\n".join(
        f'    <li><a href="{lang}/" hreflang="{lang}" lang="{lang}">'
        f'{labels(lang)["site_name"]} ({labels(lang)["language_names"][lang]})</a></li>'
        for lang in LANGS)
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Minka</title>
  <script>
    var lang = (navigator.languages || [navigator.language || "en"]).map(function (l) {{
      return l.slice(0, 2).toLowerCase();
    }}).filter(function (l) {{ return {list(LANGS)!r}.indexOf(l) >= 0; }})[0] || "en";
    location.replace(lang + "/");
  </script>
  <noscript><meta http-equiv="refresh" content="0; url=en/"></noscript>
</head>
<body>
  <ul>
{links}
  </ul>
</body>
</html>
"""
