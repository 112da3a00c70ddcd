"""Documents remembered between builds: a part of a document's text in, its sections, questions
with their rendered HTML and findings out, so that a rebuild reads, checks and renders only what
changed.
"""
