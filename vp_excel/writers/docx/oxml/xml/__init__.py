"""The raw WordprocessingML layer, split by element family as python-docx's own `oxml` is:
lxml elements and plain values only (twips, half-points, hex colours), children always in
schema order. Every name is importable from here (`from .xml import add_run`, `xml.w`).

- `base`: the w: namespace, schema orders, make/sub/clone/get_or_add/insert_ordered;
- `text`: runs, text, fields;
- `paragraph`: paragraphs and their properties;
- `table`: tables, rows, cells, borders, shading;
- `settings`: sections, style defaults, settings.xml, numbering.xml.
"""

from .base import (
                   BORDER_SIDES,
                   PPR_ORDER,
                   RPR_ORDER,
                   TBLPR_ORDER,
                   TWIPS_PER_CM,
                   W_NS,
                   clone,
                   first_child,
                   get_or_add,
                   insert_ordered,
                   local_name,
                   make,
                   remove_children,
                   sub,
                   w,
                   xml_safe,
)
from .paragraph import new_paragraph, paragraph_properties, set_outline_level, shrink_paragraph
from .settings import (
                   add_bullet_numbering,
                   default_language,
                   set_compatibility_mode,
                   set_default_font,
                   set_default_language,
                   strip_title_page,
)
from .table import borders, ensure_cell_paragraph, new_cell, new_row, new_table, no_borders
from .text import add_field, add_run, add_text, new_run_properties, set_fonts

__all__ = [
    "BORDER_SIDES", "PPR_ORDER", "RPR_ORDER", "TBLPR_ORDER",
    "TWIPS_PER_CM", "W_NS", "add_bullet_numbering", "add_field", "add_run", "add_text",
    "borders", "clone", "default_language", "ensure_cell_paragraph", "first_child",
    "get_or_add", "insert_ordered", "local_name", "make", "new_cell", "new_paragraph",
    "new_row", "new_run_properties", "new_table", "no_borders", "paragraph_properties",
    "remove_children", "set_compatibility_mode", "set_default_font",
    "set_default_language", "set_fonts",
    "set_outline_level", "shrink_paragraph", "strip_title_page", "sub",
    "w", "xml_safe",
]
