"""Extract the Simplified Chinese face from a Noto CJK collection and subset it for certificates.

A .ttc collection opens on its first face, which is Japanese; Chinese names need the SC face
(its own glyph forms). The whole face is ~16 MB a weight, so we keep what names and the fixed
certificate texts use: ASCII, Latin-1, CJK punctuation, full-width forms and every hanzi of
GBK (GB 2312's 6,763 common characters plus the rarer ones people do have in their names).

    python tools/subset_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
        static/fonts/NotoSansSC-Regular.otf

The source is the Debian package fonts-noto-cjk (SIL Open Font License 1.1, see OFL.txt)."""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SC_FACE_SUFFIX = "CJKsc-"


def gbk_hanzi() -> set[int]:
    """Every character GBK encodes with two bytes (hanzi and symbols)."""
    code_points: set[int] = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            code_points.add(ord(text))
    return code_points


def wanted_code_points() -> set[int]:
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1
        (0x2000, 0x206F),  # general punctuation
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFF00, 0xFFEF),  # half- and full-width forms
    ]
    code_points = {cp for start, end in ranges for cp in range(start, end + 1)}
    return code_points | gbk_hanzi()


def main(source: str, target: str) -> None:
    collection = TTCollection(source)
    face = next(font for font in collection.fonts if SC_FACE_SUFFIX in font["name"].getDebugName(6))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # PDFs are printed and zoomed; hints only add bytes
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=wanted_code_points())
    subsetter.subset(face)
    face.save(target)
    print(f"{target}: {Path(target).stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(*sys.argv[1:3])
