#!/usr/bin/env python3
"""Generate the procedural demo illustrations for Revista.

Every image is drawn from scratch with Pillow (gradients, shapes, value
noise, soft glows) -- no photographs, no people. Output is deterministic:
each scene uses its own fixed random seed and only the standard library
random generator.

Usage:  python3 tools/gen_demo_images.py [key ...]

Writes, relative to the repository root:
  demo/media/<key>-<width>.jpg   (480, 960, 1600 px wide, progressive, q78)
  demo/media/<key>-<width>.webp  (q75)
  demo/media.toml                (metadata incl. computed dominant colour)

Requires: Pillow (pip install pillow).
"""

import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "demo", "media")
TOML_PATH = os.path.join(ROOT, "demo", "media.toml")

W, H = 1600, 1000          # master size (16:10)
S = 2                      # supersampling factor while drawing
WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 74
WEBP_QUALITY = 70


# --------------------------------------------------------------------------
# colour helpers
# --------------------------------------------------------------------------

def hexc(s):
    if not isinstance(s, str):
        return tuple(s)
    s = s.lstrip("#")
    return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))


def col(c):
    return hexc(c) if isinstance(c, str) else tuple(c)


def mix(a, b, t):
    a, b = col(a), col(b)
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def shade(c, f):
    c = col(c)
    return tuple(max(0, min(255, int(round(v * f)))) for v in c)


def rgba(c, a):
    c = col(c)
    return (c[0], c[1], c[2], int(max(0, min(255, a))))


def jitter(rng, c, amt):
    c = col(c)
    return tuple(max(0, min(255, v + rng.randint(-amt, amt))) for v in c)


def lerp(a, b, t):
    return a + (b - a) * t


def smooth(t):
    t = max(0.0, min(1.0, t))
    return t * t * (3 - 2 * t)


# --------------------------------------------------------------------------
# drawing primitives (coordinates are in master units, scaled by S)
# --------------------------------------------------------------------------

_RADIAL = None


def radial():
    """256x256 L image: 255 at the centre falling linearly to 0 at radius 128."""
    global _RADIAL
    if _RADIAL is None:
        g = Image.radial_gradient("L")          # 0 at centre, 181 at edge midpoints
        _RADIAL = g.point([max(0, 255 - int(round(v * 255 / 181.0))) for v in range(256)])
    return _RADIAL


class Pen:
    """ImageDraw wrapper working in master coordinates."""

    def __init__(self, im, blend=True):
        self.d = ImageDraw.Draw(im, "RGBA" if (blend and im.mode == "RGB") else None)

    @staticmethod
    def _p(pts):
        return [(x * S, y * S) for x, y in pts]

    def poly(self, pts, fill):
        self.d.polygon(self._p(pts), fill=fill)

    def rect(self, x0, y0, x1, y1, fill):
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        self.d.rectangle([x0 * S, y0 * S, x1 * S - 1, y1 * S - 1], fill=fill)

    def rrect(self, x0, y0, x1, y1, r, fill):
        r = max(0, min(r, (x1 - x0) / 2, (y1 - y0) / 2))
        self.d.rounded_rectangle([x0 * S, y0 * S, x1 * S - 1, y1 * S - 1],
                                 radius=r * S, fill=fill)

    def ell(self, x0, y0, x1, y1, fill):
        self.d.ellipse([x0 * S, y0 * S, x1 * S, y1 * S], fill=fill)

    def circ(self, cx, cy, r, fill):
        self.ell(cx - r, cy - r, cx + r, cy + r, fill)

    def line(self, pts, fill, width=1.0):
        self.d.line(self._p(pts), fill=fill, width=max(1, int(round(width * S))),
                    joint="curve")

    def arc_poly(self, cx, cy, rx, ry, a0, a1, n=48):
        return [(cx + rx * math.cos(math.radians(lerp(a0, a1, i / n))),
                 cy + ry * math.sin(math.radians(lerp(a0, a1, i / n))))
                for i in range(n + 1)]


def star_points(cx, cy, r_out, r_in, n=5, rot=-90):
    pts = []
    for i in range(n * 2):
        r = r_out if i % 2 == 0 else r_in
        a = math.radians(rot + i * 180 / n)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def tree_clump(pen, rng, cx, cy, rad, dark, light, n=26, light_dir=(-0.5, -0.8)):
    """Rounded foliage mass made of overlapping discs lit from light_dir."""
    blobs = []
    for _ in range(n):
        a = rng.uniform(0, 2 * math.pi)
        d = rad * math.sqrt(rng.random()) * 0.75
        x, y = cx + d * math.cos(a), cy + d * math.sin(a) * 0.85
        rr = rad * rng.uniform(0.22, 0.42)
        lit = 0.5 + 0.6 * (((x - cx) * light_dir[0] + (y - cy) * light_dir[1]) / rad)
        blobs.append((lit, x, y, rr))
    blobs.sort()
    pen.circ(cx, cy + rad * 0.1, rad * 0.8, col(dark) + (255,))
    for lit, x, y, rr in blobs:
        c = jitter(rng, mix(dark, light, max(0.0, min(1.0, lit))), 6)
        pen.circ(x, y, rr, c + (255,))


def ridge(rng, n, amp, rough=0.55):
    """Midpoint displacement profile, n = 2**k + 1 samples, values ~[-amp, amp]."""
    p = [0.0] * n
    p[0], p[-1] = rng.uniform(-1, 1), rng.uniform(-1, 1)
    step, scale = n - 1, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n - 1, step):
            p[i] = (p[i - half] + p[i + half]) / 2 + rng.uniform(-1, 1) * scale
        scale *= rough
        step = half
    m = max(abs(v) for v in p) or 1.0
    return [v / m * amp for v in p]


class Canvas:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.w, self.h = W * S, H * S
        self.img = Image.new("RGB", (self.w, self.h), (128, 128, 128))
        self.pen = Pen(self.img)

    # -- masks -------------------------------------------------------------
    def mask(self):
        m = Image.new("L", (self.w, self.h), 0)
        return m, Pen(m, blend=False)

    def paint(self, mask, paint, blur=0.0, opacity=1.0):
        """Paint a colour or RGB image through an L mask."""
        if blur:
            mask = mask.filter(ImageFilter.GaussianBlur(blur * S))
        if opacity < 1.0:
            mask = mask.point(lambda v, o=opacity: int(v * o))
        if isinstance(paint, Image.Image):
            self.img.paste(paint, (0, 0), mask)
        else:
            self.img.paste(col(paint), (0, 0, self.w, self.h), mask)

    # -- gradients ---------------------------------------------------------
    def vgrad_img(self, stops, y0=0, y1=H):
        """Full-size RGB image with a vertical gradient between y0..y1."""
        stops = [(t, col(c)) for t, c in stops]
        strip = Image.new("RGB", (1, self.h))
        px = []
        for yy in range(self.h):
            t = (yy / S - y0) / max(1e-6, (y1 - y0))
            t = max(0.0, min(1.0, t))
            for i in range(len(stops) - 1):
                if stops[i][0] <= t <= stops[i + 1][0]:
                    a, b = stops[i], stops[i + 1]
                    u = (t - a[0]) / max(1e-6, b[0] - a[0])
                    px.append(mix(a[1], b[1], u))
                    break
            else:
                px.append(stops[-1][1] if t > stops[-1][0] else stops[0][1])
        strip.putdata(px)
        return strip.resize((self.w, self.h), Image.NEAREST)

    def hgrad_img(self, stops, x0=0, x1=W):
        stops = [(t, col(c)) for t, c in stops]
        strip = Image.new("RGB", (self.w, 1))
        px = []
        for xx in range(self.w):
            t = max(0.0, min(1.0, (xx / S - x0) / max(1e-6, (x1 - x0))))
            for i in range(len(stops) - 1):
                if stops[i][0] <= t <= stops[i + 1][0]:
                    a, b = stops[i], stops[i + 1]
                    u = (t - a[0]) / max(1e-6, b[0] - a[0])
                    px.append(mix(a[1], b[1], u))
                    break
            else:
                px.append(stops[-1][1] if t > stops[-1][0] else stops[0][1])
        strip.putdata(px)
        return strip.resize((self.w, self.h), Image.NEAREST)

    def vgrad(self, stops, y0=0, y1=H, mask=None):
        g = self.vgrad_img(stops, y0, y1)
        if mask is None:
            self.img.paste(g, (0, 0))
        else:
            self.img.paste(g, (0, 0), mask)

    def alpha_vgrad(self, y0, y1, a0, a1):
        """L mask whose value goes a0 -> a1 between y0 and y1 (clamped)."""
        strip = Image.new("L", (1, self.h))
        vals = []
        for yy in range(self.h):
            t = max(0.0, min(1.0, (yy / S - y0) / max(1e-6, (y1 - y0))))
            vals.append(int(lerp(a0, a1, smooth(t))))
        strip.putdata(vals)
        return strip.resize((self.w, self.h), Image.NEAREST)

    # -- light ---------------------------------------------------------------
    def glow(self, cx, cy, rx, ry, color, strength=1.0, falloff=2.0, mode="screen"):
        """Soft elliptical light (screen blend) centred at cx, cy."""
        rg = radial()
        lut = [int(255 * strength * (v / 255.0) ** falloff) for v in range(256)]
        rg = rg.point(lut)
        bw, bh = max(2, int(2 * rx * S)), max(2, int(2 * ry * S))
        m = rg.resize((bw, bh), Image.BILINEAR)
        x0, y0 = int((cx - rx) * S), int((cy - ry) * S)
        box = (max(0, x0), max(0, y0), min(self.w, x0 + bw), min(self.h, y0 + bh))
        if box[2] <= box[0] or box[3] <= box[1]:
            return
        m = m.crop((box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0))
        region = self.img.crop(box)
        light = Image.new("RGB", region.size, col(color))
        black = Image.new("RGB", region.size, (0, 0, 0))
        layer = Image.composite(light, black, m)
        if mode == "screen":
            out = ImageChops.screen(region, layer)
        elif mode == "add":
            out = ImageChops.add(region, layer)
        else:  # tint
            out = Image.composite(light, region, m)
        self.img.paste(out, box[:2])

    def shadow_grad(self, y0, y1, a0, a1, color=(0, 0, 0), x0=0, x1=W):
        """Vertical alpha ramp a0 -> a1, limited to the box x0..x1, y0..y1."""
        box, bp = self.mask()
        bp.rect(x0, y0, x1, y1, 255)
        self.paint(ImageChops.multiply(box, self.alpha_vgrad(y0, y1, a0, a1)), color)

    # -- textures ------------------------------------------------------------
    def noise(self, size, rng=None):
        rng = rng or self.rng
        w, h = size
        return Image.frombytes("L", (w, h), rng.randbytes(w * h))

    def fbm(self, scales=(6, 14, 36, 90), weights=(1, 0.6, 0.35, 0.2), aspect=1.0):
        """Fractal value noise as a full-size L image (mean ~128)."""
        acc = None
        total = 0.0
        for sc, wt in zip(scales, weights):
            cw = max(2, int(sc * aspect))
            ch = max(2, int(sc * H / W))
            up = self.noise((cw, ch)).resize((self.w, self.h), Image.BICUBIC)
            if acc is None:
                acc, total = up, wt
            else:
                total += wt
                acc = Image.blend(acc, up, wt / total)
        return ImageOps.autocontrast(acc, cutoff=1)

    def texture(self, tex, mask=None, strength=0.25):
        """Overlay a grey texture (L, 128 = neutral) inside mask."""
        t3 = Image.merge("RGB", (tex, tex, tex))
        ov = ImageChops.overlay(self.img, t3)
        if mask is None:
            self.img = Image.blend(self.img, ov, strength)
        else:
            m = mask.point(lambda v, s=strength: int(v * s))
            self.img.paste(ov, (0, 0), m)
        self.pen = Pen(self.img)

    def clouds(self, y0, y1, color, amount=0.5, soft=0.6, scales=(5, 11, 26, 60),
               stretch=2.2, opacity=0.85):
        """Soft fbm clouds in a horizontal band."""
        n = self.fbm(scales=scales, weights=(1, 0.55, 0.3, 0.15), aspect=1.0 / stretch * 1.6)
        thr = int(255 * (1 - amount))
        width = max(1, int(255 * soft * 0.5))
        lut = [int(255 * smooth((v - thr) / width)) for v in range(256)]
        m = n.point(lut)
        band = self.alpha_vgrad(y0, lerp(y0, y1, 0.35), 0, 255)
        band2 = self.alpha_vgrad(lerp(y0, y1, 0.65), y1, 255, 0)
        m = ImageChops.multiply(m, ImageChops.multiply(band, band2))
        self.paint(m, color, blur=3, opacity=opacity)
        return m

    # -- finishing ---------------------------------------------------------
    def finish(self, vignette=0.28, grain=0.0, warmth=None):
        img = self.img.resize((W, H), Image.LANCZOS)
        if warmth:
            img = Image.blend(img, ImageChops.multiply(img, Image.new("RGB", img.size, col(warmth))), 0.25)
        if vignette:
            rg = radial()
            lut = [int(255 * (1 - vignette * (1 - (v / 255.0) ** 0.6))) for v in range(256)]
            rg = rg.point(lut).resize((int(W * 1.6), int(H * 1.6)), Image.BILINEAR)
            rg = rg.crop((int(W * 0.3), int(H * 0.3), int(W * 0.3) + W, int(H * 0.3) + H))
            img = ImageChops.multiply(img, Image.merge("RGB", (rg, rg, rg)))
        if grain:
            g = Image.frombytes("L", (W, H), self.rng.randbytes(W * H))
            g = g.filter(ImageFilter.GaussianBlur(0.7))
            g = ImageOps.autocontrast(g, cutoff=0.5)
            g3 = Image.merge("RGB", (g, g, g))
            img = Image.blend(img, ImageChops.overlay(img, g3), grain)
        return img


class Persp:
    """Simple pinhole camera: X right, Y up, Z forward (metres)."""

    def __init__(self, cx=800, vy=470, f=1000, hc=1.5):
        self.cx, self.vy, self.f, self.hc = cx, vy, f, hc

    def __call__(self, X, Y, Z):
        Z = max(Z, 0.05)
        return (self.cx + self.f * X / Z, self.vy - self.f * (Y - self.hc) / Z)

    def quad(self, pts3):
        return [self(*p) for p in pts3]


def column_strip(cv, x0, x1, y0, y1, base, light=0.3, flutes=0, contrast=0.45):
    """Cylinder-like shaded vertical strip (columns, chimneys, poles, tanks)."""
    d = cv.pen.d
    px0, px1 = int(x0 * S), int(x1 * S)
    n = max(1, px1 - px0)
    for i in range(n):
        t = (i + 0.5) / n
        b = 1 - contrast + contrast * max(0.0, math.cos((t - light) * math.pi * 0.95))
        b += 0.12 * math.exp(-((t - light) ** 2) / 0.004)  # specular
        if flutes and int(t * flutes * 2) % 2:
            b *= 0.92
        d.line([(px0 + i, y0 * S), (px0 + i, y1 * S)], fill=shade(base, b))


