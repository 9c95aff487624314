"""How long free text may be, in characters, wherever it comes in (a form, the API).

A long box holds about 3,000 words, more than any narrative, answer or report section a
partnership writes, and far less than a flood; a short box holds a title or a name.
"""

LONG_TEXT = 20_000
SHORT_TEXT = 500
