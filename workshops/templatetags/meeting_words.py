from django import template

from workshops.meeting_words import meeting_says as says

register = template.Library()


@register.simple_tag
def meeting_says(workshop, sentence: str) -> str:
    """{% meeting_says workshop "welcome" %}: the sentence in the words of its kind of meeting."""
    return says(getattr(workshop, "meeting_type", ""), sentence)
