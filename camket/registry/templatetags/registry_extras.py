from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` for dict lookups with a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def as_words(terms):
    """Index terms as a reader writes them: compounds joined by "_" ("thành_lập") spaced."""
    return [str(t).replace("_", " ") for t in terms or []]


@register.filter
def vnd(value):
    """An amount of đồng as Vietnamese write it: ``500000000`` → "500.000.000 đ"; "–" when none."""
    return money_text(value)


def money_text(value) -> str:
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return "–"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(amount):f}".partition(".")
    groups = []
    while whole:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join(groups) or "0"
    if cents.strip("0"):
        text += "," + cents.rstrip("0")
    return f"{sign}{text} đ"
