"""Person linking: repair PERSON mentions per article, then resolve them to people.

refine_mentions (mention_repair.py) runs per article after NER; link_corpus runs over
the whole corpus and builds the person registry.
"""

from __future__ import annotations

from tui.core.mention_repair import refine_mentions

__all__ = ["refine_mentions"]
