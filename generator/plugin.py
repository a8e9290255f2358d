"""MkDocs glue: run the pipeline, add the generated pages, watch the records."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .correction import SCRIPT as CORRECTION_JS
from .correction import correction_meta
from .errors import GeneratorError
from .export import data_files, record_dates
from .index import similar_records
from .models import LANGS
from .pagefind import index_site
from .pipeline import read_project
from .present import labels, site_nav, unwrap_raw
from .views import render_site
from .schema import export_schemas

log = logging.getLogger("mkdocs.plugins.minka")
WATCHED = ("cases", "methodologies", "vocabularies")
THEME_DIR = Path(__file__).parent / "theme"


class MinkaConfig(base.Config):
    drafts = c.Type(bool, default=False)


class MinkaPlugin(BasePlugin[MinkaConfig]):
    supports_multiple_instances = False

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.lang = config.theme["language"]
        if self.lang not in LANGS:
            raise PluginError(f"minka: theme.language: expected one of {', '.join(LANGS)}, "
                              f"but got {self.lang!r}")
        # Our partial overrides and CSS ship inside the package, ahead of Material's own.
        config.theme.dirs.insert(0, str(THEME_DIR))
        # Every script and stylesheet in the theme's assets/ is loaded on every page, so a
        # feature adds its file and nothing else (they are small and cached after one visit).
        for asset in sorted((THEME_DIR / "assets").iterdir()):
            target = {".js": config.extra_javascript, ".css": config.extra_css}.get(asset.suffix)
            name = f"assets/{asset.name}"
            if target is not None and name not in [str(x) for x in target]:
                target.append(name)
        config.nav = site_nav(self.lang)
        L = labels(self.lang)
        config.site_name = L["site_name"]
        # The footer and the title of heading anchors are chrome too: in the page's language.
        config.copyright = L["copyright"]
        config.extra["minka_made_with"] = L["made_with"]
        if "toc" in config.mdx_configs:
            config.mdx_configs["toc"]["permalink_title"] = L["permalink_title"]
        config.extra["minka_search"] = {
            "label": L["search_label"], "placeholder": L["search_placeholder"],
            "all": L["search_all"], "none": L["search_none"], "offline": L["search_offline"],
            "count": L["search_count"], "count_one": L["search_count_one"]}
        config.extra["minka_not_found"] = {
            "title": L["not_found_title"], "text": L["not_found_text"],
            "links": [(L["home"], "."), (L["all_practices"], "practices/"),
                      (L["all_methodologies"], "methodologies/"), (L["explore"], "explore/")]}
        # Material reads these roots (and their sitemaps); the switcher partial in
        # generator/theme appends the page URL so readers stay on the same record.
        config.extra["alternate"] = [
            {"name": labels(lang)["language_names"][lang].capitalize(), "link": f"../{lang}/",
             "lang": lang} for lang in LANGS]
        return config

    def on_template_context(self, context, template_name, config):
        # MkDocs writes the 404 page's links from the site's root, which it knows only from
        # site_url ("/" without it: wrong for site/<lang>/ and for any sub-path). Without
        # site_url they are written from the language root; theme/404.html finds that root
        # in the address the page is served at.
        if template_name == "404.html" and not config.site_url:
            context["base_url"] = "."
        return context

    def on_files(self, files: Files, config) -> Files:
        try:
            catalog = read_project(self.root, include_drafts=self.config.drafts)
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        # The data files are computed here, with the pages, so the data page can give their
        # sizes; they are written once the site is built (on_post_build).
        site_url = config.site_url or None
        self.data_files = data_files(catalog, self.lang, site_url,
                                     record_dates(self.root, catalog))
        self.similar = similar_lists(catalog)
        editors = (config.extra.get("minka") or {}).get("editors") or []
        self.editors = [editors] if isinstance(editors, str) else list(editors)
        self.record_files = catalog.paths  # record id -> its file, for the correction box
        pages = render_site(catalog, self.lang, self.similar, site_url=site_url,
                            data_files=self.data_files, editors=self.editors)
        for path, content in pages.items():
            hub = path == "index.md" or path.endswith("/index.md")
            inclusion = InclusionLevel.UNDEFINED if hub else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        # Every record page gets "suggest a correction", pointing at the record's file.
        folder, _, name = page.file.src_uri.partition("/")
        record_id = name.removesuffix(".md")
        if folder in ("practices", "methodologies") and record_id in self.record_files:
            page.meta["minka_correction"] = correction_meta(
                record_id, self.record_files[record_id], page.meta.get("title", record_id),
                labels(self.lang), self.editors, config.repo_url, config.edit_uri)
            page.meta["minka_scripts"] = [*page.meta.get("minka_scripts", []), CORRECTION_JS]
        return markdown

    def on_page_content(self, html, page, config, files):
        return unwrap_raw(html)

    def on_nav(self, nav, config, files):
        self.nav = nav  # kept with the files and env for `minka serve`'s quick updates
        return nav

    def on_env(self, env, config, files):
        self.env, self.files = env, files
        return env

    def on_serve(self, server, config, builder):
        for folder in WATCHED:
            server.watch(str(self.root / folder))
        return server

    def on_post_build(self, config):
        try:
            index_site(Path(config.site_dir))
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        schema_dir = Path(config.site_dir) / "schema"
        schema_dir.mkdir(parents=True, exist_ok=True)
        for name, text in export_schemas().items():
            (schema_dir / name).write_text(text, encoding="utf-8")
        data_dir = Path(config.site_dir) / "data"
        for name, text in self.data_files.items():
            path = data_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")


_similar_cache: list = [None, {}]  # [catalog, its similar records]


def similar_lists(catalog) -> dict[str, list[str]]:
    """Compute similar records once per catalog (the pipeline caches the catalog object)."""
    if _similar_cache[0] is not catalog:
        _similar_cache[:] = [catalog, similar_records(catalog)]
    return _similar_cache[1]
