"""The kommun's Word template: open a .docx or .dotx for writing, or refuse it in Swedish."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ...errors import Location, NotAnXlsxWorkbook, TemplateInvalid, WorkbookTooLarge

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
# XML elements in all the template's parts: python-docx holds each as an lxml object (~200
# bytes; 6 million took 1,2 GB). A kommun's template has a few thousand.
MAX_TEMPLATE_ELEMENTS = 1_000_000
# Paragraphs in the template's headers and footers, which every page repeats: LibreOffice lays
# each out on every page of the PDF (12 000 took 13 s, 40 000 past any patience). A kommun's
# header is a table with a logo and a few lines.
MAX_HEADER_PARAGRAPHS = 500
_HEADER_TYPES = tuple(f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
                      for kind in ("header", "footer"))
NOT_A_DOCUMENT = ("mallen är inget Word-dokument (.docx). Spara den i Word som Word-dokument "
                  "(.docx) och ange den igen.")


def open_template(template: Path) -> DocxDocument:
    """The kommun's .docx (or .dotx) opened for writing; TemplateInvalid when it isn't one."""
    where = Location(str(template))
    if not template.is_file():
        raise TemplateInvalid(
            "mallen är en mapp eller ingen vanlig fil. Ange sökvägen till ett Word-dokument "
            "(.docx)." if template.exists() else
            "mallen finns inte. Ange sökvägen till ett Word-dokument (.docx).", where)
    _refuse_bombs(template, where)
    try:
        document = docx.Document(io.BytesIO(_as_document_package(template.read_bytes())))
    except (ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError,
            etree.XMLSyntaxError, NotImplementedError) as exc:
        raise TemplateInvalid(NOT_A_DOCUMENT, where) from exc
    _refuse_long_headers(document, where)
    _drop_fetched_links(document)
    return document


def _refuse_long_headers(document: DocxDocument, where: Location) -> None:
    """Headers and footers of more paragraphs than any page has room for: refused, by the
    parts' content type whatever they are called."""
    from ...swedish import format_decimal

    total = 0
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if part.content_type not in _HEADER_TYPES or element is None:
            continue
        total += sum(1 for _ in element.iter(f"{{{_W}}}p"))
        if total > MAX_HEADER_PARAGRAPHS:
            raise TemplateInvalid(
                f"mallens sidhuvuden och sidfötter har fler än "
                f"{format_decimal(MAX_HEADER_PARAGRAPHS, 0)} stycken (delen "
                f"{str(part.partname).lstrip('/')} och de före den), mer än en sida rymmer; "
                "den vägras, eftersom varje sida upprepar dem. Spara mallen med ett kortare "
                "sidhuvud.", where)


def _drop_fetched_links(document: DocxDocument) -> None:
    """The template's links to files elsewhere that Word fetches by itself when the report
    is opened (an attached template, a linked picture, a frame, an OLE link) are dropped with
    what uses them: in a published report each would make every reader's Word ask a server,
    or a \\server\\share that takes its Windows login. Hyperlinks stay; they wait for a click."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for part in document.part.package.iter_parts():
        for rel_id, rel in list(part.rels.items()):
            if not rel.is_external or rel.reltype == RT.HYPERLINK:
                continue
            element = getattr(part, "_element", None)
            users = [] if element is None else [
                user for user in element.iter() if any(
                    value == rel_id and name.rsplit("}", 1)[-1] in ("id", "link", "embed")
                    for name, value in user.attrib.items())]
            for user in users:
                if user.getparent() is not None:
                    user.getparent().remove(user)
            del part.rels[rel_id]


def _refuse_bombs(template: Path, where: Location) -> None:
    """A .docx is a zip too, and python-docx reads every linked part whole: the workbook's
    zip-bomb checks first (sizes declared, parts, compression), said of the template."""
    from ...safety.files import check_package_sizes
    from ...safety.parts import xml_elements
    from ...swedish import format_decimal

    try:
        check_package_sizes(template, where, ("mallen", "mallens"))
        total = 0
        for part, count in xml_elements(template, where):
            total += count
            if total > MAX_TEMPLATE_ELEMENTS:
                raise TemplateInvalid(
                    f"mallen har fler än {format_decimal(MAX_TEMPLATE_ELEMENTS)} XML-element "
                    f"(delen {part} och de före den); den vägras som skydd mot skadliga filer. "
                    "Spara en mall med bara sidhuvud, formatmallar och det som ska stå först.",
                    where)
    except WorkbookTooLarge as exc:  # a zip bomb, or a DTD (entities Word never writes)
        raise TemplateInvalid(exc.message.replace("Spara arbetsboken på nytt från Excel.",
                                                  "Spara mallen på nytt i Word."), where) from exc
    except (NotAnXlsxWorkbook, zipfile.BadZipFile, OSError, EOFError, ValueError,
            RuntimeError, NotImplementedError) as exc:  # not a zip, or a damaged one
        raise TemplateInvalid(NOT_A_DOCUMENT, where) from exc


def _as_document_package(data: bytes) -> bytes:
    """A Word template (.dotx) is a document with another content type: relabel it."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_MAIN.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_MAIN.encode(), _DOCUMENT_MAIN.encode())
                target.writestr(item, content)
        return out.getvalue()
