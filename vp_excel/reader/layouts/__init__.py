"""Where the plan stands in a workbook. Each layout finds its tables and header rows and hands
columns, keyed by `schema` column keys, to the same parts (cells, periods, assemble):

- `arbetsbok`: vp-excel's own five-sheet format (Inställningar, Perioder, Mål, ...);
- `kommun`: the kommun's own workbook, plan tables found on any sheet under any title rows.
"""
