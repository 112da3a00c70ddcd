"""The deck model: the sections and questions every later stage works on, and the ids
(GUIDs, deck ids, keys) they carry.
"""