# --------------------------------------------------------------------------
# scenes
# --------------------------------------------------------------------------

def scene_parliament(cv):
    r, p = cv.rng, cv.pen
    cv.vgrad([(0, "#5b8ac0"), (0.45, "#9fc0e0"), (0.7, "#eedcc4"), (1, "#f3e4cf")], 0, 760)
    cv.clouds(60, 420, "#ffffff", amount=0.42, opacity=0.75)
    cv.glow(260, 140, 520, 380, "#fff2d6", 0.55)
    p = cv.pen

    # trees behind the wings
    for side in (-1, 1):
        for k in range(9):
            cx = 800 + side * r.uniform(580, 880)
            cy = r.uniform(560, 720)
            tree_clump(p, r, cx, cy, r.uniform(70, 110), "#2c4430", "#8aa867", n=34)

    stone = "#e9e0cf"
    stone_dark = "#b9ab95"
    recess = "#8e816e"

    # dome + drum
    p.ell(680, 95, 920, 320, hexc("#c8c9c4"))
    cv.glow(740, 170, 110, 110, "#ffffff", 0.45)
    for i in range(9):
        a = lerp(200, 340, i / 8)
        x = 800 + 120 * math.cos(math.radians(a))
        p.line([(x, 207 + 110 * math.sin(math.radians(a)) + 4), (800, 96)], rgba("#8d8f8c", 90), 2)
    p.rect(780, 70, 820, 104, hexc("#d9d6cc"))
    p.poly([(775, 72), (825, 72), (800, 50)], hexc("#b7b6ae"))
    p.line([(800, 50), (800, 8)], hexc("#444444"), 2.5)
    flag = [(802, 10), (850, 14), (846, 34), (802, 32)]
    p.poly(flag, hexc("#c8102e"))
    p.rect(690, 205, 910, 330, hexc(stone))
    for i in range(8):
        x = 700 + i * 29
        p.rect(x, 222, x + 12, 318, hexc("#cfc4b0"))
        p.rect(x + 14, 240, x + 24, 300, hexc("#6f6556"))
    p.rect(682, 198, 918, 210, hexc("#d4cab7"))

    # wings
    for (x0, x1) in ((150, 420), (1180, 1450)):
        p.rect(x0, 470, x1, 780, hexc(stone))
        p.rect(x0 - 8, 452, x1 + 8, 474, hexc("#f2ebde"))
        p.rect(x0 - 8, 474, x1 + 8, 482, hexc(stone_dark))
        for k in range(3):
            wx = x0 + 40 + k * ((x1 - x0 - 80 - 46) / 2)
            p.rect(wx, 540, wx + 46, 680, hexc("#5f584e"))
            p.rect(wx + 4, 544, wx + 42, 676, hexc("#7d8a96"))
            p.line([(wx + 23, 544), (wx + 23, 676)], hexc("#d8d0c0"), 2)
            p.line([(wx + 4, 600), (wx + 42, 600)], hexc("#d8d0c0"), 2)
            p.poly([(wx - 8, 536), (wx + 54, 536), (wx + 23, 512)], hexc("#efe7d8"))
        for k in range(7):
            p.line([(x0, 700 + k * 12), (x1, 700 + k * 12)], rgba("#a89a84", 90), 1)

    # central block and recess
    p.rect(350, 420, 1250, 770, hexc(recess))
    cv.shadow_grad(430, 560, 120, 0, (40, 32, 25), 350, 1250)
    p = cv.pen
    m, mp = cv.mask()
    mp.rect(350, 560, 1250, 770, 255)
    cv.paint(m, "#a99a84", opacity=0.35)
    p = cv.pen
    # doors
    for dx in (560, 775, 990):
        p.rect(dx, 560, dx + 50, 745, hexc("#3f3428"))
        p.rect(dx + 4, 566, dx + 46, 745, hexc("#5a4632"))
        p.line([(dx + 25, 566), (dx + 25, 745)], hexc("#2e251c"), 2)
        p.ell(dx, 535, dx + 50, 585, hexc("#3f3428"))
        cv.glow(dx + 25, 700, 60, 80, "#ffcf8a", 0.25)

    # entablature and pediment
    p.rect(330, 380, 1270, 432, hexc("#efe7d8"))
    p.rect(330, 406, 1270, 412, hexc("#cdbfa8"))
    p.rect(330, 428, 1270, 438, hexc(stone_dark))
    for i in range(60):
        x = 340 + i * 15.6
        p.rect(x, 414, x + 6, 426, hexc("#d8ccb6"))
    p.poly([(318, 384), (1282, 384), (800, 262)], hexc("#f4ede1"))
    p.poly([(372, 372), (1228, 372), (800, 284)], hexc("#d9ccb6"))
    p.poly([(372, 372), (1228, 372), (800, 284)], rgba("#8e7f68", 60))
    # relief in pediment: a simple laurel-like garland and central shield
    p.ell(772, 318, 828, 366, rgba("#c4b295", 255))
    p.ell(780, 326, 820, 360, rgba("#d9ccb6", 255))
    for i in range(1, 9):
        for sgn in (-1, 1):
            cx = 800 + sgn * (40 + i * 34)
            cy = 352 + i * 1.2
            p.ell(cx - 13, cy - 5, cx + 13, cy + 5, rgba("#bba88a", 200))

    # columns
    xs = [395 + i * (1205 - 395) / 7 for i in range(8)]
    for x in xs:
        # cast shadow on the back wall
        p.poly([(x + 22, 445), (x + 60, 445), (x + 86, 745), (x + 46, 745)], rgba("#3a3024", 70))
    for x in xs:
        column_strip(cv, x - 22, x + 22, 446, 746, "#f1e9da", light=0.3, flutes=9)
        p.rect(x - 30, 436, x + 30, 446, hexc("#efe6d6"))
        p.rect(x - 26, 446, x + 26, 452, hexc("#d3c6b0"))
        p.rect(x - 30, 744, x + 30, 760, hexc("#e6dccb"))
        p.rect(x - 30, 756, x + 30, 760, hexc("#bcae98"))
    cv.shadow_grad(446, 520, 70, 0, (60, 48, 35), 330, 1270)

    # steps
    for i in range(7):
        y = 760 + i * 13
        x0, x1 = 330 - i * 16, 1270 + i * 16
        p.rect(x0, y, x1, y + 13, hexc(mix("#e7ddcb", "#d3c6b0", i / 7)))
        p.rect(x0, y + 10, x1, y + 13, hexc("#a7987f"))

    # plaza with perspective joints
    cv.vgrad([(0, "#d9cfbf"), (1, "#b8ab98")], 851, 1000,
             mask=cv.alpha_vgrad(850, 851, 0, 255))
    p = cv.pen
    for i in range(-20, 21):
        p.line([(800 + i * 30, 851), (800 + i * 130, 1000)], rgba("#8f8270", 90), 1)
    for k in range(8):
        y = 851 + (k ** 1.6) * 5
        p.line([(0, y), (1600, y)], rgba("#8f8270", 80), 1)
    # lamp posts
    for lx in (240, 1360):
        p.rect(lx - 4, 640, lx + 4, 900, hexc("#2b2b2b"))
        p.rect(lx - 12, 890, lx + 12, 905, hexc("#2b2b2b"))
        p.ell(lx - 16, 612, lx + 16, 648, hexc("#2b2b2b"))
        p.ell(lx - 10, 618, lx + 10, 640, hexc("#f6ecd0"))
    tex = cv.fbm(scales=(40, 120, 320), weights=(1, 0.5, 0.4))
    cv.texture(tex, strength=0.07)
    cv.glow(200, 200, 900, 700, "#ffe3b0", 0.22)


def scene_harbour(cv):
    r = cv.rng
    hz = 600
    cv.vgrad([(0, "#1f2350"), (0.35, "#5a3f78"), (0.62, "#d4735a"), (0.85, "#f2a767"),
              (1, "#f8c986")], 0, hz)
    p = cv.pen
    for _ in range(60):
        x, y = r.uniform(0, 1600), r.uniform(0, 220)
        p.circ(x, y, r.uniform(0.6, 1.4), rgba("#ffffff", r.randint(60, 180)))
    cv.clouds(170, 480, "#f0a27a", amount=0.38, stretch=4.0, opacity=0.55)
    cv.clouds(80, 330, "#7a4f86", amount=0.35, stretch=4.0, opacity=0.45)
    sun_x = 1060
    cv.glow(sun_x, hz - 10, 700, 320, "#ffb070", 0.75)
    cv.glow(sun_x, hz - 10, 90, 90, "#fff2c8", 1.0, falloff=1.2)
    p = cv.pen
    p.ell(sun_x - 34, hz - 40, sun_x + 34, hz + 28, hexc("#fff3cf"))

    # distant hills with a town
    ys = ridge(r, 129, 55, 0.55)
    pts = [(-10 + i * 1620 / 128, hz - 40 - ys[i] * (0.4 if i > 70 else 1.0) - (60 if i < 40 else 0) * (1 - i / 40)) for i in range(129)]
    hill = pts + [(1610, hz), (-10, hz)]
    m, mp = cv.mask()
    mp.poly(hill, 255)
    cv.paint(m, "#3b2a4f")
    cv.paint(ImageChops.multiply(m, cv.alpha_vgrad(hz - 120, hz, 0, 200)), "#7a4a60")
    p = cv.pen
    lights = []
    for _ in range(240):
        x = r.uniform(0, 820) if r.random() < 0.8 else r.uniform(820, 1600)
        i = int((x + 10) / 1620 * 128)
        top = pts[min(128, max(0, i))][1]
        if top > hz - 8:
            continue
        y = r.uniform(top + 6, hz - 4)
        lights.append((x, y))
        p.rect(x, y, x + r.uniform(1.5, 3.5), y + 1.6, rgba(r.choice(["#ffd27a", "#ffe7b0", "#ffb65c"]), 230))
    for (x, y) in lights[::3]:
        cv.glow(x, y, 9, 9, "#ffc070", 0.45)

    # sea
    cv.vgrad([(0, "#c7826e"), (0.15, "#6e4a6e"), (1, "#171834")], hz, 1000,
             mask=cv.alpha_vgrad(hz - 0.5, hz + 0.5, 0, 255))
    p = cv.pen
    # ripples
    for _ in range(900):
        y = hz + (r.random() ** 1.7) * 400
        depth = (y - hz) / 400
        x = r.uniform(-50, 1650)
        ln = 10 + depth * 90 * r.random()
        p.line([(x, y), (x + ln, y)], rgba("#b48ab0", 25 + 40 * (1 - depth)), 1 + depth * 1.5)
    # sun path
    m, mp = cv.mask()
    for _ in range(700):
        y = hz + 2 + (r.random() ** 1.4) * 398
        depth = (y - hz) / 400
        spread = 40 + depth * 260
        x = sun_x + r.gauss(0, spread * 0.45)
        ln = 8 + r.random() * (20 + depth * 120)
        a = int(255 * max(0.0, 1 - abs(x - sun_x) / (spread * 1.4)) * (1 - depth * 0.5))
        mp.line([(x - ln / 2, y), (x + ln / 2, y)], a, 1.2 + depth * 2.5)
    cv.paint(m, "#ffcf8f", blur=0.6)
    # town light reflections
    m, mp = cv.mask()
    for (x, y) in lights[::2]:
        for k in range(6):
            yy = hz + (hz - y) * 0.6 + k * r.uniform(3, 8)
            mp.line([(x - 2, yy), (x + 3, yy)], 120, 1)
    cv.paint(m, "#ffc070", blur=0.5)

    # breakwater + lighthouse
    p = cv.pen
    bw = [(-10, 650), (180, 640), (420, 652), (520, 662), (540, 690), (-10, 700)]
    p.poly(bw, hexc("#1c1628"))
    for _ in range(40):
        x = r.uniform(0, 530)
        p.circ(x, r.uniform(650, 680), r.uniform(6, 16), hexc(jitter(r, "#231b31", 6)))
    lx = 470
    p.poly([(lx - 16, 655), (lx + 16, 655), (lx + 10, 540), (lx - 10, 540)], hexc("#e9dfe0"))
    for k in range(3):
        y0 = 560 + k * 32
        p.poly([(lx - 11 - k * 2, y0), (lx + 11 + k * 2, y0), (lx + 12 + k * 2, y0 + 12),
                (lx - 12 - k * 2, y0 + 12)], hexc("#b2243a"))
    p.rect(lx - 13, 522, lx + 13, 542, hexc("#2a2230"))
    p.rect(lx - 9, 526, lx + 9, 538, hexc("#fff0b8"))
    p.poly([(lx - 15, 523), (lx + 15, 523), (lx, 508)], hexc("#2a2230"))
    cv.glow(lx, 532, 120, 90, "#ffe6a0", 0.7)
    m, mp = cv.mask()
    mp.poly([(lx, 532), (lx + 560, 470), (lx + 560, 540)], 90)
    cv.paint(m, "#ffe6b0", blur=14)

    # boats
    def boat(cx, wl, s, body, sail=False):
        m, mp = cv.mask()
        hull = [(cx - 70 * s, wl - 16 * s), (cx + 82 * s, wl - 22 * s), (cx + 60 * s, wl + 6 * s),
                (cx - 56 * s, wl + 6 * s)]
        mp.poly(hull, 255)
        mp.rect(cx - 34 * s, wl - 40 * s, cx + 14 * s, wl - 14 * s, 255)
        mp.line([(cx - 5 * s, wl - 20 * s), (cx - 5 * s, wl - 150 * s)], 255, max(1.2, 3 * s))
        mp.line([(cx - 5 * s, wl - 150 * s), (cx + 80 * s, wl - 22 * s)], 255, max(0.8, 1.2 * s))
        mp.line([(cx - 5 * s, wl - 150 * s), (cx - 68 * s, wl - 17 * s)], 255, max(0.8, 1.2 * s))
        if sail:
            mp.poly([(cx - 2 * s, wl - 140 * s), (cx - 2 * s, wl - 32 * s), (cx + 60 * s, wl - 32 * s)], 255)
        # reflection
        rm, rp = cv.mask()
        rp.poly([(x, 2 * wl - y + 6 * s) for x, y in hull], 255)
        rp.rect(cx - 34 * s, wl + 20 * s, cx + 14 * s, wl + 46 * s, 255)
        rp.line([(cx - 5 * s, wl + 26 * s), (cx - 5 * s, wl + 150 * s)], 255, max(1.2, 3 * s))
        stripes, sp = cv.mask()
        yy = wl
        while yy < wl + 170 * s:
            hgt = r.uniform(1.5, 4) * s
            off = r.uniform(-4, 4) * s
            sp.rect(cx - 100 * s + off, yy, cx + 110 * s + off, yy + hgt, 255)
            yy += hgt + r.uniform(1, 3) * s
        rm = ImageChops.multiply(rm, stripes)
        cv.paint(rm, body, blur=0.8, opacity=0.55)
        cv.paint(m, body)
        pp = cv.pen
        pp.rect(cx - 28 * s, wl - 34 * s, cx - 18 * s, wl - 26 * s, rgba("#ffd890", 230))
        pp.rect(cx - 12 * s, wl - 34 * s, cx - 2 * s, wl - 26 * s, rgba("#ffd890", 230))
        pp.line([(cx - 70 * s, wl - 16 * s), (cx + 82 * s, wl - 22 * s)], rgba("#e09a70", 150), max(1, 1.5 * s))
        cv.glow(cx - 15 * s, wl - 30 * s, 30 * s, 20 * s, "#ffb060", 0.4)

    boat(760, 632, 0.45, "#1a1428", sail=True)
    boat(1320, 640, 0.6, "#18122a")
    boat(620, 700, 0.9, "#150f22")
    boat(1150, 760, 1.25, "#120c1d", sail=True)
    # foreground pier with posts
    p = cv.pen
    p.poly([(-10, 860), (360, 880), (420, 1010), (-10, 1010)], hexc("#0f0b17"))
    for k in range(5):
        x = 40 + k * 80
        p.rect(x, 810 + k * 4, x + 14, 960, hexc("#140f1d"))
        p.line([(x, 812 + k * 4), (x + 14, 812 + k * 4)], rgba("#e8a070", 160), 2)
    p.line([(0, 870), (380, 890)], rgba("#d08a68", 120), 2)
    tex = cv.fbm(scales=(30, 80, 200), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.08)


