"""Remembering between builds: wraps reading from outside (a document reader that takes parts
from memory), hands the checks and rendering what it remembered instead of their work, and stores
what the stages returned for the parts read now, so a rebuild reads, checks and renders only what
changed. The render cache's file (store) holds both fragments and documents.
"""
