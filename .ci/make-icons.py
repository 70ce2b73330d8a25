#!/usr/bin/env python3
"""Draws Folio's app icon, a serif "F" on the accent colour, into public/icons/.

One geometry (rectangles on a 100-unit square) gives the SVG and the PNGs, so they match:
icon.svg (the favicon), icon-192.png and icon-512.png (rounded, for the manifest's "any"
purpose) and icon-maskable-512.png (full bleed, the letter inside the maskable safe zone).
Python's standard library only (zlib, struct): run it again after changing the shapes.

    python3 .ci/make-icons.py
"""

import os
import struct
import zlib

ACCENT = (0x7A, 0x2E, 0x1D)  # --accent in src/ui/style.css
PAPER = (0xFA, 0xF8, 0xF4)  # --bg
RADIUS = 18  # corner radius of the rounded icon, in units of 100

# The letter, as (x0, y0, x1, y1) rectangles; inside a circle of radius 40 around the centre.
LETTER = [
    (36, 24, 47, 76),  # stem
    (36, 24, 71, 33),  # arm
    (36, 46, 63, 54),  # bar
    (29, 71, 54, 76),  # foot serif
    (29, 24, 36, 28),  # head serif
    (66, 24, 71, 39),  # arm serif
    (59, 41, 63, 59),  # bar serif
]

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")


def in_rounded_square(x, y, r):
    cx = min(max(x, r), 100 - r)
    cy = min(max(y, r), 100 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_letter(x, y):
    return any(x0 <= x < x1 and y0 <= y < y1 for x0, y0, x1, y1 in LETTER)


def render(size, rounded):
    """RGBA rows, 4×4 supersampled for smooth edges."""
    n = 4
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            bg = letter = 0
            for sy in range(n):
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) * 100 / size
                    y = (py + (sy + 0.5) / n) * 100 / size
                    if rounded and not in_rounded_square(x, y, RADIUS):
                        continue
                    bg += 1
                    letter += in_letter(x, y)
            alpha = bg / (n * n)
            t = letter / bg if bg else 0
            rgb = [round(a + (b - a) * t) for a, b in zip(ACCENT, PAPER)]
            row += bytes(rgb + [round(alpha * 255)])
        rows.append(bytes(row))
    return rows


def write_png(path, size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def write_svg(path):
    hexc = lambda c: "#%02x%02x%02x" % c  # noqa: E731
    rects = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"/>' for x0, y0, x1, y1 in LETTER
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{RADIUS}" fill="{hexc(ACCENT)}"/>'
        f'<g fill="{hexc(PAPER)}">{rects}</g></svg>\n'
    )
    with open(path, "w") as f:
        f.write(svg)


def main():
    os.makedirs(OUT, exist_ok=True)
    write_svg(os.path.join(OUT, "icon.svg"))
    for size in (192, 512):
        write_png(os.path.join(OUT, f"icon-{size}.png"), size, render(size, rounded=True))
    write_png(os.path.join(OUT, "icon-maskable-512.png"), 512, render(512, rounded=False))
    print(f"icons written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
