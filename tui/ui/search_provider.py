"""The command palette's search (ctrl+p): people, organisations, places, meetings, titles
and text, through rapidfuzz. Textual's own matcher wants the letters in order and
forgives no typo; this provider finds "Blinkin" and "Sec. Yellen" too.

Plug in with `COMMANDS = App.COMMANDS | {NewsdeskCommands, SearchProvider}`.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core.search import SearchIndex
from tui.ui.messages import OpenLink
from tui.ui.search_hits import KIND_SINGULAR, hit_label, hit_link, index_of

PALETTE_LIMIT = 15
EXACT = 100   # a text hit's score where the phrase is in the text as typed


class SearchProvider(Provider):
    """"Person: Antony Blinken", "Meeting: …", "Text: …the talks in Beijing…"."""

    _index: SearchIndex | None = None

    async def startup(self) -> None:
        # built off the event loop: a big workspace takes a moment to index
        self._index = await asyncio.to_thread(index_of, self.app)

    async def discover(self) -> Hits:
        from tui.ui.screens.search import SearchScreen

        yield DiscoveryHit("Search everything", partial(self.app.push_screen, SearchScreen()),
                           help="People, organisations, places, meetings, titles and text, grouped ( / )")

    async def search(self, query: str) -> Hits:
        if self._index is None:
            return
        hits = await asyncio.to_thread(self._index.search, query, None, PALETTE_LIMIT)
        for hit in hits:
            link = hit_link(hit)
            # among commands, text only where the words stand as typed: "theme" is no "the me…"
            if link is None or hit.kind == "text" and hit.score < EXACT:
                continue
            prefix = f"{KIND_SINGULAR[hit.kind]}: "
            yield Hit(hit.score / 100, hit_label(hit, prefix), partial(self.app.post_message, OpenLink(link)),
                      text=prefix + hit.label, help=hit.detail or None)
