"""A Word package written as a stream: word/document.xml goes into the zip block by block
while the sections write, so memory does not grow with the length of the report.

Each block (a paragraph, a table row) is serialised with lxml's incremental writer
(`etree.xmlfile`) once it is complete and then dropped; only the one being written is held.
The other parts (styles, numbering, headers, the template's own parts, properties) are
python-docx's as before and are written after the body, when the header's page count is
known. Zip entry order is free in OPC, so document.xml first is as valid as last.
"""

from __future__ import annotations

import zipfile
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any

from docx.document import Document as DocxDocument
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from lxml import etree


class PackageStream:
    """The .docx at `path` being written: `body` takes the body's blocks in order; `close`
    ends document.xml and writes every other part of the document's package."""

    def __init__(self, document: DocxDocument, path: str | Path):
        self.document = document
        self._zip = zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED)
        main = document.part
        self._entry: IO[bytes] = self._zip.open(main.partname.membername, "w")
        self.body = BodyStream(self._entry, document)

    def close(self) -> None:
        """End document.xml and write the rest of the package (python-docx's parts)."""
        self.body.close()
        self._entry.close()
        package = self.document.part.package
        main = self.document.part
        parts = list(package.iter_parts())
        for part in parts:
            part.before_marshal()
        self._write(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        self._write(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            if part is not main:
                self._write(part.partname.membername, part.blob)
            if len(part.rels):
                self._write(part.partname.rels_uri.membername, part.rels.xml)
        self._zip.close()

    def abort(self) -> None:
        """Close the files after a failure; the half-written package is the caller's to
        remove (atomic writes never put it in place)."""
        for closable in (self._entry, self._zip):
            try:
                closable.close()
            except (OSError, ValueError, zipfile.BadZipFile):
                pass

    def _write(self, name: str, data: bytes) -> None:
        self._zip.writestr(name, data)


class BodyStream:
    """w:document/w:body written incrementally: `block` writes a complete paragraph or
    table, `open_table`/`row`/`close_table` a table row by row. The body's final w:sectPr
    (the last section's page set-up) is written at `close`, after the sections set it."""

    def __init__(self, out: IO[bytes], document: DocxDocument):
        self._root = document.element
        self._body = self._root.body
        self._final = self._body.get_or_add_sectPr()
        self._xf: AbstractContextManager[Any] = etree.xmlfile(out, encoding="UTF-8")
        self._writer = self._xf.__enter__()
        self._writer.write_declaration(standalone=True)
        self._open: list[AbstractContextManager[Any]] = []
        self._enter(self._root)
        for child in self._root:  # w:background comes before w:body
            if child is self._body:
                break
            self._writer.write(child)
        self._enter(self._body)
        self._table: etree._Element | None = None

    @property
    def final_section(self) -> etree._Element:
        return self._final

    def block(self, element: etree._Element) -> None:
        assert self._table is None, "a table is open: finish it before the next block"
        self._writer.write(element)

    def open_table(self, tbl: etree._Element) -> None:
        """The table's start and its properties and grid; rows follow with `row`."""
        assert self._table is None, "a table is open: finish it before the next one"
        self._enter(tbl)
        for child in tbl:
            self._writer.write(child)
        self._table = tbl

    def row(self, tr: etree._Element) -> None:
        assert self._table is not None, "no table is open"
        self._writer.write(tr)

    def close_table(self) -> None:
        self._exit()
        self._table = None

    def close(self) -> None:
        assert self._table is None, "a table is still open"
        self._writer.write(self._final)
        self._exit()  # w:body
        self._exit()  # w:document
        self._xf.__exit__(None, None, None)

    def _enter(self, element: etree._Element) -> None:
        """Open `element`'s start tag (its attributes and namespaces) in the stream."""
        nsmap = element.nsmap if element.getparent() is None else None
        opened = self._writer.element(element.tag, dict(element.attrib), nsmap=nsmap)
        opened.__enter__()
        self._open.append(opened)

    def _exit(self) -> None:
        self._open.pop().__exit__(None, None, None)
