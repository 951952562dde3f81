"""What a reader of a written web page or Word report sees, as text: the pieces the HTML
and docx tests compare, and the page's structure (headings, tables, links) read with the
standard library's HTML parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import docx

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# Elements inside a line of text: a word split by one (<span class="nw">(-%)</span>) is read
# as one, as a reader sees it; every other element ends a piece of text.
_INLINE = {"span", "strong", "em", "b", "i", "a", "abbr", "small"}
_PAGE_NUMBER = re.compile(r"^\d+\(\d+\)$")


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class Page(HTMLParser):
    """A web page's visible text and the elements the accessibility checks look at."""

    texts: list[str] = field(default_factory=list)
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    title: str = ""
    lang: str | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip = 0
        self._open: list[str] = []
        self._collect: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in _INLINE:
            self.texts.append(" ")
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("style", "script", "title"):
            self._skip += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "caption", "title"):
            self._open.append(tag)
            self._collect = []

    def handle_endtag(self, tag):
        if tag not in _INLINE:
            self.texts.append(" ")
        if tag in ("style", "script", "title"):
            self._skip -= 1
        if self._open and self._open[-1] == tag and self._collect is not None:
            text = squash(" ".join(self._collect))
            if tag == "caption":
                self.captions.append(text)
            elif tag == "title":
                self.title = text
            else:
                self.headings.append((int(tag[1]), text))
            self._open.pop()
            self._collect = None

    def handle_data(self, data):
        if self._collect is not None:
            self._collect.append(data)
        if not self._skip:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return squash("".join(self.texts))


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _cell_paragraphs(table) -> list[str]:
    found = []
    for row in table.rows:
        for cell in row.cells:
            found += [p.text for p in cell.paragraphs]
            for inner in cell.tables:
                found += _cell_paragraphs(inner)
    return found


def word_texts(path: Path) -> list[str]:
    """Every paragraph of a Word document with words in it: body, tables and page header
    (less the page number "1(5)", which a web page has no use for), in order."""
    document = docx.Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += _cell_paragraphs(table)
    for section in document.sections:
        found += [p.text for p in section.header.paragraphs]
        for table in section.header.tables:
            found += _cell_paragraphs(table)
    texts = [squash(text) for text in found]
    return list(dict.fromkeys(t for t in texts if t and not _PAGE_NUMBER.match(t)))