def scene_mountains(cv):
    r = cv.rng
    cv.vgrad([(0, "#5f86bd"), (0.4, "#98b7d8"), (0.62, "#f0d9b8"), (1, "#f5e2c6")], 0, 640)
    cv.clouds(40, 330, "#ffffff", amount=0.36, stretch=3.0, opacity=0.7)
    sun = (1190, 260)
    cv.glow(*sun, 620, 420, "#fff0cc", 0.7)
    cv.glow(*sun, 60, 60, "#fffaf0", 1.0, falloff=1.0)

    layers = [
        # base_y, amp, rough, top colour, bottom colour, snowline, shading strength
        (430, 190, 0.52, "#8fa2c0", "#bfcad8", 330, 0.55),
        (520, 150, 0.55, "#6f83a3", "#a9b6c8", 440, 0.5),
        (620, 110, 0.58, "#50637d", "#8ea0b4", None, 0.45),
        (730, 90, 0.6, "#344a52", "#6e8690", None, 0.4),
        (860, 70, 0.62, "#1f3129", "#3a5043", None, 0.35),
    ]
    n = 257
    for li, (base, amp, rough, ctop, cbot, snow, sh) in enumerate(layers):
        ys = ridge(r, n, amp, rough)
        if li == 0:
            # a couple of dominant peaks
            ys = [v - 120 * math.exp(-((i - 150) / 30) ** 2) - 70 * math.exp(-((i - 60) / 25) ** 2)
                  for i, v in enumerate(ys)]
        pts = [(-20 + i * 1640 / (n - 1), base + ys[i]) for i in range(n)]
        m, mp = cv.mask()
        mp.poly(pts + [(1620, 1010), (-20, 1010)], 255)
        top = min(y for _, y in pts)
        cv.vgrad([(0, ctop), (1, cbot)], top, base + amp * 0.8 + 60, mask=m)
        # face lighting from the sun (upper right): sheared, fading quads
        lm, lp = cv.mask()
        dm, dp = cv.mask()
        depth_prof = ridge(r, n, 1.0, 0.7)
        dx_ = pts[1][0] - pts[0][0]
        raw = [(pts[min(n - 1, i + 1)][1] - pts[i][1]) / dx_ for i in range(n)]
        win = 5
        slopes = [sum(raw[max(0, i - win):i + win + 1]) / len(raw[max(0, i - win):i + win + 1]) for i in range(n)]
        for i in range(n - 1):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            slope = slopes[i]
            depth = 90 + 110 * (depth_prof[i] + 1) + amp * 0.4
            shear = 0.35 if slope > 0 else -0.35
            val = min(255, abs(slope) * 420)
            steps = 6
            for k in range(steps):
                t0, t1 = k / steps, (k + 1) / steps
                a = int(val * (1 - t0) ** 1.6)
                q = [(x0 + shear * depth * t0, y0 + depth * t0), (x1 + shear * depth * t0, y1 + depth * t0),
                     (x1 + shear * depth * t1, y1 + depth * t1), (x0 + shear * depth * t1, y0 + depth * t1)]
                (lp if slope > 0 else dp).poly(q, a)
        lm = ImageChops.multiply(lm.filter(ImageFilter.GaussianBlur(7 * S)), m)
        dm = ImageChops.multiply(dm.filter(ImageFilter.GaussianBlur(7 * S)), m)
        if snow:
            sm, sp = cv.mask()
            sl = ridge(r, 65, 35, 0.6)
            sp.poly([(-20 + i * 1640 / 64, snow + sl[i]) for i in range(65)] + [(1620, -10), (-20, -10)], 255)
            sm = ImageChops.multiply(sm, m)
            sm = ImageChops.multiply(sm, cv.alpha_vgrad(top, snow + 30, 255, 60))
            streak = cv.fbm(scales=(90, 260), weights=(1, 0.7), aspect=0.6)
            streak = streak.point(lambda v: min(255, max(0, (v - 70) * 3)))
            sm = ImageChops.multiply(sm, streak)
            cv.paint(sm, "#eef2f8", blur=1.5, opacity=0.95)
        cv.paint(lm, "#ffe9cc", opacity=sh)
        cv.paint(dm, "#243050", opacity=sh * 0.8)
        # valley mist below the ridge
        mist = ImageChops.multiply(cv.alpha_vgrad(base - 10, base + amp + 60, 0, 150), m)
        cv.paint(mist, mix(cbot, "#f4ead8", 0.5), opacity=0.4)
        if li >= 3:
            p = cv.pen
            tc = shade(ctop, 0.75)
            for _ in range(260 if li == 4 else 180):
                x = r.uniform(-20, 1620)
                i = int((x + 20) / 1640 * (n - 1))
                y = pts[i][1] + r.uniform(-4, 40)
                hgt = r.uniform(18, 42) * (1.5 if li == 4 else 0.9)
                w = hgt * 0.3
                c_ = jitter(r, tc, 5) + (255,)
                for k in range(3):
                    ty = y - hgt * k * 0.28
                    tw = w * (1 - k * 0.22)
                    p.poly([(x, ty - hgt * 0.5), (x + tw, ty), (x - tw, ty)], c_)
                p.poly([(x, y - hgt), (x + w * 0.3, y - hgt * 0.55), (x - w * 0.3, y - hgt * 0.55)], c_)
    cv.glow(*sun, 900, 600, "#ffdcaa", 0.18)
    # birds
    p = cv.pen
    for _ in range(7):
        bx, by = r.uniform(500, 1000), r.uniform(150, 300)
        s = r.uniform(5, 9)
        p.line([(bx - s, by - s * 0.3), (bx, by), (bx + s, by - s * 0.4)], rgba("#2a2f3a", 200), 1.3)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.1)


def scene_conference(cv):
    P = Persp(cx=800, vy=470, f=1083, hc=1.25)
    ZB = 14.0
    HW, HC = 6.5, 4.6
    cv.img.paste((30, 30, 38), (0, 0, cv.w, cv.h))
    p = cv.pen
    # ceiling
    p.poly(P.quad([(-HW, HC, 0.3), (HW, HC, 0.3), (HW, HC, ZB), (-HW, HC, ZB)]), hexc("#23232b"))
    # floor (carpet)
    m, mp = cv.mask()
    mp.poly(P.quad([(-HW, 0, 0.3), (HW, 0, 0.3), (HW, 0, ZB), (-HW, 0, ZB)]), 255)
    cv.vgrad([(0, "#4a2228"), (1, "#2a1216")], P(0, 0, ZB)[1], 1000, mask=m)
    # side walls: wood panels
    for sgn in (-1, 1):
        X = sgn * HW
        m, mp = cv.mask()
        mp.poly(P.quad([(X, 0, 0.3), (X, HC, 0.3), (X, HC, ZB), (X, 0, ZB)]), 255)
        cv.paint(m, "#6a4630")
        p = cv.pen
        for z in [0.6 + k * 0.8 for k in range(17)]:
            a, b = P(X, 0, z), P(X, HC, z)
            p.line([a, b], rgba("#2e1c12", 160), max(1, 6 / z))
        for y in (1.0, 3.2):
            p.line([P(X, y, 0.4), P(X, y, ZB)], rgba("#a37a55", 130), 2)
        for z in (3.5, 7, 10.5):
            cv.glow(*P(X * 0.97, 2.6, z), 200 / z * 1.8, 260 / z * 1.8, "#ffcf8a", 0.55)
    # back wall
    p = cv.pen
    p.poly(P.quad([(-HW, 0, ZB), (HW, 0, ZB), (HW, HC, ZB), (-HW, HC, ZB)]), hexc("#2c3446"))
    # screen
    sx0, sy0 = P(-3.2, 4.0, ZB)
    sx1, sy1 = P(3.2, 1.7, ZB)
    cv.glow((sx0 + sx1) / 2, (sy0 + sy1) / 2, 520, 260, "#5aa0e6", 0.55)
    p = cv.pen
    p.rect(sx0 - 6, sy0 - 6, sx1 + 6, sy1 + 6, hexc("#10131a"))
    m, mp = cv.mask()
    mp.rect(sx0, sy0, sx1, sy1, 255)
    cv.vgrad([(0, "#2f6fb5"), (1, "#1b4a86")], sy0, sy1, mask=m)
    p = cv.pen
    sw, sh_ = sx1 - sx0, sy1 - sy0
    p.rect(sx0 + sw * 0.07, sy0 + sh_ * 0.12, sx0 + sw * 0.55, sy0 + sh_ * 0.2, rgba("#ffffff", 230))
    p.rect(sx0 + sw * 0.07, sy0 + sh_ * 0.27, sx0 + sw * 0.4, sy0 + sh_ * 0.31, rgba("#cfe3ff", 180))
    bars = [0.35, 0.5, 0.42, 0.66, 0.58, 0.8]
    for i, b in enumerate(bars):
        bx = sx0 + sw * (0.52 + i * 0.07)
        p.rect(bx, sy0 + sh_ * (0.9 - b * 0.55), bx + sw * 0.045, sy0 + sh_ * 0.9,
               rgba("#ffd166" if i == 5 else "#9cc8ff", 235))
    for k in range(4):
        p.rect(sx0 + sw * 0.07, sy0 + sh_ * (0.45 + k * 0.1), sx0 + sw * (0.38 - k * 0.03),
               sy0 + sh_ * (0.48 + k * 0.1), rgba("#cfe3ff", 150))
    p.rect(sx0 + sw * 0.07, sy0 + sh_ * 0.86, sx0 + sw * 0.12, sy0 + sh_ * 0.9, rgba("#c8102e", 255))
    # stage
    p.poly(P.quad([(-HW, 0.7, ZB), (HW, 0.7, ZB), (HW, 0.7, 11.8), (-HW, 0.7, 11.8)]), hexc("#3b2a22"))
    p.poly(P.quad([(-HW, 0, 11.8), (HW, 0, 11.8), (HW, 0.7, 11.8), (-HW, 0.7, 11.8)]), hexc("#1c1412"))
    cv.glow(*P(3.6, 1.4, 12.6), 190, 140, "#ffd9a0", 0.5)
    p = cv.pen
    # lectern + table
    lq = P.quad([(3.3, 0.7, 12.5), (3.9, 0.7, 12.5), (3.95, 1.85, 12.5), (3.25, 1.85, 12.5)])
    p.poly(lq, hexc("#5b3b28"))
    p.poly(P.quad([(3.2, 1.85, 12.5), (4.0, 1.85, 12.5), (4.0, 1.95, 12.8), (3.2, 1.95, 12.8)]), hexc("#7a5238"))
    p.line([P(3.6, 1.95, 12.6), P(3.5, 2.3, 12.6)], hexc("#111111"), 2)
    p.poly(P.quad([(-4.6, 1.45, 12.6), (1.6, 1.45, 12.6), (1.6, 0.7, 12.6), (-4.6, 0.7, 12.6)]), hexc("#ece6dc"))
    p.poly(P.quad([(-4.6, 1.45, 12.6), (1.6, 1.45, 12.6), (1.6, 1.1, 12.6), (-4.6, 1.1, 12.6)]), hexc("#1f3b66"))
    for X in (-3.8, -2.3, -0.8, 0.7):
        p.line([P(X, 1.45, 12.8), P(X + 0.1, 1.75, 12.9)], hexc("#111111"), 1.5)
        p.rect(*P(X - 0.2, 1.62, 12.9), *P(X + 0.2, 1.45, 12.9), hexc("#d8d2c6"))
    # ceiling lights
    for Z in [2.0 + k * 1.6 for k in range(8)]:
        for X in (-4.2, -1.4, 1.4, 4.2):
            x, y = P(X, HC - 0.02, Z)
            rx = 130 / Z
            cv.pen.ell(x - rx, y - rx * 0.25, x + rx, y + rx * 0.25, hexc("#fff2d8"))
            cv.glow(x, y + 6, rx * 2.5, rx * 1.2, "#ffe2b0", 0.5)
    # rows of chairs
    seats = [x * 0.58 + 0.95 for x in range(10)]
    seats = [-x for x in seats[::-1]] + seats
    rows = [3.0 + k * 0.95 for k in range(9)]
    for Z in rows[::-1]:
        fog = smooth((Z - 3) / 9) * 0.45
        for X in seats:
            if abs(X) > HW - 0.4:
                continue
            base = mix("#283d66", "#3a3a48", fog)
            # seat (seen over the backrest)
            p.poly(P.quad([(X - 0.24, 0.47, Z + 0.05), (X + 0.24, 0.47, Z + 0.05),
                           (X + 0.24, 0.47, Z + 0.48), (X - 0.24, 0.47, Z + 0.48)]), shade(base, 0.8) + (255,))
            # backrest
            x0, y0 = P(X - 0.24, 0.98, Z)
            x1, y1 = P(X + 0.24, 0.42, Z)
            rr = (x1 - x0) * 0.18
            p.rrect(x0, y0, x1, y1, rr, shade(base, 1.0) + (255,))
            p.rrect(x0 + (x1 - x0) * 0.08, y0 + 1, x1 - (x1 - x0) * 0.08, y0 + (y1 - y0) * 0.22,
                    rr * 0.6, rgba(mix(base, "#9db4dd", 0.35), 255))
            p.rect(x0 + (x1 - x0) * 0.47, y0 + (y1 - y0) * 0.3, x0 + (x1 - x0) * 0.53, y1,
                   shade(base, 0.75) + (200,))
    cv.glow(800, 380, 900, 500, "#ffe0b0", 0.12)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.1)


