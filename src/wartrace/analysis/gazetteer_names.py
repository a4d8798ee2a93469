"""How the gazetteer compares names: one normal form (norm), Cyrillic stems, the romanisation
variants of Ukrainian and Russian place names, and the codifier-unit match. Pure string functions,
shared by the index (gazetteer_index), its builders and the places components."""
from __future__ import annotations

import re
import unicodedata

# Apostrophes and look-alikes writers and transliterators use interchangeably.
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`´ʹ‘\u02bb\u2032"), None)
_SEPARATORS = {ord(c): " " for c in "-‐‑–—_/"}
_DROP = dict.fromkeys(map(ord, ".,()\"“”«»"), None)
# Zero-width characters that web copy leaves inside words ("​​Kostiantynivka"): never part of a name.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_DROP.update(dict.fromkeys(map(ord, ZERO_WIDTH), None))
_SPACES = re.compile(r"\s+")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def norm(text: str) -> str:
    """Comparison key: no diacritics, apostrophes, dots or hyphens; lower case."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.translate(_APOSTROPHES).translate(_SEPARATORS).translate(_DROP)
    return _SPACES.sub(" ", s).strip().casefold()


def is_code(name: str) -> bool:
    """GeoNames lists IATA and similar codes as alternate names (SIP, VSG): never names in prose."""
    return len(name) <= 3 and name.isupper()



# Russian-based romanisations of Ukrainian place names and the Ukrainian-based ones
# (Ukrainian National transliteration, 2010): -ovka/-evka -> -ivka, g -> h, -skoye -> -ske.
_ENDING_VARIANTS = [("yevka", "iivka"), ("yevka", "ivka"), ("evka", "ivka"), ("ovka", "ivka"), ("ovo", "ove"), ("evo", "eve"),
                    ("skoye", "ske"), ("skoe", "ske"), ("skiy", "skyi"), ("sky", "skyi"), ("oye", "oe"),
                    ("ivka", "ovka"), ("ivka", "evka"), ("iivka", "eyevka")]


def latin_skeleton(name: str) -> str:
    """A romanised Ukrainian name with the letters romanisations disagree on merged (y/i, the
    apostrophe, doubled i): Chystyakove, Chystiakove -> chistiakove; Ilovays'k -> ilovaisk."""
    return re.sub(r"i+", "i", norm(name).replace("y", "i"))


def unit_matches(district_stem: str, units: tuple[str, ...]) -> bool:
    """Whether a text's "X district" (its adjective's stem, spelled any way: "shakhter",
    "amvrosiev") names the hromada or raion a codifier village lies in. Raions were merged in
    2020 but most old raion centres head a hromada of the same name, so either matches."""
    from rapidfuzz import fuzz

    n = len(district_stem)
    return n >= 4 and any(u[:1] == district_stem[:1] and fuzz.ratio(district_stem, u[:n]) >= 80 for u in units)


def romanisation_variants(key: str) -> list[str]:
    words = key.split(" ")
    last = words[-1]
    endings = {last}
    for a, b in _ENDING_VARIANTS:
        if last.endswith(a):
            endings.add(last[: -len(a)] + b)
    out = []
    for e in endings:
        for form in {e, e.replace("g", "h"), e.replace("h", "g") if "kh" not in e else e}:
            k = " ".join(words[:-1] + [form])
            if k != key:
                out.append(k)
    return sorted(set(out))


# -ью: the Russian instrumental of soft feminines («над Белгородской областью», «под Рязанью», «над Тверью»)
_CYR_ENDINGS_RAW = (
    "ая яя ой ей ою ею ую юю ое ее ые ие ый ий ых их ым им ыми ими ом ем ам ям ах ях ами ями "
    "ої ій ою ою ью а я у ю е і и ы о ь й".split())
# In norm()'s form: й -> и, ї -> і, ё -> е, as the names they are compared with.
_CYR_ENDINGS = sorted({e2 for e in _CYR_ENDINGS_RAW if (e2 := norm(e))}, key=len, reverse=True)


def stem_cyrillic(word: str) -> str:
    """A crude inflection-free stem for Russian and Ukrainian place names.

    Place names decline (Попасная, под Попасной, Попасною); pymorphy2's dictionary
    does not know most villages, so both the gazetteer's Cyrillic names and the text's
    tokens are cut back the same way and compared.
    """
    parts = norm(word).split(" ")
    out = []
    for n, p in enumerate(parts):
        # a name's later word may be short and still decline: «в Часовом Яре», «в Кривом Роге»
        keep = 3 if n == 0 else 2
        for e in _CYR_ENDINGS:
            if p.endswith(e) and len(p) - len(e) >= keep:
                p = p[: -len(e)]
                break
        out.append(p)
    return " ".join(out)

