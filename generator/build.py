"""Build the whole bilingual site: one MkDocs build per language, swapped in at the end.

Everything is built into a temporary folder beside the target; the previous
site is replaced only when every language built cleanly, so a failed build
leaves it as it was.
"""

from __future__ import annotations

import gc
import multiprocessing
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.utils import yaml_load

from .correction import check_settings
from .languages import LANGS
from .parallel import collector_paused, cpus
from .pipeline import forget_files, read_project
from .present import labels
from .site import similar_lists


def build_site(
    config_file: Path,
    site_dir: Path | None = None,
    strict: bool = False,
    drafts: bool = False,
    site_url: str | None = None,
) -> Path:
    """Check the records, then build every language into `site_dir` (default: site/).

    `site_url`, the address the site will be published at, overrides mkdocs.yml's."""
    root = config_file.parent
    check_settings(config_file)
    # The records are checked before anything is written. What reading them makes lasts the
    # whole build: frozen before the collector runs again, it is never walked (a young
    # collection of the million objects the reading made cost 0.3 s at 1,000 records, twice
    # before the languages started). The reading's cyclic garbage stays with it: some 60,000
    # objects at 1,000 records, 7 MB of the largest process's 560.
    with collector_paused():
        read_project(root, include_drafts=drafts, fork=True)
        gc.freeze()
    try:
        target = (site_dir or root / "site").resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".minka-build-", dir=target.parent))
        try:
            build_languages(config_file, staging, strict=strict, drafts=drafts, site_url=site_url)
            _swap(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        gc.unfreeze()
    return target


def build_languages(
    config_file: Path,
    out: Path,
    strict: bool = False,
    drafts: bool = False,
    serve_url: str | None = None,
    site_url: str | None = None,
) -> None:
    """Run MkDocs once per language into out/<lang>/ and write the root language chooser.

    With more than one CPU, and outside `minka serve` (whose server threads make forking
    unsafe), the languages build at once in forked processes: the records are read and the
    similar-records lists computed first, here (on every CPU too), so each process inherits them.
    """
    jobs = [(config_file, lang, out / lang, strict, drafts, serve_url, site_url) for lang in LANGS]
    if serve_url is None and cpus() > 1:
        root = config_file.parent
        with collector_paused():
            catalog = read_project(root, include_drafts=drafts, fork=True)
            similar_lists(root, catalog, drafts, fork=True)
            forget_files()
            # What the language processes inherit lives as long as they do: frozen, the
            # collector leaves it alone in each of them, and its pages stay shared (a
            # collection writes to every object it visits, so each process would copy them).
            gc.freeze()
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=len(jobs), mp_context=context) as pool:
                for done in [pool.submit(_build_in_child, *job) for job in jobs]:
                    done.result()  # re-raises a language's error here, as a serial build would
        finally:
            gc.unfreeze()
    else:
        for job in jobs:
            build_language(*job)
    write_chooser(out)


def write_chooser(out: Path) -> None:
    """Write the root page that sends readers to their language."""
    (out / "index.html").write_text(_chooser(), encoding="utf-8")


def build_language(
    config_file: Path,
    lang: str,
    site_dir: Path,
    strict: bool = False,
    drafts: bool = False,
    serve_url: str | None = None,
    site_url: str | None = None,
):
    """Build one language; return its MkDocs config (its Minka plugin keeps the build's state)."""
    config = language_config(
        config_file,
        lang,
        site_dir,
        strict=strict,
        drafts=drafts,
        site_url=site_url,
        serving=serve_url is not None,
    )
    try:
        mkdocs_build(config, serve_url=urljoin(serve_url, f"{lang}/") if serve_url else None)
    finally:
        # MkDocs calls no event when interrupted (Ctrl+C): the plugin's scratch folder,
        # which may be in memory (pagefind.source_folder), goes here.
        plugin = config.plugins.get("minka")
        if plugin is not None:  # a project whose mkdocs.yml leaves it out builds as plain MkDocs
            plugin.drop_pagefind_source()
    return config


def _build_in_child(*job) -> None:
    build_language(*job)  # the config stays in the child: it cannot be pickled


def language_config(
    config_file: Path,
    lang: str,
    site_dir: Path,
    strict: bool = False,
    drafts: bool = False,
    site_url: str | None = None,
    serving: bool = False,
):
    """Load mkdocs.yml with the docs, output, theme language and URL of one language.

    The language's URL is <site_url>/<lang>/, from `site_url` or else mkdocs.yml; `serving`
    tells the Minka plugin that `minka serve` will update pages from this build's state."""
    with open(config_file, encoding="utf-8") as f:
        raw = yaml_load(f)
    root = config_file.parent
    site_url = site_url or raw.get("site_url")
    plugins = [
        {"minka": {"drafts": drafts, "serving": serving}} if entry_name(p) == "minka" else p
        for p in raw.get("plugins", [])
    ]
    overrides = {
        "docs_dir": str(root / "docs" / lang),
        "site_dir": str(site_dir),
        "theme": {**raw["theme"], "language": lang},
        "plugins": plugins,
        "strict": strict,
    }
    if site_url:
        overrides["site_url"] = urljoin(
            site_url if site_url.endswith("/") else site_url + "/", f"{lang}/"
        )
    config = load_config(str(config_file), **overrides)
    return config


def entry_name(entry) -> str:
    """The name of a plugin or extension entry of mkdocs.yml: 'toc' or {'toc': {...}}."""
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
        f"{labels(lang)['site_name']} ({labels(lang)['language_names'][lang]})</a></li>"
        for lang in LANGS
    )
    return f"""<!doctype html>
<html lang="{LANGS[0]}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Minka</title>
  <script>
    var lang = (navigator.languages || [navigator.language || "{LANGS[0]}"]).map(function (l) {{
      return l.slice(0, 2).toLowerCase();
    }}).filter(function (l) {{ return {list(LANGS)!r}.indexOf(l) >= 0; }})[0] || "{LANGS[0]}";
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
