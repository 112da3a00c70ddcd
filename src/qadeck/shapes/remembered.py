"""Memory for the pure line and answer classifiers.

Choosing a reading tries every shape on the whole document, and each asks the same questions of
the same lines (is it a question, what are its plain words, is this text an answer). Asked once
per line instead of once per line per shape, a 20,000-question document is read about twice as
fast. The bound keeps a long watch session from holding every line it ever saw.
"""

from __future__ import annotations

from functools import lru_cache

LINES_REMEMBERED = 1 << 16

remembered = lru_cache(maxsize=LINES_REMEMBERED)
