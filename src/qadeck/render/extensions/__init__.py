"""Python-Markdown extensions a card uses: GitHub's lists, MathJax math, and an inline
processor that tries only the patterns a text can match.
"""
