"""The side panel: the focused entity, and pages for the article, a person and a meeting."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Sparkline, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui.core.models import Meeting, Person, Report
from tui.core.views import (
    article_title,
    co_occurring,
    compact_date,
    mentions_per_article,
    people_in_article,
    person_label,
    person_name,
    reports_in_articles,
    snippet,
    timeline,
)
from tui.ui.messages import Link, SidePanelReady
from tui.ui.widgets.link_list import LinkList, heading, link
from tui.ui.widgets.timeline import ArticleAxis, Timeline

Workspace = Any  # tui.core.workspace.Workspace; duck-typed so the panel also shows hand-built ones


def meeting_when(meeting: Meeting) -> str:
    """"12–18 Jun 2023", else the article's words for the date, else "undated"."""
    return compact_date(meeting.date) if meeting.date else (meeting.date_text or "undated")


def date_column(meetings: list[Meeting]) -> int:
    """The width of a list's date column: "12 Jun 2023" at least, a longer range at most 17."""
    return min(17, max([11, *(len(meeting_when(m)) for m in meetings)]))


def hang(head: Content, tail: Content, width: int) -> Content:
    """head, then tail wrapped in the width left; its later lines start under its first."""
    lines = tail.wrap(max(10, width - head.cell_length))
    pad = " " * head.cell_length
    return Content("\n").join([head + lines[0], *(pad + line for line in lines[1:])])


def meeting_line(ws: Workspace, meeting: Meeting, *, width: int, column: int = 11,
                 leave_out: str | None = None) -> Content:
    """"12–18 Jun 2023  held     Kritenbrink, Ma Zhaoxu · Beijing", wrapped under the names."""
    names = [person_name(ws, p) for p in meeting.participants if p != leave_out] + meeting.unnamed
    place = f" · {meeting.place}" if meeting.place else ""
    head = Content.assemble((f"{meeting_when(meeting):<{column}} ", "$text-muted"), (f"{meeting.status:<8} ", "italic"))
    return hang(head, Content.assemble(", ".join(names) or "(no participants)", (place, "$text-muted")), width)


def report_groups(reports: list[Report]) -> dict[str, list[Report]]:
    """A meeting's reports by article, in the order the articles first report it."""
    groups: dict[str, list[Report]] = {}
    for report in reports:
        groups.setdefault(report.article, []).append(report)
    return groups


def mention_snippet(text: str, start: int, end: int, width: int) -> Content:
    """"  …met with Vice Foreign Minister *Ma Zhaoxu* on Monday…": a clause or so each
    side, wrapped to at most three lines of the pane."""
    before, match, after = snippet(text, start, end, max(60, 3 * width - 6))
    return hang(Content("  "), Content.assemble((before, "$text-muted"), (match, "bold $accent"),
                                                 (after, "$text-muted")), width)


MAX_ROLES = 3   # on the person page's head; the rest are counted
HEAD_ROWS_SHORT = 4   # the person page's head on a short screen (the CSS's max-height there)
MAX_LINKS = 300  # per section: enough to read, few enough to build at once


def more(total: int, what: str) -> list[Option]:
    """A note under a section cut at MAX_LINKS."""
    if total <= MAX_LINKS:
        return []
    return [Option(Content.styled(f"… {total - MAX_LINKS:,} more {what} not listed", "italic $text-muted"),
                   disabled=True)]


