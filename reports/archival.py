"""Final documents as archival PDF: PDF/A-3u (WeasyPrint's ``pdf_variant``), tagged, with XMP metadata.

WeasyPrint writes the PDF/A identification (``pdfaid:part`` 3, ``conformance`` U), the sRGB output
intent, embedded font subsets, the document's title (``<title>``), author (``<meta name=author>``),
subject (``<meta name=description>``), creation time (``<meta name=dcterms.created>``) and, with
``pdf_tags``, the structure tree (``/MarkInfo``, ``/StructTreeRoot``, ``/Lang``). It writes no
``dc:language`` into the XMP: ``pdf_xmp_language`` adds it with pikepdf (before anything is hashed).
Drafts stay plain PDF. ``pdf_checks`` is what can be checked here; full validation is veraPDF's
(docs/archive.md).
"""

import io

PDFA_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True}
PDFA_PART, PDFA_CONFORMANCE = "3", "U"
# Document information entries and their XMP twins (PDF/A: where both exist they must be equal).
INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description", "/Producer": "pdf:Producer"}


def pdf_xmp_language(content: bytes, lang: str) -> bytes:
    """The PDF with ``dc:language`` in its XMP metadata (pikepdf; nothing else changes in the document)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:language"] = [lang]
        # pyHanko's update (the signature fields) sets the XMP producer to itself but appends to the
        # Info one, which would then differ (PDF/A wants them equal): the XMP keeps it alone.
        if "/Producer" in pdf.docinfo:
            del pdf.docinfo["/Producer"]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _fonts(pdf):
    for page in pdf.pages:
        resources = page.obj.get("/Resources") or {}
        yield from (resources.get("/Font") or {}).values()


def _font_embedded(font) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def pdf_checks(content: bytes) -> dict:
    """What can be checked without veraPDF: PDF/A identification, output intent, fonts, tags, no encryption or JS."""
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        meta = pdf.open_metadata()
        root = pdf.Root
        names = root.get("/Names") or {}
        intents = root.get("/OutputIntents") or []
        fonts = list(_fonts(pdf))
        info = pdf.docinfo
        same = all(
            str(info[key]) == str(meta.get(xmp) or "")
            for key, xmp in INFO_XMP.items()
            if key in info and key != "/Author"
        ) and ("/Author" not in info or [str(info["/Author"])] == list(meta.get("dc:creator") or []))
        return {
            "info_matches_xmp": same,
            "pdfa_part": meta.get("pdfaid:part"),
            "pdfa_conformance": meta.get("pdfaid:conformance"),
            "title": meta.get("dc:title"),
            "author": ", ".join(meta.get("dc:creator") or []),
            "subject": meta.get("dc:description"),
            "language": ", ".join(meta.get("dc:language") or []),
            "created": meta.get("xmp:CreateDate"),
            "output_intent": str(intents[0].get("/S")) if len(intents) else "",
            "fonts": len(fonts),
            "fonts_embedded": bool(fonts) and all(_font_embedded(font) for font in fonts),
            "tagged": bool((root.get("/MarkInfo") or {}).get("/Marked")) and "/StructTreeRoot" in root,
            "encrypted": pdf.is_encrypted,
            "javascript": "/JavaScript" in names or "/OpenAction" in root or "/AA" in root,
            "pages": len(pdf.pages),
        }
