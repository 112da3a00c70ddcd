"""Checks: the documents as read and the deck model in; findings out (each tied to a file and
line, returned by part), and the deck without the questions Python-Markdown cannot render in
reasonable time.
"""