class SidePanel(Vertical):
    """Entity card on top, then tabs: Article, Person, Meeting."""

    # Here, not in app.tcss: Textual reads a widget's CSS when the widget first mounts, and
    # the panel mounts after the first frame. Not scoped: some rules look at the app's
    # #panes.-short, an ancestor.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #side { height: 1fr; }
    #entity-card {
        height: auto;
        min-height: 2;
        padding: 0 1;
        border-bottom: solid $panel-lighten-2;
    }
    #side-tabs { height: 1fr; }
    /* On a short screen the reader's bottom edge names the entity, so the card can go. */
    #panes.-short #entity-card { display: none; }
    #panes.-short #person-head, #panes.-short #meeting-head { max-height: 4; }
    #panes.-short #spark-caption, #panes.-short #person-timeline { margin-top: 0; }
    #panes.-short #person-spark { height: 1; }
    #side-tabs TabPane { padding: 0; height: 1fr; }
    #person-head, #meeting-head { height: auto; max-height: 8; padding: 0 1; }
    /* A person's head: a line per fact, a long role cut with an ellipsis, not mid-word by the max-height. */
    #person-head { text-wrap: nowrap; text-overflow: ellipsis; }
    /* No person open yet: the hint alone, no empty sparkline or timeline. */
    #tab-person.-empty #person-head { text-wrap: wrap; }
    #tab-person.-empty #spark-caption, #tab-person.-empty #person-spark, #tab-person.-empty #spark-axis,
    #tab-person.-empty #person-timeline, #tab-person.-empty #person-links { display: none; }
    #spark-caption { height: 1; padding: 0 1; margin-top: 1; }
    #person-spark { height: 2; margin: 0 1; }
    #spark-axis { margin: 0 1; color: $text-muted; }
    #person-timeline { margin: 1 1 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.person: str | None = None
        self.meeting: str | None = None
        # What the pages show, to draw them again when a new width re-wraps their rows.
        self._ws: Workspace | None = None
        self._article_id: str | None = None
        self._order: list[str] = []
        self._drawn_width = 0
        self._drawn_short = False
        self._card_lines: tuple[int, int] | None = None   # (width, lines) of the entity card's text

    def compose(self) -> ComposeResult:
        yield Static("", id="entity-card")
        with TabbedContent(id="side-tabs"):
            with TabPane("Article", id="tab-article"):
                yield LinkList(id="article-links")
            with TabPane("Person", id="tab-person", classes="-empty"):
                yield Static(Content.styled("No person open. Move to a person in the reader with n / N and press "
                                            "Enter, or pick one in the Article tab.", "$text-muted"), id="person-head")
                yield Static("", id="spark-caption")
                yield Sparkline([], id="person-spark")
                yield ArticleAxis(id="spark-axis")
                yield Timeline(id="person-timeline")
                yield LinkList(id="person-links")
            with TabPane("Meeting", id="tab-meeting"):
                yield Static("Open a meeting: Enter on one in the Article or Person tab.", id="meeting-head")
                yield LinkList(id="meeting-links")

    def on_mount(self) -> None:
        # After this widget's own Mount its children may still be mounting: report once they are.
        self.call_after_refresh(lambda: self.post_message(SidePanelReady(self)))

    def on_resize(self) -> None:
        if self._ws is not None and (self.size.width, self._short()) != (self._drawn_width, self._drawn_short):
            self.redraw(self._ws, self._article_id, self._order)

    def _row_width(self) -> int:
        """The cells a list row has: a list's width (the one on show; hidden ones have none)
        less the option padding and the scrollbar."""
        self._drawn_width, self._drawn_short = self.size.width, self._short()
        lists = max((links.size.width for links in self.query(LinkList)), default=0) or self.size.width - 4
        return max(24, lists - 2 - 2)

    @property
    def page(self) -> tuple[str, str] | None:
        """The page on show, for history: ("person", id), ("meeting", id) or None (article)."""
        active = self.query_one(TabbedContent).active
        if active == "tab-person" and self.person:
            return ("person", self.person)
        if active == "tab-meeting" and self.meeting:
            return ("meeting", self.meeting)
        return None

    def switch(self, tab: str) -> None:
        """Show a tab; when the panel had the focus, the tab's list takes it."""
        had_focus = self.has_focus_within
        self.query_one(TabbedContent).active = f"tab-{tab}"
        if had_focus:
            self.call_after_refresh(self.active_list().focus)

    def active_list(self) -> LinkList:
        active = self.query_one(TabbedContent).active or "tab-article"
        return self.query_one(f"#{active.removeprefix('tab-')}-links", LinkList)

    # --- the focused entity ---------------------------------------------------
    def show_entity(self, ws: Workspace | None, article_id: str | None, mention: int | None) -> None:
        annotation = ws.annotations.get(article_id) if ws and article_id else None
        if annotation is None or mention is None or mention >= len(annotation.mentions):
            self._card(Content.styled("n / N: move between entities · Enter: open", "$text-muted"))
            return
        m = annotation.mentions[mention]
        lines = [Content.assemble((f" {m.label} ", "reverse"), " ", (m.text, "bold"),
                                  (f"  {f'rule: {m.rule}' if m.rule else m.by} · {m.status}", "$text-muted"))]
        if m.person:
            person = ws.people.get(m.person)
            about = person_label(person) if person else ""
            lines.append(Content.assemble("→ ", (person_name(ws, m.person), "bold $accent"),
                                          (f"  {about}" if about else "", "$text-muted"),
                                          ("  (Enter)", "$text-muted")))
        elif m.candidates:
            lines.append(Content.assemble(("ambiguous: ", "$warning"),
                                          ", ".join(person_name(ws, c) for c in m.candidates)))
        else:
            same = sum(1 for o in annotation.mentions if o.text == m.text and o.status != "rejected")
            unlinked = " · not linked to a person" if m.label == "PERSON" else ""
            lines.append(Content.styled(f"{same}× in this article{unlinked}  (Enter: search)",
                                        "$text-muted"))
        self._card(Content("\n").join(lines))

    def _card(self, content: Content) -> None:
        """Show content on the entity card, laying the panel out again only if its height
        changes (a layout pass was most of the time n took to move the cursor)."""
        card = self.query_one("#entity-card", Static)
        width = card.content_region.width
        lines = (width, len(content.wrap(width))) if width > 0 else None
        card.update(content, layout=lines is None or lines != self._card_lines)
        self._card_lines = lines

    # --- pages ----------------------------------------------------------------
    def redraw(self, ws: Workspace, article_id: str | None, order: list[str]) -> None:
        """Every page drawn again from the workspace (after an edit or a reload), so none shows
        a stale record; the tab on show and each list's cursor stay where they were."""
        kept = {links.id: (links.highlighted, links.scroll_y) for links in self.query(LinkList)}
        self._order = order
        if article_id is not None:
            self.show_article(ws, article_id)
        if self.person is not None:
            self.show_person(ws, self.person, order, switch=False)
        if self.meeting is not None:
            self.show_meeting(ws, self.meeting, switch=False)
        for links in self.query(LinkList):
            highlighted, y = kept.get(links.id, (None, 0))
            if highlighted is not None and highlighted < links.option_count \
                    and not links.get_option_at_index(highlighted).disabled:
                links.highlighted = highlighted
            links.scroll_to(y=y, animate=False, immediate=True)

    def show_article(self, ws: Workspace, article_id: str) -> None:
        self._ws, self._article_id = ws, article_id
        width = self._row_width()
        annotation = ws.annotations.get(article_id)
        options = []
        if annotation is None:
            options.append(heading("No annotations for this article yet."))
        else:
            people = people_in_article(annotation.mentions, ws.people)
            options.append(heading(f"People ({len(people)})"))
            for p in people:
                if p.person:
                    target = Link("person", p.person)
                    extra = ""
                else:
                    m = annotation.mentions[p.first]
                    target = Link("spot", article_id, m.start, m.end)
                    extra = "  not linked"
                options.append(link(Content.assemble(p.name, (f"  ×{p.count}", "$text-muted"),
                                                     (extra, "italic $text-muted")), target))
            meetings = ws.meetings_in(article_id)
            options.append(heading(f"Meetings ({len(meetings)})"))
            column = date_column(meetings)
            for meeting in meetings:
                options.append(link(meeting_line(ws, meeting, width=width, column=column), Link("meeting", meeting.id)))
        self.query_one("#article-links", LinkList).show(options)

    def _page_head(self, kind: str, item_id: str, item: object, switch: bool) -> Static | None:
        """The page's head widget, or None once the page says the item is unknown."""
        head = self.query_one(f"#{kind}-head", Static)
        if item is not None:
            return head
        head.update(Content.styled(f"Unknown {kind} {item_id!r}", "$error"))
        self.query_one(f"#tab-{kind}").set_class(True, "-empty")
        self.query_one(f"#{kind}-links", LinkList).show([])
        if switch:
            self.switch(kind)
        return None

    def show_person(self, ws: Workspace, person_id: str, order: list[str], *, switch: bool = True) -> None:
        """Fill the person page; switch=False redraws it without bringing it to the front."""
        self.person = person_id
        self._ws, self._order = ws, order
        width = self._row_width()
        person = ws.people.get(person_id)
        if (head := self._page_head("person", person_id, person, switch)) is None:
            return
        self.query_one("#tab-person").set_class(False, "-empty")
        head.update(self._person_head(ws, person))

        per_article = mentions_per_article(ws, person_id, order)
        counts = [c for _, c in per_article]
        in_articles = sum(1 for c in counts if c)
        self.query_one("#spark-caption", Static).update(Content.styled(
            f"mentions per article (list order): {sum(counts)} in {in_articles} of {len(counts)}", "$text-muted"))
        self.query_one("#person-spark", Sparkline).data = counts if any(counts) else [0]
        self.query_one(ArticleAxis).show(len(counts))

        meetings = ws.meetings_of(person_id)
        self.query_one("#person-timeline", Timeline).show(meetings)

        options = [heading(f"Meetings ({len(meetings)})")]
        column = date_column(meetings)
        for _, meeting in timeline(meetings):
            options.append(link(meeting_line(ws, meeting, width=width, column=column, leave_out=person_id),
                                Link("meeting", meeting.id)))
        mentions = ws.mentions_of(person_id)
        options.append(heading(f"Mentions ({len(mentions)})"))
        rank = {aid: i for i, aid in enumerate(order)}
        ordered = sorted(mentions, key=lambda am: (rank.get(am[0], len(rank)), am[1].start))
        shown_article = None
        for article_id, m in ordered[:MAX_LINKS]:
            article = ws.articles.get(article_id)
            if article is None:
                continue
            if article_id != shown_article:  # the title once, then that article's snippets
                shown_article = article_id
                options.append(Option(Content.styled(article_title(ws, article_id), "bold"), disabled=True))
            options.append(link(mention_snippet(article.text, m.start, m.end, width),
                                Link("spot", article_id, m.start, m.end)))
        options.extend(more(len(ordered), "mentions"))
        others = co_occurring(ws, person_id)
        options.append(heading(f"Appears with ({len(others)})"))
        for other, count in others[:MAX_LINKS]:
            options.append(link(Content.assemble(person_name(ws, other), (f"  {count} article{'s' * (count != 1)}",
                                                                          "$text-muted")), Link("person", other)))
        options.extend(more(len(others), "people"))
        self.query_one("#person-links", LinkList).show(options)
        if switch:
            self.switch("person")

    def _person_head(self, ws: Workspace, person: Person) -> Content:
        """Name and affiliation on one line, then aliases, roles and the note: a line each, cut
        with an ellipsis (the CSS). On a short screen the head has HEAD_ROWS_SHORT lines, so
        that the meetings and mentions below keep the rows; the roles left out are counted."""
        lines = [Content.assemble((person.name, "bold $accent"),
                                  (f" · {person.affiliation}" if person.affiliation else "", "$text-muted"))]
        if aliases := [a for a in person.aliases if a.casefold() != person.name.casefold()]:   # not the name again
            lines.append(Content.assemble(("also ", "$text-muted"), ", ".join(aliases)))
        note = [Content.styled(person.note, "italic")] if person.note else []
        rows = HEAD_ROWS_SHORT if self._short() else len(lines) + MAX_ROLES + 1 + len(note)
        room = max(1, rows - len(lines) - len(note))
        shown = person.roles if len(person.roles) <= room else person.roles[:room - 1]
        for role in shown:
            lines.append(Content.assemble(("role ", "$text-muted"), role.title,
                                          (f"  ({article_title(ws, role.article)})", "$text-muted")))
        if hidden := len(person.roles) - len(shown):
            lines.append(Content.styled(f"… {hidden} more role{'s' * (hidden != 1)}", "$text-muted"))
        return Content("\n").join(lines + note)

    def _short(self) -> bool:
        """Whether the app laid the panes out for a short screen (app.tcss's #panes.-short)."""
        return any(node.has_class("-short") for node in self.ancestors_with_self)

    def show_meeting(self, ws: Workspace, meeting_id: str, *, switch: bool = True) -> None:
        """Fill the meeting page; switch=False redraws it without bringing it to the front."""
        self.meeting = meeting_id
        self._ws = ws
        width = self._row_width()
        meeting = ws.meetings.get(meeting_id)
        if (head := self._page_head("meeting", meeting_id, meeting, switch)) is None:
            return
        when = meeting.date or "undated"
        if meeting.date_text:
            when += f" (“{meeting.date_text}”)"
        lines = [Content.assemble(("Meeting ", "bold $accent"), (meeting.status, "bold")),
                 Content.assemble(("when  ", "$text-muted"), when),
                 Content.assemble(("where ", "$text-muted"), meeting.place or "—"),
                 Content.assemble(("review ", "$text-muted"), meeting.review, (f" · by {meeting.by}", "$text-muted"))]
        if meeting.unnamed:
            lines.append(Content.assemble(("also ", "$text-muted"), ", ".join(meeting.unnamed)))
        if meeting.note:
            lines.append(Content.styled(meeting.note, "italic"))
        head.update(Content("\n").join(lines))
        options = [heading(f"Participants ({len(meeting.participants)})")]
        for pid in meeting.participants:
            person = ws.people.get(pid)
            about = person_label(person) if person else ""
            options.append(link(Content.assemble(person_name(ws, pid), (f"  {about}" if about else "", "$text-muted")),
                                Link("person", pid)))
        groups = report_groups(meeting.reports)
        # "reports" are sentences everywhere (search says "5 reports in 3 articles" too)
        options.append(heading(f"Reported: {reports_in_articles(len(meeting.reports), len(groups))}"))
        for article_id, reports in groups.items():   # the title once, then each sentence under it
            count = f"  {len(reports)} reports" if len(reports) > 1 else ""
            options.append(Option(Content.assemble((article_title(ws, article_id), "bold"), (count, "$text-muted")),
                                  disabled=True))
            for report in reports:
                evidence = Content.assemble((" ".join(report.evidence.split()), "italic"), "”")
                options.append(link(hang(Content("  “"), evidence, width),
                                    Link("spot", report.article, report.start, report.end)))
        self.query_one("#meeting-links", LinkList).show(options)
        if switch:
            self.switch("meeting")
