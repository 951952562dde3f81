"""Click's own words (usage lines, option errors) in Swedish.

Click translates through `gettext`; it ships no Swedish catalogue, so the few strings a user
of vp-excel can meet are given here and installed into click's modules (their private `_`
and `ngettext`; click is pinned in setup.cfg and tests/test_hooks.py checks that every string
below is one the installed click asks to translate).
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

SINGULAR: dict[str, str] = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing command.": "Kommando saknas.",
    "Missing {param_type}": "{param_type} saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    # The type's name is click's English ("integer"): the Swedish says "tal" instead.
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt tal.",
    "{value} is not in the range {range}.": "{value} ligger utanför {range}.",
    "Aborted!": "Avbrutet.",
    "default: {default}": "standard: {default}",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du någon av: {possibilities}?)",
}
PLURAL: dict[str, str] = {
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "(Did you mean one of: {possibilities}?)": "(Menade du någon av: {possibilities}?)",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} kräver {nargs} värden.",
    "{value!r} is not one of {choices}.": "{value!r} är inte någon av {choices}.",
}
SINGULAR |= {
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
}


def gettext(message: str) -> str:
    return SINGULAR.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if count == 1:
        return SINGULAR.get(singular, singular)
    return PLURAL.get(plural, SINGULAR.get(plural, plural))


MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
           click.types)


def install() -> None:
    for module in MODULES:
        module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
