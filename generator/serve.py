"""Serve the bilingual site locally, rebuilding when a record, page or template changes."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from .build import build_languages
from .errors import GeneratorError
from .pipeline import read_project

log = logging.getLogger("mkdocs.plugins.minka")
WATCHED = ("cases", "methodologies", "vocabularies", "docs", "mkdocs.yml")
PACKAGE_DIR = Path(__file__).parent  # templates, labels and theme, for people working on Minka


def serve_site(config_file: Path, host: str = "127.0.0.1", port: int = 8000,
               drafts: bool = False) -> None:
    """Build both languages into a temporary folder and serve it until interrupted."""
    root = config_file.parent
    read_project(root, include_drafts=drafts)  # report record errors before serving
    out = Path(tempfile.mkdtemp(prefix="minka-serve-"))
    serve_url = f"http://{host}:{port}/"

    def rebuild() -> None:
        # A broken record while editing is reported and the last good pages stay served.
        try:
            build_languages(config_file, out, drafts=drafts, serve_url=serve_url)
        except (GeneratorError, MkDocsException) as exc:
            log.error("%s", exc)

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(out))
    try:
        build_languages(config_file, out, drafts=drafts, serve_url=serve_url)
        for path in [*(root / name for name in WATCHED), PACKAGE_DIR]:
            if path.exists():
                server.watch(str(path))
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
        shutil.rmtree(out, ignore_errors=True)
