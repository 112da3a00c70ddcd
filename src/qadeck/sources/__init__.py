"""Reading sources: paths in; each file's normalised text, `deck.toml`'s settings and
the heading outline of every document out.
"""
