"""One writer per output: `xlsx` (the report workbook, xlsxwriter) and `docx` (the Word report,
python-docx)."""
