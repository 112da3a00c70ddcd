"""Documents remembered between builds: a document's text in, its sections and questions with
their rendered HTML out, so that a rebuild reads, checks and renders only what changed.
"""
