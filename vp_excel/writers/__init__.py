"""One writer per output: `workbook` (xlsxwriter) and `document` (python-docx)."""
