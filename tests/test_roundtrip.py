"""Hand-written comments, key order and quoting survive the app's rewrites."""

from __future__ import annotations

import yaml

from tui.core.roundtrip import preserve

OLD = """# newsdesk annotation: format in docs/annotation-format.md
id: '001'
meta:
  title: Talks  # fixed by hand
  outlet: AP
# mentions the analyst checked
mentions:
- {start: 0, end: 6, text: Taiwan, label: GPE, by: model, status: unreviewed}
# Ma is the vice minister
- {start: 10, end: 19, text: Ma Zhaoxu, label: PERSON, person: ma-zhaoxu, by: model, status: unreviewed}
- {start: 30, end: 35, text: China, label: GPE, by: model, status: unreviewed}  # check
body: [0, 100]
"""
NEW = """# newsdesk annotation: format in docs/annotation-format.md
id: '001'
meta:
  title: Talks in Beijing
  outlet: AP
mentions:
- {start: 0, end: 6, text: Taiwan, label: GPE, by: model, status: unreviewed}
- {start: 8, end: 9, text: X, label: ORG, by: analyst, status: accepted}
- {start: 10, end: 19, text: Ma Zhaoxu, label: PERSON, person: ma-zhaoxu, by: analyst, status: accepted}
body: [0, 100]
note: new
"""


def test_comments_follow_their_records_and_content_is_the_new_one() -> None:
    out = preserve(OLD, NEW)
    assert yaml.safe_load(out) == yaml.safe_load(NEW)
    lines = out.splitlines()
    assert "# fixed by hand" in lines[3] and lines[3].startswith("  title: Talks in Beijing")
    ma = next(i for i, line in enumerate(lines) if "Ma Zhaoxu" in line)
    assert lines[ma - 1] == "# Ma is the vice minister"      # moved with its mention past the new one
    assert "# mentions the analyst checked" in out
    assert "China" not in out                                  # removed, with its comment
    assert lines[0].startswith("# newsdesk")


def test_hand_key_order_is_kept() -> None:
    old = "# h\nmeta:\n  outlet: AP\n  title: T\nid: '001'\n"
    new = "# h\nid: '001'\nmeta:\n  title: U\n  outlet: AP\n"
    out = preserve(old, new)
    assert out.index("outlet") < out.index("title") < out.index("id:")
    assert yaml.safe_load(out) == yaml.safe_load(new)


def test_broken_or_missing_old_text_gives_the_new_text() -> None:
    assert preserve(None, NEW) == NEW
    assert preserve("id: [unclosed\n", NEW) == NEW
    assert preserve("- a list\n", NEW) == NEW


def test_without_comments_in_the_store_order_the_fresh_text_is_used() -> None:
    plain = NEW.replace("title: Talks in Beijing", "title: Old")
    assert preserve(plain, NEW) == NEW


def test_store_files_keep_comments_line_by_line(tmp_path) -> None:
    """The fast path, on the store's own format: comments follow their records."""
    from tui.core.models import Annotation, ArticleMeta, Mention
    from tui.core.store import annotation_text

    def text_of(mentions, title="T"):
        return annotation_text(Annotation("a1", "a1.txt", "0" * 64, ArticleMeta(title=title), (0, 100),
                                          mentions=mentions, note="line one\nline # two"))

    ms = [Mention(0, 6, "Taiwan", "GPE"), Mention(10, 19, "Ma Zhaoxu", "PERSON"), Mention(30, 35, "China", "GPE")]
    old = text_of(ms).replace("- {start: 10,", "# Ma is the vice minister\n- {start: 10,")
    old = old.replace("  title: T", "  title: T  # from the print edition")
    new_ms = [ms[0], Mention(8, 9, "X", "ORG", by="analyst"), Mention(10, 19, "Ma Zhaoxu", "PERSON", status="accepted")]
    new = text_of(new_ms, title="U")
    out = preserve(old, new)
    assert yaml.safe_load(out) == yaml.safe_load(new)
    lines = out.splitlines()
    ma = next(i for i, line in enumerate(lines) if "Ma Zhaoxu" in line)
    assert lines[ma - 1] == "# Ma is the vice minister" and "start: 8" in lines[ma - 2]
    assert "  title: U  # from the print edition" in lines
    assert "China" not in out


def test_a_hash_inside_quotes_or_block_text_is_not_a_comment() -> None:
    from tui.core.roundtrip import _split_comment

    assert _split_comment("title: 'No. #1' # hand")[1] == "# hand"
    assert _split_comment('text: "a # b"')[1] is None
    assert _split_comment("text: C#")[1] is None
