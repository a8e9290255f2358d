"""Minka: good practices of rural associativity, as a bilingual static site."""

# The modules in pipeline order, from the bottom up: each imports only modules before it
# (tests/test_architecture.py holds the code to this). The modules of a package listed here
# (views) come in the order of that package's own list.
STAGES = (
    # reading: records in, a checked catalog out
    "errors",
    "packaged",
    "languages",
    "fields",
    "models",
    "vocabulary",
    "reference",
    "geo",
    "text",
    "facets",
    "scaffold",
    "parallel",
    "loader",
    "shape",
    "checks",
    "validate",
    "catalog",
    "pipeline",
    # what the writing stages share: the presentation floor, drawings, formats
    "jinjacache",
    "stencil",
    "present",
    "figures",
    "request",
    "schema",
    "assets",
    # features: pure functions of the catalog
    "csl",
    "cite",
    "citepage",
    "compare",
    "exchange",
    "requestform",
    "propose",
    "correction",
    "feed",
    "export",
    "words",
    "snippets",
    "index",
    "similar",
    "review",
    "pagefind",
    # pages, one view per page kind, then everything a language of the site is made of
    "views",
    "site",
    # the edges: MkDocs glue, the build, the preview, the command line
    "setaside",
    "plugin",
    "build",
    "emit",
    "serve",
    "cli",
    "__main__",
)
VIEWS = (
    "views.base",
    "views.record",
    "views.maps",
    "views.case",
    "views.methodology",
    "views.factsheet",
    "views.hubs",
    "views.listings",
    "views",
)
