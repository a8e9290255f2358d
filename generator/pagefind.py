"""Index one built language of the site with Pagefind, for the browser search.

Pagefind reads the built HTML: only the parts marked `data-pagefind-body` (the record
pages, see theme/partials/content.html), with the stemmer of the page's `<html lang>`,
and writes a chunked index to `<site_dir>/pagefind/` that browsers load piece by piece.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from pagefind_bin import get_executable

from .errors import GeneratorError


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index of the HTML under `site_dir` into `site_dir/pagefind/`."""
    result = subprocess.run([str(get_executable()), "--site", str(site_dir), "--silent",
                             # the ¶ permalinks of headings are not content
                             "--exclude-selectors", ".headerlink"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise GeneratorError(f"pagefind: indexing {site_dir} failed:\n"
                             f"{(result.stderr or result.stdout).strip()}")