def scene_border_crossing(cv):
    r = cv.rng
    hz = 500
    cv.vgrad([(0, "#5c8dc6"), (0.6, "#a9c4de"), (1, "#ecdcc4")], 0, hz)
    cv.clouds(40, 380, "#ffffff", amount=0.4, stretch=3.0, opacity=0.8)
    cv.glow(300, 380, 600, 300, "#fff0d0", 0.4)
    # hills
    for k, (base, amp, c) in enumerate([(hz - 30, 60, "#8ea0a6"), (hz - 5, 45, "#6f8a74"), (hz + 20, 30, "#5a7650")]):
        ys = ridge(r, 129, amp, 0.55)
        pts = [(-10 + i * 1620 / 128, base - abs(ys[i])) for i in range(129)]
        m, mp = cv.mask()
        mp.poly(pts + [(1610, 1010), (-10, 1010)], 255)
        cv.paint(m, c)
    # fields
    m, mp = cv.mask()
    mp.rect(0, hz + 18, 1600, 1000, 255)
    cv.vgrad([(0, "#7d8f58"), (1, "#5a6a3a")], hz + 18, 1000, mask=m)
    p = cv.pen
    # field strips, wider towards the viewer
    y = hz + 18
    k = 0
    while y < 1000:
        hgt = 3 + (y - hz) * 0.12
        c = r.choice(["#8a9a5c", "#74874c", "#9aa264", "#6c7f45", "#a49c5e"])
        p.rect(0, y, 1600, y + hgt, rgba(c, 150))
        y += hgt
        k += 1
    VP = (800, hz)

    def road_x(y, frac):
        t = (y - hz) / (1000 - hz)
        return VP[0] + frac * 820 * t

    m, mp = cv.mask()
    mp.poly([(VP[0] - 4, hz + 18), (VP[0] + 4, hz + 18), (road_x(1000, 1), 1000), (road_x(1000, -1), 1000)], 255)
    cv.vgrad([(0, "#6e6e70"), (1, "#3a3a3d")], hz, 1000, mask=m)
    tex = cv.fbm(scales=(120, 320, 800), weights=(1, 0.6, 0.5))
    cv.texture(tex, mask=m, strength=0.14)
    p = cv.pen
    # road markings
    for frac in (-0.92, 0.92):
        p.poly([(road_x(hz + 20, frac), hz + 20), (road_x(hz + 20, frac * 1.01), hz + 20),
                (road_x(1000, frac * 1.01) + 6 * (1 if frac > 0 else -1), 1000), (road_x(1000, frac), 1000)],
               rgba("#e8e4d8", 210))
    for frac in (-0.46, 0.0, 0.46):
        for k in range(16):
            z0, z1 = 1.0 + k * 2.0, 1.0 + k * 2.0 + 1.0
            y0, y1 = hz + 500 / z0, hz + 500 / z1
            if y1 <= hz + 20:
                continue
            w0 = 9 * (y0 - hz) / 500
            w1 = 9 * (y1 - hz) / 500
            xa, xb = road_x(y0, frac), road_x(y1, frac)
            col_ = "#f2d35b" if frac == 0 else "#efece4"
            p.poly([(xa - w0, y0), (xa + w0, y0), (xb + w1, y1), (xb - w1, y1)], rgba(col_, 220))
    # lamp posts
    for k in range(6):
        z = 1.3 + k * 1.6
        y = hz + 500 / z
        for sgn in (-1, 1):
            x = road_x(y, sgn * 1.12)
            hgt = 420 / z
            p.line([(x, y), (x, y - hgt)], hexc("#3a3d42"), max(1, 10 / z))
            p.line([(x, y - hgt), (x - sgn * 60 / z, y - hgt - 8 / z)], hexc("#3a3d42"), max(1, 8 / z))
            p.ell(x - sgn * 60 / z - 14 / z, y - hgt - 10 / z, x - sgn * 60 / z + 14 / z, y - hgt + 2 / z,
                  hexc("#f4f0e0"))
    # fence
    for sgn in (-1, 1):
        for k in range(30):
            z = 1.0 + k * 0.6
            y = hz + 500 / z
            x = road_x(y, sgn * 1.35)
            p.line([(x, y), (x, y - 90 / z)], hexc("#4b4f48"), max(1, 5 / z))
        pts_top = [(road_x(hz + 500 / z, sgn * 1.35), hz + 500 / z - 90 / z) for z in [1.0 + k * 0.3 for k in range(60)]]
        p.line(pts_top, rgba("#4b4f48", 200), 2)
        pts_mid = [(road_x(hz + 500 / z, sgn * 1.35), hz + 500 / z - 45 / z) for z in [1.0 + k * 0.3 for k in range(60)]]
        p.line(pts_mid, rgba("#4b4f48", 150), 1.5)

    # canopy
    ground = 680
    lx0, lx1 = 330, 1270
    roof_y0, roof_y1 = 420, 462
    cv.shadow_grad(ground - 40, ground + 30, 0, 0)
    m, mp = cv.mask()
    mp.poly([(lx0 + 60, ground - 4), (lx1 - 60, ground - 4), (lx1 + 40, ground + 36), (lx0 - 40, ground + 36)], 255)
    cv.paint(m, "#000000", blur=10, opacity=0.35)
    p = cv.pen
    for x in (lx0 + 60, 640, 960, lx1 - 60):
        column_strip(cv, x - 9, x + 9, roof_y1, ground, "#d9dde2", light=0.3)
    p.poly([(lx0, roof_y1), (lx1, roof_y1), (lx1 - 40, roof_y1 + 26), (lx0 + 40, roof_y1 + 26)], hexc("#c5cad1"))
    for k in range(8):
        x = lerp(lx0 + 80, lx1 - 80, k / 7)
        p.rect(x - 26, roof_y1 + 10, x + 26, roof_y1 + 16, hexc("#fffbe8"))
        cv.glow(x, roof_y1 + 40, 80, 60, "#fff5d8", 0.4)
    p = cv.pen
    p.rect(lx0 - 10, roof_y0, lx1 + 10, roof_y1, hexc("#f2f4f6"))
    p.rect(lx0 - 10, roof_y0 + 12, lx1 + 10, roof_y0 + 30, hexc("#1f4e9a"))
    for k in range(3):
        x = 560 + k * 180
        p.rect(x, roof_y0 + 15, x + 120, roof_y0 + 27, rgba("#ffffff", 200))
    p.rect(lx0 - 10, roof_y1 - 4, lx1 + 10, roof_y1, hexc("#9aa1aa"))
    # booth on centre island
    p.rect(730, ground - 8, 870, ground + 6, hexc("#c9c6bd"))
    p.rect(752, ground - 120, 848, ground - 8, hexc("#e8e6e0"))
    p.rect(760, ground - 104, 840, ground - 60, hexc("#8fb6cf"))
    cv.glow(800, ground - 82, 60, 40, "#fff2c0", 0.5)
    p = cv.pen
    p.rect(745, ground - 128, 855, ground - 118, hexc("#1f4e9a"))
    # car under the canopy
    cx, cy = 1000, ground + 2
    p.ell(cx - 70, cy - 8, cx + 70, cy + 10, rgba("#000000", 90))
    p.rrect(cx - 62, cy - 58, cx + 62, cy - 4, 12, hexc("#7b1e2b"))
    p.rrect(cx - 46, cy - 86, cx + 46, cy - 50, 14, hexc("#6a1824"))
    p.rrect(cx - 38, cy - 80, cx + 38, cy - 58, 8, hexc("#2a3440"))
    p.rect(cx - 58, cy - 40, cx - 40, cy - 32, hexc("#ff3b2f"))
    p.rect(cx + 40, cy - 40, cx + 58, cy - 32, hexc("#ff3b2f"))
    p.rect(cx - 18, cy - 30, cx + 18, cy - 20, hexc("#f2f2f2"))
    cv.glow(cx - 49, cy - 36, 26, 16, "#ff4a3a", 0.6)
    cv.glow(cx + 49, cy - 36, 26, 16, "#ff4a3a", 0.6)
    p = cv.pen
    # kiosk right
    p.rect(1300, 630, 1470, 820, hexc("#ecebe6"))
    p.rect(1290, 618, 1480, 634, hexc("#1f4e9a"))
    p.rect(1318, 660, 1452, 740, hexc("#7fa7c2"))
    p.line([(1385, 660), (1385, 740)], hexc("#ecebe6"), 3)
    cv.glow(1385, 700, 90, 60, "#fff4cc", 0.45)
    p = cv.pen
    p.rect(1330, 760, 1370, 820, hexc("#8a8f96"))
    p.poly([(1300, 820), (1470, 820), (1520, 850), (1320, 850)], rgba("#000000", 70))
    # barrier
    bx, by = 1230, 760
    m, mp = cv.mask()
    mp.poly([(420, by + 62), (bx, by + 62), (bx + 30, by + 80), (440, by + 80)], 255)
    cv.paint(m, "#000000", blur=5, opacity=0.35)
    p = cv.pen
    p.rect(bx - 22, by - 30, bx + 22, by + 70, hexc("#e9e9e4"))
    p.rect(bx - 22, by - 30, bx + 22, by - 10, hexc("#c8102e"))
    p.rect(bx - 26, by + 62, bx + 26, by + 74, hexc("#55585c"))
    seg = 62
    x = bx - 22
    k = 0
    while x > 420:
        x0 = max(420, x - seg)
        p.rect(x0, by - 14, x, by + 2, hexc("#c8102e" if k % 2 == 0 else "#f6f6f2"))
        x, k = x0, k + 1
    p.line([(420, by - 14), (bx - 22, by - 14)], rgba("#ffffff", 120), 1.5)
    p.circ(bx, by - 6, 8, hexc("#333333"))
    # round sign on the left
    sx, sy = 250, 600
    p.rect(sx - 4, sy, sx + 4, 820, hexc("#6c7076"))
    p.circ(sx, sy, 46, hexc("#c8102e"))
    p.circ(sx, sy, 36, hexc("#f7f7f4"))
    p.rect(sx - 24, sy - 7, sx + 24, sy + 7, hexc("#c8102e"))
    p.poly([(sx - 40, 822), (sx + 40, 822), (sx + 90, 845), (sx - 10, 845)], rgba("#000000", 60))
    cv.glow(300, 300, 900, 600, "#fff1d6", 0.15)


def draw_minaret(p, mx, my):
    p.rect(mx - 12, my - 300, mx + 12, my, hexc("#f2ece0"))
    p.rect(mx + 3, my - 300, mx + 12, my, hexc("#d4ccbc"))
    p.rect(mx - 19, my - 235, mx + 19, my - 224, hexc("#e6dfd2"))
    p.rect(mx - 17, my - 224, mx + 17, my - 219, rgba("#000000", 60))
    p.poly([(mx - 13, my - 300), (mx + 13, my - 300), (mx, my - 372)], hexc("#7d7f86"))
    p.poly([(mx, my - 300), (mx + 13, my - 300), (mx, my - 372)], hexc("#64666c"))
    p.line([(mx, my - 372), (mx, my - 390)], hexc("#b59a52"), 2)


def scene_old_town(cv):
    r = cv.rng
    cv.vgrad([(0, "#6f9dcf"), (0.6, "#b9d2e8"), (1, "#ecdcc6")], 0, 520)
    cv.clouds(30, 300, "#ffffff", amount=0.38, stretch=3.0, opacity=0.75)
    cv.glow(1350, 120, 500, 350, "#fff2d2", 0.5)
    # far mountains
    ys = ridge(r, 129, 70, 0.55)
    pts = [(-10 + i * 1620 / 128, 330 + ys[i]) for i in range(129)]
    m, mp = cv.mask()
    mp.poly(pts + [(1610, 1010), (-10, 1010)], 255)
    cv.paint(m, "#9eabbd")
    # main hill
    def hill_y(x):
        return 210 + 0.00042 * (x - 860) ** 2 + 30 * math.sin(x / 130.0)
    hpts = [(x, hill_y(x)) for x in range(-20, 1640, 10)]
    m, mp = cv.mask()
    mp.poly(hpts + [(1620, 1010), (-20, 1010)], 255)
    cv.vgrad([(0, "#8a8f5a"), (1, "#5b6a3c")], 200, 900, mask=m)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.6, 0.5))
    cv.texture(tex, mask=m, strength=0.3)
    p = cv.pen
    # castle walls along the crest
    wall = [(x, hill_y(x) - 2) for x in range(600, 1130, 6)]
    p.line(wall, hexc("#b9a98f"), 14)
    for x in range(600, 1130, 22):
        p.rect(x, hill_y(x) - 20, x + 11, hill_y(x) - 5, hexc("#b9a98f"))
    tx = 960
    ty = hill_y(tx)
    p.rect(tx - 26, ty - 90, tx + 26, ty, hexc("#c4b497"))
    p.rect(tx + 6, ty - 90, tx + 26, ty, hexc("#a8987c"))
    for k in range(4):
        p.rect(tx - 26 + k * 14, ty - 102, tx - 18 + k * 14, ty - 90, hexc("#c4b497"))
    p.rect(tx - 6, ty - 70, tx + 2, ty - 52, hexc("#3b342c"))

    # houses, back to front
    houses_rows = []
    y = 300
    while y < 1080:
        houses_rows.append(y)
        y += 30 + (y - 260) * 0.14
    minaret_done = False
    for ry in houses_rows:
        if ry > 640 and not minaret_done:
            draw_minaret(p, 430, 640)
            minaret_done = True
        scale = 0.5 + (ry - 280) / 650 * 1.4
        haze = max(0.0, 1 - (ry - 280) / 420) * 0.45
        x = r.uniform(-80, -20)
        while x < 1620:
            w = r.uniform(55, 125) * scale
            gap = r.uniform(0, 40) * scale
            base = ry + r.uniform(-10, 10) * scale
            if base - 10 < hill_y(x + w / 2) + 8 * scale:
                x += w + gap
                continue
            if r.random() < 0.22:
                # greenery instead of a house
                if r.random() < 0.5:
                    for _ in range(r.randint(1, 3)):
                        ch = r.uniform(80, 130) * scale
                        cx_ = x + r.uniform(0, w)
                        p.ell(cx_ - 8 * scale, base - ch, cx_ + 8 * scale, base + 4,
                              hexc(mix(jitter(r, "#2f4a2c", 6), "#9eabbd", haze)))
                else:
                    tree_clump(p, r, x + w / 2, base - 25 * scale, 38 * scale,
                               mix("#34502f", "#9eabbd", haze), mix("#7d9a58", "#b9c4cc", haze), n=14)
                x += w + gap
                continue
            hgt = w * r.uniform(0.5, 0.95)
            wallc = mix(jitter(r, "#efe7d6", 10), "#c9d2dc", haze)
            sidec = shade(wallc, 0.78)
            p.rect(x, base - hgt, x + w, base, wallc + (255,))
            p.rect(x + w * 0.8, base - hgt, x + w, base, sidec + (255,))
            # windows: rows of small dark panes
            cols = max(2, int(w / (26 * scale)))
            rows_ = 2 if hgt > 40 * scale else 1
            if scale < 0.72:
                rows_ = 0
                # distant houses: just a soft band of window shadow
                p.rect(x + w * 0.1, base - hgt * 0.62, x + w * 0.75, base - hgt * 0.42,
                       mix("#6a625a", "#b4bcc6", haze) + (160,))
            for rw in range(rows_):
                for c_ in range(cols):
                    wx = x + w * 0.1 + c_ * (w * 0.72 / cols)
                    wy = base - hgt + hgt * (0.18 + rw * 0.42)
                    p.rect(wx, wy, wx + w * 0.4 / cols, wy + hgt * 0.24,
                           mix("#5a5048", "#9aa6b4", haze) + (255,))
            # roof
            rh = w * r.uniform(0.22, 0.3)
            ov = 6 * scale
            roofc = mix(jitter(r, r.choice(["#b4553a", "#a94e37", "#c0643f", "#8f7e70"]), 10), "#b9c0cc", haze)
            p.poly([(x - ov, base - hgt + 1), (x + w + ov, base - hgt + 1),
                    (x + w * 0.72, base - hgt - rh), (x + w * 0.28, base - hgt - rh)], roofc + (255,))
            p.poly([(x + w * 0.72, base - hgt - rh), (x + w + ov, base - hgt + 1), (x + w * 0.72, base - hgt + 1)],
                   shade(roofc, 0.78) + (255,))
            p.line([(x - ov, base - hgt + 1), (x + w + ov, base - hgt + 1)], shade(roofc, 0.6) + (255,), max(1, 2 * scale))
            # eave shadow
            p.rect(x, base - hgt + 1, x + w, base - hgt + 4 * scale, rgba("#000000", 60))
            x += w + gap
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.12)
    cv.glow(1350, 150, 1000, 700, "#ffe4b8", 0.16)


