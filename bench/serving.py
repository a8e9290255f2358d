"""A built site served locally as a static host serves it: text compressed with gzip when
the browser accepts it. Shared by the bench (bench/run.py) and bench/lighthouse.py."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
import urllib.parse
from pathlib import Path

_COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serve files as `python -m http.server` does, without a log line per request."""

    def log_message(self, *args):
        pass


class _Handler(_Quiet):
    """Serve the built site as a static host does: text compressed with gzip when accepted."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urllib.parse.urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if (
            not os.path.isfile(path)
            or not kind.startswith(_COMPRESSED)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_dir(folder: Path, compress: bool = True):
    """Serve `folder` on a free local port, text gzipped as static hosts send it (or, without
    `compress`, as `python -m http.server` does); yield its address."""
    handler = functools.partial(_Handler if compress else _Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
