//! Search on a site with a word on more pages than a shard holds of one term: the shard keeps
//! the word's best pages and the rest waits in a file of its own. The real binary builds the
//! site and the real client (run by Node) must rank exactly as it would with every page,
//! while a first one-word query fetches none of the rest; several words whose rests are too
//! big for a first query rank from the best pages, and a filter reads only its value's file.

mod common;

use common::{Site, copy_dir};
use std::path::Path;

/// More pages than a shard holds of one term (`HEAD` in src/search/shards.rs).
const PAGES: usize = 1_200;

#[test]
fn a_word_on_most_pages_ranks_from_its_best_pages_and_fetches_the_rest_only_when_needed() {
    let site = Site::from_fixture("search");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/natverket/static/search"),
        &site.path("static/search"),
    );
    // Every page says `samverkan`, from once to seven times; every third also `tolkning`.
    for i in 0..PAGES {
        let times = i % 7 + 1;
        let mut body = "Samverkan mellan förvaltningar. ".repeat(times);
        body.push_str(&format!("Sida nummer {i} om ord{i}. "));
        if i % 3 == 0 {
            body.push_str("Tolkning ingår. ");
        }
        body.push_str(&"Annan text som fyller ut sidan. ".repeat(i % 11));
        site.write(
            &format!("content/metoder/massa/sida-{i}.md"),
            format!(
                "+++\ntitle = \"Sida {i}\"\n[taxonomies]\ntyp = [\"{}\"]\n+++\n\n{body}\n",
                if i % 2 == 0 { "Metod" } else { "Rapport" }
            ),
        );
    }
    site.build_ok(&[]);
    let shard = site.output("search/sv/t/sa.json");
    assert!(
        shard.contains("~"),
        "the shard should keep only the best pages of `samverkan`"
    );
    let script = r#"
        import { pathToFileURL } from 'node:url';
        import { readFile } from 'node:fs/promises';
        const site = process.env.SEARCH_SITE;
        const { openIndex } = await import(pathToFileURL(site + '/search/engine.js').href);
        const fetched = [];
        const load = (p) => { fetched.push(p); return readFile(site + '/' + p, 'utf8'); };
        const fail = (m) => { console.error(m); process.exit(1); };
        const urls = (r) => JSON.stringify(r.map((x) => x.url));
        for (const [q, offset] of [['samverkan', 0], ['samverkan', 245], ['samverkan tolkning', 0], ['samverkan', 10]]) {
          const first = await openIndex(load, 'sv');
          fetched.length = 0;
          const got = await first.search(q, {}, { limit: 10, offset });
          // The same query on an index whose terms were all completed first.
          const whole = await openIndex((p) => readFile(site + '/' + p, 'utf8'), 'sv');
          await whole.match(q, false, true);
          const want = await whole.search(q, {}, { limit: 10, offset });
          if (urls(got) !== urls(want) || got.total !== want.total) {
            fail(`${q} @${offset}: ${urls(got)} (${got.total}) != ${urls(want)} (${want.total})`);
          }
          const rest = fetched.filter((p) => p.includes('~'));
          const needsRest = q.includes(' ') || offset + 10 > 250;
          if (needsRest !== (rest.length > 0)) fail(`${q} @${offset}: fetched ${JSON.stringify(fetched)}`);
        }
        // A word being typed: the same results, and a count that never says more than there are.
        for (const q of ['samv', 'samverk', 'samverka']) {
          const first = await openIndex(load, 'sv');
          const got = await first.search(q, {}, { limit: 10, typing: true });
          const whole = await openIndex((p) => readFile(site + '/' + p, 'utf8'), 'sv');
          await whole.match(q, true, true);
          const want = await whole.search(q, {}, { limit: 10, typing: true });
          if (urls(got) !== urls(want) || got.total > want.total || got.total < 1200) {
            fail(`typing ${q}: ${urls(got)} (${got.total}) != ${urls(want)} (${want.total})`);
          }
        }
        // Several words whose rests are more than a first query takes (the budget made small
        // here, as a site of tens of thousands of pages has them): ranked from the best pages,
        // the count an estimate, no rest fetched; asked for exactly, the whole lists' results.
        {
          const first = await openIndex(load, 'sv');
          first.restBudget = 100;
          fetched.length = 0;
          const got = await first.search('samverkan tolkning', {}, { limit: 5 });
          if (!got.approximate || !got.estimated || got.length !== 5) fail(`approximate: ${urls(got)} ${got.approximate} ${got.estimated}`);
          if (fetched.some((p) => p.includes('~'))) fail(`approximate fetched ${JSON.stringify(fetched)}`);
          if (got.total < 200 || got.total > 800) fail(`estimate ${got.total} for 400 pages`);
          const exact = await first.search('samverkan tolkning', {}, { limit: 15, exact: true });
          const whole = await openIndex((p) => readFile(site + '/' + p, 'utf8'), 'sv');
          const want = await whole.search('samverkan tolkning', {}, { limit: 15 });
          if (urls(exact) !== urls(want) || exact.total !== 400 || exact.approximate) fail(`exact: ${urls(exact)} (${exact.total})`);
        }
        // A filter on a word of every page whose rest is too big: the filter's pages among the
        // best pages first, then its newest other pages, a full first screen without the rest.
        {
          const first = await openIndex(load, 'sv');
          first.restBudget = 100;
          fetched.length = 0;
          const got = await first.search('samverkan', { typ: ['Metod'] }, { limit: 400 });
          if (!got.approximate || got.length !== 400) fail(`filter, approximate: ${got.length} ${got.approximate}`);
          if (got.some((r) => !(r.facets.typ ?? []).includes('Metod'))) fail(`filter let through ${urls(got)}`);
          if (fetched.some((p) => p.includes('~'))) fail(`filter, approximate fetched ${JSON.stringify(fetched)}`);
        }
        // A filter: its value's own file, not the facet file; the results of every page.
        {
          const first = await openIndex(load, 'sv');
          fetched.length = 0;
          const got = await first.search('samverkan', { typ: ['Metod'] }, { limit: 5 });
          const whole = await openIndex((p) => readFile(site + '/' + p, 'utf8'), 'sv');
          await whole.match('samverkan', false, true);
          const want = await whole.search('samverkan', { typ: ['Metod'] }, { limit: 5 });
          if (urls(got) !== urls(want)) fail(`filter: ${urls(got)} != ${urls(want)}`);
          if (fetched.some((p) => p.endsWith('facets.json')) || !fetched.some((p) => p.includes('/f/typ/'))) fail(`filter fetched ${JSON.stringify(fetched)}`);
          if (Math.abs(got.total - 600) > 60 || want.total !== 600) fail(`filter count ${got.total}, ${want.total} of 600`);
        }
        const all = await openIndex(load, 'sv');
        const r = await all.search('samverkan', {}, { limit: 10 });
        if (r.total < 1200) fail(`total ${r.total}`);
        // Facet counts need every page: each of the pages has one type.
        const counts = await all.counts('samverkan');
        const typ = counts.find((f) => f.name === 'typ').values.reduce((n, v) => n + v.count, 0);
        if (typ !== r.total) fail(`facet counts ${typ} of ${r.total}`);
    "#;
    common::run_search_script(script, &site.path("public"));
}
