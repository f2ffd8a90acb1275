"""Pure-Python core of CamKet: Vietnamese text, legal parsers, retrieval and scoring.

Nothing in this package imports Django or ``camket``; everything works on plain strings and
dataclasses so that it can be tested and benchmarked without a database.
"""
