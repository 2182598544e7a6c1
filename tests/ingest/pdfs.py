"""Small PDFs made for the tests with reportlab: an issue typeset from the synthetic text,
and a page with no text layer."""

import re
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def typeset(text: str) -> bytes:
    """The extractor's text set as a PDF would print it: note numbers as plain digits,
    no markup, hanzi in a CID font (so the PDF's text layer carries them)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=8)
    story = []
    for block in filter(None, (b.strip() for b in text.split("\n\n"))):
        block = re.sub(r"^\^\{(\d+) &\}quot;", r'\1 "', block)
        block = re.sub(r"^\$\^\{(\d+)\\,\^\{\\\}circ\}\$\s*", r'\1 "', block)
        block = block.replace("*", "").translate(SUPERSCRIPTS)
        html = re.sub(
            "([\u3400-\u9fff，、。：；《》]+)",
            lambda m: f'<font name="STSong-Light">{m.group(1)}</font>',
            escape(block),
        )
        story.append(Paragraph(html, style))
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def without_text() -> bytes:
    """A page that only draws (as a scan would show an image): no text layer."""
    out = BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.rect(100, 100, 300, 400, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()