def scene_bridge(cv):
    r = cv.rng
    WL = 640
    cv.vgrad([(0, "#6e9ccc"), (0.55, "#bcd4e4"), (1, "#eae0cc")], 0, 520)
    cv.clouds(40, 320, "#ffffff", amount=0.38, stretch=3.0, opacity=0.7)
    cv.glow(1150, 200, 600, 400, "#fff3d6", 0.5)
    ys = ridge(r, 129, 80, 0.55)
    m, mp = cv.mask()
    mp.poly([(-10 + i * 1620 / 128, 400 + ys[i]) for i in range(129)] + [(1610, 1010), (-10, 1010)], 255)
    cv.paint(m, "#98aabb")
    ys = ridge(r, 129, 50, 0.55)
    m, mp = cv.mask()
    mp.poly([(-10 + i * 1620 / 128, 500 + ys[i]) for i in range(129)] + [(1610, 1010), (-10, 1010)], 255)
    cv.paint(m, "#71897a")
    cv.paint(ImageChops.multiply(m, cv.alpha_vgrad(480, 600, 0, 120)), "#c9d6d6")
    # river (behind everything)
    m, mp = cv.mask()
    mp.rect(0, 585, 1600, 1000, 255)
    cv.vgrad([(0, "#9dbcbe"), (0.25, "#5b8688"), (1, "#1f3d44")], 585, 1000, mask=m)
    p = cv.pen
    # wooded banks behind the bridge
    banks = (
        ([(-10, 330), (140, 350), (300, 450), (420, 560), (470, 650), (-10, 660)], "#56703f", (-20, 400, 330, 600)),
        ([(1610, 360), (1470, 380), (1310, 460), (1190, 570), (1130, 650), (1610, 660)], "#526a3c", (1200, 1620, 360, 610)),
    )
    for pts, c, (x0, x1, y0, y1) in banks:
        m, mp = cv.mask()
        mp.poly(pts, 255)
        cv.vgrad([(0, c), (1, shade(c, 0.7))], 330, 660, mask=m)
        p = cv.pen
        for _ in range(16):
            x, y = r.uniform(x0, x1), r.uniform(y0, y1)
            tree_clump(p, r, x, y, r.uniform(45, 75), "#2b4226", "#86a35c", n=30, light_dir=(0.6, -0.8))

    # bridge
    def deck(x):
        return 320 + (x - 800) ** 2 * (210 / 176400.0)
    L, R = 330, 1270
    top = [(x, deck(x)) for x in range(L, R + 1, 5)]
    bm, bp = cv.mask()
    bp.poly(top + [(R + 20, WL + 30), (L - 20, WL + 30)], 255)
    am, ap = cv.mask()
    ap.ell(520, 360, 1080, 920, 255)
    for cx_ in (430, 1170):
        ap.ell(cx_ - 22, deck(cx_) + 60, cx_ + 22, deck(cx_) + 104, 255)
    bm = ImageChops.subtract(bm, am)
    cv.vgrad([(0, "#d3c2a2"), (1, "#9a8870")], 300, WL, mask=bm)
    tex = cv.fbm(scales=(90, 240, 600), weights=(1, 0.6, 0.5))
    cv.texture(tex, mask=bm, strength=0.3)
    # masonry courses
    jm, jp = cv.mask()
    y = 300
    while y < WL + 30:
        jp.line([(L - 20, y), (R + 20, y)], 255, 1.2)
        x = L - 20 + r.uniform(0, 30)
        while x < R + 20:
            jp.line([(x, y), (x, y + 15)], 255, 1.2)
            x += r.uniform(28, 60)
        y += 15
    jm = ImageChops.multiply(jm, bm)
    cv.paint(jm, "#6a5a46", opacity=0.4)
    # voussoirs
    p = cv.pen
    for k in range(31):
        a = math.radians(180 + k * 6)
        x0, y0 = 800 + 280 * math.cos(a), 640 + 280 * math.sin(a)
        x1, y1 = 800 + 318 * math.cos(a), 640 + 318 * math.sin(a)
        p.line([(x0, y0), (x1, y1)], rgba("#5e5040", 130), 1.5)
    p.line(p.arc_poly(800, 640, 318, 318, 180, 360, 90), rgba("#5e5040", 110), 1.5)
    # arch intrados (visible barrel on the shaded side)
    im_, ip = cv.mask()
    ip.ell(520, 360, 1080, 920, 255)
    sub, sp = cv.mask()
    sp.ell(556, 386, 1096, 920, 255)
    intr = ImageChops.subtract(im_, sub)
    intr = ImageChops.multiply(intr, cv.alpha_vgrad(WL - 10, WL, 255, 0))
    cv.paint(intr, "#5b4c3c")
    # right-hand face of the bridge in light, left in soft shade
    cv.paint(ImageChops.multiply(bm, cv.hgrad_img([(0, "#000000"), (0.5, "#000000"), (1, "#ffffff")],
                                                    330, 1270).convert("L")), "#fff1d2", opacity=0.25)
    # parapet
    p = cv.pen
    p.line([(x, y - 2) for x, y in top], hexc("#e3d4b6"), 6)
    p.line([(x, y + 5) for x, y in top], rgba("#6e604c", 180), 2)
    # foreground banks overlapping the abutments
    for pts, c in (([(-10, 560), (200, 585), (360, 610), (440, 650), (400, 668), (-10, 690)], "#4e5f38"),
                   ([(1610, 575), (1420, 590), (1250, 615), (1170, 652), (1220, 668), (1610, 690)], "#4a5a34")):
        m, mp = cv.mask()
        mp.poly(pts, 255)
        cv.paint(m, c)
        tex = cv.fbm(scales=(40, 120, 300), weights=(1, 0.6, 0.5))
        cv.texture(tex, mask=m, strength=0.4)
    p = cv.pen
    for (x0, x1) in ((250, 450), (1160, 1380)):
        for _ in range(16):
            x = r.uniform(x0, x1)
            y = r.uniform(620, 660)
            w_, h_ = r.uniform(18, 44), r.uniform(10, 22)
            p.poly([(x, y), (x + w_ * 0.6, y - h_), (x + w_, y - h_ * 0.4), (x + w_ * 1.05, y + 4), (x - 3, y + 4)],
                   jitter(r, "#8a8273", 12) + (255,))
            p.poly([(x + w_ * 0.15, y - h_ * 0.3), (x + w_ * 0.6, y - h_), (x + w_ * 0.75, y - h_ * 0.75)],
                   rgba("#cfc6b0", 140))
    cv.glow(700, 420, 300, 200, "#fff0d0", 0.2)
    # mirror everything above the waterline into the river
    span = 1000 - WL
    region = cv.img.crop((0, int((WL - span) * S), cv.w, int(WL * S)))
    refl = ImageOps.flip(region)
    rw, rh = refl.size
    out = Image.new("RGB", refl.size)
    for yy in range(0, rh, 2):
        off = int(math.sin(yy / (6.0 * S)) * 2.5 * S * (0.3 + yy / rh))
        out.paste(refl.crop((0, yy, rw, yy + 2)), (off, yy))
    out = out.filter(ImageFilter.GaussianBlur(1.5 * S))
    full = Image.new("RGB", (cv.w, cv.h))
    full.paste(out, (0, int(WL * S)))
    tinted = ImageChops.multiply(full, Image.new("RGB", full.size, (120, 160, 165)))
    wm = cv.alpha_vgrad(WL, 1000, 215, 110)
    wm2, wp = cv.mask()
    wp.rect(0, WL, 1600, 1000, 255)
    cv.img.paste(tinted, (0, 0), ImageChops.multiply(wm, wm2))
    cv.pen = Pen(cv.img)
    p = cv.pen
    # ripples
    p.line([(520, WL), (1080, WL)], rgba("#e8f0f0", 90), 2)
    for _ in range(420):
        y = WL + 4 + (r.random() ** 1.5) * 356
        x = r.uniform(0, 1600)
        ln = r.uniform(8, 50) * (1 + (y - WL) / 200)
        p.line([(x, y), (x + ln, y)], rgba("#d8eef0", r.randint(20, 55)), 1 + (y - WL) / 300)
    cv.glow(1150, 200, 1000, 700, "#ffe9c4", 0.12)


def scene_factory(cv):
    r = cv.rng
    hz = 720
    cv.vgrad([(0, "#3f4b6a"), (0.4, "#857a91"), (0.7, "#dc9a6e"), (1, "#f3c28b")], 0, hz)
    cv.clouds(40, 420, "#c7928a", amount=0.4, stretch=4, opacity=0.5)
    sun = (1260, 610)
    cv.glow(*sun, 700, 380, "#ffb878", 0.7)
    cv.glow(*sun, 60, 60, "#fff3d0", 1.0, falloff=1.0)
    # distant skyline
    p = cv.pen
    x = -10
    while x < 1610:
        w = r.uniform(30, 90)
        h_ = r.uniform(30, 130)
        p.rect(x, hz - h_, x + w, hz, rgba("#9a7f88", 200))
        x += w + r.uniform(0, 10)
    m = cv.alpha_vgrad(hz - 140, hz, 0, 150)
    cv.paint(m, "#e6b08a")

    # smoke plumes
    def plume(x, y, n, drift, rise, c):
        m, mp = cv.mask()
        for i in range(n):
            t = i / n
            px = x + drift * t + r.uniform(-10, 10) * t
            py = y - rise * t + math.sin(t * 6) * 12 * t
            rr = 14 + 110 * t ** 0.9
            mp.circ(px, py, rr, int(235 * (1 - t) ** 0.6))
        cv.paint(m, c, blur=14, opacity=0.9)
        # warm light on the underside of the plume
        m2 = ImageChops.multiply(m, cv.alpha_vgrad(y - rise, y + 60, 0, 255))
        cv.paint(m2, "#f2b38a", blur=18, opacity=0.35)
    p = cv.pen
    # chimneys
    for (cx, top, bw, tw) in ((320, 230, 60, 40), (545, 290, 52, 34), (1100, 180, 70, 46)):
        m, mp = cv.mask()
        mp.poly([(cx - tw / 2, top), (cx + tw / 2, top), (cx + bw / 2, 820), (cx - bw / 2, 820)], 255)
        shaft = cv.hgrad_img([(0, "#3a2a2a"), (0.3, "#8a4a3a"), (0.45, "#a45a44"), (1, "#2a1d1e")], cx - bw / 2, cx + bw / 2)
        cv.img.paste(shaft, (0, 0), m)
        p = cv.pen
        for k in range(2):
            y0 = top + 18 + k * 34
            p.rect(cx - tw / 2 - 1, y0, cx + tw / 2 + 1, y0 + 14, rgba("#e8e2da", 220))
        p.rect(cx - tw / 2 - 4, top - 6, cx + tw / 2 + 4, top + 4, hexc("#2a2222"))
        for k in range(12):
            y0 = top + 100 + k * 45
            p.line([(cx - lerp(tw, bw, (y0 - top) / (820 - top)) / 2, y0),
                    (cx + lerp(tw, bw, (y0 - top) / (820 - top)) / 2, y0)], rgba("#2a1a18", 80), 1)
        cv.glow(cx, top - 4, 18, 8, "#ff9a50", 0.6)
    plume(320, 230, 60, 780, 200, "#d9c8c4")
    plume(545, 290, 50, 620, 160, "#cdbab6")
    plume(1100, 180, 60, 520, 170, "#e5d2c8")
    p = cv.pen
    p = cv.pen
    # sawtooth hall
    m, mp = cv.mask()
    mp.rect(60, 640, 920, 830, 255)
    cv.vgrad([(0, "#6a3a30"), (1, "#3a2220")], 600, 830, mask=m)
    tex = cv.fbm(scales=(80, 200, 500), weights=(1, 0.7, 0.5))
    cv.texture(tex, mask=m, strength=0.22)
    p = cv.pen
    for k in range(11):
        x = 60 + k * 78
        p.poly([(x, 640), (x, 578), (x + 78, 640)], hexc("#4a3430"))
        p.poly([(x + 2, 636), (x + 2, 586), (x + 24, 606), (x + 24, 636)], hexc("#9a7a78"))
        p.line([(x + 13, 596), (x + 13, 636)], hexc("#4a3430"), 2)
        p.line([(x, 578), (x + 78, 640)], hexc("#6d5048"), 2)
    for row in range(2):
        for k in range(14):
            wx = 90 + k * 58
            wy = 675 + row * 70
            lit = r.random() < 0.6
            p.rect(wx, wy, wx + 34, wy + 46, hexc("#ffcf7a" if lit else "#2c2428"))
            p.line([(wx + 17, wy), (wx + 17, wy + 46)], hexc("#3a2a26"), 2)
            p.line([(wx, wy + 23), (wx + 34, wy + 23)], hexc("#3a2a26"), 2)
            if lit:
                cv.glow(wx + 17, wy + 23, 40, 34, "#ffb860", 0.35)
                p = cv.pen
    # tall block
    m, mp = cv.mask()
    mp.rect(940, 500, 1240, 830, 255)
    cv.vgrad([(0, "#55464a"), (1, "#2c2226")], 500, 830, mask=m)
    p = cv.pen
    for row in range(5):
        for k in range(6):
            wx, wy = 962 + k * 46, 530 + row * 58
            lit = r.random() < 0.45
            p.rect(wx, wy, wx + 26, wy + 36, hexc("#ffd58a" if lit else "#3a3236"))
    # tanks
    for (tx, tw, tt) in ((1290, 120, 640), (1430, 150, 610)):
        m, mp = cv.mask()
        mp.rect(tx, tt, tx + tw, 830, 255)
        mp.ell(tx, tt - tw * 0.18, tx + tw, tt + tw * 0.18, 255)
        g = cv.hgrad_img([(0, "#4a4c55"), (0.7, "#c2aba0"), (1, "#5a5660")], tx, tx + tw)
        cv.img.paste(g, (0, 0), m)
        p = cv.pen
        for k in range(5):
            y0 = tt + 30 + k * 36
            p.line([(tx, y0), (tx + tw, y0)], rgba("#3a3a44", 90), 2)
        p.line([(tx + tw * 0.15, tt), (tx + tw * 0.15, 830)], rgba("#2a2a30", 160), 3)
    p = cv.pen
    # pipes
    p.line([(1240, 700), (1290, 700)], hexc("#5a5660"), 10)
    p.line([(1240, 740), (1430, 740)], hexc("#4a4650"), 8)
    # ground / yard with rails
    m, mp = cv.mask()
    mp.rect(0, 820, 1600, 1000, 255)
    cv.vgrad([(0, "#4a3c3c"), (1, "#221c20")], 820, 1000, mask=m)
    p = cv.pen
    for off in (-60, 60, 260, 380):
        p.line([(700 + off * 0.2, 822), (700 + off * 3.2, 1000)], rgba("#c49a80", 180), 3)
    for k in range(14):
        y = 822 + (k ** 1.7) * 2.8
        w = 0.2 + (y - 822) / 178 * 3.0
        p.line([(700 - 60 * w - 10, y), (700 + 60 * w + 10, y)], rgba("#2a1e1a", 200), 1 + (y - 822) / 40)
        p.line([(700 + 260 * w - 10, y), (700 + 380 * w + 10, y)], rgba("#2a1e1a", 200), 1 + (y - 822) / 40)
    # fence foreground
    for k in range(34):
        x = k * 50
        p.line([(x, 900), (x, 1000)], hexc("#141014"), 4)
    p.line([(0, 915), (1600, 915)], hexc("#141014"), 3)
    for k in range(64):
        x = k * 25
        p.line([(x, 915), (x + 80, 1000)], rgba("#141014", 120), 1)
        p.line([(x + 80, 915), (x, 1000)], rgba("#141014", 120), 1)
    cv.glow(*sun, 1200, 500, "#ffb070", 0.15)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.1)


