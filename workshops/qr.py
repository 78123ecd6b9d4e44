"""QR codes for join links, as inline SVG that scales with its container."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    code = segno.make(url, error="m")
    # segno writes the SVG itself and escapes nothing of ours into it but the encoded data.
    return mark_safe(  # noqa: S308
        code.svg_inline(scale=1, border=2, omitsize=True, dark="#111", light="#fff")
    )
