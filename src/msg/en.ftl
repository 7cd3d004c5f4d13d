# spindel's messages in English. Every id is also in sv.ftl, with the same values ($name).
# A site can reword a message in spindel.toml: [languages.en.messages].

## Errors of the operating system, in plain words

io-not-found = the file or folder does not exist
io-permission-denied = spindel is not allowed to use it
io-already-exists = it already exists
io-is-a-directory = it is a folder, not a file
io-not-a-directory = it is a file, not a folder
io-storage-full = the disk is full
io-read-only = the disk can only be read, not written to
io-invalid-data = its contents cannot be read
io-addr-in-use = another program already uses the port
io-addr-not-available = this computer has no such address
io-timed-out = it took too long
io-other = an error of the system

## The parts of a diagnostic

diag-error = error
diag-warning = warning
diag-hint = hint
diag-detail = detail
did-you-mean = did you mean `{ $word }`?

## The content (content/, data/)

content-missing = there is no { $dir }/ folder in { $root }
content-missing-hint = a site needs content/_index.md (the start page) and its pages under content/; run spindel in the site's folder, or name it with --root
content-unreadable-part = spindel cannot read this part of content/
hint-permissions = check that you are allowed to read the file
content-symlink-skipped = this is a shortcut (symbolic link) to a file; spindel does not follow shortcuts and skips it
content-symlink-skipped-hint = copy the file into content/ instead of linking to it
file-unreadable = spindel cannot read the file: { $reason }
file-unreadable-hint = check that the file exists and that you are allowed to read it
link-outside-site = `{ $link }` is a shortcut to `{ $target }`, outside the site; nothing there is published
link-outside-site-hint = copy the files into the site instead of linking to them, or remove the shortcut
fm-control-characters = the text of `{ $name }` has control characters ({ $chars }) that do not show; they are left out of the pages
fm-control-characters-hint = remove { $chars } from the text: control characters, such as NUL and escape, do not belong in a web page
fm-not-a-taxonomy = `{ $name }` is not a taxonomy of this site
fm-no-taxonomies = spindel.toml declares no taxonomies ([[taxonomies]])
fm-the-taxonomies-are = the site's taxonomies are: { $list }
fm-title-empty = the title is empty
fm-title-empty-hint = write the page's heading between the quotes: title = "Bridge-builders in Borås"
fm-no-title = the front matter has no `title`
fm-no-title-hint = every page needs a title; add a line to the front matter: title = "Bridge-builders in Borås"
fm-yaml = the front matter must stand between two lines of +++, not between two lines of --- (that way of writing is called YAML and is not used here)
fm-yaml-hint = write it like this:
    { $toml }
fm-file-empty = the file is empty
fm-none = the file does not start with front matter
fm-none-hint = start the file with a +++ line, the fields, and another +++ line:
    +++
    title = "The page's heading"
    +++
fm-not-closed = the front matter is not closed
fm-not-closed-hint = add a line with +++ after the front matter's last field
file-language = `{ $code }` in the file name is not a language of this site
file-language-hint = translations are named page.en.md; add [languages.{ $code }] to spindel.toml, or rename the file
orphan-file = this file belongs to no page or section and is not published
orphan-file-hint = put it in a page folder (a folder with index.md), next to an _index.md, or under static/
data-not-toml = spindel reads only .toml files in data/
data-not-toml-hint = convert the file to TOML, or move it out of data/

## Front matter and spindel.toml (TOML)

toml-syntax = the line cannot be read
toml-syntax-hint = each line is `name = value`; text goes in straight quotes ("…"), lists in brackets (["Borås", "Gävle"]), dates are written 2024-05-16
toml-fix-line = change the line to:
    { $line }
