# spindels meddelanden på svenska. Varje id finns också i en.ftl, med samma värden ($namn).
# En webbplats kan formulera om ett meddelande i spindel.toml: [languages.sv.messages].

## Fel från operativsystemet, i klartext

io-not-found = filen eller mappen finns inte
io-permission-denied = spindel har inte behörighet till den
io-already-exists = den finns redan
io-is-a-directory = det är en mapp, inte en fil
io-not-a-directory = det är en fil, inte en mapp
io-storage-full = disken är full
io-read-only = disken går bara att läsa, inte skriva till
io-invalid-data = innehållet går inte att läsa
io-addr-in-use = ett annat program använder redan porten
io-addr-not-available = adressen finns inte på den här datorn
io-timed-out = det tog för lång tid
io-other = ett fel i systemet

## Diagnostikens delar

diag-error = fel
diag-warning = varning
diag-hint = gör så här
diag-detail = detaljer
did-you-mean = menade du `{ $word }`?

## Innehållet (content/, data/)

content-missing = det finns ingen mapp { $dir }/ i { $root }
content-missing-hint = en webbplats behöver content/_index.md (startsidan) och sina sidor i content/; starta spindel i webbplatsens mapp, eller ange den med --root
content-unreadable-part = spindel kan inte läsa den här delen av content/
hint-permissions = kontrollera att du har behörighet att läsa filen
content-symlink-skipped = det här är en genväg (symbolisk länk) till en fil; spindel följer inte genvägar och hoppar över den
content-symlink-skipped-hint = kopiera filen till content/ i stället för att länka till den
file-unreadable = spindel kan inte läsa filen: { $reason }
file-unreadable-hint = kontrollera att filen finns och att du har behörighet att läsa den
link-outside-site = `{ $link }` är en genväg till `{ $target }`, utanför webbplatsen; inget där publiceras
link-outside-site-hint = kopiera filerna till webbplatsen i stället för att länka till dem, eller ta bort genvägen
fm-control-characters = texten i `{ $name }` har styrtecken ({ $chars }) som inte syns; de tas bort från sidorna
fm-control-characters-hint = ta bort { $chars } ur texten: styrtecken, som NUL och escape, hör inte hemma i en webbsida
fm-not-a-taxonomy = `{ $name }` är inte en indelning på den här webbplatsen
fm-no-taxonomies = spindel.toml har inga indelningar ([[taxonomies]])
fm-the-taxonomies-are = webbplatsens indelningar är: { $list }
fm-title-empty = titeln är tom
fm-title-empty-hint = skriv sidans rubrik mellan citattecknen: title = "Brobyggare i Borås"
fm-no-title = sidhuvudet saknar en titel (`title`)
fm-no-title-hint = varje sida behöver en titel; lägg till en rad i sidhuvudet: title = "Brobyggare i Borås"
fm-yaml = sidhuvudet ska stå mellan två rader med +++, inte mellan två rader med --- (det skrivsättet heter YAML och används inte här)
fm-yaml-hint = skriv det så här:
    { $toml }
fm-file-empty = filen är tom
fm-none = filen börjar inte med ett sidhuvud
fm-none-hint = börja filen med en rad +++, fälten, och en rad +++ till:
    +++
    title = "Sidans rubrik"
    +++
fm-not-closed = sidhuvudet avslutas aldrig
fm-not-closed-hint = lägg till en rad med +++ efter sidhuvudets sista fält
file-language = `{ $code }` i filnamnet är inte ett av webbplatsens språk
file-language-hint = översättningar heter sida.en.md; lägg till [languages.{ $code }] i spindel.toml, eller byt namn på filen
orphan-file = filen hör inte till någon sida eller avdelning och publiceras inte
orphan-file-hint = lägg den i en sidmapp (en mapp med index.md), bredvid en _index.md, eller i static/
data-not-toml = spindel läser bara .toml-filer i data/
data-not-toml-hint = gör om filen till TOML, eller flytta den ut ur data/

## Sidhuvud och spindel.toml (TOML)

toml-syntax = raden går inte att läsa
toml-syntax-hint = varje rad ska vara `namn = värde`; text står inom raka citattecken ("…"), listor inom hakparenteser (["Borås", "Gävle"]), datum skrivs 2024-05-16
toml-fix-line = ändra raden till:
    { $line }
