"""qadeck: Markdown question-and-answer documents to Anki decks that update in place."""

__version__ = "0.1.0"