def scene_flags(cv):
    r = cv.rng
    cv.vgrad([(0, "#2f6db5"), (0.6, "#6fa4dc"), (1, "#b7d4ee")], 0, 1000)
    cv.clouds(250, 1000, "#ffffff", amount=0.45, stretch=2.0, opacity=0.9)
    cv.glow(120, 80, 700, 560, "#fffbe8", 0.55)

    def design(kind, fw, fh):
        im = Image.new("RGB", (fw, fh))
        d = ImageDraw.Draw(im)
        if kind == "eu":
            d.rectangle([0, 0, fw, fh], fill=hexc("#1f3f99"))
            cx, cy, rad = fw / 2, fh / 2, fh / 3
            for i in range(12):
                a = math.radians(i * 30)
                pts = star_points(cx + rad * math.cos(a), cy + rad * math.sin(a), fh / 18, fh / 18 * 0.4)
                d.polygon(pts, fill=hexc("#ffcc00"))
        elif kind == "hbands":
            d.rectangle([0, 0, fw, fh], fill=hexc("#1d5e8c"))
            for i in (0.22, 0.7):
                d.rectangle([0, fh * i, fw, fh * (i + 0.08)], fill=hexc("#f4f4f0"))
        elif kind == "redband":
            d.rectangle([0, 0, fw, fh], fill=hexc("#c8102e"))
            d.polygon([(0, fh), (fw * 0.18, fh), (fw, fh * 0.12), (fw, 0), (fw * 0.82, 0), (0, fh * 0.88)],
                      fill=hexc("#f6f4ee"))
        elif kind == "vgreen":
            d.rectangle([0, 0, fw * 0.38, fh], fill=hexc("#1e7a4c"))
            d.rectangle([fw * 0.38, 0, fw, fh], fill=hexc("#f4f3ee"))
        elif kind == "yellow":
            d.rectangle([0, 0, fw, fh], fill=hexc("#f2b90f"))
            d.polygon([(0, 0), (fw * 0.45, fh / 2), (0, fh)], fill=hexc("#23386e"))
        return im

    poles = [(190, 250, "hbands", 0.9), (470, 180, "redband", 1.6), (760, 110, "eu", 2.9),
             (1060, 180, "vgreen", 4.1), (1340, 250, "yellow", 5.3)]
    p = cv.pen
    for (x, top, kind, ph) in poles:
        fw, fh = (240, 160) if kind != "eu" else (270, 180)
        flat = design(kind, fw * S, fh * S)
        # warp columns
        out = Image.new("RGBA", (fw * S, (fh + 120) * S), (0, 0, 0, 0))
        amp = 18
        for c in range(fw * S):
            u = c / (fw * S)
            wave = math.sin(ph + u * 7.5)
            dy = (amp * u) * wave + 22 * u * u
            b = 1.0 + 0.22 * math.cos(ph + u * 7.5) * min(1.0, u * 4)
            colstrip = flat.crop((c, 0, c + 1, fh * S))
            colstrip = colstrip.point(lambda v, bb=b: min(255, int(v * bb)))
            out.paste(colstrip, (c, int((dy + 20) * S)))
        ox, oy = int((x + 6) * S), int((top + 14 - 20) * S)
        # shadow of flag (soft) to give depth
        cv.img.paste(out.convert("RGB"), (ox, oy), out)
        cv.pen = Pen(cv.img)
        p = cv.pen
        column_strip(cv, x - 6, x + 6, top, 1000, "#d9dde3", light=0.3, contrast=0.55)
        p.circ(x, top - 6, 11, hexc("#d4a93a"))
        p.circ(x - 3, top - 9, 4, rgba("#fff4c0", 220))
        p.rect(x + 4, top + 12, x + 10, top + 14 + fh + 10, rgba("#555555", 120))
    # building parapet at the bottom for grounding
    m, mp = cv.mask()
    mp.rect(0, 905, 1600, 1000, 255)
    cv.vgrad([(0, "#e6e1d6"), (1, "#b8b1a2")], 905, 1000, mask=m)
    p = cv.pen
    p.rect(0, 905, 1600, 918, hexc("#f3efe6"))
    p.rect(0, 918, 1600, 924, hexc("#9f9787"))
    p.rect(0, 924, 1600, 1000, hexc("#8f8676"))
    for k in range(41):
        x = k * 40 + 20
        p.rect(x - 8, 924, x + 8, 934, hexc("#d8d1c2"))
        p.ell(x - 14, 932, x + 14, 978, hexc("#d8d1c2"))
        p.rect(x - 6, 972, x + 6, 992, hexc("#d8d1c2"))
        p.rect(x - 11, 988, x + 11, 1000, hexc("#d8d1c2"))
        p.ell(x + 2, 936, x + 14, 974, hexc("#b6ae9e"))
    # birds
    for _ in range(5):
        bx, by = r.uniform(600, 1300), r.uniform(40, 120)
        s = r.uniform(6, 10)
        p.line([(bx - s, by - s * 0.3), (bx, by), (bx + s, by - s * 0.4)], rgba("#1d2a3a", 200), 1.4)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.06)


def scene_market(cv):
    r = cv.rng
    cv.vgrad([(0, "#7aa7d6"), (1, "#c6dcee")], 0, 120)
    # facades
    x = -20
    while x < 1620:
        w = r.uniform(240, 360)
        top = r.uniform(20, 110)
        c = r.choice(["#e8d3ae", "#e3c39a", "#efe2c9", "#d9b48f", "#e9cdb8"])
        m, mp = cv.mask()
        mp.rect(x, top, x + w, 640, 255)
        cv.paint(m, c)
        p = cv.pen
        p.rect(x, top, x + w, top + 14, shade(c, 0.85) + (255,))
        p.rect(x - 4, top - 6, x + w + 4, top + 2, shade(c, 1.05) + (255,))
        p.rect(x + w - 6, top, x + w, 640, rgba("#000000", 40))
        for row in range(3):
            for k in range(3):
                wx = x + 30 + k * (w - 60) / 3 + 8
                wy = top + 60 + row * 105
                if wy > 380:
                    continue
                ww = (w - 60) / 3 - 30
                p.rect(wx - 10, wy, wx - 2, wy + 70, hexc(shade("#3f6e58", 0.95)))
                p.rect(wx + ww + 2, wy, wx + ww + 10, wy + 70, hexc(shade("#3f6e58", 0.95)))
                p.rect(wx, wy, wx + ww, wy + 70, hexc("#3b3b44"))
                p.rect(wx - 4, wy + 70, wx + ww + 4, wy + 76, hexc(shade(c, 0.8)))
        x += w
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.6, 0.4))
    cv.texture(tex, strength=0.12)
    cv.glow(200, 100, 900, 600, "#fff0c8", 0.35)
    p = cv.pen
    # string lights
    for (x0, x1, y0, sag) in ((0, 820, 300, 70), (780, 1600, 290, 80)):
        pts = [(lerp(x0, x1, t / 40), y0 + sag * 4 * (t / 40) * (1 - t / 40)) for t in range(41)]
        p.line(pts, hexc("#2a2522"), 2)
        for (bx, by) in pts[2::3]:
            p.circ(bx, by + 8, 6, hexc("#fff2c4"))
            cv.glow(bx, by + 8, 26, 26, "#ffd27a", 0.55)
            p = cv.pen
    # ground
    m, mp = cv.mask()
    mp.rect(0, 640, 1600, 1000, 255)
    cv.vgrad([(0, "#a89886"), (1, "#6e6054")], 640, 1000, mask=m)
    p = cv.pen
    yy = 645
    row = 0
    while yy < 1000:
        hh = 14 + (yy - 640) * 0.09
        ww = hh * 1.7
        x = -r.uniform(0, ww) - (row % 2) * ww / 2
        while x < 1600:
            p.rrect(x + 2, yy + 1, x + ww - 2, yy + hh - 1, hh * 0.3, rgba(jitter(r, "#ab9c88", 3), 95))
            x += ww
        yy += hh
        row += 1
    # stalls
    stripes = [("#c8102e", "#f5efe2"), ("#1e7a4c", "#f5efe2"), ("#23508f", "#f5efe2"), ("#e07b1f", "#f7e7c6")]
    fruit_sets = [["#e8541e", "#f0a023", "#c0212b"], ["#7bb33a", "#f2d43c", "#5b2a5e"],
                  ["#d12f3a", "#f08a24", "#95c13d"], ["#f2c230", "#6a2c70", "#e2502a"]]
    for i in range(4):
        x0 = 30 + i * 385
        x1 = x0 + 365
        ca, cb = stripes[i]
        # poles
        for px_ in (x0 + 8, x1 - 8):
            p.rect(px_ - 4, 400, px_ + 4, 800, hexc("#5b4636"))
        # back shade
        m, mp = cv.mask()
        mp.rect(x0 + 10, 470, x1 - 10, 700, 255)
        cv.paint(m, "#2b2420", opacity=0.55)
        p = cv.pen
        # awning
        n = 9
        for k in range(n):
            ta, tb = k / n, (k + 1) / n
            q = [(lerp(x0 + 14, x1 - 14, ta), 380), (lerp(x0 + 14, x1 - 14, tb), 380),
                 (lerp(x0 - 12, x1 + 12, tb), 470), (lerp(x0 - 12, x1 + 12, ta), 470)]
            p.poly(q, hexc(ca if k % 2 == 0 else cb))
            cx_ = lerp(x0 - 12, x1 + 12, (ta + tb) / 2)
            rw = (x1 - x0 + 24) / n / 2
            p.ell(cx_ - rw, 458, cx_ + rw, 484, hexc(ca if k % 2 == 0 else cb))
        m, mp = cv.mask()
        mp.rect(x0 - 12, 380, x1 + 12, 410, 255)
        cv.paint(m, "#ffffff", opacity=0.15)
        # shadow under awning
        sm, sp = cv.mask()
        sp.rect(x0, 478, x1, 560, 255)
        cv.paint(ImageChops.multiply(sm, cv.alpha_vgrad(478, 560, 150, 0)), "#000000")
        p = cv.pen
        # counter
        p.rect(x0, 640, x1, 790, hexc("#7a5535"))
        for k in range(5):
            p.line([(x0, 660 + k * 28), (x1, 660 + k * 28)], hexc("#5a3c24"), 2)
        p.rect(x0 - 6, 628, x1 + 6, 642, hexc("#8e6842"))
        p.poly([(x0, 790), (x1, 790), (x1 + 30, 812), (x0 + 30, 812)], rgba("#000000", 70))
        # crates of produce
        cw = (x1 - x0 - 40) / 3
        for k in range(3):
            cx0 = x0 + 14 + k * (cw + 6)
            fc = fruit_sets[i][k]
            rad = r.uniform(9, 12)
            p.rect(cx0, 590, cx0 + cw, 632, hexc("#a77a4c"))
            p.line([(cx0, 610), (cx0 + cw, 610)], hexc("#7d5632"), 2)
            for layer in range(4):
                span_ = (cw - 2 * rad) * (1 - layer * 0.2)
                cnt = max(1, int(span_ / (rad * 1.55)))
                for j in range(cnt):
                    fx = cx0 + cw / 2 - span_ / 2 + (j + 0.5) * span_ / cnt + r.uniform(-2, 2)
                    fy = 598 - layer * rad * 1.1 - 10 * math.sin(math.pi * (j + 0.5) / cnt) * (layer < 2) + r.uniform(-2, 2)
                    fcol = jitter(r, fc, 14)
                    p.circ(fx, fy, rad, shade(fcol, 0.8) + (255,))
                    p.circ(fx - rad * 0.15, fy - rad * 0.15, rad * 0.8, fcol + (255,))
                    p.circ(fx - rad * 0.35, fy - rad * 0.4, rad * 0.25, rgba("#ffffff", 120))
            p.rect(cx0, 600, cx0 + cw, 632, hexc("#a77a4c"))
            p.rect(cx0 + cw * 0.3, 606, cx0 + cw * 0.7, 622, hexc("#f4ecd8"))
    # baskets in front
    for bx in (180, 620, 1000, 1420):
        p.ell(bx - 60, 850, bx + 60, 900, rgba("#000000", 60))
        p.poly([(bx - 56, 820), (bx + 56, 820), (bx + 42, 880), (bx - 42, 880)], hexc("#b88a4a"))
        for k in range(5):
            p.line([(bx - 54 + k * 3, 832 + k * 10), (bx + 54 - k * 3, 832 + k * 10)], hexc("#8d6332"), 2)
        for j in range(6):
            fx = bx - 40 + j * 16
            p.circ(fx, 816, 10, hexc(r.choice(["#c0212b", "#e8541e", "#7bb33a"])))
            p.circ(fx - 3, 812, 3, rgba("#ffffff", 110))
    cv.glow(300, 200, 1100, 700, "#ffe2a8", 0.15)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.08)


