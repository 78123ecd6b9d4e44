from django import template
from django.utils.safestring import SafeString

from workshops import phases
from workshops.models import Workshop
from workshops.qr import qr_svg

register = template.Library()


@register.simple_tag
def join_qr(workshop: Workshop) -> SafeString:
    return qr_svg(workshop.join_url)


@register.filter
def get_item(mapping: dict, key: str):
    return (mapping or {}).get(key, {})


@register.filter
def participants_may(workshop: Workshop, verb: str) -> bool:
    """Does the workshop's current phase let participants use `verb`? Screens show a control
    only where the action would be accepted; the action still checks for itself."""
    return verb in phases.verbs_for(workshop.phase, phases.Role.PARTICIPANT)


@register.filter
def facilitator_may(workshop: Workshop, verb: str) -> bool:
    return verb in phases.verbs_for(workshop.phase, phases.Role.FACILITATOR)
