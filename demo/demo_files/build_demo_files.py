"""Rebuild the demo files shipped beside this script: small made-up outcome documents (PDF) and
placeholder partner wordmarks (PNG). Not run by seed_demo, which only copies the results, so the
demo data stays byte-for-byte the same on every machine.

    .venv/bin/python demo/demo_files/build_demo_files.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from weasyprint import HTML

HERE = Path(__file__).resolve().parent

BANNER = {
    "en": "Made-up demo content, not the real document.",
    "fr": "Contenu fictif de démonstration, pas le document réel.",
    "ar": "محتوى تجريبي مختلق، وليس الوثيقة الحقيقية.",
}

DOCUMENTS = {
    "vanuatu-guidelines-en.pdf": (
        "en",
        "Guidelines on Child Online Protection for Vanuatu",
        [
            "Outcome of the Capacity Building Child Online Protection Workshop, Port Vila, "
            "22-24 September 2014.",
            "1. Legal measures. 2. Technical and procedural measures. 3. Organizational "
            "structures. 4. Capacity building. 5. International cooperation.",
        ],
    ),
    "vanuatu-guidelines-fr.pdf": (
        "fr",
        "Lignes directrices sur la protection en ligne des enfants pour Vanuatu",
        [
            "Résultat de l’atelier de renforcement des capacités sur la protection en ligne "
            "des enfants, Port-Vila, 22-24 septembre 2014.",
            "1. Mesures juridiques. 2. Mesures techniques et procédurales. 3. Structures "
            "organisationnelles. 4. Renforcement des capacités. 5. Coopération internationale.",
        ],
    ),
    "brunei-guidelines-en.pdf": (
        "en",
        "COP Guidelines for Brunei",
        ["National guidelines on Child Online Protection, 2014."],
    ),
    "cairo-report-en.pdf": (
        "en",
        "Regional Workshop on COP for the Arab Region: report",
        ["Cairo, October 2015. Empowering the future digital citizens."],
    ),
    "cairo-report-ar.pdf": (
        "ar",
        "تقرير حلقة العمل الإقليمية لحماية الأطفال على الإنترنت في المنطقة العربية",
        ["القاهرة، أكتوبر 2015. تمكين المواطنين الرقميين في المستقبل."],
    ),
}

PAGE_CSS = """
@page { size: A5; margin: 18mm; }
body { font-family: "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif; font-size: 11pt; }
.banner { border: 2px solid #b3261e; color: #b3261e; padding: 4mm; font-weight: bold; }
h1 { color: #003a63; font-size: 16pt; }
"""

LOGOS = {
    # acronym: background colour
    "CTO": "#00528a",
    "IMPACT": "#1a7f37",
    "TRR": "#8250df",
    "OGCIO": "#9a6700",
    "IWF": "#b3261e",
    "Trend Micro": "#cf222e",
    "ONAT": "#0a3069",
}


def build_document(name: str, language: str, title: str, paragraphs: list[str]) -> None:
    direction = "rtl" if language == "ar" else "ltr"
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    html = (
        f'<html lang="{language}" dir="{direction}"><head><style>{PAGE_CSS}</style></head><body>'
        f'<p class="banner">{BANNER[language]}</p><h1>{title}</h1>{body}</body></html>'
    )
    (HERE / name).write_bytes(HTML(string=html).write_pdf())


def build_logo(acronym: str, colour: str) -> None:
    """A wordmark placeholder: the acronym on a coloured band, 240 x 120 pixels."""
    image = Image.new("RGB", (240, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((6, 6, 234, 114), radius=14, fill=colour)
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 44 if len(acronym) <= 6 else 28)
    draw.text((120, 60), acronym, fill="white", font=font, anchor="mm")
    slug = acronym.lower().replace(" ", "-")
    image.save(HERE / "logos" / f"{slug}.png", optimize=True)


if __name__ == "__main__":
    for filename, (language, title, paragraphs) in DOCUMENTS.items():
        build_document(filename, language, title, paragraphs)
    for acronym, colour in LOGOS.items():
        build_logo(acronym, colour)
