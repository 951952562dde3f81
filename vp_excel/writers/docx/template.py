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

_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
NOT_A_DOCUMENT = ("mallen är inget Word-dokument (.docx). Spara den i Word som Word-dokument "
                  "(.docx) och ange den igen.")


def open_template(template: Path) -> DocxDocument:
    """The kommun's .docx (or .dotx) opened for writing; TemplateInvalid when it isn't one."""
    where = Location(str(template))
    if not template.is_file():
        raise TemplateInvalid("mallen finns inte. Ange sökvägen till ett Word-dokument (.docx).",
                              where)
    _refuse_bombs(template, where)
    try:
        return docx.Document(io.BytesIO(_as_document_package(template.read_bytes())))
    except (ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError,
            etree.XMLSyntaxError, NotImplementedError) as exc:
        raise TemplateInvalid(NOT_A_DOCUMENT, where) from exc


def _refuse_bombs(template: Path, where: Location) -> None:
    """A .docx is a zip too, and python-docx reads every linked part whole: the workbook's
    zip-bomb checks first (sizes declared, parts, compression), said of the template."""
    from ...safety.files import check_package_sizes

    try:
        check_package_sizes(template, where, ("mallen", "mallens"))
    except WorkbookTooLarge as exc:
        raise TemplateInvalid(exc.message, where) from exc
    except NotAnXlsxWorkbook as exc:  # not a zip, or a damaged one
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