toml-key-letters = fältnamnet `{ $key }` har andra tecken än a–z, siffror, - och _
toml-key-letters-hint = skriv fältets namn med a–z (å, ä och ö blir a och o); fälten som går att använda står i redaktörsguiden
toml-no-equals = efter namnet `{ $key }` fattas ett likhetstecken (=)
toml-no-value = `{ $key }` har inget värde efter likhetstecknet
toml-no-value-hint = skriv värdet efter likhetstecknet, eller ta bort raden: { $key } = "…"
toml-curly-quotes = texten står inom typografiska citattecken (” ”), sådana som ett ordbehandlingsprogram gör; här behövs raka citattecken (")
toml-unclosed-quote = texten har ett citattecken i början men inget i slutet
toml-list-without-brackets = flera värden är en lista och ska stå inom hakparenteser [ ]
toml-unclosed-list = listan har en hakparentes [ i början men ingen ] i slutet
toml-date-form = datumet `{ $written }` ska skrivas år-månad-dag, med siffror
toml-date-no-such-day = det finns ingen { $day } { $month ->
        [1] januari
        [2] februari
        [3] mars
        [4] april
        [5] maj
        [6] juni
        [7] juli
        [8] augusti
        [9] september
        [10] oktober
        [11] november
       *[12] december
    } { $year }: { $month ->
        [1] januari
        [2] februari
        [3] mars
        [4] april
        [5] maj
        [6] juni
        [7] juli
        [8] augusti
        [9] september
        [10] oktober
        [11] november
       *[12] december
    } { $year } har bara { $days } dagar
toml-date-no-such-day-hint = kontrollera dagen och månaden; ett datum skrivs år-månad-dag, till exempel date = 2024-05-16
toml-unquoted-text = texten ska stå inom raka citattecken (")
toml-want-list = här ska det stå en lista, inom hakparenteser, även när den har ett enda värde
toml-want-list-hint = skriv värdena inom hakparenteser: kommun = ["Borås", "Gävle"]
toml-want-text = här ska det stå en text, inte en lista
toml-want-text-hint = skriv en enda text inom raka citattecken: title = "Brobyggare i Borås"
toml-want-bool = här ska det stå true (ja) eller false (nej), utan citattecken
toml-want-bool-hint = skriv till exempel: draft = true
toml-want-date = här ska det stå ett datum, skrivet år-månad-dag
toml-want-date-hint = skriv datumet med siffror, utan citattecken: date = 2024-05-16
toml-want-number = här ska det stå ett heltal, utan citattecken
toml-want-number-hint = skriv talet med siffror, till exempel: weight = 10
toml-want-quoted = här ska det stå en text inom raka citattecken (")
toml-want-quoted-hint = skriv texten inom raka citattecken: title = "Brobyggare i Borås"
toml-missing-field = fältet `{ $field }` fattas
toml-missing-field-hint = lägg till en rad: { $field } = "…"
toml-unknown-choice = `{ $value }` är inte ett av de värden som går att välja
toml-the-choices-are = välj ett av: { $list }
toml-type = värdet har fel form
toml-duplicate = `{ $name }` står två gånger
toml-duplicate-again = andra gången
toml-duplicate-first = första gången
toml-duplicate-hint = ta bort den ena raden, eller slå ihop dem till en: `{ $name }` får bara stå en gång
toml-key-belongs-under = `{ $name }` ska stå under [{ $table }], inte ovanför
toml-key-belongs-under-hint = flytta raden till under [{ $table }], så här:
    { $lines }
toml-unknown-key = `{ $name }` är inte ett fält { $what }
toml-unknown-key-fix = menade du `{ $near }`? I så fall, ändra raden till:
    { $line }
toml-the-fields-are = fälten som går att använda är: { $list }
what-page = på en sida
what-section = i en avdelning (_index.md)
what-config = i spindel.toml
what-language = för ett språk ([languages])
what-taxonomy = för en indelning ([[taxonomies]])
what-table = i [{ $table }]

## spindel.toml

config-unreadable = spindel kan inte läsa { $file } i { $root }: { $reason }
config-unreadable-hint = starta spindel i webbplatsens mapp (där spindel.toml ligger), eller ange mappen med --root
now-invalid = { $var } är inte en tidpunkt med tidszon, som 2026-03-29T01:30:00+01:00
now-invalid-hint = { $var } låser klockan för tester och reproducerbara byggen; ta bort variabeln för att använda klockan
base-url-invalid = base_url `{ $url }` är inte en webbadress som börjar med http:// eller https://
base-url-invalid-hint = skriv webbplatsens publicerade adress, till exempel base_url = "https://romskinkludering.se"
language-code-invalid = `{ $code }` är inte en språkkod
language-code-invalid-hint = använd en kod enligt ISO 639, som sv, en, fi eller rom (romani), gärna med varietet: rom-x-kale
taxonomy-name-invalid = indelningens namn `{ $name }` får bara ha små bokstäver a–z, siffror och bindestreck
taxonomy-name-invalid-hint = namnet står i webbadresser; skriv till exempel `{ $slug }`
taxonomy-twice = indelningen `{ $name }` står två gånger
taxonomy-twice-hint = ta bort den ena av dem
taxonomy-data-pair = indelningen `{ $name }` behöver både `data` och `data_key`
taxonomy-data-pair-hint = till exempel data = "kommuner.medlem" och data_key = "namn"
setting-not-a-taxonomy = { $table } nämner `{ $name }`, som inte är en indelning
setting-not-a-taxonomy-hint = skriv bara indelningar som står under [[taxonomies]]
facet-not-a-taxonomy-hint = skriv bara indelningar som står under [[taxonomies]], och `year`
feed-filename-invalid = [feeds] filename `{ $name }` är inte ett filnamn som slutar på .xml
feed-filename-invalid-hint = till exempel filename = "atom.xml"
timezone-invalid = tidszonen `{ $name }` finns inte
timezone-invalid-hint = skriv en zon ur tz-databasen, till exempel timezone = "Europe/Stockholm"
paginate-path-invalid = paginate_path ska vara ett ord med små bokstäver
paginate-path-invalid-hint = till exempel paginate_path = "sida"
variant-invalid = { $name } kan inte vara namnet på en variant av sidor
variant-invalid-hint = en variant heter som en del av en adress: små bokstäver, siffror och bindestreck, och inte som ett språk (till exempel variants = ["lattlast"])
line-breaks-not-a-variant = `line_breaks` nämner `{ $name }`, som inte finns i `variants`
line-breaks-not-a-variant-hint = skriv bara namn som står i `variants`, till exempel `line_breaks = ["lattlast"]`
direction-invalid = skriftriktningen för språket { $lang } kan inte vara "{ $value }"
direction-invalid-hint = skriv direction = "rtl" för ett språk som skrivs från höger till vänster (som jiddisch med hebreiska bokstäver), eller "ltr"

## [check] i spindel.toml

max-size-invalid = max_file_size `{ $value }` är inte en storlek
max-size-invalid-hint = skriv ett tal och en enhet: max_file_size = "10 MB"
unknown-term-setting-invalid = unknown_term `{ $value }` ska vara "warning" eller "error"
unknown-term-setting-invalid-hint = unknown_term = "error" stoppar bygget vid ett värde som inte står i listan
check-terms-from-data = värdena för `{ $name }` kommer från dess datafil, inte från [check.terms]
check-terms-from-data-hint = ta bort den ur [check.terms]; posterna i datafilen är dess värden
check-field-hint = skriv ett fält i sidhuvudet: date, description, taxonomies.kommun, eller extra.plats för plats under [extra]
check-required-not-a-field = [check.sections.{ $section }] kräver `{ $field }`, som inte är ett fält på en sida
check-not-a-type = `{ $ty }` är inte en typ av fält
check-the-types-are = typerna är: { $list }
check-fixed-type = `{ $field }` är alltid av typen `{ $ty }`
check-unless-not-a-field = `unless` nämner `{ $field }`, som inte är ett fält på en sida
check-upcoming-not-a-field = `upcoming` nämner `{ $field }`, som inte är ett fält på en sida
allowed-contact-invalid = `{ $entry }` i allowed_contacts är varken en e-postadress eller ett telefonnummer
allowed-contact-invalid-hint = till exempel allowed_contacts = ["registrator@lansstyrelsen.se", "010-223 10 00"]

## Kontrollerna (spindel check)

check-email = e-postadressen `{ $contact }` kan vara en persons egen
check-phone = telefonnumret `{ $contact }` kan vara en persons eget
check-contact-hint = publicera inte personliga kontaktuppgifter; ange en funktionsadress eller ett växelnummer i stället. Är det redan en sådan, lägg till den i allowed_contacts under [check] i spindel.toml
check-future-date = datumet { $date } ligger i framtiden, men sidorna här beskriver sådant som redan har hänt
check-future-date-hint = kontrollera årtalet; en sida med framtida datum publiceras inte förrän den dagen
check-passed-upcoming = `{ $field }` anger { $date }, en dag som redan har varit, men sidan visar det som något som ska komma
check-passed-upcoming-hint = skriv det i texten i dåtid, till exempel "Nästa möte var planerat till { $date }.", eller ta bort fältet
check-more = { $n } problem till av samma slag i filen visas inte
check-more-hint = rätta dem som visas och kör kontrollen igen
check-html-image-no-alt = <img> saknar alt-attribut
check-html-image-no-alt-hint = lägg till alt="vad bilden visar", eller alt="" om bilden bara är utsmyckning
check-heading-h1 = en rubrik på nivå 1 (#) i texten: sidans titel är redan huvudrubriken
check-heading-h1-hint = börja textens rubriker på nivå 2: ## Rubrik
check-heading-skip = rubriken hoppar från nivå { $from } till nivå { $to }
check-heading-skip-hint = skärmläsare använder rubrikerna som innehållsförteckning; skriv { $hashes } här
check-image-no-alt = bilden saknar alternativtext
check-image-no-alt-hint = beskriv bilden mellan hakparenteserna för den som inte ser den: ![Karta över medlemskommunerna](karta.png)
check-link-no-text = länken saknar text
check-link-no-text-hint = skriv vart länken leder mellan hakparenteserna: [Delrapport II](rapport.pdf)
check-link-empty = länken saknar adress
check-link-empty-hint = skriv adressen mellan parenteserna: [text](@/metoder/brobyggare.md)
check-anchor-missing = `#{ $anchor }` är ingen rubrik på den här sidan
check-link-to-draft = länken `{ $dest }` pekar på ett utkast eller en sida med framtida datum, som inte publiceras
check-link-to-draft-hint = publicera den sidan först (ta bort `draft = true` eller ändra datumet), eller ta bort länken
link-to-internal = länken `{ $dest }` pekar på en intern sida, som bara visas i förhandsgranskningen och aldrig publiceras
link-to-internal-hint = interna sidor (`internal = true`), som redaktörsguiden, är bara till för redaktörer: ta bort länken, eller ta bort `internal = true` från den sidan om den ska publiceras
check-link-source-hint = skriv den så här: { $link }
check-link-source = länken `{ $dest }` pekar på sidans fil: den fungerar i redigeraren men inte på webbplatsen
check-anchor-missing-there = dessutom är `#{ $anchor }` ingen rubrik där
check-link-missing-hint = länka till sidor med filens sökväg under content/, till exempel @/metoder/brobyggare.md
check-link-missing = länken `{ $dest }` pekar på en sida som inte finns
check-anchor-missing-at = `#{ $anchor }` är ingen rubrik i { $target }
check-link-published-at = en fil `{ $name }` publiceras på { $there }: länka till den adressen
check-link-nothing-hint = kontrollera stavningen. En fil att länka till läggs i sidans egen mapp (en mapp med index.md) eller under static/
check-link-nothing = länken `{ $dest }` leder inte till någon sida eller fil på webbplatsen ({ $abs })
check-link-outside = länken `{ $dest }` går med .. ut ur webbplatsen
check-link-outside-hint = länka till sidor som @/metoder/brobyggare.md och till filer i sidans egen mapp
check-anchor-no-headings = sidan har inga rubriker; länka till den utan #
check-anchor-headings = rubrikerna är: { $ids }
check-required-missing = fältet `{ $field }` saknas: sidor i { $section }/ ska ha det
check-required-missing-all = fältet `{ $field }` saknas: alla sidor ska ha det
check-recommended-missing = fältet `{ $field }` saknas: sidor i { $section }/ bör ha det
check-recommended-missing-all = fältet `{ $field }` saknas: alla sidor bör ha det
check-required-missing-hint = lägg till det i front matter:
    { $example }
check-required-empty = fältet `{ $field }` är tomt
check-required-type = fältet `{ $field }` ska vara { $what }
check-required-type-hint = skriv till exempel { $example }
check-type-text = text inom citattecken
check-type-date = ett datum som 2024-05-16
check-type-integer = ett heltal
check-type-number = ett tal
check-type-boolean = true eller false
check-type-list = en lista inom hakparenteser
check-file-too-large = filen är { $size }, mer än gränsen på { $limit }
check-file-too-large-hint = gör filen mindre (komprimera pdf:en, skala ner bilden) eller dela upp den. Gränsen är max_file_size under [check] i spindel.toml
check-duplicate-title = { $other } har samma titel
check-duplicate-title-hint = ge sidorna titlar som skiljer dem åt i listor och sökresultat
check-duplicate-title-first = samma titel här
check-external-moved = länken { $url } har flyttat till { $to }
check-external-moved-hint = byt till den nya adressen
check-external-status = länken { $url } svarar med fel { $status }
check-external-status-hint = sidan kan ha flyttats eller tagits bort: leta upp den nya adressen, eller ta bort länken
check-external-failed = det gick inte att nå länken { $url }: { $why }
check-external-failed-hint = kontrollera adressen; om webbplatsen bara ligger nere för tillfället fungerar länken igen senare
check-why-invalid = adressen är inte giltig ({ $error })
check-why-timeout = inget svar i tid
check-why-host = adressen finns inte
check-why-refused = anslutningen nekades
check-why-redirects = för många omdirigeringar
check-external-not-built = denna spindel kompilerades utan `check --external`
check-external-not-built-hint = kompilera spindel med funktionen `external`: `cargo build --release --features external`
hint-and-more = { $first }; { $there }: { $hint }
hint-there = { $there }: { $hint }
check-unknown-term = `{ $term }` finns inte bland värdena för { $taxonomy }
check-unknown-term-near = `{ $term }` finns inte bland värdena för { $taxonomy }: menade du `{ $near }`?
check-unknown-term-near-hint = skriv namnet exakt som i listan: `{ $near }`
check-unknown-term-hint = värdena för { $taxonomy } hämtas ur dess datafil; lägg till det där om det är nytt
check-unknown-term-list-hint = möjliga värden: { $terms }. Ett nytt värde läggs till under [check.terms] i spindel.toml
links-not-shown = { $n } trasiga länkar till i filen visas inte
link-to-draft-build-hint = publicera den sidan först (ta bort `draft = true` eller ändra datumet), ta bort länken, eller förhandsgranska med --drafts

## Utdata (public/)

output-refused = spindel skriver inte webbplatsen till `{ $dir }`: { $why }
output-refused-hint = { $setting }: { $hint }
output-is-root = det är webbplatsens egen mapp
output-holds-sources = den innehåller webbplatsens källfiler
output-use-own = använd en egen mapp, till exempel public
output-inside-sources = den ligger inne i källmappen { $dir }/
output-use-outside = använd en mapp utanför källfilerna, till exempel public
output-is-link = det är en genväg (symbolisk länk)
output-name-real = ange en riktig mapp
output-is-file = det är en fil, inte en mapp
output-choose-dir = ange ett mappnamn
output-not-ours = mappen finns redan och är inte gjord av spindel
output-not-ours-hint = spindel ersätter hela mappen; töm eller ta bort den själv, eller välj en annan
write-create-failed = spindel kunde inte skapa { $path }: { $reason }
write-replace-failed = spindel kunde inte byta ut { $path }: { $reason }
write-failed = spindel kunde inte skriva { $path }: { $reason }
write-failed-hint = kontrollera att disken har plats och att du har behörighet; den tidigare webbplatsen lämnades som den var
not-utf8 = filen är inte sparad som UTF-8-text
not-utf8-hint = spara filen som UTF-8 (i de flesta program: Spara som → teckenkodning UTF-8)

## Bygget

site-dir-missing = webbplatsens mapp `{ $dir }` finns inte
site-dir-missing-hint = ange mappen där spindel.toml ligger med --root
base-url-option-invalid = --base-url `{ $url }` är inte en webbadress som börjar med http:// eller https://
site-not-written = webbplatsen kunde inte skrivas
static-shadowed = den statiska filen `{ $path }` publiceras inte: spindel gör `{ $path }` själv
static-shadowed-hint = byt namn på den eller ta bort den i static/ (eller i temats static/)
css-unreadable = stilmallen `{ $path }` har något här som inte är giltig CSS, så den görs inte mindre utan publiceras som den är skriven
css-unreadable-hint = rätta det markerade stället (en webbläsare hoppar över det); orsaken på engelska visas med --verbose
js-unreadable = skriptet `{ $path }` har något här som inte är giltig JavaScript, så det görs inte mindre utan publiceras som det är skrivet
js-unreadable-hint = rätta det markerade stället: som skriptet är nu kör en webbläsare det inte alls; orsaken på engelska visas med --verbose
feed-not-a-section = [feeds] { $key } nämner `{ $name }`, som inte är en avdelning
feed-not-a-section-hint = ange en mapp under content/ som har en _index.md
export-bad-path = [[data_exports]] path `{ $path }` är ingen .csv- eller .json-fil på webbplatsen
export-path-hint = skriv en adress under webbplatsen som slutar på .csv eller .json, till exempel "kommun/medlemmar.csv"
export-twice = två data_exports skriver samma fil `{ $path }`
export-bad-delimiter = [[data_exports]] delimiter `{ $delimiter }` är inte ett tecken som kan skilja fält åt
export-bad-delimiter-hint = skriv ett enda skiljetecken, till exempel "," eller ";"
export-no-list = [[data_exports]] data `{ $data }` är ingen lista av tabeller i data/
export-no-list-hint = skriv filens namn utan .toml och listans namn, till exempel "kommuner.medlem" för [[medlem]] i data/kommuner.toml

## Mallar (templates/)

template-missing = mallen `{ $name }` finns inte
template-looked-for = spindel letade efter: { $list }
theme-missing = temat `{ $name }` finns inte
theme-missing-near = menade du `{ $near }`? Teman ligger i themes/<namn>/
template-syntax-error = fel i mallens skrivsätt: { $tera }
template-error = fel i mallen: { $tera }
template-error-in = { $error } (i `{ $name }`)
template-parent-missing = `{ $current }` bygger på `{ $parent }`, som inte finns
template-parent-missing-hint = kontrollera namnet i {"{"}% extends "..." %{"}"}
template-extend-loop = mallarna bygger på varandra i en slinga: { $chain }
template-extend-loop-hint = en av mallarna i kedjan får inte använda {"{"}% extends %{"}"}
template-include-loop = mallarna tar med varandra i en slinga: { $chain }
template-include-loop-hint = bryt slingan av {"{"}% include %{"}"}
template-hint-cached-include = en cached_include-del ser bara `lang`, `language`, `ui`, `config`, `data` och argumenten till cached_include: skicka med det den behöver, till exempel cached_include(name="…", key=page.path, page=page)
template-hint-page-items = en page_items-del ser bara `page` (varje sida i listan), `lang`, `language`, `ui`, `config`, `data` och argumenten till page_items: skicka med det den behöver, och skilj dess värden åt i `key`
template-too-much-work = mallen `{ $template }` gör för mycket för en sida: dess slingor går igenom mer än { $limit } tal från range()
template-page-too-large = mallen `{ $template }` gör en sida större än { $size }
template-stopped = mallen `{ $template }` stoppades: en sida i samma bygge arbetade för länge
template-too-slow = mallen `{ $template }` har arbetat med sidan { $page } i mer än { $seconds ->
        [one] en sekund
       *[other] { $seconds } sekunder
    }; bygget avbröts
template-too-much-memory = mallen `{ $template }` tar mer än { $size } minne för sidan { $page }; bygget avbröts
template-too-much-work-hint = leta efter en slinga i mallen (eller i det den tar med) som går igenom för mycket, eller en text som växer i en slinga; en sida får ta högst 30 sekunder (SPINDEL_RENDER_TIMEOUT) och 64 MB
template-hint-where = mallar letas efter i templates/ och i temats templates/
template-hint-undefined = kontrollera stavningen, eller pröva först: {"{"}% if page.extra.x is defined %{"}"}; variablerna står i README.md
template-hint-readme = mallarnas variabler och funktioner står i README.md

## Webbadresser och indelningar

slug-empty = slug `{ $slug }` har inga bokstäver eller siffror att göra en webbadress av
file-name-no-slug = filnamnet har inga bokstäver eller siffror att göra en webbadress av
slug-empty-hint = använd ord: slug = "brobyggare-i-boras"
slug-is-path = slug `{ $slug }` är en sökväg; sidans adress blir `{ $path }`
slug-is-path-hint = slug är bara sista delen av adressen; flytta filen för att lägga sidan någon annanstans. Skriv slug = "{ $slug }" för att behålla den här adressen
variant-without-page = filen är en variant ({ $variant }) av sidan { $page }, men den sidan finns inte
variant-without-page-hint = skriv sidan { $page } först: varianten visas bara tillsammans med sin sida. Ska filen vara en egen sida, ta bort .{ $variant } ur namnet
variant-without-page-near = menade du sidan { $page }? Döp i så fall filen till { $file }
taxonomy-data-problem = indelningen `{ $name }`: { $problem }
taxonomy-data-problem-hint = data = "kommuner.medlem" läser posterna [[medlem]] i data/kommuner.toml
data-no-list = det finns ingen lista `{ $path }` i data/
data-entry-no-key = en post i `{ $path }` har inget textfält `{ $key }`
term-no-slug = `{ $name }` går inte att göra en webbadress av
alias-generated = aliaset `{ $alias }` är adressen till { $what }, som spindel skriver själv
alias-generated-hint = ett alias är en gammal adress till den här sidan; ta bort det här
alias-not-a-path = aliaset `{ $alias }` är inte en sökväg på den här webbplatsen
alias-not-a-path-hint = skriv den gamla adressen som en sökväg: aliases = ["/gamla-metoder/brobyggare/"]
url-taken = två källor ger samma webbadress { $path }: { $first } och { $second }
url-claim-file = { $file }
url-claim-taxonomy = indelningen `{ $name }`
url-claim-alias = { $file } (alias)
url-taken-slug-hint = ge den ena ett annat filnamn, eller sätt `slug` i dess sidhuvud
url-taken-folder-hint = byt namn på mappen
url-taken-taxonomy-hint = byt namn på mappen i content/, eller på indelningen i spindel.toml
url-taken-alias-hint = ett alias måste vara en adress som ingen sida har; ta bort det eller ändra det
url-taken-here = den här ger adressen { $path }
url-taken-first = ger redan samma adress
generated-sitemap = webbplatskartan (sitemap.xml)
generated-robots = robots.txt
generated-redirects = filen med omdirigeringar (_redirects)
generated-404 = sidan för adresser som inte finns (404.html)
generated-feed = ett flöde (atom.xml)
check-why-other = ett fel på vägen ({ $error })
highlight-theme-invalid = `{ $name }` är inte ett tema för kodfärgning
highlight-themes-are = temana är: { $list }
static-unreadable = spindel kan inte läsa den statiska filen { $path }: { $reason }
attachment-text-damaged = sökningen kan inte läsa texten i filen: den verkar vara skadad
attachment-text-encrypted = sökningen kan inte läsa texten i filen: den är krypterad (låst med lösenord)
attachment-text-too-large = sökningen läser inte texten i filen: den är större än { $mb } MB
attachment-text-unpacked-too-large = sökningen läser inte texten i filen: den blir större än { $mb } MB när den packas upp
attachment-text-timed-out = sökningen hann inte läsa texten i filen på { $seconds } sekunder
pdf-no-text = PDF-filen har ingen text som sökningen kan läsa, bara bilder (till exempel inskannade sidor)
pdf-unreadable-hint = filen publiceras ändå och hittas genom sin sida; spara den som PDF med text (inte som bild, utan lösenord) för att den ska gå att söka i
document-no-text = dokumentet har ingen text som sökningen kan läsa
document-unreadable-hint = filen publiceras ändå och hittas genom sin sida; öppna den i Word eller LibreOffice och spara den igen, utan lösenord, för att den ska gå att söka i
assets-reserved-hint = /{ $dir }/ är till för filer med fingeravtryck, som webbläsare sparar i ett år; flytta den, eller sätt fingerprint = false under [publish]
assets-reserved-page = sidans adress { $path } ligger under /{ $dir }/
assets-reserved-static = den statiska filen { $path } ligger under /{ $dir }/

## Webbplatsens egna formuleringar ([languages.sv.messages])

messages-language = spindel har inga meddelanden på `{ $code }`; formuleringar kan bara ges för svenska (sv) och engelska (en)
messages-language-hint = flytta formuleringarna till [languages.sv.messages] eller [languages.en.messages]
messages-unknown = spindel har inget meddelande som heter `{ $id }`
messages-unknown-hint = meddelandenas namn står i spindels källkod, i src/msg/sv.ftl
messages-syntax = formuleringen av `{ $id }` går inte att läsa
messages-syntax-hint = värden skrivs { "{" } $namn { "}" }, och varje { "{" } behöver sin { "}" }
messages-value = formuleringen av `{ $id }` nämner { "{" } ${ $name } { "}" }, som meddelandet inte har
messages-value-hint = använd bara de värden som meddelandet har i src/msg/sv.ftl

## Förhandsgranskningen (spindel serve)

serve-cannot-listen = spindel kan inte ta emot anslutningar på { $addr }: { $reason }
serve-cannot-listen-hint = ett annat program kanske använder porten; pröva --port 1112, eller --port 0 för vilken ledig port som helst
serve-not-started = Förhandsgranskningen startade inte.
serve-preview-link = Förhandsgranskning: redaktörsguiden och andra interna sidor
serve-preview-title = Förhandsgranskningen
serve-preview-about = De här sidorna finns bara i förhandsgranskningen, inte på den publicerade webbplatsen.
serve-preview-home = Till webbplatsens startsida
serve-no-internal = Webbplatsen har inga interna sidor.
serve-not-loopback = varning: på { $addr } kan andra datorer se förhandsgranskningen
serve-built = Byggde { $pages ->
        [one] en sida
       *[other] { $pages } sidor
    }{ $internal ->
        [0] {""}
       *[other] {" "}(varav { $internal } { $internal ->
            [one] intern
           *[other] interna
        })
    }, { $sections ->
        [one] en avdelning
       *[other] { $sections } avdelningar
    }, { $terms ->
        [one] en term
       *[other] { $terms } termer
    } i minnet på { $ms } s
serve-serving = Förhandsgranskningen finns på { $url } (Ctrl-C stänger den)
serve-internal-page = { $title } (bara i förhandsgranskningen): { $url }
serve-cannot-watch = spindel kan inte bevaka webbplatsens filer efter ändringar: { $reason }
serve-rebuilt = Sparat: byggde om webbplatsen på { $ms } s
serve-rerendered = Sparat: gjorde om { $n ->
        [one] en fil
       *[other] { $n } filer
    } på { $ms } s
serve-rebuild-failed = Bygget misslyckades; förhandsgranskningen visar fortfarande den senaste fungerande versionen.
serve-stopped = Förhandsgranskningen avslutades; starta den igen när mallen är rättad.
serve-no-browser = spindel kunde inte öppna en webbläsare; öppna { $url } själv
serve-too-many-files = varning: processen har slut på fildeskriptorer; förhandsgranskningen stänger de anslutningar som väntar längst och fortsätter (höj gränsen med ulimit -n)
serve-misdirected = Förhandsgranskningen svarar bara på localhost, 127.0.0.1, [::1] och adressen den lyssnar på.
serve-method-not-allowed = Förhandsgranskningen tar bara emot GET och HEAD.
serve-not-found = Sidan finns inte.
serve-busy = Förhandsgranskningen har för många väntande anslutningar; försök igen om en stund.
serve-bad-request = Förfrågan gick inte att förstå.
serve-head-too-large = Förfrågans rubriker är för stora.
serve-expectation-failed = Förhandsgranskningen kan bara uppfylla Expect: 100-continue.

## Sammanfattningar

build-done = Byggde { $pages ->
        [one] en sida
       *[other] { $pages } sidor
    }, { $sections ->
        [one] en avdelning
       *[other] { $sections } avdelningar
    }, { $terms ->
        [one] en term
       *[other] { $terms } termer
    }: { $files } filer, { $size } på { $seconds } s → { $output }{ $warnings ->
        [0] {""}
        [one] , en varning
       *[other] , { $warnings } varningar
    }
build-interrupted = Bygget avbröts; inget skrevs, och den förra versionen ligger kvar
build-failed = Bygget misslyckades med { $errors } fel; inget skrevs
check-found-none = inga problem hittades
check-found = { $errors ->
        [0] inga fel
        [one] ett fel
       *[other] { $errors } fel
    }, { $warnings ->
        [0] inga varningar
        [one] en varning
       *[other] { $warnings } varningar
    }
check-checked = Kontrollerade { $pages ->
        [one] en sida
       *[other] { $pages } sidor
    } och { $sections ->
        [one] en avdelning
       *[other] { $sections } avdelningar
    }
check-checked-site = Kontrollerade webbplatsen
check-summary = { $what }{ $external ->
        [0] {""}
        [one] {" "}(en extern länk kontrollerad)
       *[other] {" "}({ $external } externa länkar kontrollerade)
    }: { $found }
check-templates-later = ; mallarna kontrolleras när de här är rättade
check-deny-warnings = {" "}(--deny-warnings: varningar räknas som fel)
check-heading-h1-fix = börja textens rubriker på nivå 2; ändra raden till:
    { $line }
check-heading-skip-fix = skärmläsare använder rubrikerna som innehållsförteckning; ändra raden till:
    { $line }
overlay-title = spindel: den senaste ändringen gick inte att bygga ({ $n ->
        [one] ett fel
       *[other] { $n } fel
    })
overlay-note = Sidan nedanför är den senaste fungerande versionen. Rätta filen och spara; det här meddelandet försvinner av sig självt.

## Datum ur git-historiken

history-unreadable = spindel kunde inte läsa webbplatsens git-historik, så sidor utan `updated` visar inte när de senast ändrades
history-unreadable-hint = kontrollera att git fungerar i webbplatsens mapp (skriv git log), eller stäng av datumen ur historiken med git_dates = false i spindel.toml
history-shallow = webbplatsen är en grund git-klon (shallow), utan den äldre historiken: sidor som inte har ändrats sedan dess visar inte när de senast ändrades
history-shallow-hint = hämta hela historiken före bygget med git fetch --unshallow (netlify.toml gör det)

## Nya sidor (spindel new)

what-archetype = i inställningarna överst i en mall (archetypes/)
new-types = Sidtyper som spindel new kan skapa:
new-type-line = { $name }  { $description } (i { $section }/)
new-types-usage = Skapa en sida så här: spindel new { $kind } "Sidans rubrik"
new-created = Skapade { $file }.
new-created-next = Öppna filen och fyll i fälten enligt kommentarerna, skriv texten under det andra +++ och förhandsgranska med spindel serve.
new-no-title = sidan behöver en rubrik
new-no-title-hint = skriv rubriken inom citattecken efter typen: spindel new { $kind } "Sidans rubrik"
new-empty-slug = rubriken `{ $title }` har inga bokstäver eller siffror som filnamnet kan göras av
new-empty-slug-hint = skriv rubriken med ord, till exempel: spindel new { $kind } "Läxhjälp i Borås"
new-address-taken = sidan skulle få adressen { $url }, men den har redan { $page }; spindel new skapade ingen fil
new-address-taken-hint = ge den nya sidan en annan rubrik, eller öppna { $page } och ändra i den
new-exists = filen finns redan, och spindel new skriver aldrig över en sida
new-exists-hint = ge den nya sidan en annan rubrik, eller öppna den befintliga filen och ändra i den
new-write-failed = spindel kunde inte skriva filen: { $reason }
new-unknown-type = det finns ingen sidtyp `{ $kind }`
new-the-types-are = sidtyperna är: { $list } (skriv spindel new för att se vad de är till för)
new-no-archetypes = webbplatsen har inga sidtyper att skapa sidor av
new-no-archetypes-hint = en sidtyp är en mall i archetypes/, till exempel archetypes/artikel.md (se README.md, "spindel new")
new-archetype-no-page = mallen har ingen sida: ingen rad med bara +++ där sidans front matter börjar
new-archetype-no-page-hint = skriv mallens inställningar (section, description) först, sedan sidan från en rad med +++
new-archetype-no-section = mallen säger inte i vilket avsnitt sidorna ska ligga
new-archetype-no-section-hint = skriv avsnittets mapp under content/ överst i mallen, före +++, till exempel: section = "{ $name }"
new-archetype-no-such-section = avsnittet `{ $section }` finns inte: det finns ingen content/{ $section }/_index.md
new-archetype-no-such-section-hint = skriv mappen under content/ där sidor av den här typen ska ligga, till exempel section = "metoder"
new-archetype-bad-page = sidans front matter i mallen är inte giltig TOML när rubrik och datum är ifyllda
new-archetype-bad-page-hint = skriv {"{{"} title {"}}"} och {"{{"} date {"}}"} utan citattecken (title = {"{{"} title {"}}"}); spindel sätter in dem som TOML-värden

## Kommandoraden: hjälpen (spindel --help) och fel i hur spindel anropas

cli-about = Statisk webbplatsgenerator för kunskapsbanken hos Kommunalt nätverk för romsk inkludering
cli-heading-usage = Användning
cli-heading-commands = Kommandon
cli-heading-arguments = Argument
cli-heading-options = Flaggor
cli-value-options = FLAGGOR
cli-value-command = KOMMANDO
cli-value-dir = MAPP
cli-value-lang = SPRÅK
cli-value-url = ADRESS
cli-value-format = FORMAT
cli-value-seconds = SEKUNDER
cli-value-port = PORT
cli-value-address = ADRESS
cli-value-type = TYP
cli-value-title = RUBRIK
cli-build = Bygg webbplatsen till utdatamappen (public/ om inget annat anges)
cli-check = Kontrollera webbplatsen utan att skriva något: allt som build kontrollerar, och dessutom länkar, termer, obligatoriska fält, tillgänglighet och integritet. Avslutar med 1 om något måste rättas
cli-serve = Bygg webbplatsen i minnet, visa den i webbläsaren, och bygg om och ladda om sidan varje gång en fil sparas
cli-new = Skapa en ny sida från sidtypens mall: spindel new metod "Läxhjälp i Borås". Utan typ visas sidtyperna
cli-help-command = Visa den här hjälpen, eller hjälpen för ett kommando
cli-help-flag = Visa hjälpen
cli-version-flag = Visa versionen
cli-lang = Språket i spindels meddelanden: sv eller en. Utan flaggan: SPINDEL_LANG om den anger ett av dem, annars i en terminal språkinställningens, annars webbplatsens standardspråk
cli-verbose = Visa också programmerarens detaljer om varje problem (tolkens egna ord)
cli-root = Webbplatsens mapp, där spindel.toml ligger [standard: .]
cli-output = Mappen som webbplatsen skrivs till; ersätter output_dir i spindel.toml
cli-drafts = Ta med utkast och sidor som är daterade i framtiden
cli-base-url = Ersätt base_url, till exempel för en förhandsversion (deploy preview)
cli-no-minify = Skriv HTML, CSS och JavaScript utan att minifiera dem
cli-external = Hämta också länkarna till andra webbplatser (och rapportera trasiga länkar och omdirigeringar)
cli-deny-warnings = Misslyckas (avsluta med 1) även vid varningar
cli-format = Hur fynden skrivs: text för människor, json för verktyg, github för anteckningar i CI [standard: text] [möjliga värden: text, json, github]
cli-timeout = Sekunder att vänta på varje extern länk [standard: 10]
cli-port = Porten att lyssna på; 0 väljer en ledig [standard: 1111]
cli-bind = Adressen att lyssna på. Allt annat än loopback gör förhandsgranskningen offentlig [standard: 127.0.0.1]
cli-open = Öppna webbplatsen i standardwebbläsaren
cli-kind = Sidans typ (namnet på en fil i archetypes/, som metod eller artikel)
cli-title = Sidans rubrik, inom citattecken; filen får sitt namn efter den
cli-unknown-command = `{ $word }` är inget kommando i spindel
cli-did-you-mean = menade du `{ $near }`? Skriv då:
    { $line }
cli-the-commands-are = kommandona är build, check, serve och new; spindel --help berättar vad de gör
cli-unquoted-title = rubriken har mellanslag men står inte inom citattecken
cli-unquoted-title-fix = skriv rubriken inom citattecken:
    { $line }
cli-untyped-title-fix = skriv sidans typ före rubriken, och rubriken inom citattecken:
    { $line }
    sidtyperna är: { $list }
cli-unexpected-word = { $command } väntade sig inte `{ $word }`
cli-see-help = { $help } visar vad kommandot tar emot
cli-unknown-flag = { $command } har ingen flagga `{ $flag }`
cli-flag-after-command = `{ $flag }` hör till kommandot och skrivs efter det:
    { $line }
cli-flag-elsewhere = `{ $flag }` finns bara för { $commands }; { $help } visar vad { $command } tar emot
cli-bad-value = `{ $value }` går inte som värde för { $flag }
cli-missing-value = { $flag } behöver ett värde
cli-missing-value-hint = skriv värdet efter flaggan: { $flag } { $name }
cli-port-hint = skriv ett portnummer från 0 till 65535, till exempel --port 1111 (0 väljer en ledig port)
cli-bind-hint = skriv en IP-adress, till exempel --bind 127.0.0.1
cli-timeout-hint = skriv antalet sekunder som ett heltal, till exempel --timeout 10
cli-lang-hint = spindel talar sv (svenska) och en (engelska): skriv till exempel --lang sv
cli-one-of = skriv ett av: { $list }
cli-missing-argument = { $command } behöver { $what }
cli-missing-command = spindel behöver ett kommando som säger vad den ska göra
cli-twice = { $flag } står mer än en gång
cli-twice-hint = skriv flaggan en gång, med det värde du menar
cli-conflict = { $flag } och { $other } kan inte användas tillsammans
cli-conflict-hint = ta bort en av dem
cli-no-equals = { $flag } vill ha sitt värde efter ett likhetstecken
cli-no-equals-hint = skriv { $flag }=värde, utan mellanslag
cli-value-count = { $flag } fick fel antal värden
cli-not-utf8 = kommandoraden har tecken som inte är UTF-8
cli-not-utf8-hint = skriv om orden med ovanliga tecken, eller byt namn på mappen som har dem
cli-other = spindel förstår inte kommandoraden