def scene_library(cv):
    r = cv.rng
    cv.img.paste((58, 36, 24), (0, 0, cv.w, cv.h))
    p = cv.pen
    palette = ["#7a2630", "#2e4a3a", "#273d62", "#8a6a2e", "#5a3a2a", "#a2472e", "#3f5a5e",
               "#6e5a44", "#b08b4a", "#4a2f3f", "#d4c6a2", "#1f2a3a"]
    win = (640, 110, 960, 640)
    # shelves: bays
    bays = [(20, 320), (320, 620), (980, 1280), (1280, 1580)]
    shelf_ys = [80 + k * 134 for k in range(6)]
    for (bx0, bx1) in bays:
        p.rect(bx0, 60, bx1, 790, hexc("#3a2418"))
        for si in range(len(shelf_ys) - 1):
            sy0, sy1 = shelf_ys[si] + 12, shelf_ys[si + 1]
            x = bx0 + 12
            while x < bx1 - 14:
                bw = r.uniform(13, 30)
                if x + bw > bx1 - 12:
                    break
                bh = (sy1 - sy0) * r.uniform(0.68, 0.95)
                c = jitter(r, r.choice(palette), 10)
                if r.random() < 0.05:
                    # leaning book
                    p.poly([(x, sy1), (x + bw, sy1), (x + bw + bh * 0.35, sy1 - bh * 0.94), (x + bh * 0.35, sy1 - bh)],
                           c + (255,))
                    x += bw + bh * 0.4
                    continue
                p.rect(x, sy1 - bh, x + bw, sy1, c + (255,))
                p.rect(x + bw - 2, sy1 - bh, x + bw, sy1, rgba("#000000", 50))
                if r.random() < 0.35:
                    p.rect(x + 1, sy1 - bh * 0.85, x + bw - 1, sy1 - bh * 0.82, rgba("#e2c26a", 150))
                    p.rect(x + 1, sy1 - bh * 0.2, x + bw - 1, sy1 - bh * 0.17, rgba("#e2c26a", 150))
                if r.random() < 0.15:
                    p.rect(x + bw * 0.25, sy1 - bh * 0.7, x + bw * 0.75, sy1 - bh * 0.5, rgba("#f0e6cc", 120))
                x += bw + r.uniform(0, 2)
            # shelf board
            p.rect(bx0, sy1, bx1, sy1 + 12, hexc("#6b4328"))
            p.rect(bx0, sy1, bx1, sy1 + 3, hexc("#8a5a36"))
            m, mp = cv.mask()
            mp.rect(bx0, sy0, bx1, sy0 + 30, 255)
            cv.paint(ImageChops.multiply(m, cv.alpha_vgrad(sy0, sy0 + 30, 200, 0)), "#000000", opacity=0.6)
            p = cv.pen
        p.rect(bx0, 60, bx0 + 12, 790, hexc("#5a3722"))
        p.rect(bx1 - 12, 60, bx1, 790, hexc("#4a2c1a"))
        p.rect(bx0 - 6, 40, bx1 + 6, 72, hexc("#6b4328"))
    # window wall
    p.rect(620, 40, 980, 790, hexc("#4a2e1e"))
    m, mp = cv.mask()
    mp.rect(win[0], 270, win[2], win[3], 255)
    mp.ell(win[0], win[1], win[2], 430, 255)
    cv.vgrad([(0, "#dbe9f4"), (0.6, "#f6f1de"), (1, "#fbe8c4")], 110, 640, mask=m)
    # trees seen through window (soft)
    tm, tp = cv.mask()
    for _ in range(40):
        tp.circ(r.uniform(640, 960), r.uniform(470, 640), r.uniform(20, 50), 255)
    cv.paint(ImageChops.multiply(tm, m), "#9fb58c", blur=6, opacity=0.6)
    p = cv.pen
    for x in (720, 800, 880):
        p.line([(x, 110), (x, 640)], hexc("#3a2418"), 6)
    for y in (330, 480):
        p.line([(640, y), (960, y)], hexc("#3a2418"), 6)
    p.line(p.arc_poly(800, 270, 160, 160, 180, 360), hexc("#3a2418"), 10)
    p.rect(620, 636, 980, 660, hexc("#6b4328"))
    cv.glow(800, 380, 520, 480, "#fff1cc", 0.6)
    # light beams
    m, mp = cv.mask()
    mp.poly([(650, 200), (950, 200), (1400, 1000), (700, 1000)], 60)
    mp.poly([(720, 300), (880, 300), (1180, 1000), (900, 1000)], 50)
    cv.paint(m, "#fff0c8", blur=28)
    # floor
    m, mp = cv.mask()
    mp.rect(0, 790, 1600, 1000, 255)
    cv.vgrad([(0, "#5a3a24"), (1, "#2e1c12")], 790, 1000, mask=m)
    p = cv.pen
    for k in range(-30, 31):
        p.line([(800 + k * 30, 790), (800 + k * 110, 1000)], rgba("#1e120a", 110), 1.5)
    cv.glow(900, 860, 420, 90, "#ffd9a0", 0.35)
    # ladder
    p = cv.pen
    p.line([(1330, 50), (1250, 860)], hexc("#8a5a36"), 10)
    p.line([(1400, 50), (1320, 860)], hexc("#7a4c2c"), 10)
    for k in range(14):
        t = (k + 0.5) / 14
        p.line([(lerp(1330, 1250, t), lerp(50, 860, t)), (lerp(1400, 1320, t), lerp(50, 860, t))], hexc("#8a5a36"), 7)
    p.rect(1310, 40, 1420, 52, hexc("#b08b4a"))
    # reading table
    p.poly([(160, 820), (1440, 820), (1560, 900), (40, 900)], hexc("#6b3f24"))
    p.poly([(160, 820), (1440, 820), (1450, 828), (150, 828)], hexc("#8e5a34"))
    p.rect(40, 900, 1560, 940, hexc("#4a2a18"))
    p.rect(100, 940, 150, 1000, hexc("#3a2012"))
    p.rect(1450, 940, 1500, 1000, hexc("#3a2012"))
    # open book
    p.poly([(560, 858), (700, 846), (702, 878), (552, 890)], hexc("#efe4c8"))
    p.poly([(700, 846), (840, 858), (848, 890), (702, 878)], hexc("#f6ecd4"))
    for k in range(5):
        p.line([(575, 862 + k * 5), (690, 852 + k * 5)], rgba("#8a7a60", 140), 1)
        p.line([(712, 853 + k * 5), (828, 862 + k * 5)], rgba("#8a7a60", 140), 1)
    # stacked books
    for k, c in enumerate(["#7a2630", "#273d62", "#2e4a3a", "#8a6a2e"]):
        y = 850 - k * 16
        p.rect(300 + k * 4, y, 450 - k * 3, y + 16, hexc(c))
        p.rect(300 + k * 4, y, 450 - k * 3, y + 3, rgba("#ffffff", 50))
    # banker's lamp
    lx = 1150
    p.rect(lx - 40, 848, lx + 40, 860, hexc("#b08b4a"))
    p.line([(lx, 848), (lx, 790)], hexc("#b08b4a"), 5)
    p.poly([(lx - 70, 790), (lx + 70, 790), (lx + 50, 760), (lx - 50, 760)], hexc("#1f6b48"))
    p.line([(lx - 70, 790), (lx + 70, 790)], hexc("#d2b060"), 3)
    cv.glow(lx, 820, 260, 90, "#ffd47a", 0.85)
    cv.glow(lx, 800, 90, 30, "#fff4d0", 0.8)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.12)