toml-key-letters = the field name `{ $key }` has other characters than a–z, digits, - and _
toml-key-letters-hint = write the field's name with a–z (å, ä and ö become a and o); the fields that can be used are listed in the editor guide
toml-no-equals = an equals sign (=) is missing after the name `{ $key }`
toml-no-value = `{ $key }` has no value after the equals sign
toml-no-value-hint = write the value after the equals sign, or remove the line: { $key } = "…"
toml-curly-quotes = the text is in typographic quotes (” ”), as a word processor makes them; straight quotes (") are needed here
toml-unclosed-quote = the text has a quote at its start but none at its end
toml-list-without-brackets = several values are a list and go in brackets [ ]
toml-unclosed-list = the list has a bracket [ at its start but no ] at its end
toml-date-form = the date `{ $written }` must be written year-month-day, in digits
toml-date-no-such-day = there is no { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $day }, { $year }: { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year } has only { $days } days
toml-date-no-such-day-hint = check the day and the month; a date is written year-month-day, for example date = 2024-05-16
toml-unquoted-text = text goes in straight quotes (")
toml-want-list = a list goes here, in brackets, even when it has a single value
toml-want-list-hint = write the values in brackets: kommun = ["Borås", "Gävle"]
toml-want-text = a text goes here, not a list
toml-want-text-hint = write one text in straight quotes: title = "Bridge-builders in Borås"
toml-want-bool = true (yes) or false (no) goes here, without quotes
toml-want-bool-hint = write for example: draft = true
toml-want-date = a date goes here, written year-month-day
toml-want-date-hint = write the date in digits, without quotes: date = 2024-05-16
toml-want-number = a whole number goes here, without quotes
toml-want-number-hint = write the number in digits, for example: weight = 10
toml-want-quoted = a text in straight quotes (") goes here
toml-want-quoted-hint = write the text in straight quotes: title = "Bridge-builders in Borås"
toml-missing-field = the field `{ $field }` is missing
toml-missing-field-hint = add a line: { $field } = "…"
toml-unknown-choice = `{ $value }` is not one of the values to choose from
toml-the-choices-are = choose one of: { $list }
toml-type = the value has the wrong form
toml-duplicate = `{ $name }` is written twice
toml-duplicate-again = second time
toml-duplicate-first = first time
toml-duplicate-hint = remove one of the lines, or merge them into one: `{ $name }` may be written only once
toml-key-belongs-under = `{ $name }` goes under [{ $table }], not above it
toml-key-belongs-under-hint = move the line under [{ $table }], like this:
    { $lines }
toml-unknown-key = `{ $name }` is not a field { $what }
toml-unknown-key-fix = did you mean `{ $near }`? If so, change the line to:
    { $line }
toml-the-fields-are = the fields that can be used are: { $list }
what-page = of a page
what-section = of a section (_index.md)
what-config = of spindel.toml
what-language = of a language ([languages])
what-taxonomy = of a taxonomy ([[taxonomies]])
what-table = of [{ $table }]

## spindel.toml

config-unreadable = cannot read { $file } in { $root }: { $reason }
config-unreadable-hint = run spindel in the site's folder (where spindel.toml is), or name the folder with --root
now-invalid = { $var } is not a time with an offset, such as 2026-03-29T01:30:00+01:00
now-invalid-hint = { $var } pins the clock for tests and reproducible builds; unset it to use the clock
base-url-invalid = base_url `{ $url }` is not a web address starting with http:// or https://
base-url-invalid-hint = write the site's published address, for example base_url = "https://romskinkludering.se"
language-code-invalid = `{ $code }` is not a language code
language-code-invalid-hint = use an ISO 639 code such as sv, en, fi or rom (Romani), optionally with a variety: rom-x-kale
taxonomy-name-invalid = the taxonomy name `{ $name }` may hold only lowercase letters a–z, digits and hyphens
taxonomy-name-invalid-hint = the name appears in web addresses; write for example `{ $slug }`
taxonomy-twice = the taxonomy `{ $name }` is declared twice
taxonomy-twice-hint = remove one of them
taxonomy-data-pair = the taxonomy `{ $name }` needs both `data` and `data_key`
taxonomy-data-pair-hint = for example data = "kommuner.medlem" and data_key = "namn"
setting-not-a-taxonomy = { $table } names `{ $name }`, which is not a taxonomy
setting-not-a-taxonomy-hint = name only taxonomies declared under [[taxonomies]]
facet-not-a-taxonomy-hint = name only taxonomies declared under [[taxonomies]], and `year`
feed-filename-invalid = [feeds] filename `{ $name }` is not a file name ending in .xml
feed-filename-invalid-hint = for example filename = "atom.xml"
timezone-invalid = timezone `{ $name }` is not a time zone
timezone-invalid-hint = name a zone of the tz database, for example timezone = "Europe/Stockholm"
paginate-path-invalid = paginate_path must be a word in lowercase letters
paginate-path-invalid-hint = for example paginate_path = "sida"
variant-invalid = { $name } cannot name a variant of pages
variant-invalid-hint = a variant is named like a part of an address: lowercase letters, digits and hyphens, and not like a language (for example variants = ["lattlast"])
line-breaks-not-a-variant = `line_breaks` names `{ $name }`, which is not in `variants`
line-breaks-not-a-variant-hint = name only variants listed in `variants`, for example `line_breaks = ["lattlast"]`
direction-invalid = the direction of the language { $lang } cannot be "{ $value }"
direction-invalid-hint = write direction = "rtl" for a language written right to left (as Yiddish in Hebrew letters), or "ltr"

## [check] in spindel.toml

max-size-invalid = max_file_size `{ $value }` is not a size
max-size-invalid-hint = write a number and a unit: max_file_size = "10 MB"
unknown-term-setting-invalid = unknown_term `{ $value }` must be "warning" or "error"
unknown-term-setting-invalid-hint = unknown_term = "error" stops the build at a value outside the list
check-terms-from-data = the values of `{ $name }` come from its data file, not from [check.terms]
check-terms-from-data-hint = remove it from [check.terms]; the entries of the data file are its values
check-field-hint = name a field of the front matter: date, description, taxonomies.kommun, or extra.plats for plats under [extra]
check-required-not-a-field = [check.sections.{ $section }] requires `{ $field }`, which is not a field of a page
check-not-a-type = `{ $ty }` is not a type of field
check-the-types-are = the types are: { $list }
check-fixed-type = `{ $field }` is always of the type `{ $ty }`
check-unless-not-a-field = `unless` names `{ $field }`, which is not a field of a page
check-upcoming-not-a-field = `upcoming` names `{ $field }`, which is not a field of a page
allowed-contact-invalid = `{ $entry }` in allowed_contacts is neither an e-mail address nor a phone number
allowed-contact-invalid-hint = for example allowed_contacts = ["registrator@lansstyrelsen.se", "010-223 10 00"]

## The checks (spindel check)

check-email = the e-mail address `{ $contact }` may be a person's own
check-phone = the phone number `{ $contact }` may be a person's own
check-contact-hint = do not publish personal contact details; give a role address or a switchboard number instead. If this one is such, add it to allowed_contacts under [check] in spindel.toml
check-future-date = the date { $date } is in the future, but these pages record what has already happened
check-future-date-hint = check the year; a page dated in the future is not published until that day
check-passed-upcoming = `{ $field }` gives { $date }, a day that has passed, but the page shows it as still to come
check-passed-upcoming-hint = put it in the text in the past tense, for example "The next meeting was planned for { $date }.", or remove the field
check-more = { $n } more problems of the same kind in this file are not shown
check-more-hint = fix the ones shown and run the check again
check-html-image-no-alt = the <img> has no alt attribute
check-html-image-no-alt-hint = add alt="what the image shows", or alt="" if it is only decoration
check-heading-h1 = a top-level heading (#) in the text: the page's title is already its top-level heading
check-heading-h1-hint = start the text's headings at level two: ## Rubrik
check-heading-skip = the heading skips from level { $from } to level { $to }
check-heading-skip-hint = screen readers use headings as a table of contents; use { $hashes } here
check-image-no-alt = the image has no alt text
check-image-no-alt-hint = describe the image between the brackets for readers who cannot see it: ![Karta över medlemskommunerna](karta.png)
check-link-no-text = the link has no text
check-link-no-text-hint = write what the link leads to between the brackets: [Delrapport II](rapport.pdf)
check-link-empty = the link has no address
check-link-empty-hint = write the address between the parentheses: [text](@/metoder/brobyggare.md)
check-anchor-missing = `#{ $anchor }` is not a heading on this page
check-link-to-draft = the link `{ $dest }` points to a draft or a page dated in the future, which is not published
check-link-to-draft-hint = publish that page first (remove `draft = true` or change its date), or remove the link
link-to-internal = the link `{ $dest }` points to an internal page, which only the preview shows and which is never published
link-to-internal-hint = internal pages (`internal = true`), such as the editor guide, are for editors only: remove the link, or remove `internal = true` from that page if it should be published
check-link-source-hint = write it as { $link }
check-link-source = the link `{ $dest }` names the page's file, which works in the editor but not on the website
check-anchor-missing-there = `#{ $anchor }` is not a heading there
check-link-missing-hint = link to pages with the file's path under content/, e.g. @/metoder/brobyggare.md
check-link-missing = the link `{ $dest }` points to a page that does not exist
check-anchor-missing-at = `#{ $anchor }` is not a heading in { $target }
check-link-published-at = a file `{ $name }` is published at { $there }: link to that address
check-link-nothing-hint = check the spelling; a file to link to goes in the page's folder (a page bundle: a folder with index.md), or under static/
check-link-nothing = the link `{ $dest }` leads to no page or file of the website ({ $abs })
check-link-outside = the link `{ $dest }` climbs out of the website with ..
check-link-outside-hint = link to pages as @/metoder/brobyggare.md, and to files in the page's own folder
check-anchor-no-headings = that page has no headings; link to it without #
check-anchor-headings = its headings are: { $ids }
check-required-missing = the field `{ $field }` is missing: pages in { $section }/ must have it
check-required-missing-all = the field `{ $field }` is missing: every page must have it
check-recommended-missing = the field `{ $field }` is missing: pages in { $section }/ should have it
check-recommended-missing-all = the field `{ $field }` is missing: every page should have it
check-required-missing-hint = add it to the front matter:
    { $example }
check-required-empty = the field `{ $field }` is empty
check-required-type = the field `{ $field }` must be { $what }
check-required-type-hint = write for example { $example }
check-type-text = text in double quotes
check-type-date = a date such as 2024-05-16
check-type-integer = a whole number
check-type-number = a number
check-type-boolean = true or false
check-type-list = a list in brackets
check-file-too-large = the file is { $size }, more than the { $limit } a file may be
check-file-too-large-hint = make it smaller (compress a PDF, scale down an image) or split it; the limit is max_file_size under [check] in spindel.toml
check-duplicate-title = { $other } has the same title
check-duplicate-title-hint = give the pages titles that tell them apart in listings and search results
check-duplicate-title-first = the same title here
check-external-moved = the link { $url } has moved to { $to }
check-external-moved-hint = update the link to the new address
check-external-status = the link { $url } answers with error { $status }
check-external-status-hint = the page may have moved or been removed: find its new address, or remove the link
check-external-failed = the link { $url } could not be reached: { $why }
check-external-failed-hint = check the address; if the site is only down for now, it will work again later
check-why-invalid = the address is not valid ({ $error })
check-why-timeout = no answer in time
check-why-host = the host does not exist
check-why-refused = the connection was refused
check-why-redirects = too many redirects
check-external-not-built = this spindel was compiled without `check --external`
check-external-not-built-hint = compile spindel with the `external` feature: `cargo build --release --features external`
hint-and-more = { $first }; { $there }: { $hint }
hint-there = { $there }: { $hint }
check-unknown-term = `{ $term }` is not among the values of { $taxonomy }
check-unknown-term-near = `{ $term }` is not among the values of { $taxonomy }: did you mean `{ $near }`?
check-unknown-term-near-hint = write the name exactly as in the list: `{ $near }`
check-unknown-term-hint = the values of { $taxonomy } come from its data file; add it there if it is new
check-unknown-term-list-hint = the possible values: { $terms }. A new value is added under [check.terms] in spindel.toml
links-not-shown = { $n } more broken links in this file are not shown
link-to-draft-build-hint = publish that page first (remove `draft = true` or change its date), remove the link, or preview with --drafts

## The output (public/)

output-refused = refusing to write the site to `{ $dir }`: { $why }
output-refused-hint = { $setting }: { $hint }
output-is-root = it is the site's own directory
output-holds-sources = it contains the site's sources
output-use-own = use a folder of its own, such as public
output-inside-sources = it lies inside the source directory { $dir }/
output-use-outside = use a folder outside the sources, such as public
output-is-link = it is a shortcut (symbolic link)
output-name-real = name a real folder
output-is-file = it is a file, not a folder
output-choose-dir = name a folder
output-not-ours = the folder exists and was not made by spindel
output-not-ours-hint = spindel replaces the folder whole; empty or remove it yourself, or choose another
write-create-failed = spindel could not create { $path }: { $reason }
write-replace-failed = spindel could not replace { $path }: { $reason }
write-failed = spindel could not write { $path }: { $reason }
write-failed-hint = check free disk space and permissions; the previous site was left as it was
not-utf8 = the file is not valid UTF-8 text
not-utf8-hint = save the file as UTF-8 (in most programs: Save as → encoding UTF-8)

## The build

site-dir-missing = the site directory `{ $dir }` does not exist
site-dir-missing-hint = name the folder that holds spindel.toml with --root
base-url-option-invalid = --base-url `{ $url }` is not a web address starting with http:// or https://
site-not-written = the site could not be written
static-shadowed = the static file `{ $path }` is not published: spindel makes `{ $path }` itself
static-shadowed-hint = rename or remove it in static/ (or in the theme's static/)
css-unreadable = the stylesheet `{ $path }` has something here that is not valid CSS, so it is not minified but published as written
css-unreadable-hint = correct the marked place (a browser skips it); --verbose shows the reason
js-unreadable = the script `{ $path }` has something here that is not valid JavaScript, so it is not minified but published as written
js-unreadable-hint = correct the marked place: as it is, a browser does not run the script at all; --verbose shows the reason
feed-not-a-section = [feeds] { $key } names `{ $name }`, which is not a section
feed-not-a-section-hint = name a folder under content/ that has an _index.md
export-bad-path = [[data_exports]] path `{ $path }` is not a .csv or .json file of the site
export-path-hint = write an address under the site ending in .csv or .json, such as "kommun/medlemmar.csv"
export-twice = two data_exports write the same file `{ $path }`
export-bad-delimiter = [[data_exports]] delimiter `{ $delimiter }` is not a character that can separate fields
export-bad-delimiter-hint = write a single separator, such as "," or ";"
export-no-list = [[data_exports]] data `{ $data }` is not a list of tables in data/
export-no-list-hint = write the file's name without .toml and the list's name, such as "kommuner.medlem" for [[medlem]] in data/kommuner.toml

## Templates (templates/)

template-missing = the template `{ $name }` does not exist
template-looked-for = spindel looked for: { $list }
theme-missing = the theme `{ $name }` does not exist
theme-missing-near = did you mean `{ $near }`? Themes live in themes/<name>/
template-syntax-error = template syntax error: { $tera }
template-error = template error: { $tera }
template-error-in = { $error } (in `{ $name }`)
template-parent-missing = `{ $current }` extends `{ $parent }`, which does not exist
template-parent-missing-hint = check the name in {"{"}% extends "..." %{"}"}
template-extend-loop = the templates extend each other in a loop: { $chain }
template-extend-loop-hint = one template in the chain must not use {"{"}% extends %{"}"}
template-include-loop = the templates include each other in a loop: { $chain }
template-include-loop-hint = break the loop of {"{"}% include %{"}"}
template-hint-cached-include = a cached_include partial sees only `lang`, `language`, `ui`, `config`, `data` and the arguments given to cached_include: pass what it needs, e.g. cached_include(name="…", key=page.path, page=page)
template-hint-page-items = a page_items partial sees only `page` (each page of the list), `lang`, `language`, `ui`, `config`, `data` and the arguments given to page_items: pass what it needs, and tell its values apart in `key`
template-too-much-work = the template `{ $template }` does too much for one page: its loops go through more than { $limit } numbers of range()
template-page-too-large = the template `{ $template }` makes a page larger than { $size }
template-stopped = the template `{ $template }` was stopped: a page of the same build worked for too long
template-too-slow = the template `{ $template }` has worked on the page { $page } for more than { $seconds ->
        [one] one second
       *[other] { $seconds } seconds
    }; the build was stopped
template-too-much-memory = the template `{ $template }` takes more than { $size } of memory for the page { $page }; the build was stopped
template-too-much-work-hint = look for a loop in the template (or in what it includes) that goes through too much, or a text that grows in a loop; a page may take at most 30 seconds (SPINDEL_RENDER_TIMEOUT) and 64 MB
template-hint-where = templates are looked for in templates/ and the theme's templates/
template-hint-undefined = check the spelling, or test it first: {"{"}% if page.extra.x is defined %{"}"}; the variables are listed in README.md
template-hint-readme = see the template variables and functions in README.md

## Addresses and taxonomies

slug-empty = the slug `{ $slug }` has no letters or digits to make a web address of
file-name-no-slug = the file name has no letters or digits to make a web address of
slug-empty-hint = use words: slug = "brobyggare-i-boras"
slug-is-path = the slug `{ $slug }` is a path; the page's address is `{ $path }`
slug-is-path-hint = a slug is the last part of the address only; to put the page elsewhere, move the file. To keep this address, write slug = "{ $slug }"
variant-without-page = the file is a variant ({ $variant }) of the page { $page }, but that page does not exist
variant-without-page-hint = write the page { $page } first: a variant is only shown with its page. If the file is a page of its own, take .{ $variant } out of its name
variant-without-page-near = did you mean the page { $page }? Then name the file { $file }
taxonomy-data-problem = the taxonomy `{ $name }`: { $problem }
taxonomy-data-problem-hint = data = "kommuner.medlem" reads the [[medlem]] entries of data/kommuner.toml
data-no-list = there is no list `{ $path }` in data/
data-entry-no-key = an entry of `{ $path }` has no text field `{ $key }`
term-no-slug = `{ $name }` cannot be made into a web address
alias-generated = the alias `{ $alias }` is the address of { $what }, which spindel writes itself
alias-generated-hint = an alias is an old address of this page; remove this one
alias-not-a-path = the alias `{ $alias }` is not a path on this site
alias-not-a-path-hint = write the old address as a path: aliases = ["/gamla-metoder/brobyggare/"]
url-taken = two sources make the same web address { $path }: { $first } and { $second }
url-claim-file = { $file }
url-claim-taxonomy = the taxonomy `{ $name }`
url-claim-alias = { $file } (alias)
url-taken-slug-hint = give one of them another file name, or set `slug` in its front matter
url-taken-folder-hint = rename the folder
url-taken-taxonomy-hint = rename the folder in content/, or the taxonomy in spindel.toml
url-taken-alias-hint = an alias must be an address no page has; remove it or change it
url-taken-here = this gives the address { $path }
url-taken-first = already gives the same address
generated-sitemap = the sitemap (sitemap.xml)
generated-robots = robots.txt
generated-redirects = the redirects file (_redirects)
generated-404 = the page for missing addresses (404.html)
generated-feed = a feed (atom.xml)
check-why-other = an error on the way ({ $error })
highlight-theme-invalid = `{ $name }` is not a highlighting theme
highlight-themes-are = the themes are: { $list }
static-unreadable = spindel cannot read the static file { $path }: { $reason }
attachment-text-damaged = search cannot read the text of the file: it seems to be damaged
attachment-text-encrypted = search cannot read the text of the file: it is encrypted (locked with a password)
attachment-text-too-large = search does not read the text of the file: it is larger than { $mb } MB
attachment-text-unpacked-too-large = search does not read the text of the file: it grows larger than { $mb } MB when unpacked
attachment-text-timed-out = search could not read the text of the file in { $seconds } seconds
pdf-no-text = the PDF file has no text search can read, only images (scanned pages, for example)
pdf-unreadable-hint = the file is published all the same and found through its page; save it as a PDF with text (not as images, without a password) to make it searchable
document-no-text = the document has no text search can read
document-unreadable-hint = the file is published all the same and found through its page; open it in Word or LibreOffice and save it again, without a password, to make it searchable
assets-reserved-hint = /{ $dir }/ is kept for fingerprinted files, which browsers keep for a year; move it, or set fingerprint = false under [publish]
assets-reserved-page = the page's address { $path } lies under /{ $dir }/
assets-reserved-static = the static file { $path } lies under /{ $dir }/

## The site's own wording ([languages.en.messages])

messages-language = spindel has no messages in `{ $code }`; wording can be given for Swedish (sv) and English (en) only
messages-language-hint = move the wording to [languages.sv.messages] or [languages.en.messages]
messages-unknown = spindel has no message named `{ $id }`
messages-unknown-hint = the names of the messages are in spindel's source, in src/msg/en.ftl
messages-syntax = the wording of `{ $id }` cannot be read
messages-syntax-hint = values are written { "{" } $name { "}" }, and each { "{" } needs its { "}" }
messages-value = the wording of `{ $id }` names { "{" } ${ $name } { "}" }, which the message does not have
messages-value-hint = use only the values the message has in src/msg/en.ftl

## The preview (spindel serve)

serve-cannot-listen = spindel cannot listen on { $addr }: { $reason }
serve-cannot-listen-hint = another program may use the port; try --port 1112, or --port 0 for any free port
serve-not-started = The preview did not start.
serve-preview-link = Preview: the editor guide and other internal pages
serve-preview-title = The preview
serve-preview-about = These pages are in the preview only, not on the published site.
serve-preview-home = To the site's home page
serve-no-internal = The site has no internal pages.
serve-not-loopback = warning: on { $addr } other machines can see the preview
serve-built = Built { $pages ->
        [one] one page
       *[other] { $pages } pages
    }{ $internal ->
        [0] {""}
       *[other] {" "}({ $internal } of them internal)
    }, { $sections ->
        [one] one section
       *[other] { $sections } sections
    }, { $terms ->
        [one] one term
       *[other] { $terms } terms
    } in memory in { $ms } s
serve-serving = The preview is at { $url } (Ctrl-C stops it)
serve-internal-page = { $title } (in the preview only): { $url }
serve-cannot-watch = spindel cannot watch the site's files for changes: { $reason }
serve-rebuilt = Saved: rebuilt the site in { $ms } s
serve-rerendered = Saved: re-rendered { $n ->
        [one] one file
       *[other] { $n } files
    } in { $ms } s
serve-rebuild-failed = The rebuild failed; the preview still shows the last good version.
serve-stopped = The preview has stopped; start it again once the template is fixed.
serve-no-browser = spindel could not open a browser; open { $url } yourself
serve-too-many-files = warning: the process is out of file descriptors; the preview closes the connections that have waited longest and goes on (raise the limit with ulimit -n)
serve-misdirected = The preview answers only to localhost, 127.0.0.1, [::1] and the address it listens on.
serve-method-not-allowed = The preview accepts only GET and HEAD.
serve-not-found = The page does not exist.
serve-busy = The preview has too many waiting connections; try again in a moment.
serve-bad-request = The request could not be understood.
serve-head-too-large = The request's headers are too large.
serve-expectation-failed = The preview can meet only Expect: 100-continue.

## Summaries

build-done = Built { $pages ->
        [one] one page
       *[other] { $pages } pages
    }, { $sections ->
        [one] one section
       *[other] { $sections } sections
    }, { $terms ->
        [one] one term
       *[other] { $terms } terms
    }: { $files } files, { $size } in { $seconds } s → { $output }{ $warnings ->
        [0] {""}
        [one] , one warning
       *[other] , { $warnings } warnings
    }
build-interrupted = the build was stopped; nothing was written, and the previous version is still there
build-failed = build failed with { $errors } { $errors ->
        [one] error
       *[other] errors
    }; nothing was written
check-found-none = no problems found
check-found = { $errors ->
        [0] no errors
        [one] one error
       *[other] { $errors } errors
    }, { $warnings ->
        [0] no warnings
        [one] one warning
       *[other] { $warnings } warnings
    }
check-checked = Checked { $pages ->
        [one] one page
       *[other] { $pages } pages
    } and { $sections ->
        [one] one section
       *[other] { $sections } sections
    }
check-checked-site = Checked the site
check-summary = { $what }{ $external ->
        [0] {""}
        [one] {" "}(one external link checked)
       *[other] {" "}({ $external } external links checked)
    }: { $found }
check-templates-later = ; the templates are checked once these are fixed
check-deny-warnings = {" "}(--deny-warnings: warnings fail the check)
check-heading-h1-fix = start the text's headings at level 2; change the line to:
    { $line }
check-heading-skip-fix = screen readers use headings as a table of contents; change the line to:
    { $line }
overlay-title = spindel: the last save could not be built ({ $n ->
        [one] one error
       *[other] { $n } errors
    })
overlay-note = The page below is the last good version. Fix the file and save; this message goes away by itself.

## Dates from the git history

history-unreadable = spindel could not read the site's git history, so pages without `updated` do not show when they last changed
history-unreadable-hint = check that git works in the site's folder (type git log), or turn dates from the history off with git_dates = false in spindel.toml
history-shallow = the site is a shallow git clone, without the older history: pages not changed since do not show when they last changed
history-shallow-hint = fetch the whole history before the build with git fetch --unshallow (netlify.toml does)

## New pages (spindel new)

what-archetype = of the settings at the top of an archetype (archetypes/)
new-types = Types of page spindel new can make:
new-type-line = { $name }  { $description } (in { $section }/)
new-types-usage = Make a page like this: spindel new { $kind } "The page's title"
new-created = Created { $file }.
new-created-next = Open the file, fill in the fields as the comments say, write the text below the second +++ and preview it with spindel serve.
new-no-title = the page needs a title
new-no-title-hint = write the title in quotes after the type: spindel new { $kind } "The page's title"
new-empty-slug = the title `{ $title }` has no letters or digits to make a file name of
new-empty-slug-hint = write the title in words, for example: spindel new { $kind } "Homework help in Borås"
new-address-taken = the page would get the address { $url }, which { $page } has already; spindel new created no file
new-address-taken-hint = give the new page another title, or open { $page } and edit it
new-exists = the file exists already, and spindel new never overwrites a page
new-exists-hint = give the new page another title, or open the existing file and change it
new-write-failed = spindel could not write the file: { $reason }
new-unknown-type = there is no type of page `{ $kind }`
new-the-types-are = the types are: { $list } (type spindel new to see what they are for)
new-no-archetypes = the site has no types of page to make pages from
new-no-archetypes-hint = a type of page is an archetype in archetypes/, for example archetypes/artikel.md (see README.md, "spindel new")
new-archetype-no-page = the archetype has no page: no line of just +++ where the page's front matter begins
new-archetype-no-page-hint = write the archetype's settings (section, description) first, then the page from a line of +++
new-archetype-no-section = the archetype does not say which section its pages go in
new-archetype-no-section-hint = write the section's folder under content/ at the top of the archetype, before +++, for example: section = "{ $name }"
new-archetype-no-such-section = the section `{ $section }` does not exist: there is no content/{ $section }/_index.md
new-archetype-no-such-section-hint = write the folder under content/ where pages of this type go, for example section = "metoder"
new-archetype-bad-page = the page's front matter in the archetype is not valid TOML once the title and date are filled in
new-archetype-bad-page-hint = write {"{{"} title {"}}"} and {"{{"} date {"}}"} without quotes (title = {"{{"} title {"}}"}); spindel puts them in as TOML values

## The command line: its help (spindel --help) and mistakes in how spindel is called

cli-about = A static site generator for the knowledge site of the municipal network for Roma inclusion
cli-heading-usage = Usage
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-value-options = OPTIONS
cli-value-command = COMMAND
cli-value-dir = DIR
cli-value-lang = LANG
cli-value-url = URL
cli-value-format = FORMAT
cli-value-seconds = SECONDS
cli-value-port = PORT
cli-value-address = ADDRESS
cli-value-type = TYPE
cli-value-title = TITLE
cli-build = Build the site into the output directory (public/ by default)
cli-check = Check the site without writing anything: everything build checks, plus links, terms, required fields, accessibility and privacy. Exits with 1 if anything must be fixed
cli-serve = Build the site into memory, serve it, and rebuild and reload the browser on every save
cli-new = Start a new page from its type's archetype: spindel new metod "Läxhjälp i Borås". Without a type, list the types
cli-help-command = Print this message or the help of the given command
cli-help-flag = Print help
cli-version-flag = Print version
cli-lang = The language of spindel's messages: sv or en. Without it, SPINDEL_LANG if it names one of these, else in a terminal the locale's, else the site's default language
cli-verbose = Show the programmer's detail of each problem too (the parser's own words)
cli-root = The site directory, holding spindel.toml [default: .]
cli-output = Where to write the site; overrides output_dir in spindel.toml
cli-drafts = Include drafts and pages dated in the future
cli-base-url = Override base_url, e.g. for a deploy preview
cli-no-minify = Write HTML, CSS and JavaScript without minifying them
cli-external = Also fetch the links to other websites (and report broken ones and redirects)
cli-deny-warnings = Fail (exit 1) on warnings too
cli-format = How to print the findings: text for people, json for tools, github for CI annotations [default: text] [possible values: text, json, github]
cli-timeout = Seconds to wait for each external link [default: 10]
cli-port = Port to listen on; 0 picks a free one [default: 1111]
cli-bind = Address to listen on. Anything but loopback makes the preview public [default: 127.0.0.1]
cli-open = Open the site in the default browser
cli-kind = The type of page (the name of a file in archetypes/, such as metod or artikel)
cli-title = The page's title, in quotes; the file is named after it
cli-unknown-command = `{ $word }` is not a command of spindel
cli-did-you-mean = did you mean `{ $near }`? Then write:
    { $line }
cli-the-commands-are = the commands are build, check, serve and new; spindel --help says what they do
cli-unquoted-title = the title has spaces but is not in quotes
cli-unquoted-title-fix = write the title in quotes:
    { $line }
cli-untyped-title-fix = write the type of page before the title, and the title in quotes:
    { $line }
    the types are: { $list }
cli-unexpected-word = { $command } did not expect `{ $word }`
cli-see-help = { $help } shows what the command takes
cli-unknown-flag = { $command } has no option `{ $flag }`
cli-flag-after-command = `{ $flag }` belongs to the command and goes after it:
    { $line }
cli-flag-elsewhere = `{ $flag }` is an option of { $commands } only; { $help } shows what { $command } takes
cli-bad-value = `{ $value }` is not a value { $flag } takes
cli-missing-value = { $flag } needs a value
cli-missing-value-hint = write the value after the option: { $flag } { $name }
cli-port-hint = write a port number from 0 to 65535, for example --port 1111 (0 picks a free port)
cli-bind-hint = write an IP address, for example --bind 127.0.0.1
cli-timeout-hint = write the number of seconds as a whole number, for example --timeout 10
cli-lang-hint = spindel speaks sv (Swedish) and en (English): write, for example, --lang en
cli-one-of = write one of: { $list }
cli-missing-argument = { $command } needs { $what }
cli-missing-command = spindel needs a command saying what to do
cli-twice = { $flag } is given more than once
cli-twice-hint = write the option once, with the value you mean
cli-conflict = { $flag } and { $other } cannot be used together
cli-conflict-hint = remove one of them
cli-no-equals = { $flag } wants its value after an equals sign
cli-no-equals-hint = write { $flag }=value, without spaces
cli-value-count = { $flag } got the wrong number of values
cli-not-utf8 = the command line has characters that are not UTF-8
cli-not-utf8-hint = retype the words with unusual characters, or rename the folder that has them
cli-other = spindel does not understand the command line
