"""Draws the app's icons into public/icons/ (run by hand when the design changes; the PNGs
are committed): a gold disc with 民 on the app's red, plus a maskable variant whose artwork
stays inside the central 80 % safe zone a launcher may crop to a circle or squircle.

    .venv/bin/python frontend/scripts/make-icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (200, 22, 29)
GOLD = (246, 195, 91)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
OUT = Path(__file__).parents[1] / "public" / "icons"


def draw(size: int, *, artwork_share: float, rounded: bool) -> Image.Image:
    scale = 4  # drawn large, then scaled down, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=RED)
    else:
        pen.rectangle((0, 0, big, big), fill=RED)
    disc = big * artwork_share
    left = (big - disc) / 2
    pen.ellipse((left, left, left + disc, left + disc), fill=GOLD)
    font = ImageFont.truetype(FONT, int(disc * 0.62))
    pen.text((big / 2, big / 2), "民", font=font, fill=RED, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, artwork_share=0.72, rounded=True).save(OUT / f"icon-{size}.png", optimize=True)
    # Maskable: full-bleed red, the disc within the safe zone (a circle of 80 % diameter).
    draw(512, artwork_share=0.6, rounded=False).save(OUT / "maskable-512.png", optimize=True)
    # iOS ignores the manifest's icons and rounds corners itself: full-bleed, no alpha.
    draw(180, artwork_share=0.72, rounded=False).convert("RGB").save(
        OUT / "apple-touch-icon-180.png", optimize=True
    )


if __name__ == "__main__":
    main()
