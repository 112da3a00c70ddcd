"""Rendering: the checked deck's questions in Markdown in; sanitized HTML for every note field
and the media files it names out. Takes what an earlier build rendered from whoever remembers it
(see memo), never from a store of its own. The only stage that imports `markdown`.
"""
