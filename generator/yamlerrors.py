"""YAML syntax errors in an editor's words, at the line that most likely holds the mistake:
where a bracket or a quote was opened, not where PyYAML noticed it was left open."""

from __future__ import annotations

import yaml


def syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line that most likely holds the mistake, and the mistake in plain words: where a
    bracket or a quote was opened, not where the parser noticed it was left open."""
    problem, context = exc.problem or "invalid YAML", exc.context or ""
    at = exc.problem_mark.line + 1 if exc.problem_mark else 1
    opened = exc.context_mark.line + 1 if exc.context_mark else at
    found = problem.rpartition("but got ")[2] if "but got " in problem else ""
    got = _TOKENS.get(found, found) + ("" if found == "'<stream end>'" else f" at line {at}")
    if "'\\t'" in problem:
        return at, "expected spaces for indentation, but got a tab character"
    if context.startswith("while parsing a flow") and found:
        pair = "[]" if "sequence" in context else "{}"
        return (
            opened,
            f"expected {pair[1]!r} to close the {pair[0]!r} opened on this line, but got {got}",
        )
    if context == "while scanning a quoted scalar" and exc.context_mark:
        # The quote itself, from the parser's own buffer: YAML breaks lines where Python's
        # split does not (U+0085, U+2028), so the text's lines may not match the mark's.
        mark = exc.context_mark
        quote = (
            mark.buffer[mark.pointer] if mark.buffer and mark.pointer < len(mark.buffer) else '"'
        )
        quote = quote if quote in "\"'" else '"'
        return opened, f"expected a closing {quote!r} on this line, but got the end of the file"
    if runaway := _runaway_quote(text, exc.problem_mark):
        return (
            runaway.start_mark.line + 1,
            f"expected a closing {runaway.style!r} on this line, but got a quoted text that "
            f"runs on to line {runaway.end_mark.line + 1}",
        )
    hint = " (put a text that holds ': ' in quotes)" if "mapping values" in problem else ""
    context = f" ({context})" if context else ""
    return at, f"expected valid YAML, but got a syntax error: {problem}{context}{hint}"


# What the parser names its tokens, in an editor's words.
_TOKENS = {"'<stream end>'": "the end of the file", "'<scalar>'": "a value"}


def _runaway_quote(text: str, mark) -> yaml.ScalarToken | None:
    """The quoted text that ends on the line of `mark` after starting on an earlier line: its
    quote was most likely left open, and closed by the next text's opening quote."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if mark is None or token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return last
    return None
