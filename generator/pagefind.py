"""Index one built language of the site with Pagefind, for the browser search.

Pagefind reads the built HTML: only the parts marked `data-pagefind-body` (the record
pages, see theme/partials/content.html), with the stemmer of the page's `<html lang>`,
and writes a chunked index to `<site_dir>/pagefind/` that browsers load piece by piece.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pagefind_bin import get_executable

from .errors import GeneratorError

# Word positions per index chunk; Pagefind's default is 20,000. A query downloads each chunk
# its words fall in, whole: smaller chunks carry less besides those words. At 5,000 records
# the index part of the bench's first query fell from 88 KB to 38 (en) and 53 KB (es).
# Pagefind marks the setting unstable: a version without it indexes with its default.
_CHUNK_SIZE = "3000"


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index of the HTML under `site_dir` into `site_dir/pagefind/`."""
    result = subprocess.run([str(get_executable()), "--site", str(site_dir), "--silent",
                             # the ¶ permalinks of headings are not content
                             "--exclude-selectors", ".headerlink"],
                            capture_output=True, text=True,
                            env=os.environ | {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": _CHUNK_SIZE})
    if result.returncode != 0:
        raise GeneratorError(f"pagefind: indexing {site_dir} failed:\n"
                             f"{(result.stderr or result.stdout).strip()}")
