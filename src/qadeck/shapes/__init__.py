"""Document shapes: source files and their outlines in, the deck model out. Each document is
read in one shape (qadeck's own outline, or a shape GitHub Q&A documents come in).
"""
