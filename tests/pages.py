"""Reading the pages the tests get back, with Beautiful Soup (the standard library's parser).

Entities come back as characters (an `&amp;` in the page is an `&` here), as a browser reads
them. Pick elements with CSS selectors: `one` for the element that must be there once,
Beautiful Soup's own `select` for a list, `tag["href"]` for an attribute.
"""

from typing import Protocol

from bs4 import BeautifulSoup, Tag


class Response(Protocol):
    """A page as the test client or a view returns it."""

    @property
    def content(self) -> bytes: ...


def page(response: Response) -> BeautifulSoup:
    """The whole page, parsed."""
    return BeautifulSoup(response.content, "html.parser")


def _element(source: Response | Tag) -> Tag:
    return source if isinstance(source, Tag) else page(source)


def one(source: Response | Tag, selector: str) -> Tag:
    """The only element the CSS selector matches; fails the test if there are none or several."""
    found = _element(source).select(selector)
    assert len(found) == 1, f"expected one element matching {selector!r}, found {len(found)}"
    return found[0]


def text(source: Response | Tag) -> str:
    """The text a person reads (no scripts, styles or comments), white space folded."""
    return " ".join(_element(source).get_text().split())


def error_summary(source: Response | Tag) -> dict[str, str]:
    """The page's GOV.UK error summary, as message → id of the element its link goes to,
    in the order the summary lists them.

    Fails the test unless the page has exactly one error summary, headed "There is a
    problem", listing each message once, every link going to an element on the page.
    """
    document = _element(source)
    summaries = document.select("div.govuk-error-summary")
    assert len(summaries) == 1, f"expected one GOV.UK error summary, found {len(summaries)}"
    assert text(one(summaries[0], ".govuk-error-summary__title")) == "There is a problem"
    links = [(text(link), str(link["href"])) for link in summaries[0].select("a")]
    messages = [message for message, _ in links]
    assert len(set(messages)) == len(messages), f"a message is listed twice: {messages}"
    for _, href in links:
        assert href.startswith("#"), f"the summary links away from the page, to {href}"
        assert document.find(id=href[1:]), f"the summary links to {href}, which is not on the page"
    return {message: href[1:] for message, href in links}
