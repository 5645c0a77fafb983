"""Metodehåndbogen's generator core: load, validate, model and render the handbook.

Nothing in this package imports MkDocs; ``hooks/mkdocs_hooks.py`` adapts it.
"""
