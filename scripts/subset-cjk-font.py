#!/usr/bin/env python3
"""Regenerates assets/fonts/NotoSansSC-faultline-subset.otf, the CJK font the dashboard
embeds (egui's own fonts have no CJK glyphs).

The subset holds:
  - GB2312 level 1 (the 3755 most common simplified characters, what Chinese input
    methods and school texts treat as "common"), so a lecturer's own scenario names
    mostly render too, and GB2312's symbol rows (arrows such as →, which egui's own
    fonts lack, maths signs, Greek, full-width forms);
  - every non-ASCII character of the shipped Chinese texts: i18n/zh-CN/*.ftl and
    scenarios/zh-CN/*.ron and any scenario file (a Chinese-named scenario);
  - CJK and full-width punctuation.

Source: Noto Sans CJK SC Regular (SIL OFL 1.1, assets/fonts/OFL.txt), from Debian's
fonts-noto-cjk package:

    apt-get install -y fonts-noto-cjk && pip install fonttools
    python3 scripts/subset-cjk-font.py

Run it again after adding Chinese text with characters outside GB2312 level 1; the test
`ui_cjk::every_glyph_of_the_chinese_ui_is_in_the_loaded_fonts` says which are missing.
"""

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # JP, KR, SC, TC, HK, then the Mono faces
OUT = ROOT / "assets/fonts/NotoSansSC-faultline-subset.otf"


def gb2312(rows):
    chars = set()
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # the unused cells at the end of row 0xD7
    return chars


def shipped_text_chars():
    chars = set()
    files = list((ROOT / "i18n").rglob("*.ftl")) + list((ROOT / "scenarios").rglob("*.ron"))
    for path in files:
        chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F)
    return chars


def main():
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} not found: apt-get install -y fonts-noto-cjk")
    # GB2312 rows 0xA1-0xA9: punctuation, arrows (→, which egui's fonts lack), maths signs,
    # Greek, box drawing; rows 0xB0-0xD7: level 1, the 3755 most common characters.
    chars = gb2312(range(0xA1, 0xAA)) | gb2312(range(0xB0, 0xD8)) | shipped_text_chars()
    # CJK symbols and punctuation, full-width forms: 、。「」『』（），：；！？ and friends.
    chars |= {chr(c) for c in range(0x3000, 0x3040)}
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}
    font = TTCollection(str(SOURCE)).fonts[SC_INDEX]
    cmap = font.getBestCmap()
    wanted = sorted(ord(c) for c in chars if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = []  # egui shapes no OpenType features; CJK needs none
    options.hinting = False  # egui rasterises unhinted
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright and names; the OFL text ships beside
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT.relative_to(ROOT)}: {len(wanted)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
