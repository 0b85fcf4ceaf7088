"""Command palette (ctrl+p): the app's actions, its articles and its people."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.ui.exporting import SUFFIXES
from tui.ui.messages import Link, OpenLink

# (name in the palette, help line, action on the app)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Next article", "Open the next article in the list ( ] )", "article(1)"),
    ("Previous article", "Open the previous article in the list ( [ )", "article(-1)"),
    ("Find in article", "A phrase in this article: every hit, Enter next, shift+Enter previous ( ctrl+f )", "find"),
    ("Copy sentence with citation", "The sentence at the cursor, title, outlet, date, id and offset ( ctrl+c )",
     "copy_citation"),
    ("Filter articles", "Type words to filter the article list ( f )", "filter"),
    ("Sort articles", "Cycle: newest first, by title, most unreviewed first ( s )", "sort"),
    ("Back", "Go back to where you were ( H, alt+left, backspace )", "back"),
    ("Forward", "Go forward again ( L, alt+right )", "forward"),
    ("Show all labels", "Highlight every entity label again ( 0 )", "all_labels"),
    ("Dim or hide page chrome", "Navigation, credits, related links: dimmed or hidden ( c )", "toggle_chrome"),
    ("Person tab", "Show the person page in the side panel ( p )", "side_tab('person')"),
    ("Meeting tab", "Show the meeting page in the side panel ( m )", "side_tab('meeting')"),
    ("Article tab", "People and meetings in this article ( a )", "side_tab('article')"),
    ("Problems", "Files that could not be read, with path:line ( ! )", "problems"),
    ("Keys", "Every key binding ( ? )", "help"),
    *((f"Export {fmt}", f"People, meetings and the network as {fmt}, to a path you choose (newsdesk export)",
       f"export('{fmt}')") for fmt in SUFFIXES),
)


class NewsdeskCommands(Provider):
    """Actions, then "Open article: …" and "Open person: …" for everything loaded."""

    def _entries(self) -> list[tuple[str, str, Any]]:
        app = self.app
        entries = [(name, help_text, partial(app.run_action, action)) for name, help_text, action in ACTIONS]
        ws = getattr(app, "ws", None)
        if ws is not None:
            for row in getattr(app, "all_rows", []):
                entries.append((f"Open article: {row.title}", f"{row.outlet} {row.published} {row.id}".strip(),
                                partial(app.post_message, OpenLink(Link("article", row.id)))))
            for person in ws.people.values():
                entries.append((f"Open person: {person.name}", ", ".join(person.aliases),
                                partial(app.post_message, OpenLink(Link("person", person.id)))))
        return entries

    async def discover(self) -> Hits:
        for name, help_text, callback in self._entries()[:len(ACTIONS)]:
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._entries():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
