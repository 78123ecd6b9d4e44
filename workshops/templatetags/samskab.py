from django import template
from django.utils.safestring import SafeString

from workshops.models import Workshop
from workshops.qr import qr_svg

register = template.Library()


@register.simple_tag
def join_qr(workshop: Workshop) -> SafeString:
    return qr_svg(workshop.join_url)


@register.filter
def get_item(mapping: dict, key: str):
    return (mapping or {}).get(key, {})
