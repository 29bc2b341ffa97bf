"""Font resolution (ARCHITECTURE decision 13): configured path → Windows → Linux → refuse, TrueType only."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.fonts import FONT_DIR_ENV, FontUnavailable, load_face, resolve_fonts

WQY_ZEN = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

needs_system_fonts = pytest.mark.skipif(
    not (WQY_ZEN.exists() and UMING.exists()),
    reason="fonts-wqy-zenhei and fonts-arphic-uming (installed by .ci/run)",
)


def _link(folder: Path, name: str, target: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).symlink_to(target)


@needs_system_fonts
def test_linux_system_fonts_give_a_hei_title_and_a_song_body() -> None:
    fonts = resolve_fonts(env={}, windows_dirs=())
    assert fonts.title_face.family == "WenQuanYi Zen Hei"
    assert fonts.body_face.family == "AR PL UMing CN"
    # uming.ttc holds CN, HK, TW and TW MBE faces; the CN face is chosen by name.
    assert fonts.body_face.index == 0


@needs_system_fonts
def test_ttc_face_is_found_by_family_not_by_index() -> None:
    face = load_face(UMING, "AR PL UMing TW")
    assert face is not None
    assert (face.family, face.index) == ("AR PL UMing TW", 2)


@needs_system_fonts
def test_windows_fonts_win_over_linux_fonts(tmp_path: Path) -> None:
    windows = tmp_path / "Windows" / "Fonts"
    # Stand-ins with the Windows file names: 黑体 for titles, 仿宋 for the body.
    _link(windows, "simhei.ttf", WQY_ZEN)
    _link(windows, "simfang.ttf", UMING)
    fonts = resolve_fonts(env={}, windows_dirs=[windows], linux_dirs=[tmp_path / "none"])
    assert fonts.title_face.path == windows / "simhei.ttf"
    assert fonts.body_face.path == windows / "simfang.ttf"


@needs_system_fonts
def test_configured_folder_wins_and_comes_from_the_environment(tmp_path: Path) -> None:
    mine = tmp_path / "my-fonts"
    _link(mine, "any-name.ttc", UMING)
    windows = tmp_path / "win"
    _link(windows, "simhei.ttf", WQY_ZEN)
    fonts = resolve_fonts(env={FONT_DIR_ENV: str(mine)}, windows_dirs=[windows])
    assert fonts.title_face.path == fonts.body_face.path == mine / "any-name.ttc"
    explicit = resolve_fonts(mine, env={FONT_DIR_ENV: str(windows)})
    assert explicit.body_face.path == mine / "any-name.ttc"


def test_a_configured_path_without_usable_fonts_is_refused_not_skipped(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FontUnavailable) as err:
        resolve_fonts(empty, env={})
    assert FONT_DIR_ENV in str(err.value)
    assert str(empty) in str(err.value)


def test_nothing_found_refuses_in_chinese_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(FontUnavailable) as err:
        resolve_fonts(env={}, windows_dirs=[tmp_path / "a"], linux_dirs=[tmp_path / "b"])
    message = str(err.value)
    assert "中文TrueType字体" in message
    assert FONT_DIR_ENV in message
    assert "打印字体目录" in message


def test_cff_and_latin_only_fonts_are_not_print_faces(tmp_path: Path) -> None:
    cff = tmp_path / "NotoSansCJKsc-Regular.ttf"
    cff.write_bytes(b"OTTO" + b"\0" * 200)  # an OpenType/CFF header: ReportLab cannot embed these outlines
    assert load_face(cff) is None
    if DEJAVU.exists():
        assert load_face(DEJAVU) is None  # TrueType, but no Chinese glyphs
    with pytest.raises(FontUnavailable):
        resolve_fonts(tmp_path, env={})
