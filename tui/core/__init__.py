"""The core: models, corpus, annotation store, NLP, linking and search.

Nothing here imports Textual, Rich or the UI: the import contracts in pyproject.toml say so,
and tests/test_architecture.py checks them with import-linter and by importing every
module here in a fresh interpreter.
"""
