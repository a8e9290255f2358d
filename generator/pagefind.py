"""The browser search: what Pagefind knows of each record page, and indexing a built site.

Pagefind reads the built HTML: only the parts marked `data-pagefind-body` (the record
pages, see theme/partials/content.html), with the stemmer of the page's `<html lang>`,
and writes a chunked index to `<site_dir>/pagefind/` that browsers load piece by piece.
Filter values are the labels a reader sees in the page's language ("Perú", "Café"), because
Pagefind shows filter values as they are; the filter names are the facets' stable names,
labelled on the explore page from the same label file.
"""

from __future__ import annotations

import heapq
import os
import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from pagefind_bin import get_executable

from .catalog import Catalog
from .errors import GeneratorError
from .facets import FACETS, labelled
from .models import Case, Methodology
from .text import first_sentence

# A made-up word in the "listing" meta of every record page. The explore page searches it to
# list the records when no words are typed: Pagefind's search without words downloads every
# index chunk of the language (8 MB at 5,000 records), this word only its own. The same word
# is in theme/assets/search.js.
LISTING_WORD = "zzrecord"
# What the explore page shows before the reader asks anything (`listing`): the facets open
# at first, with their values and counts (each facet costs a Pagefind filter chunk of its own,
# 10 to 26 KB at 5,000 records, so the others open on request), and the results on the first
# screen ("Show more" adds more). theme/assets/explore.js reads both from the page's config.
OPEN_FACETS = ("country",)
FIRST_RESULTS = 10
# Not a facet: the record whatever the language, so a search of the other language's index
# can leave out the records the page's language already found.
RECORD_FILTER = "record"

# Word positions per index chunk; Pagefind's default is 20,000. A query downloads each chunk
# its words fall in, whole: smaller chunks carry less besides those words. At 5,000 records
# the index part of the bench's first query fell from 88 KB to 38 (en) and 53 KB (es).
# Pagefind marks the setting unstable: a version without it indexes with its default.
_CHUNK_SIZE = "3000"

# Pagefind's allocator (jemalloc, configured through this variable) keeps memory it has freed
# for 10 s before giving it back, and Pagefind frees much of what it allocates while reading
# pages: at 5,000 records one language's Pagefind peaked at 1,378 MB, above the whole MkDocs
# build's 990 MB. Given back after 0.1 s, the peak is 1,105 MB, in the same time and with the
# same index; "0" gives 1,101 MB but costs half again the kernel time (bench/README.md). A
# Pagefind built without jemalloc ignores it.
_ALLOCATOR = "dirty_decay_ms:100,muzzy_decay_ms:0"

# The pages Pagefind reads: only record pages carry `data-pagefind-body` (their generated
# paths are practices/<id>.md and methodologies/<id>.md, served as folders). Left to its
# default (every HTML file) Pagefind parses the fact sheets, hubs and the rest only to find
# nothing to index: a third of its CPU time at 1,000 records, for the same index.
RECORD_PAGES = "{practices,methodologies}/*/index.html"


# Pagefind's copies of the record pages (`indexed_page`) are read once, then deleted: they go
# to memory where Linux offers a folder of it with room for them, since creating a file on
# disk costs some machines' kernels up to a millisecond (1.3 s per language at 1,000 records,
# against 0.25 s in memory: bench/README.md); elsewhere beside the site. The room wanted is
# generous: the largest copy at 1,000 records is 81 KB, and the languages build at once (a
# container's /dev/shm may hold only 64 MB).
_MEMORY = Path("/dev/shm")
_ROOM_PER_PAGE = 256 * 1024


def source_folder(site_dir: Path, pages: int) -> Path:
    """A new, empty folder for Pagefind's copies of `site_dir`'s `pages` record pages."""
    where = site_dir.parent
    if _room(_MEMORY) >= pages * _ROOM_PER_PAGE:
        where = _MEMORY
    where.mkdir(parents=True, exist_ok=True)  # MkDocs makes site_dir only later
    return Path(tempfile.mkdtemp(prefix=".minka-pagefind-", dir=where))


def _room(folder: Path) -> int:
    """Bytes this process may write in `folder` (0 if it may not, or there is none)."""
    if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
        return 0
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


