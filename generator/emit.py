"""Write each language as a plain MkDocs project that builds without the minka plugin.

Material for MkDocs is past its maintenance window and MkDocs 1.x is unmaintained: any
engine that reads mkdocs.yml must be able to take Minka's pages. Each language becomes
<out>/<lang>/: mkdocs.yml (the plugin's settings written out, the plugin left out), docs/
(the hand-written pages, the generated ones, the data files and JSON Schemas) and
overrides/ (Minka's theme). `mkdocs build` then builds it; `minka pagefind <site>` indexes
the result for the browser search.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from mkdocs.utils import yaml_load

from .build import entry_name, language_config
from .compare import TYPOLOGY
from .correction import contribute_settings
from .exchange import OPEN_PAGE
from .languages import LANGS
from .pipeline import read_project
from .plugin import THEME_DIR
from .present import unwrap_raw
from .schema import export_schemas
from .site import build_site
from .views import later_pages

# Generated pages outside the nav (records, their factsheets, hubs): listed so that MkDocs
# does not report each one. Patterns as in .gitignore: a folder covers all below it.
NOT_IN_NAV = "\n".join(
    [
        *(
            f"/{folder}/"
            for folder in (
                "practices",
                "methodologies",
                "countries",
                "themes",
                "value-chains",
                "populations",
                "sdgs",
                "organizations",
            )
        ),
        f"/{TYPOLOGY}",  # linked from the compare page
        f"/{later_pages(OPEN_PAGE)}",  # the list's later pages (the others are in folders above)
    ]
)


def emit_projects(
    config_file: Path, out: Path, drafts: bool = False, site_url: str | None = None
) -> list[Path]:
    """Write one plain MkDocs project per language under `out`; return their mkdocs.yml."""
    root = config_file.parent
    catalog = read_project(root, include_drafts=drafts, fork=True)  # fail before writing anything
    written = []
    for lang in LANGS:
        project = out / lang
        if project.exists():
            shutil.rmtree(project)
        config = language_config(
            config_file, lang, project / "site", drafts=drafts, site_url=site_url
        )
        plugin = config.plugins["minka"]
        config = plugin.on_config(config)  # the settings the plugin adds, its bundles too
        site = build_site(
            root,
            catalog,
            lang,
            config.site_url or None,
            config.site_author,
            drafts=drafts,
            contribute=contribute_settings(config),
        )
        shutil.copytree(root / "docs" / lang, project / "docs")
        # The theme without its assets' sources: the pages link the bundles, written to docs/.
        shutil.copytree(THEME_DIR, project / "overrides", ignore=_sources)
        files = {path: unwrap_raw(text) for path, text in site.pages.items()}
        files |= {f"data/{name}": text for name, text in site.data_files.items()}
        files |= {f"schema/{name}": text for name, text in export_schemas().items()}
        files |= plugin.bundles.files
        for path, text in files.items():
            target = project / "docs" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        (project / "mkdocs.yml").write_text(_settings(config_file, config, lang), encoding="utf-8")
        written.append(project / "mkdocs.yml")
    return written


def _sources(folder: str, names: list[str]) -> set[str]:
    """What copytree leaves out of the theme: the bundled sources (generator/assets.py)."""
    return {"assets"} if Path(folder) == THEME_DIR else set()


def _settings(config_file: Path, config, lang: str) -> str:
    """mkdocs.yml of one language: the project's own, with what the plugin sets written in."""
    with open(config_file, encoding="utf-8") as f:
        raw = yaml_load(f)
    extensions = [
        {"toc": config.mdx_configs["toc"]} if entry_name(e) == "toc" else e
        for e in raw.get("markdown_extensions", [])
    ]
    settings = raw | {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "site_author": config.site_author,
        "copyright": config.copyright,
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": raw["theme"] | {"language": lang, "custom_dir": "overrides"},
        "plugins": [p for p in raw.get("plugins", []) if entry_name(p) != "minka"],
        "nav": config.nav,
        "not_in_nav": NOT_IN_NAV,
        "extra": dict(config.extra),
        "extra_css": [str(x) for x in config.extra_css],
        "extra_javascript": [str(x) for x in config.extra_javascript],
        "markdown_extensions": extensions,
    }
    if config.site_url:
        settings["site_url"] = config.site_url
    header = "# Written by `minka build --emit`: Minka's pages as a plain MkDocs project.\n"
    return header + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=100)
