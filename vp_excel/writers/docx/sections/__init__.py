"""The report's sections, each one job: title block, texts, summary, plan table, analysis,
page header. Each takes the `ReportContext` and appends to its body."""
