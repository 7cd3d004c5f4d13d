#!/usr/bin/env python3
"""Writes a deterministic synthetic spindel site of N pages for benchmarks.

    python3 bench/generate.py 10000 /tmp/site-10k

Pages are 600-1000 words of Swedish-like text with headings, lists, a table, internal links
between pages (with anchors), and taxonomies over the 30 member municipalities, the strategy's
seven areas and the content types, in ten sections. Their words are drawn with a Zipf-like
frequency from a vocabulary of about 60 000 word forms, as real text of this size has: the words
of the bundled site's public Swedish pages in the order of their frequency there (not the
English pages, not the internal editor guide), then the forms of about 200 lemmas of the site's
subject inflected by their Swedish paradigm (skola skolan skolor skolorna), then compounds of a
noun's compound form (with its linking letter: hälso-, kvinno-, gatu-, utbildnings-, skol-) and
another noun, inflected as that noun. The same N always gives byte-identical files
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

# Base forms (lemmas) of the site's subject, each with its inflection class and, for nouns,
# the form it takes as the first part of a compound when that is not the lemma itself
# (`hälsa/hälso`, `utbildning/utbildnings`). Classes: n1 (-a, -or: skola), n2 (-ar: dag,
# utbildning), n3 (-er: metod, kommun), n3v (-er after a vowel: strategi), n4 (neuter -e, -en:
# möte), n5 (neuter, plural as singular: samråd), nare (-are: brobyggare), v1 (verbs in -a,
# -ar, -ade: arbeta), adj (regular adjectives: stark).
LEMMAS = """
skola:n1:skol kvinna:n1:kvinno hälsa:n1:hälso gata:n1:gatu kyrka:n1:kyrko människa:n1:människo
flicka:n1:flick vecka:n1:vecko fråga:n1:fråge familjehem:n5 uppgift:n3:uppgifts plats:n3
utbildning:n2:utbildnings kartläggning:n2:kartläggnings samverkan:nu:samverkans
inkludering:n2:inkluderings uppföljning:n2:uppföljnings förvaltning:n2:förvaltnings
förening:n2:förenings ansökan:n2:ansöknings dag:n2 väg:n2 stol:n2 arbetsplats:n3
mottagning:n2:mottagnings vägledning:n2:vägledning satsning:n2:satsnings rådgivning:n2:rådgivnings
organisering:n2:organiserings planering:n2:planerings bedömning:n2:bedömnings
handledning:n2:handlednings anställning:n2:anställnings ersättning:n2:ersättnings
lösning:n2:lösnings försörjning:n2:försörjnings erfarenhetsdag:n2 fördom:n2 skolgång:n2:skolgångs
metod:n3 kommun:n3 region:n3 strategi:n3v myndighet:n3:myndighets insats:n3 resurs:n3
situation:n3:situations diskriminering:n2:diskriminerings minoritet:n3:minoritets
rättighet:n3:rättighets delaktighet:n3:delaktighets trygghet:n3:trygghets erfarenhet:n3:erfarenhets
möjlighet:n3:möjlighets verksamhet:n3:verksamhets kunskap:n3:kunskaps familj:n3:familje grupp:n3
elev:n3 förälder:n3:föräldra konferens:n3 rapport:n3 dialog:n3 struktur:n3 historia:n1:historie
process:n3 modell:n3 kontakt:n3 tjänst:n3:tjänste person:n3 medarbetare:nare nämnd:n3 plan:n3
kultur:n3 stad:n3:stads enhet:n3:enhets aktivitet:n3:aktivitets förskola:n1:förskole målgrupp:n3:målgrupps
bostad:n3:bostads läxhjälp:nu tolk:n2 socialsekreterare:nare handläggare:nare brobyggare:nare
hälsoinspiratör:n3 samordnare:nare politiker:nare lärare:nare företrädare:nare deltagare:nare
arbetsgivare:nare invånare:nare ledare:nare
möte:n4:mötes arbete:n4:arbets samhälle:n4:samhälls område:n4:områdes
samråd:n5:samråds nätverk:n5:nätverks barn:n5 språk:n5 projekt:n5 stöd:n5 resultat:n5 uppdrag:n5:uppdrags
förtroende:n4:förtroende inflytande:n4:inflytande boende:n4 beslut:n5:besluts underlag:n5:underlags mål:n5
år:n5:års system:n5 ansvar:n5:ansvars arbetssätt:n5 modersmål:n5:modersmåls program:n5 förslag:n5:förslags
bidrag:n5:bidrags avtal:n5:avtals material:n5 exempel:n5 sammanhang:n5:sammanhangs perspektiv:n5 tillfälle:n4:tillfälles hinder:n5
arbeta:v1 samverka:v1 inkludera:v1 organisera:v1 utveckla:v1 planera:v1 diskutera:v1
informera:v1 samla:v1 starta:v1 fungera:v1 presentera:v1 utbilda:v1 öka:v1 skapa:v1
granska:v1 samarbeta:v1 förbättra:v1
romsk:adj långsiktig:adj viktig:adj tydlig:adj regional:adj nationell:adj kommunal:adj
lokal:adj social:adj personlig:adj möjlig:adj svår:adj stark:adj ny:adj trygg:adj öppen:adj
svensk:adj gemensam:adj ansvarig:adj aktiv:adj konkret:adj strukturell:adj
""".split()
# Function words and other short words of Swedish text, in no particular order.
FUNCTION = ("och att det som för med på av till är en ett i de har kan ska inte också under om "
            "vid efter men eller så när där här vi ni han hon man sig sin sina sitt alla många "
            "mer mest flera andra annan andra både vilka vilket vilken hur varför då nu redan "
            "bara även ju dock genom mellan inom utan mot sedan innan").split()


def forms_of(lemma, cls):
    """The forms of a lemma in its class, the lemma first."""
    if cls == "n1":  # skola skolan skolor skolorna
        s = lemma[:-1]
        return [lemma, lemma + "n", s + "or", s + "orna", lemma + "ns", s + "ors", s + "ornas"]
    if cls == "n2":  # dag dagen dagar dagarna; ansökan ansökningar
        if lemma.endswith("an"):
            return [lemma, lemma[:-2] + "ningen", lemma[:-2] + "ningar", lemma[:-2] + "ningarna", lemma + "s"]
        s = lemma[:-1] if lemma.endswith("e") else lemma
        return [lemma, s + "en", s + "ar", s + "arna", s + "ens", s + "ars", s + "arnas"]
    if cls == "n3":  # metod metoden metoder metoderna; förälder föräldrar
        if lemma.endswith("er"):
            s = lemma[:-2] + "r"
            return [lemma, lemma + "n", s + "ar", s + "arna", lemma + "ns", s + "arnas"]
        if lemma.endswith("ad"):  # stad städer, bostad bostäder
            pl = lemma[:-2] + "äder"
            return [lemma, lemma + "en", pl, pl + "na", lemma + "ens", pl + "nas"]
        s = lemma
        return [lemma, s + "en", s + "er", s + "erna", s + "ens", s + "ers", s + "ernas"]
    if cls == "n3v":  # strategi strategin strategier strategierna
        return [lemma, lemma + "n", lemma + "er", lemma + "erna", lemma + "ns", lemma + "ernas"]
    if cls == "n4":  # möte mötet möten mötena
        return [lemma, lemma + "t", lemma + "n", lemma + "na", lemma + "ts", lemma + "nas"]
    if cls == "n5":  # samråd samrådet samråden
        s = lemma + "m" if lemma == "program" else lemma
        return [lemma, s + "et", s + "en", lemma + "s", s + "ets", s + "ens"]
    if cls == "nare":  # brobyggare brobyggaren brobyggarna; politiker politikern politikerna
        s = lemma[:-1] if lemma.endswith("e") else lemma
        return [lemma, lemma + "n", s + "na", lemma + "ns" if s != lemma else lemma + "ns", s + "nas"]
    if cls == "nu":  # läxhjälp läxhjälpen, samverkan: no plural
        if lemma.endswith("an"):
            return [lemma, lemma + "s"]
        return [lemma, lemma + "en", lemma + "ens"]
    if cls == "v1":  # arbeta arbetar arbetade arbetat arbetande
        return [lemma, lemma + "r", lemma + "de", lemma + "t", lemma + "nde", lemma + "s"]
    if cls == "adj":  # stark starkt starka
        if lemma.endswith("en"):  # öppen öppet öppna
            return [lemma, lemma[:-1] + "t", lemma[:-2] + "na"]
        if lemma[-1] in "aeiouyåäö":  # ny nytt nya
            return [lemma, lemma + "tt", lemma + "a"]
        t = lemma if lemma.endswith("t") else lemma[:-1] + "t" if lemma.endswith("d") else lemma + "t"
        a = lemma + "ma" if lemma.endswith("sam") else lemma + "a"
        return [lemma, t, a]
    raise ValueError(cls)


def public_swedish_text():
    """The text of the bundled site's public Swedish pages: not the English ones, not those
    marked `internal = true` (the editor guide, with its commands and file names), without
    front matter, code, addresses and link targets."""
    out = []
    for folder, _, files in sorted(os.walk(os.path.join(ROOT, "content"))):
        for f in sorted(files):
            if not f.endswith(".md") or re.search(r"\.[a-z]{2}\.md$", f):
                continue
            text = open(os.path.join(folder, f), encoding="utf-8").read()
            front, _, body = text.partition("\n+++\n") if text.startswith("+++") else ("", "", text)
            if re.search(r"^internal\s*=\s*true", front, re.M):
                continue
            body = re.sub(r"```.*?```|`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+|\{[{%].*?[}%]\}", " ", body, flags=re.S)
            out.append(body)
    return "\n".join(out)


def vocabulary():
    """Words as they are written on the site's public Swedish pages, by their frequency there,
    then the forms of the lemmas, then compounds of a lemma's compound form and another noun,
    inflected as that noun: a list."""
    counts = collections.Counter(re.findall(r"[^\W\d_]{2,}", public_swedish_text().lower()))
    forms = [w for w, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
    seen = set(forms)

    def add(w):
        if w not in seen:
            seen.add(w)
            forms.append(w)

    for w in FUNCTION:
        add(w)
    nouns = []
    for entry in LEMMAS:
        lemma, cls, *link = entry.split(":")
        for w in forms_of(lemma, cls):
            add(w)
        if cls.startswith("n"):
            first = link[0] if link else (lemma[:-1] if lemma.endswith("are") else lemma)
            nouns.append((lemma, cls, first))
    rng = random.Random(2032)
    tries = 0
    while len(forms) < VOCABULARY and tries < 10 * VOCABULARY:
        tries += 1
        (_, _, first), (head, cls, _) = rng.choice(nouns), rng.choice(nouns)
        if first.startswith(head[:4]) or head.startswith(first[:4]):
            continue
        for w in forms_of(first + head, cls):
            add(w)
    return forms[:VOCABULARY]


FORMS = vocabulary()
CUMULATIVE = list(itertools.accumulate(1 / (r + 1) ** ZIPF for r in range(len(FORMS))))


def word(rng):
    """A word of the vocabulary, the frequent ones far more often than the rare."""
    return FORMS[bisect.bisect(CUMULATIVE, rng.random() * CUMULATIVE[-1])]


def sentence(rng):
    n = rng.randint(8, 18)
    words = [word(rng) if rng.random() < 0.97 else rng.choice(WORDS) for _ in range(n)]
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