def index_site(site_dir: Path, source: Path | None = None) -> None:
    """Write the Pagefind index of the record pages under `source` (the built site itself by
    default; `indexed_page` copies) into `site_dir/pagefind/`."""
    result = subprocess.run(
        [
            str(get_executable()),
            "--site",
            str(source or site_dir),
            "--output-path",
            str(site_dir / "pagefind"),
            "--silent",
            "--glob",
            RECORD_PAGES,
            # the ¶ permalinks of headings are not content
            "--exclude-selectors",
            ".headerlink",
        ],
        capture_output=True,
        text=True,
        env=os.environ
        | {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": _CHUNK_SIZE, "_RJEM_MALLOC_CONF": _ALLOCATOR},
    )
    if result.returncode != 0:
        raise GeneratorError(
            f"pagefind: indexing {site_dir} failed:\n{(result.stderr or result.stdout).strip()}"
        )


# An element Pagefind skips whole, the attribute on it (the request form, the cite box, the
# lists of related records).
_SKIPPED = re.compile(r'<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-ignore="all"[\s>]')


def skipped_whole(html: str) -> bool:
    """Whether a block of HTML is one element that Pagefind skips whole: what
    `indexed_page` may leave out."""
    first = _SKIPPED.match(html)
    if first is None:
        return False
    depth, tag = 0, first.group(1)
    for m in re.finditer(rf"<(/?){tag}\b", html):
        depth += -1 if m.group(1) else 1
        if depth == 0:  # where the first element closes: the block's end?
            return m.start() == len(html) - len(tag) - 3 and html.endswith(f"</{tag}>")
    return False


BODY = "<div data-pagefind-body>"  # where a record page's indexed part starts (content.html)


def indexed_page(html: str, unindexed: list[str], lang: str) -> str | None:
    """What Pagefind reads of a built record page: the part it indexes, without the blocks
    it would skip whole (`unindexed`, as they are in `html`: blocks `skipped_whole` finds); None for a page with no such
    part.

    Pagefind's time goes with the bytes it parses, and it parses every byte of a page to find
    the part marked for it: Material's header, nav and footer, the request form (a quarter
    of a record page) and the cite box. Given only what it indexes, it makes the same index
    (tests/test_search.py) in about half the time (bench/README.md)."""
    start = html.find(BODY)
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return None
    # The blocks come in page order (setaside.py found them so): each is looked for after
    # the one before, and the page is read once, not once per block.
    kept, at = [], start
    for block in unindexed:
        found = html.find(block, at, end)
        if found >= 0:
            kept.append(html[at:found])
            at = found + len(block)
    kept.append(html[at:end])
    part = "".join(kept)
    return f'<!doctype html>\n<html lang="{lang}">\n<head><meta charset="utf-8"></head>\n<body>{part}</body>\n</html>\n'


def spans(html: str, blocks: list[str]) -> list[tuple[int, int]]:
    """Where `blocks` are in `html`, as (start, end): each looked for after the one before,
    as `indexed_page` looks for them; a block not found is left out."""
    found, at = [], 0
    for block in blocks:
        start = html.find(block, at)
        if start >= 0:
            at = start + len(block)
            found.append((start, at))
    return found


def page_search(catalog: Catalog, rec: Case | Methodology, lang: str, L: dict) -> dict:
    """Return {'filters': {name: [labels]}, 'meta': {name: text}} for one record page."""
    filters = labelled(catalog, rec, lang, L)
    meta = {"summary": first_sentence(rec.summary.get(lang))}
    if filters["country"]:
        meta["country"] = ", ".join(filters["country"])
    # The names a reader searches by, out of the page's text since the fact sheet is not
    # indexed: the browser ranks a match here above one in the body (KEYWORDS_WEIGHT in
    # theme/assets/search.js), as Whoosh boosts its tags (generator/index.py).
    orgs = [
        catalog.vocab.organizations[o] for o in (rec.lead if isinstance(rec, Case) else rec.owner)
    ]
    keywords = [
        rec.acronym,
        *(p.get(lang) for p in getattr(rec, "places", [])),
        *filters["value_chain"],
        *filters["population"],
        *filters["theme"],
        *(o.name.get(lang) for o in orgs),
        # every form of an acronym: readers search by the one they know (ILO, OIT)
        *(form for o in orgs if o.acronym for form in o.acronym.forms()),
    ]
    meta["keywords"] = ", ".join(dict.fromkeys(k for k in keywords if k))
    meta["listing"] = LISTING_WORD
    shown = {facet.name: values for facet in FACETS if (values := filters[facet.name])}
    shown[RECORD_FILTER] = [rec.id]
    return {"filters": shown, "meta": meta, "sort": sort_title(rec, lang)}


def sort_title(rec: Case | Methodology, lang: str) -> str:
    """The page's value of Pagefind's "title" sort (the explore page's listing order): the
    title as Pagefind reads it (spaces collapsed), then the record's id, so that records of
    the same title (294 at 5,000 records) come in one order, known at build time, and not in
    the order Pagefind happened to read their files. Pagefind sorts these strings by code
    point, as Python does."""
    return f"{' '.join(rec.title.get(lang).split())} {rec.id}"


def listing(catalog: Catalog, lang: str, L: dict) -> dict:
    """What Pagefind answers the explore page's first search (the listing word, no filter,
    by title), worked out from the same values the record pages give it: {'total': pages,
    'counts': {open facet: {value: pages}}, 'first': [(record, page_search)] of the first
    screen}. The page is rendered with it, and loads Pagefind only when the reader acts;
    tests/test_search.py checks it against what Pagefind shows."""
    records = [*catalog.cases.values(), *catalog.methodologies.values()]
    counts = {name: Counter() for name in OPEN_FACETS}
    for rec in records:
        values = labelled(catalog, rec, lang, L, OPEN_FACETS)
        for name in OPEN_FACETS:
            counts[name].update(set(values[name]))  # Pagefind counts pages, not mentions
    first = heapq.nsmallest(FIRST_RESULTS, records, key=lambda rec: sort_title(rec, lang))
    return {
        "total": len(records),
        "counts": {name: dict(values) for name, values in counts.items()},
        "first": [(rec, page_search(catalog, rec, lang, L)) for rec in first],
    }


def filter_labels(L: dict) -> dict[str, str]:
    """Return the heading of each facet on the explore page, in the page's language."""
    return {facet.name: L["facet_names"][facet.name] for facet in FACETS}
