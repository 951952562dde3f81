"""Safety checks on an input file before any parser sees it, and the one place for the messages
that say a file is damaged or hostile.

- `files.check_input_file`: the right kind of file (not a lock file, .xls, .ods, CSV, PDF,
  encrypted...), read from the first bytes and the zip directory only, sizes within bounds;
- `parts.checked_sheets`: streams every zip member once (bounded memory, CRC checked),
  refuses hostile XML (DTDs, entities) and absurd merged or hyperlinked ranges, and hands each
  worksheet's XML on to whoever extracts data from it (sheetscan.py);
- `ole`: what an OLE compound file (old .xls, an encrypted .xlsx) is, read with olefile;
- `damage`: every "the file is damaged" message, also the reader's for parser failures.
"""

from .damage import damage_message
from .files import check_input_file
from .parts import checked_sheets

__all__ = ["check_input_file", "checked_sheets", "damage_message"]
