"""Short forms of long texts, for lists and record names."""

ELLIPSIS = "…"


def excerpt(text, limit):
    """The text whole if it fits in `limit` characters, else cut at the last word boundary with an ellipsis.

    A word is never cut: a first word longer than the limit is kept whole.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]
    cut = head.rfind(" ")
    if cut <= 0:
        cut = text.find(" ")
        return text[:cut] + ELLIPSIS if cut > 0 else text
    return head[:cut].rstrip(" ,;:.") + ELLIPSIS
