#!/usr/bin/env python3
"""Writes a deterministic synthetic spindel site of N pages for benchmarks.

    python3 bench/generate.py 10000 /tmp/site-10k

Pages are 600-1000 words of Swedish-like text with headings, lists, a table, internal links
between pages (with anchors), and taxonomies over the 30 member municipalities, the strategy's
seven areas and the content types, in ten sections. Their words are drawn with a Zipf-like
frequency from a vocabulary of about 60 000 word forms, as real text of this size has: the words
of the bundled site's pages in the order of their frequency there, their inflections and
compounds of them with and without a linking s. The same N always gives byte-identical files
(a fixed-seed generator, no clock)."""

import bisect
import collections
import itertools
import os
import random
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

KOMMUNER = [
    "Borås", "Botkyrka", "Eskilstuna", "Gävle", "Göteborg", "Haninge", "Haparanda", "Helsingborg",
    "Linköping", "Luleå", "Lund", "Malmö", "Norrköping", "Norrtälje", "Nyköping", "Region Västerbotten",
    "Ronneby", "Sigtuna", "Skellefteå", "Staffanstorp", "Stockholm", "Stockholms läns landsting",
    "Sundsvall", "Surahammar", "Södertälje", "Upplands Väsby", "Uppsala", "Vänersborg", "Västerås", "Örebro",
]
OMRADEN = ["Utbildning", "Arbete", "Hälsa", "Bostad", "Social omsorg och trygghet", "Kultur och språk", "Organisering"]
TYPER = ["Metod", "Erfarenhet", "Riktlinje", "Minnesanteckningar", "Rapport", "Beslut", "Artikel"]
# Synthetic sections beside the bundled site's own (whose content is copied in too, so that
# every page the theme links to exists).
SECTIONS = ["arkiv-metoder", "arkiv-erfarenheter", "arkiv-riktlinjer", "arkiv-minnesanteckningar",
            "arkiv-rapporter", "arkiv-beslut", "arkiv-artiklar", "arkiv-utbildning", "arkiv-halsa",
            "arkiv-bostad"]
WORDS = (
    "romsk inkludering kommun nätverk brobyggare samråd förvaltning skola socialtjänst arbetsförmedling "
    "hälsoinspiratör utbildning arbete bostad trygghet kultur språk organisering strategi uppföljning "
    "länsstyrelsen erfarenhet metod riktlinje minoritet rättigheter delaktighet inflytande barn unga "
    "kvinnor äldre föräldrar modersmål romani chib förening samverkan myndighet politiker tjänsteperson "
    "kartläggning långsiktig struktur utveckling pilotverksamhet resultat insats projekt dialog möte "
    "förtroende diskriminering antiziganism historia kunskap stöd vägledning handläggare mottagning "
    "och att det som för med på av till är en ett i de har kan ska inte också under om vid efter"
).split()
HEADINGS = ["Bakgrund", "Så gick det till", "Resultat", "Vad hände sedan?", "Lärdomar", "Att tänka på",
            "Samverkan", "Uppföljning", "Kostnader", "Kontakt och mer läsning"]


# Word forms in the vocabulary, and the exponent of their Zipf-like frequency.
VOCABULARY = 60_000
ZIPF = 1.05
ENDINGS = ["en", "er", "erna", "ernas", "et", "ets", "ar", "arna", "arnas", "s", "ade", "ande", "t", "a"]