def scene_newsroom(cv):
    r = cv.rng
    P = Persp(cx=800, vy=430, f=1000, hc=1.7)
    ZB, HW, HC = 16.0, 8.0, 3.8
    cv.img.paste((16, 20, 30), (0, 0, cv.w, cv.h))
    p = cv.pen
    # back window wall with night city
    bx0, by0 = P(-HW, HC, ZB)
    bx1, by1 = P(HW, 0, ZB)
    m, mp = cv.mask()
    mp.rect(bx0, by0, bx1, by1, 255)
    cv.vgrad([(0, "#0d1a33"), (0.7, "#2a3a66"), (1, "#5a4a6a")], by0, by1, mask=m)
    p = cv.pen
    x = bx0
    while x < bx1:
        w = r.uniform(14, 40)
        h_ = r.uniform(30, 170)
        p.rect(x, by1 - 60 - h_, x + w, by1, hexc(jitter(r, "#141d33", 6)))
        for _ in range(int(h_ * w / 90)):
            wx, wy = r.uniform(x + 2, x + w - 4), r.uniform(by1 - 60 - h_ + 4, by1 - 4)
            p.rect(wx, wy, wx + 2.5, wy + 3, rgba(r.choice(["#ffd98a", "#cfe4ff", "#ffc060"]), r.randint(120, 255)))
        x += w + r.uniform(0, 6)
    for k in range(12):
        xx = lerp(bx0, bx1, k / 11)
        p.line([(xx, by0), (xx, by1)], hexc("#0b0f18"), 4)
    p.line([(bx0, (by0 + by1) / 2 - 20), (bx1, (by0 + by1) / 2 - 20)], hexc("#0b0f18"), 3)
    # ceiling + floor + side walls
    p.poly(P.quad([(-HW, HC, 0.3), (HW, HC, 0.3), (HW, HC, ZB), (-HW, HC, ZB)]), hexc("#1b1f29"))
    m, mp = cv.mask()
    mp.poly(P.quad([(-HW, 0, 0.3), (HW, 0, 0.3), (HW, 0, ZB), (-HW, 0, ZB)]), 255)
    cv.vgrad([(0, "#2a2f3a"), (1, "#151820")], by1, 1000, mask=m)
    for sgn in (-1, 1):
        X = sgn * HW
        m, mp = cv.mask()
        mp.poly(P.quad([(X, 0, 0.3), (X, HC, 0.3), (X, HC, ZB), (X, 0, ZB)]), 255)
        cv.paint(m, "#23293a")
    p = cv.pen
    # ceiling light strips
    for X in (-4.5, -1.5, 1.5, 4.5):
        q = P.quad([(X - 0.07, HC - 0.01, 2.6), (X + 0.07, HC - 0.01, 2.6), (X + 0.07, HC - 0.01, ZB - 0.5),
                    (X - 0.07, HC - 0.01, ZB - 0.5)])
        p.poly(q, hexc("#dce8fb"))
    for X in (-4.5, -1.5, 1.5, 4.5):
        cv.glow(*P(X, HC, 5), 160, 60, "#bcd6ff", 0.35)
    # glossy floor: mirrored light strips and the glow of the video wall
    m, mp = cv.mask()
    for X in (-4.5, -1.5, 1.5, 4.5):
        mp.poly(P.quad([(X - 0.1, -HC, 2.6), (X + 0.1, -HC, 2.6), (X + 0.1, -HC, ZB - 0.5),
                        (X - 0.1, -HC, ZB - 0.5)]), 255)
    fm, fp = cv.mask()
    fp.poly(P.quad([(-HW, 0, 0.3), (HW, 0, 0.3), (HW, 0, ZB), (-HW, 0, ZB)]), 255)
    cv.paint(ImageChops.multiply(m, fm), "#9fb8e0", blur=6, opacity=0.22)
    cv.glow(800, P(0, 0, ZB - 1)[1] + 40, 500, 120, "#3a7bd5", 0.3)
    p = cv.pen
    # world clocks on left wall
    p = cv.pen
    for k, z in enumerate((5, 7.5, 10, 12.5)):
        cx_, cy_ = P(-HW + 0.01, 3.0, z)
        rr = 260 / z
        p.ell(cx_ - rr * 0.45, cy_ - rr, cx_ + rr * 0.45, cy_ + rr, hexc("#e9edf2"))
        p.line([(cx_, cy_), (cx_ + rr * 0.2 * math.cos(k * 1.3), cy_ - rr * 0.6 * math.sin(k * 1.3 + 1))], hexc("#111111"), 2)
        p.line([(cx_, cy_), (cx_, cy_ - rr * 0.8)], hexc("#c8102e"), 1.5)
    # video wall
    vx0, vy0 = P(-3.6, 3.3, ZB - 0.8)
    vx1, vy1 = P(3.6, 1.5, ZB - 0.8)
    cv.glow((vx0 + vx1) / 2, (vy0 + vy1) / 2, 620, 300, "#3a7bd5", 0.45)
    p = cv.pen
    p.rect(vx0 - 6, vy0 - 6, vx1 + 6, vy1 + 6, hexc("#07090d"))
    tw_, th_ = (vx1 - vx0) / 3, (vy1 - vy0) / 2
    tiles = ["chart", "map", "text", "bars", "live", "chart2"]
    for i, kind in enumerate(tiles):
        tx0 = vx0 + (i % 3) * tw_
        ty0 = vy0 + (i // 3) * th_
        tx1, ty1 = tx0 + tw_ - 3, ty0 + th_ - 3
        m, mp = cv.mask()
        mp.rect(tx0, ty0, tx1, ty1, 255)
        cv.vgrad([(0, "#1d4f94"), (1, "#0f2f5e")], ty0, ty1, mask=m)
        p = cv.pen
        ww, hh = tx1 - tx0, ty1 - ty0
        if kind in ("chart", "chart2"):
            pts = []
            v = 0.5
            for k in range(14):
                v = max(0.1, min(0.9, v + r.uniform(-0.15, 0.15)))
                pts.append((tx0 + ww * (0.06 + k * 0.88 / 13), ty0 + hh * (1 - v)))
            p.line(pts, hexc("#7fe0ff" if kind == "chart" else "#ffd166"), 2.5)
        elif kind == "map":
            for _ in range(9):
                cx_, cy_ = tx0 + r.uniform(0.15, 0.85) * ww, ty0 + r.uniform(0.2, 0.8) * hh
                p.ell(cx_ - r.uniform(8, 28), cy_ - r.uniform(6, 18), cx_ + r.uniform(8, 28), cy_ + r.uniform(6, 18),
                      rgba("#5fb3a6", 200))
            p.circ(tx0 + ww * 0.55, ty0 + hh * 0.45, 4, hexc("#ff4d4d"))
        elif kind == "text":
            for k in range(6):
                p.rect(tx0 + ww * 0.08, ty0 + hh * (0.15 + k * 0.13), tx0 + ww * r.uniform(0.5, 0.9),
                       ty0 + hh * (0.2 + k * 0.13), rgba("#dbe8ff", 200))
        elif kind == "bars":
            for k in range(7):
                b = r.uniform(0.2, 0.85)
                p.rect(tx0 + ww * (0.08 + k * 0.12), ty0 + hh * (0.92 - b), tx0 + ww * (0.16 + k * 0.12),
                       ty0 + hh * 0.92, rgba("#9cc8ff", 230))
        elif kind == "live":
            p.rect(tx0 + ww * 0.08, ty0 + hh * 0.12, tx0 + ww * 0.3, ty0 + hh * 0.3, hexc("#c8102e"))
            p.rect(tx0 + ww * 0.08, ty0 + hh * 0.7, tx0 + ww * 0.92, ty0 + hh * 0.86, rgba("#ffffff", 220))
            p.circ(tx0 + ww * 0.6, ty0 + hh * 0.45, hh * 0.22, rgba("#4a7fc4", 255))
    # desks with monitors
    for Z in (12.5, 10.3, 8.1, 5.9, 3.7):
        for side in (-1, 1):
            xa, xb = (0.9, 6.8) if side > 0 else (-6.8, -0.9)
            p = cv.pen
            # desk top
            p.poly(P.quad([(xa, 0.75, Z), (xb, 0.75, Z), (xb, 0.75, Z + 0.9), (xa, 0.75, Z + 0.9)]), hexc("#8f98a8"))
            p.poly(P.quad([(xa, 0.12, Z + 0.45), (xb, 0.12, Z + 0.45), (xb, 0.72, Z + 0.45), (xa, 0.72, Z + 0.45)]),
                   hexc("#222836"))
            for X_ in (xa + 0.05, xb - 0.05):
                p.poly(P.quad([(X_ - 0.03, 0.0, Z + 0.05), (X_ + 0.03, 0.0, Z + 0.05), (X_ + 0.03, 0.72, Z + 0.05),
                               (X_ - 0.03, 0.72, Z + 0.05)]), hexc("#9aa3b2"))
            p.poly(P.quad([(xa, 0.68, Z), (xb, 0.68, Z), (xb, 0.75, Z), (xa, 0.75, Z)]), hexc("#c9d0da"))
            n = 4
            for k in range(n):
                X = lerp(xa, xb, (k + 0.5) / n)
                mx0, my0 = P(X - 0.27, 1.16, Z + 0.55)
                mx1, my1 = P(X + 0.27, 0.84, Z + 0.55)
                gl = r.choice(["#3f86d6", "#5a9ee0", "#d9a25a", "#3fb0c8"])
                cv.glow((mx0 + mx1) / 2, (my0 + my1) / 2, (mx1 - mx0) * 1.2, (my1 - my0) * 1.8, gl, 0.4)
                p = cv.pen
                p.rect(mx0 - 2, my0 - 2, mx1 + 2, my1 + 2, hexc("#0c0e12"))
                m, mp = cv.mask()
                mp.rect(mx0, my0, mx1, my1, 255)
                cv.vgrad([(0, mix(gl, "#ffffff", 0.15)), (1, shade(gl, 0.55))], my0, my1, mask=m)
                p = cv.pen
                sw_, sh2 = mx1 - mx0, my1 - my0
                for j in range(4):
                    p.rect(mx0 + sw_ * 0.1, my0 + sh2 * (0.15 + j * 0.18), mx0 + sw_ * r.uniform(0.45, 0.9),
                           my0 + sh2 * (0.22 + j * 0.18), rgba("#e8f2ff", 150))
                p.rect(*P(X - 0.03, 0.84, Z + 0.55), *P(X + 0.03, 0.75, Z + 0.55), hexc("#20242c"))
                # chair back (closer to camera)
                cx0_, cy0_ = P(X - 0.2, 0.98, Z - 0.35)
                cx1_, cy1_ = P(X + 0.2, 0.5, Z - 0.35)
                if r.random() < 0.6:
                    p.rrect(cx0_, cy0_, cx1_, cy1_, (cx1_ - cx0_) * 0.25, hexc("#1a1e27"))
                    p.rrect(cx0_ + 2, cy0_ + 2, cx1_ - 2, cy0_ + (cy1_ - cy0_) * 0.25, (cx1_ - cx0_) * 0.2,
                            hexc("#343b4a"))
    # pillar
    for sgn in (-1, 1):
        px0, py0 = P(sgn * 7.0 - 0.3, HC, 3.2)
        px1, py1 = P(sgn * 7.0 + 0.3, 0, 3.2)
        p.rect(px0, py0, px1, py1, hexc("#2b3142"))
    cv.glow(800, 420, 1000, 500, "#4a6fb0", 0.15)
    tex = cv.fbm(scales=(24, 64, 140), weights=(1, 0.5, 0.3))
    cv.texture(tex, strength=0.08)


# --------------------------------------------------------------------------
# metadata
# --------------------------------------------------------------------------

CREDIT = "Illustration: Revista demo studio"
LICENCE = "CC BY 4.0"

SCENES = {
    "parliament": dict(
        fn=scene_parliament, seed=1101, focal_y=0.42,
        alt_sq="Ilustrim i fasadës së një ndërtese parlamentare neoklasike me tetë kolona, një fronton "
               "trekëndor dhe një kupolë, me shkallë guri dhe shesh të shtruar përpara, nën një qiell mëngjesi.",
        alt_en="Illustration of a neoclassical parliament facade with eight columns, a triangular pediment and "
               "a dome, with stone steps and a paved square in front under a morning sky.",
        caption_sq="Seanca e re parlamentare nis me debatin për buxhetin e vitit të ardhshëm.",
        caption_en="The new parliamentary session opens with a debate on next year's budget.",
    ),
    "harbour": dict(
        fn=scene_harbour, seed=1202, focal_y=0.6,
        alt_sq="Ilustrim i një porti në muzg: varka me direkë reflektohen në ujë, një far ndriçon skelën "
               "dhe dritat e qytetit shkëlqejnë në kodrat pas diellit që perëndon.",
        alt_en="Illustration of a harbour at dusk: boats with masts reflect in the water, a lighthouse glows on "
               "the breakwater and town lights sparkle on the hills behind the setting sun.",
        caption_sq="Portet e bregdetit po përgatiten për një sezon turistik më të gjatë se kurrë.",
        caption_en="Coastal ports are preparing for a tourist season longer than ever before.",
    ),
    "mountains": dict(
        fn=scene_mountains, seed=1303, focal_y=0.38,
        alt_sq="Ilustrim i vargmaleve në mëngjes: kreshta të njëpasnjëshme në tone blu, maja me borë, "
               "mjegull në lugina dhe pisha në plan të parë.",
        alt_en="Illustration of mountain ranges in the morning: layered ridges in blue tones, snow-capped "
               "peaks, mist in the valleys and pine trees in the foreground.",
        caption_sq="Zonat malore kërkojnë investime në rrugë dhe shërbime për të ndalur largimin e banorëve.",
        caption_en="Mountain areas need investment in roads and services to stop residents from leaving.",
    ),
    "conference": dict(
        fn=scene_conference, seed=1404, focal_y=0.45,
        alt_sq="Ilustrim i një salle konferencash bosh me rreshta karrigesh blu, mure me panele druri "
               "dhe një ekran të madh me grafikë mbi skenë.",
        alt_en="Illustration of an empty conference hall with rows of blue chairs, wood-panelled walls and a "
               "large screen showing charts above the stage.",
        caption_sq="Samiti rajonal mbledh ministrat për të diskutuar tregun e përbashkët të energjisë.",
        caption_en="The regional summit brings ministers together to discuss a common energy market.",
    ),
    "border-crossing": dict(
        fn=scene_border_crossing, seed=1505, focal_y=0.6,
        alt_sq="Ilustrim i një pike kufitare: një rrugë që largohet drejt kodrave, një strehë me kabinë "
               "kontrolli, një makinë në pritje dhe një barrierë me vija të kuqe e të bardha.",
        alt_en="Illustration of a border crossing: a road receding towards the hills, a canopy with a "
               "checkpoint booth, a waiting car and a red-and-white striped barrier.",
        caption_sq="Kontrollet e përbashkëta kufitare premtojnë pritje më të shkurtra për udhëtarët.",
        caption_en="Joint border checks promise shorter waiting times for travellers.",
    ),
    "old-town": dict(
        fn=scene_old_town, seed=1606, focal_y=0.45,
        alt_sq="Ilustrim i një qyteti të vjetër në shpat kodre: shtëpi të bardha me shumë dritare dhe çati "
               "me tjegulla, selvi, një minare dhe muret e kalasë në majë.",
        alt_en="Illustration of an old town on a hillside: white houses with many windows and tiled roofs, "
               "cypress trees, a minaret and castle walls on the summit.",
        caption_sq="Qendrat historike përballen me sfidën e ruajtjes së trashëgimisë në kohën e turizmit masiv.",
        caption_en="Historic centres face the challenge of preserving heritage in an age of mass tourism.",
    ),
    "bridge": dict(
        fn=scene_bridge, seed=1707, focal_y=0.5,
        alt_sq="Ilustrim i një ure të vjetër guri me hark të lartë mbi një lumë, me brigje të gjelbëruara, "
               "shkëmbinj dhe pasqyrimin e urës në ujë.",
        alt_en="Illustration of an old stone bridge with a high arch over a river, with green banks, rocks "
               "and the bridge reflected in the water.",
        caption_sq="Restaurimi i urave historike kthehet në provë për mënyrën se si kujdesemi për trashëgiminë.",
        caption_en="Restoring historic bridges has become a test of how we care for our heritage.",
    ),
    "factory": dict(
        fn=scene_factory, seed=1808, focal_y=0.4,
        alt_sq="Ilustrim i një zone industriale në perëndim të diellit: oxhaqe me tym, një fabrikë me çati "
               "në formë dhëmbësh sharre dhe dritare të ndriçuara, depozita dhe shina hekurudhore.",
        alt_en="Illustration of an industrial site at sunset: smoking chimneys, a factory with a sawtooth "
               "roof and lit windows, storage tanks and railway tracks.",
        caption_sq="Industria përpunuese rritet, por ndotja e ajrit mbetet shqetësim për banorët përreth.",
        caption_en="Manufacturing is growing, but air pollution remains a concern for nearby residents.",
    ),
    "flags": dict(
        fn=scene_flags, seed=1909, focal_y=0.35,
        alt_sq="Ilustrim i pesë flamujve shumëngjyrësh që valëviten në shtiza përballë një qielli blu me re, "
               "me flamurin blu me yje të artë në mes.",
        alt_en="Illustration of five colourful flags waving on poles against a blue sky with clouds, with a "
               "blue flag with golden stars in the middle.",
        caption_sq="Negociatat për anëtarësimin hyjnë në një fazë vendimtare këtë vjeshtë.",
        caption_en="Accession negotiations enter a decisive phase this autumn.",
    ),
    "market": dict(
        fn=scene_market, seed=2010, focal_y=0.55,
        alt_sq="Ilustrim i një tregu në rrugë: tezga me tenda me vija shumëngjyrëshe, arka me fruta, "
               "shporta në kalldrëm dhe llamba të varura mbi fasadat e vjetra.",
        alt_en="Illustration of a street market: stalls with colourful striped awnings, crates of fruit, "
               "baskets on the cobblestones and string lights above old facades.",
        caption_sq="Çmimet e ushqimeve në tregjet lokale tregojnë shenjat e para të stabilizimit.",
        caption_en="Food prices at local markets are showing the first signs of stabilising.",
    ),
    "library": dict(
        fn=scene_library, seed=2111, focal_y=0.5,
        alt_sq="Ilustrim i një biblioteke të ngrohtë me rafte druri plot libra, një dritare me hark që lëshon "
               "dritë, një shkallë rrëshqitëse dhe një tryezë leximi me llambë jeshile.",
        alt_en="Illustration of a warm library with wooden shelves full of books, an arched window letting in "
               "light, a rolling ladder and a reading table with a green lamp.",
        caption_sq="Bibliotekat publike rikthehen si hapësira takimi për lexuesit e rinj.",
        caption_en="Public libraries are returning as meeting places for young readers.",
    ),
    "newsroom": dict(
        fn=scene_newsroom, seed=2212, focal_y=0.45,
        alt_sq="Ilustrim i një redaksie natën: rreshta tavolinash me monitorë të ndezur, një mur me ekrane "
               "me grafikë e harta, orë botërore në mur dhe dritat e qytetit pas xhamave.",
        alt_en="Illustration of a newsroom at night: rows of desks with glowing monitors, a video wall with "
               "charts and maps, world clocks on the wall and city lights behind the windows.",
        caption_sq="Redaksitë e pavarura eksperimentojnë me modele të reja financimi nga lexuesit.",
        caption_en="Independent newsrooms are experimenting with new reader-funded business models.",
    ),
}


def render(key):
    spec = SCENES[key]
    cv = Canvas(spec["seed"])
    spec["fn"](cv)
    return cv.finish()


def save(img, key):
    os.makedirs(OUT_DIR, exist_ok=True)
    for w in WIDTHS:
        if w == W:
            # a whisper of softening on the full-size rendition keeps it photo-like
            # and noticeably cheaper to encode; smaller sizes are resampled from the
            # unsoftened master so they stay crisp.
            im = img.filter(ImageFilter.GaussianBlur(0.45))
        else:
            im = img.resize((w, round(w * H / W)), Image.LANCZOS)
        base = os.path.join(OUT_DIR, f"{key}-{w}")
        im.save(base + ".jpg", "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True,
                subsampling="4:2:0")
        im.save(base + ".webp", "WEBP", quality=WEBP_QUALITY, method=6)


def dominant(img):
    c = img.resize((1, 1), Image.BOX).getpixel((0, 0))
    return "#%02x%02x%02x" % c[:3]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_toml(doms):
    lines = ["# Demo media for Revista -- generated by tools/gen_demo_images.py. Do not edit by hand;",
             "# change the generator and re-run it instead.", ""]
    for key, spec in SCENES.items():
        lines += [
            "[[media]]",
            f"key = {toml_str(key)}",
            f"width = {W}",
            f"height = {H}",
            "focal_x = 0.5",
            f"focal_y = {spec['focal_y']}",
            f"credit = {toml_str(CREDIT)}",
            f"licence = {toml_str(LICENCE)}",
            f"alt_sq = {toml_str(spec['alt_sq'])}",
            f"alt_en = {toml_str(spec['alt_en'])}",
            f"caption_sq = {toml_str(spec['caption_sq'])}",
            f"caption_en = {toml_str(spec['caption_en'])}",
            f"dominant = {toml_str(doms[key])}",
            "",
        ]
    with open(TOML_PATH, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main(argv):
    keys = argv or list(SCENES)
    for k in keys:
        if k not in SCENES:
            sys.exit(f"unknown key: {k}")
    doms = {}
    for key in keys:
        img = render(key)
        save(img, key)
        doms[key] = dominant(img)
        print(f"{key:16s} {doms[key]}")
    if not argv:
        write_toml(doms)
        print(f"wrote {TOML_PATH}")
    else:
        # partial run: refresh only the rendered entries of an existing toml
        if os.path.exists(TOML_PATH):
            import tomllib
            with open(TOML_PATH, "rb") as f:
                old = {m["key"]: m["dominant"] for m in tomllib.load(f).get("media", [])}
            old.update(doms)
            if set(old) >= set(SCENES):
                write_toml(old)


if __name__ == "__main__":
    main(sys.argv[1:])
