"""The web pages: each report and the roll-up as one self-contained, accessible HTML file
(CSS inline, the logo embedded, no script, no request), and a folder's index page.

One more writer beside xlsx and docx, from the same `Evaluation`, in the shape of a writer
`write(evaluation, path, options) -> warnings`. Jinja2 with autoescaping renders
`templates/`."""

from .report import write

__all__ = ["write"]