def vocabulary():
    """The bundled pages' words by frequency, then their inflections, then compounds: a list."""
    counts = collections.Counter()
    for folder, _, files in sorted(os.walk(os.path.join(ROOT, "content"))):
        for f in sorted(files):
            if f.endswith(".md") and not f.endswith(".en.md"):
                text = open(os.path.join(folder, f), encoding="utf-8").read()
                counts.update(re.findall(r"[^\W\d_]{2,}", text.lower()))
    forms = [w for w, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
    seen = set(forms)
    stems = [w for w in forms if len(w) >= 5]
    for w in stems:
        for e in ENDINGS:
            if w + e not in seen:
                seen.add(w + e)
                forms.append(w + e)
    rng = random.Random(2032)
    while len(forms) < VOCABULARY:
        a, b = rng.choice(stems), rng.choice(stems)
        w = a + rng.choice(["", "s"]) + b + rng.choice(["", "", "en", "er", "erna"])
        if w not in seen:
            seen.add(w)
            forms.append(w)
    return forms[:VOCABULARY]


FORMS = vocabulary()
CUMULATIVE = list(itertools.accumulate(1 / (r + 1) ** ZIPF for r in range(len(FORMS))))


def word(rng):
    """A word of the vocabulary, the frequent ones far more often than the rare."""
    return FORMS[bisect.bisect(CUMULATIVE, rng.random() * CUMULATIVE[-1])]


def sentence(rng):
    n = rng.randint(8, 18)
    words = [word(rng) if rng.random() < 0.85 else rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def slug(text):
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
    out, dash = [], False
    for c in text.lower().translate(table):
        if c.isalnum():
            if dash and out:
                out.append("-")
            out.append(c)
            dash = False
        else:
            dash = True
    return "".join(out)


def page(rng, i, n, pages_per_section):
    section = SECTIONS[i % len(SECTIONS)]
    title = f"{rng.choice(HEADINGS)} {i}: {rng.choice(WORDS)} och {rng.choice(WORDS)}"
    year = 2012 + i % 12
    date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    kommuner = rng.sample(KOMMUNER, rng.randint(1, 3))
    omraden = rng.sample(OMRADEN, rng.randint(1, 2))
    lines = [
        "+++",
        f'title = "{title}"',
        f'description = "{sentence(rng)}"',
        f"date = {date}",
        f"weight = {i}",
        "[taxonomies]",
        "kommun = [" + ", ".join(f'"{k}"' for k in kommuner) + "]",
        "omrade = [" + ", ".join(f'"{o}"' for o in omraden) + "]",
        f'typ = ["{TYPER[i % len(TYPER)]}"]',
        "+++",
        "",
        paragraph(rng),
        "",
        "<!-- more -->",
        "",
    ]
    words = 0
    headings = rng.sample(HEADINGS, 5)
    for h_i, h in enumerate(headings):
        lines += [f"## {h}", ""]
        for _ in range(2):
            p = paragraph(rng)
            words += len(p.split())
            lines += [p, ""]
        if h_i == 1:
            lines += [f"- {sentence(rng)}" for _ in range(4)] + [""]
        if h_i == 2:
            lines += ["| Kommun | Deltagare | År |", "|:--|--:|--:|"]
            lines += [f"| {k} | {rng.randint(5, 200)} | {year} |" for k in kommuner] + [""]
        if h_i == 3 and n > 1:
            j = (i * 7919 + 13) % n
            if j == i:
                j = (i + 1) % n
            target = f"{SECTIONS[j % len(SECTIONS)]}/sida-{j:06d}.md"
            lines += [f"Läs också [en närliggande sida](@/{target}) och [om skolan](@/{SECTIONS[0]}/_index.md).", ""]
        if words > 600 + (i % 400):
            break
    return section, f"sida-{i:06d}.md", "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    if os.path.exists(out):
        if not os.path.exists(os.path.join(out, ".spindel-bench-site")):
            sys.exit(f"{out} exists and was not made by this script; refusing to replace it")
        shutil.rmtree(out)
    os.makedirs(out)
    open(os.path.join(out, ".spindel-bench-site"), "w").write("generated by bench/generate.py\n")
    # The bundled site's theme, configuration, data and pages, so the benchmark renders the
    # real templates; the synthetic pages come on top.
    for d in ("themes", "data", "content"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(out, d))
    shutil.copy(os.path.join(ROOT, "spindel.toml"), os.path.join(out, "spindel.toml"))
    rng = random.Random(20121)
    content = os.path.join(out, "content")
    for s in SECTIONS:
        os.makedirs(os.path.join(content, s))
        title = s.replace("arkiv-", "Arkiv: ").capitalize()
        open(os.path.join(content, s, "_index.md"), "w", encoding="utf-8").write(
            f'+++\ntitle = "{title}"\nsort_by = "date"\npaginate_by = 20\nweight = 100\n+++\n\n{paragraph(rng)}\n')
    for i in range(n):
        section, name, text = page(rng, i, n, n // len(SECTIONS))
        open(os.path.join(content, section, name), "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
