"""WordprocessingML that python-docx has no API for, in two layers like python-docx's own.

- `xml/`: the raw layer, split by element family as python-docx's `oxml` is (base, text,
  paragraph, table, settings). lxml elements only: runs and fields, paragraphs, tables with
  w:tblHeader, w:cantSplit, w:vMerge, shading, style defaults, settings, bullet numbering,
  all in schema order.
- `table`, `body`, `document`: the object layer. A linear-time table builder, a body writer
  that keeps its insertion point, section breaks and orientation, styles, headers.
"""

from .body import BodyStory, Story, set_orientation, text_width
from .table import Cell, Row, TableBuilder, TableLook, TextCell

__all__ = ["BodyStory", "Story", "set_orientation", "text_width", "Cell", "Row",
           "TableBuilder", "TableLook", "TextCell"]
