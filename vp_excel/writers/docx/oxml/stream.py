"""A Word package written as a stream: word/document.xml goes into the zip block by block
while the sections write, so memory does not grow with the length of the report.

Each block (a paragraph, a table row) is serialised by lxml once it is complete, written
into the zip entry and dropped (the technique of lxml's incremental `etree.xmlfile`, with
the start and end tags of document, body and table written around the blocks); only the
block being filled is held.
The other parts (styles, numbering, headers, the template's own parts, properties) are
python-docx's as before and are written after the body, when the header's page count is
known. Zip entry order is free in OPC, so document.xml first is as valid as last.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

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


_TAG = re.compile(rb"<[^<>]*>")
_CHUNK = 1 << 20


class BodyStream:
    """w:document/w:body written incrementally: `block` writes a complete paragraph or
    table, `open_table`/`row`/`close_table` a table row by row. The body's final w:sectPr
    (the last section's page set-up) is written at `close`, after the sections set it.

    Each block is serialised by lxml (`etree.tostring`) on its own, which declares its
    namespaces on it again; the declarations the document element already makes are taken
    off its start tag, so document.xml is byte for byte what python-docx writes."""

    def __init__(self, out: IO[bytes], document: DocxDocument):
        self._out = out
        # Blocks are small: written to the zip entry a megabyte at a time, as each write
        # there is a CRC and a compression call.
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._root = root = document.element
        self._body = root.body
        self._final = self._body.get_or_add_sectPr()
        self._declared = re.compile(b"|".join(
            re.escape(f' xmlns:{prefix}="{uri}"'.encode())
            for prefix, uri in root.nsmap.items() if prefix))
        self._emit(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
        self._emit(self._start_tag(root))
        for child in root:  # w:background comes before w:body
            if child is self._body:
                break
            self._write(child)
        self._emit(self._start_tag(self._body))
        self._ends = [self._end_tag(root), self._end_tag(self._body)]
        self._table: etree._Element | None = None

    def block(self, element: etree._Element) -> None:
        assert self._table is None, "a table is open: finish it before the next block"
        self._write(element)

    def open_table(self, tbl: etree._Element) -> None:
        """The table's start and its properties and grid; rows follow with `row`."""
        assert self._table is None, "a table is open: finish it before the next one"
        self._emit(self._start_tag(tbl))
        for child in tbl:
            self._write(child)
        self._table = tbl

    def row(self, tr: etree._Element) -> None:
        assert self._table is not None, "no table is open"
        self._write(tr)

    def close_table(self) -> None:
        assert self._table is not None, "no table is open"
        self._emit(self._end_tag(self._table))
        self._table = None

    def close(self) -> None:
        assert self._table is None, "a table is still open"
        self._write(self._final)
        while self._ends:
            self._emit(self._ends.pop())
        self._flush()

    def _write(self, element: etree._Element) -> None:
        data = etree.tostring(element, encoding="UTF-8")
        head_end = data.index(b">")
        if data.find(b" xmlns:", head_end) != -1:
            # Rare (a section break's w:sectPr declares r: for its header references):
            # take the declarations off every tag. Tags hold no "<" or ">" of their own.
            self._emit(_TAG.sub(self._undeclare, data))
            return
        self._emit(self._undeclare_in(data[:head_end]))
        self._emit(data[head_end:])

    def _undeclare(self, tag: re.Match[bytes]) -> bytes:
        return self._undeclare_in(tag.group(0))

    def _undeclare_in(self, tag: bytes) -> bytes:
        return self._declared.sub(b"", tag)

    def _emit(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        self._out.write(b"".join(self._pending))
        self._pending.clear()
        self._pending_size = 0

    def _start_tag(self, element: etree._Element) -> bytes:
        """`element`'s start tag alone, with its attributes (and, for the document element,
        its namespace declarations)."""
        shell = etree.Element(element.tag, dict(element.attrib), nsmap=element.nsmap)
        data = etree.tostring(shell, encoding="UTF-8")
        if element is not self._root:
            data = self._undeclare_in(data)
        return data[:-2] + b">"  # "<w:tbl/>" -> "<w:tbl>"

    def _end_tag(self, element: etree._Element) -> bytes:
        qname = etree.QName(element)
        prefix = element.prefix
        return f"</{prefix}:{qname.localname}>".encode() if prefix else \
            f"</{qname.localname}>".encode()
