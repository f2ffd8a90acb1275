"""``{{ text|highlight:query }}``: the text escaped, cut on word edges, matched words marked."""

from django import template

from camket.search import highlight as highlight_text

register = template.Library()


@register.filter
def highlight(text, query):
    """Escaped ``text`` with the words of ``query`` marked; plain escaped text without a query."""
    return highlight_text(str(text or ""), str(query or ""), width=10_000)


@register.filter
def search_snippet(text, query):
    """Like ``highlight`` but cut to a short window around the first match."""
    return highlight_text(str(text or ""), str(query or ""))
