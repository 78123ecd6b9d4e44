"""`make screenshots`: PNGs of every main screen in Danish, Swedish and English.

Starts Samskab on a real Daphne process (tests/live_server.py), fills it with the showcase of
tests/e2e/showcase.py (a workshop in every phase) and saves, per language, the phone at 320
and 390 px in every phase, the console, the projector, the staff pages and the catalogue into
docs/screenshots/<language>/<screen>.png: the first screenful of each (full pages would make the
folder large), laptop and projector screens at half size.

    .venv/bin/python tools/screenshots.py [--languages da,sv,en] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import chromium  # noqa: E402
from tests.e2e.showcase import build_showcase, main_screens, new_context  # noqa: E402
from tests.live_server import live_server  # noqa: E402

PHONE_WIDTHS = (320, 390)


def shrink(path: Path) -> None:
    """Keep the folder small: laptop and projector screens at half size, 64-colour PNGs (the
    screens are flat colours and text, which a palette keeps legible)."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        if image.width > 1000:
            image = image.resize((image.width // 2, image.height // 2), Image.LANCZOS)
        image.quantize(colors=64).save(path, optimize=True)


def shoot(browser, server, showcase, language: str, out: Path) -> int:
    (out / language).mkdir(parents=True, exist_ok=True)
    saved = 0
    for screen in main_screens(showcase, language):
        widths = PHONE_WIDTHS if screen.device == "phone" else (0,)
        for width in widths:
            context = new_context(browser, showcase, screen, server, width=width)
            try:
                page = context.new_page()
                page.goto(server.base_url + screen.path)
                if screen.live:
                    page.wait_for_selector("body[data-connection=online]", timeout=10_000)
                page.wait_for_timeout(300)  # the clock and counters settle
                name = f"{screen.name}-{width}" if width else screen.name
                path = out / language / f"{name}.png"
                page.screenshot(path=str(path))
                shrink(path)
                saved += 1
            finally:
                context.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="da,sv,en")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    options = parser.parse_args()
    languages = options.languages.split(",")
    out = Path(options.out)
    with live_server() as server, chromium() as browser:
        showcase = build_showcase(server, languages)
        total = sum(shoot(browser, server, showcase, language, out) for language in languages)
    size = sum(path.stat().st_size for path in out.rglob("*.png"))
    print(f"{total} screenshots in {out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
