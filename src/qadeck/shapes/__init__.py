"""Document shapes: source files in, each document's parts and the deck model out. Each document
is read in one shape (qadeck's own outline, or a shape GitHub Q&A documents come in), as a pure
function of its text: nothing here knows of checks, rendering or remembering.
"""
