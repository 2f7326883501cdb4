"""Excerpts for search results with the reader's words marked, built safely from plain text.

The text is split into matched and unmatched pieces first and every piece is escaped on its own, so neither the
article's text nor the query can inject markup, and ``<mark>`` never lands inside an entity.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 10
MIN_STEM = 4


def query_terms(query):
    """The distinct words of the query, longest first, at most ``MAX_TERMS``."""
    terms = []
    for word in WORD.findall(query.lower()):
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return sorted(terms, key=len, reverse=True)


def term_pattern(terms):
    """Words that begin with a term's stem: "Kunden" also marks "Kunde" and "Kundin"."""
    if not terms:
        return None
    stems = []
    for term in terms:
        # Stemming in the database folds endings; approximate it by dropping up to two letters of longer words.
        stem = term[: max(MIN_STEM, len(term) - 2)] if len(term) > MIN_STEM else term
        stems.append(re.escape(stem))
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE | re.UNICODE)


def highlight(text, query, context_words=30):
    """An excerpt of plain ``text`` around the first match, every match wrapped in ``<mark>``; safe HTML."""
    text = " ".join((text or "").split())
    pattern = term_pattern(query_terms(query))
    if not text:
        return ""
    start = 0
    match = pattern.search(text) if pattern else None
    words = text.split(" ")
    if match:
        word_index = text.count(" ", 0, match.start())
        start = max(0, word_index - context_words // 3)
    excerpt = " ".join(words[start : start + context_words])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + context_words < len(words) else ""
    return mark_safe(escape(prefix) + mark(excerpt, pattern) + escape(suffix))


def mark(text, pattern):
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)
