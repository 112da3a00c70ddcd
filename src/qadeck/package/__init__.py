"""The package stage: rendered notes in, an `.apkg` out. Note types, the package writer, the
previous package at the output path and what changed since. The only stage that imports `genanki`.
"""
