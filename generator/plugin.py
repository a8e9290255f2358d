"""MkDocs glue: run the pipeline, add the generated pages, watch the records."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from . import cite, citepage
from .assets import KEY, SCRIPTS, bundle_assets, source_files
from .correction import contribute_settings
from .errors import GeneratorError
from .held import COMPRESS_FROM, HeldPages
from .jinjacache import template_cache
from .languages import LANGS, LANGUAGES, others
from .links import resolve, site_path
from .pagefind import index_site, indexed_page, source_folder, spans
from .pipeline import read_project
from .present import labels, site_nav, unwrap_raw
from .schema import export_schemas
from .setaside import SetAside, SiteMarkdown, json_front_matter, restore, set_aside
from .site import build_site, write_files

log = logging.getLogger("mkdocs.plugins.minka")
WATCHED = ("cases", "methodologies", "vocabularies")
THEME_DIR = Path(__file__).parent / "theme"


class MinkaConfig(base.Config):
    drafts = c.Type(bool, default=False)
    # Set by `minka serve` (generator/build.py): keep every generated page's Markdown after
    # MkDocs has read it, to find and render again the pages a saved record changes.
    serving = c.Type(bool, default=False)


class MinkaPlugin(BasePlugin[MinkaConfig]):
    supports_multiple_instances = False
    _pagefind_source: Path | None = None
    _held: HeldPages | None = None  # pages' HTML until written (held.py), at large sizes
    _site_files: tuple = (None, {}, set())  # files of the build, by URL (_check_raw_links)

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.lang = config.theme["language"]
        if self.lang not in LANGS:
            raise PluginError(
                f"minka: theme.language: expected one of {', '.join(LANGS)}, but got {self.lang!r}"
            )
        # Our partial overrides and CSS ship inside the package, ahead of Material's own.
        config.theme.dirs.insert(0, str(THEME_DIR))
        # The theme's scripts and stylesheets go out bundled: one stylesheet, one script per
        # kind of page (generator/assets.py), linked by theme/main.html.
        self.bundles = bundle_assets()
        config.extra["minka_assets"] = self.bundles.settings()
        try:  # where proposals and requests go; kept for `minka serve`'s quick updates
            self.contribute = contribute_settings(config)
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        config.nav = site_nav(self.lang)
        L = labels(self.lang)
        config.site_name = L["site_name"]
        # The footer and the title of heading anchors are chrome too: in the page's language.
        config.copyright = L["copyright"]
        config.extra["minka_made_with"] = L["made_with"]
        if "toc" in config.mdx_configs:
            config.mdx_configs["toc"]["permalink_title"] = L["permalink_title"]
        config.site_description = L["meta_description"]
        # The portal is the author of its pages (citations, <meta name="author">, feed).
        config.site_author = config.site_author or cite.PORTAL
        # The browser's search falls back to the first of the other languages (search.js).
        there = others(self.lang)[:1]
        names = {
            "here": L["language_names"][self.lang],
            "there": L["language_names"][there[0]] if there else "",
        }
        config.extra["minka_search"] = {
            "label": L["search_label"],
            "placeholder": L["search_placeholder"],
            "all": L["search_all"],
            "none": L["search_none"],
            "offline": L["search_offline"],
            "count": L["search_count"],
            "count_one": L["search_count_one"],
            **{
                key: L[f"search_{key}"].format_map(names | {"count": "{count}"})
                for key in ("other_none", "other_partial", "other_more")
            },
            "common": " ".join(
                dict.fromkeys(word for lang in LANGS for word in LANGUAGES[lang].browser_stop_words)
            ),
        }
        config.extra["minka_not_found"] = {
            "title": L["not_found_title"],
            "text": L["not_found_text"],
            "links": [
                (L["home"], "."),
                (L["all_practices"], "practices/"),
                (L["all_methodologies"], "methodologies/"),
                (L["explore"], "explore/"),
            ],
        }
        # The language switcher (theme/partials/alternate.html) and the hreflang links of
        # every page (theme/main.html) append the page's URL to these roots, so readers
        # stay on the same page; `root` is absolute when the site's address is known.
        base = urljoin(config.site_url, "../") if config.site_url else None
        config.extra["alternate"] = [
            {
                "name": labels(lang)["language_names"][lang].capitalize(),
                "link": f"../{lang}/",
                "lang": lang,
                "root": urljoin(base, f"{lang}/") if base else None,
            }
            for lang in LANGS
        ]
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
        self._aside: dict[str, SetAside] = {}  # what each page's Markdown had set aside
        self._meta: dict[str, dict] = {}  # front matter read as JSON, until on_page_markdown
        # Record pages: where in the page's HTML (page.content) the blocks Pagefind skips are,
        # as (start, end); the blocks themselves would be a second copy of a third of each
        # page, held until the page is written.
        self._unindexed: dict[str, list[tuple[int, int]]] = {}
        # The site's Markdown, for what setaside.py makes once per build: the toc's
        # permalink title is the language's (on_config).
        self._markdown = SiteMarkdown(config.markdown_extensions, config.mdx_configs)
        try:
            catalog = read_project(self.root, include_drafts=self.config.drafts)
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        records = len(catalog.cases) + len(catalog.methodologies)
        # A large site saves memory at some CPU (held.py): each page rendered as MkDocs reads
        # it, its HTML held compressed until written. Not under `minka serve`, which compares
        # each page with its last and renders pages again from MkDocs' own HTML.
        large = records >= COMPRESS_FROM and not self.config.serving
        self._held = HeldPages() if large else None
        self.site = build_site(
            self.root,
            catalog,
            self.lang,
            config.site_url or None,
            config.site_author,
            drafts=self.config.drafts,
            contribute=self.contribute,
            lazy=large,
        )
        # What Pagefind reads (pagefind.indexed_page), until it has read it
        self._pagefind_source = source_folder(Path(config.site_dir), records)
        # The bundles replace their sources, which MkDocs found among the theme's files.
        sources = {f"assets/{name}" for name in source_files()}
        for file in [f for f in files if f.src_uri in sources and not f.generated_by]:
            files.remove(file)
        for path, content in self.bundles.files.items():
            files.append(File.generated(config, path, content=content))
        # A page rendered later (Site.later) is empty until MkDocs reads it (on_page_read_source).
        generated = [*self.site.pages.items(), *((path, "") for path in self.site.later)]
        for path, content in generated:
            hub = path == "index.md" or path.endswith("/index.md")
            inclusion = InclusionLevel.UNDEFINED if hub else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        # MkDocs emptied the site folder before this event: the data files go there now.
        write_files(self.site, Path(config.site_dir))
        if not self.config.serving:
            self.site.pages.clear()  # held by MkDocs' files now, until read (on_page_markdown)
            # Written: only their names are wanted now (_check_raw_links). Their texts, held to
            # the end of the build, were 71 MB of a language's peak at 5,000 records.
            self.site.data_files = dict.fromkeys(self.site.data_files, "")
        return files

    def on_page_read_source(self, page, config):
        # A page left for later (Site.later) is rendered now. A generated page's front matter
        # is JSON (setaside.json_front_matter): read as such, MkDocs is handed the page with
        # an empty one, and on_page_markdown sets page.meta.
        if page.file.generated_by != "minka":
            return None
        make = self.site.later.pop(page.file.src_uri, None)
        text = make() if make is not None else page.file.content_string
        read = json_front_matter(text)
        if read is None:
            return text
        self._meta[page.file.src_uri], source = read
        return source

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri in self._meta:
            page.meta = self._meta.pop(page.file.src_uri)
        # The page's Markdown is MkDocs' own now (page.markdown). Outside `minka serve`
        # nothing reads its generated file again: a second copy of every page, 128 of 725 MB
        # at the peak of a language's build at 1,000 records.
        generated = page.file.generated_by == "minka"
        if not self.config.serving and generated:
            page.file.content_string = ""
        # Minka's own pages have their headings and plain paragraphs set aside too; an
        # editor's page (docs/) only its raw blocks.
        aside = set_aside(markdown, self._markdown if generated else None)
        self._aside[page.file.src_uri] = aside
        return aside.markdown

    def on_page_content(self, html, page, config, files):
        aside = self._aside.pop(page.file.src_uri, None)
        ids: set[str] = set()
        links: dict[str, None] = {}
        if aside is not None:
            html = restore(html, aside)
            if aside.toc is not None:  # the headings MkDocs' Markdown did not see
                page.toc = get_toc(aside.toc)
                ids |= aside.ids
        html = unwrap_raw(html, (ids, links))
        if aside is not None and page.meta.get("pagefind"):
            self._unindexed[page.file.src_uri] = spans(html, aside.unindexed)
        self._check_raw_links(ids, links, page, files)
        if self._held is not None:
            self._held.hold(page.file.src_uri, html)
            return ""  # until on_page_context
        return html

    def _check_raw_links(self, ids: set[str], links: dict, page, files: Files) -> None:
        """MkDocs' check of links, for the raw HTML it does not read (present.raw_html): each
        relative link must reach a file of the site, as a Markdown link must; links to an
        anchor are handed to MkDocs' own check of anchors, which the raw blocks' ids join."""
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= ids
        if not links:
            return
        if self._site_files[0] is not files:  # one map per build: set lookups per link
            urls = {site_path(f.url): f for f in files}
            extra = {f"data/{name}" for name in self.site.data_files}
            extra |= {f"schema/{name}" for name in export_schemas()}
            self._site_files = (files, urls, extra)
        _, urls, extra = self._site_files
        folder = tuple(page.url.split("/")[:-1])  # practices/x/ -> (practices, x)
        anchors = page.links_to_anchors
        for link in links:
            target, anchor = resolve(folder, link)
            if target is None:
                continue  # elsewhere: another site, or another language's
            file = urls.get(target) if target else page.file
            if file is None and target not in extra:
                shown = target + "/" if link.partition("#")[0].endswith("/") else target
                log.warning(
                    f"Doc file '{page.file.src_uri}' contains a link '{link}' in raw HTML, "
                    f"but the target '{shown}' is not found among the site's files."
                )
            elif file is not None and anchor and anchors is not None:
                anchors.setdefault(file, {}).setdefault(anchor, link)

    def on_post_page(self, output, page, config):
        unindexed = self._unindexed.pop(page.file.src_uri, None)
        source = self._pagefind_source
        if unindexed is not None and source is not None:
            blocks = [page.content[start:end] for start, end in unindexed]
            text = indexed_page(output, blocks, self.lang)
            if text is not None:
                target = source / page.file.dest_uri
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        if self._held is not None:
            page.content = None  # written: its HTML is not held any more
        return output

    def on_page_context(self, context, page, config, nav):
        if self._held is not None and (held := self._held.take(page.file.src_uri)) is not None:
            page.content = held
        kind = page.meta.get(KEY)
        if kind is not None and kind not in SCRIPTS:  # theme/main.html would link nothing
            raise PluginError(
                f"{page.file.src_uri}: {KEY}: expected one of "
                f"{', '.join(SCRIPTS)}, but got {kind!r}"
            )
        context["minka_nav_key"] = self._nav_key(page)
        # Record pages carry their own JSON-LD (front matter `cite`); every other page says
        # what it is and who publishes it (theme/main.html writes it).
        if not page.meta.get("cite"):
            context["minka_jsonld"] = citepage.web_page_ld(
                page.title or config.site_name, self.lang, self.site.citation, page.canonical_url
            )
        return context

    def on_nav(self, nav, config, files):
        self.nav = nav  # kept with the files and env for `minka serve`'s quick updates
        # The folders of the nav's pages: what a nav link's relative URL depends on (_nav_key).
        self._nav_folders = {tuple(p.url.split("/")[:-1]) for p in nav.pages}
        return nav

    def on_env(self, env, config, files):
        self.env, self.files = env, files
        # MkDocs makes the theme's environment anew for each build: no template changes while
        # it lives, and checking each included file's time on every page cost some 100,000
        # stat calls per language at 1,000 records.
        env.auto_reload = False
        env.bytecode_cache = template_cache()  # Material's templates compiled once per machine
        made: dict = {}

        def once(key, render):
            """What `render()` gives, made once per build for `key` (theme/main.html)."""
            if key not in made:
                made[key] = render()
            return made[key]

        env.globals["minka_once"] = once
        return env

    def _nav_key(self, page) -> tuple | None:
        """For a page outside the nav, what its nav and tabs depend on: the part of its folder
        some nav page shares, and its depth (the relative links); None for a page in the nav
        (its own entry is active)."""
        if page.file.inclusion.is_in_nav() or page.url is None:
            return None
        folder = page.url.split("/")[:-1]
        shared = 0
        for other in self._nav_folders:
            n = 0
            while n < min(len(folder), len(other)) and folder[n] == other[n]:
                n += 1
            shared = max(shared, n)
        return (*folder[:shared], len(folder))

    def on_serve(self, server, config, builder):
        for folder in WATCHED:
            server.watch(str(self.root / folder))
        return server

    def on_post_build(self, config):
        try:
            index_site(Path(config.site_dir), self._pagefind_source)
        except GeneratorError as exc:
            raise PluginError(str(exc)) from None
        finally:
            self.drop_pagefind_source()

    def on_build_error(self, error):
        self.drop_pagefind_source()

    def drop_pagefind_source(self) -> None:
        """Delete Pagefind's copies; also after an interrupted build (build.build_language),
        for which MkDocs calls no event."""
        if self._pagefind_source is not None:
            shutil.rmtree(self._pagefind_source, ignore_errors=True)
            self._pagefind_source = None
