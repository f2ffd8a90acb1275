from django import template

from camket.obligations.roadmap import render_rows

register = template.Library()


@register.simple_tag
def roadmap_rows(roadmap):
    """The roadmap's rows as HTML (see ``roadmap.render_rows``)."""
    return render_rows(roadmap)
