"""Rendering: questions in Markdown in; sanitized HTML for every note field and the media files
it names out, each fragment rendered once and kept in the render cache between builds. The only
stage that imports `markdown`.
"""
