"""The core: models, corpus, annotation store, NLP, linking and search.

Nothing here imports Textual or Rich; a test enforces it.
"""
