"""Checks: the deck model and the outlines in, findings out (each tied to a file and line),
and the questions Python-Markdown cannot render in reasonable time taken out.
"""
