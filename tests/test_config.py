"""config.toml and state.json on odd files: said or ignored, never a traceback, never overwritten."""

from __future__ import annotations

import pytest

from tui.core.config import config_path, load_config, save_settings, state_path
from tui.core.last_place import LastPlace, load_place, save_place


def test_the_xdg_folders_are_used_only_when_absolute(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "newsdesk" / "config.toml"
    assert config_path({"XDG_CONFIG_HOME": "relative"}) == tmp_path / "home" / ".config" / "newsdesk" / "config.toml"
    assert state_path({}) == tmp_path / "home" / ".local" / "state" / "newsdesk" / "state.json"


def test_a_folder_or_a_binary_file_is_said_and_never_written(tmp_path):
    folder = tmp_path / "config.toml"
    folder.mkdir()
    config, problems = load_config(folder)
    assert config.sort == "date" and len(problems) == 1 and "folder" in problems[0].message
    with pytest.raises(ValueError):
        save_settings(folder, {"sort": "title"})
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"sort = \"title\"\n\xff\xfe")
    assert "not UTF-8" in load_config(binary)[1][0].message
    with pytest.raises(ValueError):
        save_settings(binary, {"sort": "title"})
    assert binary.read_bytes().endswith(b"\xff\xfe")
    broken = tmp_path / "broken.toml"
    broken.write_text("# mine\nsort = \n")
    with pytest.raises(ValueError):
        save_settings(broken, {"sort": "title"})
    assert broken.read_text() == "# mine\nsort = \n"


def test_a_damaged_or_odd_state_file_remembers_nothing(tmp_path):
    articles = tmp_path / "seeds"
    articles.mkdir()
    state = tmp_path / "state.json"
    for content in (b"not json", b"\xff\xfe", b"[1, 2]", b'{"%s": {"top": 3}}' % str(articles).encode()):
        state.write_bytes(content)
        assert load_place(state, articles) is None
    state.unlink()
    state.mkdir()
    assert load_place(state, articles) is None
    state.rmdir()
    save_place(state, articles, LastPlace("a1", 120, (5, 9)))
    assert load_place(state, tmp_path / "." / "seeds") == LastPlace("a1", 120, (5, 9))   # the resolved folder
