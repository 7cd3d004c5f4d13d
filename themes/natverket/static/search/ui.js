// The search page: results as you type, facet filters with counts, the query and the filters in
// the address (shareable; the back button goes back through earlier searches), keyboard use and a
// live region. Everything shown is built with textContent, never as HTML.
//
// The page (templates/search.html) holds the form, the filter fieldsets, the status line and the
// result list; its data-* attributes carry the language and the UI strings.

import { openIndex } from './engine.js';

const DEBOUNCE_MS = 180;
const PAGE_SIZE = 10;
/// Results of a first query: what fills the first screen. Their page files are all a first
/// query fetches besides the index's own; "Visa fler" brings PAGE_SIZE more.
const FIRST_SCREEN = 5;
const FACET_VALUES_SHOWN = 8;

const root = document.getElementById('search');
if (root) start(root);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function start(root) {
  const t = (key) => root.dataset[key] ?? '';
  const lang = root.dataset.lang || document.documentElement.lang || 'sv';
  const form = root.querySelector('form');
  const field = root.querySelector('input[type="search"]');
  const status = root.querySelector('[role="status"]');
  const list = root.querySelector('.search-results-list');
  const more = root.querySelector('.search-more');
  const filtersBox = root.querySelector('.search-filters');
  const clear = root.querySelector('.search-clear');
  const heading = root.querySelector('.search-results-title');
  const ways = root.querySelector('.search-ways');
  const other = root.querySelector('.search-other');
  const fieldsets = new Map(
    [...root.querySelectorAll('fieldset[data-facet]')].map((f) => [f.dataset.facet, f]),
  );
  const facetNames = [...fieldsets.keys()];
  // The filters are folded away until the reader opens them: their counts need the facet file,
  // which is fetched only then (a first query stays small), and again for each query while
  // they are open.
  filtersBox.open = false;
  filtersBox.addEventListener('toggle', () => {
    if (filtersBox.open) showCounts(generation);
  });
  const expanded = new Set();

  // Paths are from the site root, as the engine gives them.
  const load = (path) =>
    fetch(`/${path}`).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${path}`);
      return r.text();
    });
  const indexPromise = openIndex(load, lang);
  indexPromise.catch(() => showError());

  let state = readUrl();
  let generation = 0;
  let shown = 0;
  let typing = false;
  let timer = 0;
  let lastCounts = [];
  let approximate = false;

  field.value = state.q;
  field.setAttribute('aria-controls', list.id);
  if (state.q.trim()) run({ announce: true });

  field.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state = { ...state, q: field.value };
      writeUrl(!typing);
      typing = true;
      run({ announce: true, typed: true });
    }, DEBOUNCE_MS);
  });
  field.addEventListener('blur', () => {
    typing = false;
  });
  field.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const first = list.querySelector('a');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === 'Escape' && field.value) {
      e.preventDefault();
      field.value = '';
      field.dispatchEvent(new Event('input'));
    }
  });
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll('.search-result > h3 a')];
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === 'ArrowDown' && i + 1 < links.length) links[i + 1].focus();
    else if (e.key === 'ArrowUp') (i > 0 ? links[i - 1] : field).focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    state = { ...state, q: field.value };
    writeUrl(!typing);
    typing = false;
    run({ announce: true });
  });
  more.addEventListener('click', () => {
    const from = shown;
    // Results ranked from the terms' best pages are ranked again from every page, the first
    // ones included, so that none is shown twice or left out.
    run(approximate ? { grow: true } : { append: true }).then(() => {
      const links = list.querySelectorAll('.search-result > h3 a');
      if (links[from]) links[from].focus();
    });
  });
  clear.addEventListener('click', () => {
    state = { ...state, filters: {} };
    writeUrl(true);
    run({ announce: true });
    field.focus();
  });
  window.addEventListener('popstate', () => {
    state = readUrl();
    field.value = state.q;
    typing = false;
    run({ announce: true });
  });

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of facetNames) {
      const values = params.getAll(name).filter(Boolean);
      if (values.length) filters[name] = values;
    }
    return { q: params.get('q') ?? '', filters };
  }

  function writeUrl(push) {
    const params = new URLSearchParams();
    if (state.q) params.set('q', state.q);
    for (const name of facetNames) for (const v of state.filters[name] ?? []) params.append(name, v);
    const query = params.toString();
    const url = `${location.pathname}${query ? `?${query}` : ''}`;
    if (url === `${location.pathname}${location.search}`) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  function showError() {
    status.textContent = t('tError');
    root.removeAttribute('aria-busy');
  }

  // `typed`: the query comes from the field as it is being typed, so its last word is also a
  // prefix; a submitted query, a link's or the address's means its words as they are.
  async function run({ announce = false, append = false, typed = false, grow = false } = {}) {
    const mine = ++generation;
    const q = state.q.trim();
    if ([...q].length < 2) {
      list.replaceChildren();
      more.hidden = true;
      heading.hidden = true;
      filtersBox.hidden = true;
      status.textContent = q ? t('tTooShort') : '';
      ways.hidden = true;
      other.hidden = true;
      shown = 0;
      return;
    }
    root.setAttribute('aria-busy', 'true');
    try {
      const index = await indexPromise;
      const offset = append ? shown : 0;
      const limit = append ? PAGE_SIZE : grow ? shown + PAGE_SIZE : FIRST_SCREEN;
      const results = await index.search(q, state.filters, { limit, offset, typing: typed, exact: grow });
      if (mine !== generation) return;
      approximate = results.approximate;
      if (!append) list.replaceChildren();
      for (const r of results) list.append(resultItem(r));
      shown = offset + results.length;
      more.hidden = shown >= results.total;
      heading.hidden = results.total === 0;
      if (!append) {
        showStatus(q, results, announce && !grow);
        showWaysOn(q, results);
      }
      root.removeAttribute('aria-busy');
      if (!append && !grow) {
        // Until the filters are opened, only the chosen values, without counts.
        if (filtersBox.open) {
          await showCounts(mine, typed);
        } else {
          const chosen = facetNames.map((name) => ({
            name,
            values: (state.filters[name] ?? []).map((value) => ({ value, count: null, selected: true })),
          }));
          showFacets(chosen, results.total > 0 || Object.keys(state.filters).length > 0);
        }
      }
    } catch {
      if (mine === generation) showError();
    }
  }

  /** The filters' counts for the current query, once the reader has opened them. */
  async function showCounts(mine, typed = false) {
    const q = state.q.trim();
    if ([...q].length < 2) return;
    try {
      const index = await indexPromise;
      const counts = await index.counts(q, state.filters, typed);
      if (mine === generation) showFacets(counts, true);
    } catch {
      if (mine === generation) showError();
    }
  }

  /** Runs `q` as if submitted: from a "Did you mean" link. */
  function follow(q) {
    field.value = q;
    state = { ...state, q };
    writeUrl(true);
    typing = false;
    run({ announce: true });
    field.focus();
  }

  function showStatus(q, results, announce) {
    const parts = [];
    const n = results.total;
    const quote = (s) => `${t('tQuoteOpen')}${s}${t('tQuoteClose')}`;
    // One message a search: what was found, and at most one way on (the engine's `status`).
    // "About" when the count is an estimate (several words or a filter ranked from their terms'
    // best pages alone).
    const count = `${results.estimated ? `${t('tAbout')} ` : ''}${n} ${n === 1 ? t('tOne') : t('tMany')}`;
    if (results.status === 'corrected') {
      const shownFor = results.correctedQuery ?? results.corrected.join(' ');
      parts.push(`${t('tCorrected')} ${quote(shownFor)}: ${count}.`);
    } else if (n > 0) {
      parts.push(`${count} ${t('tFor')} ${quote(q)}.`);
      if (results.status === 'partial') parts.push(t('tPartial'));
    } else {
      parts.push(`${t('tNone')} ${quote(q)}.`);
    }
    const line = el('span', {}, parts.join(' '));
    const node = [line];
    if (results.status !== 'corrected' && results.suggestions.length > 0) {
      const p = el('span', { class: 'search-suggest' }, ` ${t('tDidYouMean')} `);
      results.suggestions.forEach((s, i) => {
        if (i > 0) p.append(', ');
        // A real link: it works opened in a new tab too; here it searches at once.
        const a = el('a', { href: `?q=${encodeURIComponent(s)}` }, s);
        a.addEventListener('click', (e) => {
          e.preventDefault();
          follow(s);
        });
        p.append(a);
      });
      p.append('?');
      node.push(p);
    }
    // A live region is read when its text changes; while typing, only the final count counts.
    const text = node.map((x) => x.textContent).join('');
    if (announce || status.textContent !== text) status.replaceChildren(...node);
  }

  /**
   * Where to go on: the lists of pages when the search found little; and in a language that
   * is not the site's first, always the same query on that language's search page (one link:
   * most pages may be in that language only).
   */
  function showWaysOn(q, results) {
    ways.hidden = !(results.total === 0 || results.partial);
    const path = root.dataset.otherSearch;
    other.hidden = !path;
    if (path) {
      const a = el('a', { href: `${path}?q=${encodeURIComponent(q)}` }, t('tOtherLang'));
      other.replaceChildren(a);
    }
  }

  function resultItem(r) {
    const snippet = el('p', { class: 'search-snippet' });
    // A term without a description: some of its pages' titles, in a sentence.
    if (r.listed) snippet.append(`${t('tListed')}: `);
    for (const part of r.parts) snippet.append(part.mark ? el('mark', {}, part.text) : part.text);
    if (r.listed) snippet.append('.');
    const meta = [];
    // What a result is, when it is not a page: a section, a member, an area, a file of the page.
    const kind = r.kind !== 'page' && !r.attachment ? t(`tKind${r.kind.charAt(0).toUpperCase()}${r.kind.slice(1)}`) : '';
    if (kind) meta.push(kind);
    const types = r.facets.typ ?? [];
    if (types.length) meta.push(types.join(', '));
    if (r.date) meta.push(formatDate(r.date));
    const item = el(
      'li',
      { class: 'search-result' },
      el('h3', {}, el('a', { href: r.url }, r.title)),
    );
    if (meta.length) item.append(el('p', { class: 'search-meta' }, meta.join(' · ')));
    if (r.attachment) {
      const file = el('a', { href: r.attachment.url }, r.attachment.name);
      item.append(el('p', { class: 'search-meta search-attachment' }, `${t('tAttachment')}: `, file));
    }
    item.append(snippet);
    return item;
  }

  function formatDate(iso) {
    const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  }

  /** The filters' values with their counts (`count` null: not known yet); `open`: show the box. */
  function showFacets(counts, open) {
    lastCounts = counts;
    let any = false;
    for (const facet of counts) {
      const fs = fieldsets.get(facet.name);
      if (!fs) continue;
      const ul = fs.querySelector('ul');
      const focused = document.activeElement;
      const focusedValue = fs.contains(focused) ? focused.value : null;
      const values = facet.values
        .slice()
        .sort((a, b) => b.selected - a.selected || b.count - a.count || 0);
      const all = expanded.has(facet.name);
      const visible = all ? values : values.slice(0, FACET_VALUES_SHOWN);
      ul.replaceChildren();
      visible.forEach((v, i) => {
        const id = `f-${facet.name}-${i}`;
        const box = el('input', { type: 'checkbox', id, name: facet.name, value: v.value });
        box.checked = v.selected;
        box.addEventListener('change', () => {
          const current = new Set(state.filters[facet.name] ?? []);
          if (box.checked) current.add(v.value);
          else current.delete(v.value);
          const filters = { ...state.filters, [facet.name]: [...current] };
          if (current.size === 0) delete filters[facet.name];
          state = { ...state, filters };
          writeUrl(true);
          typing = false;
          run({ announce: true });
        });
        const label = el('label', { for: id }, v.value);
        if (v.count !== null) label.append(' ', el('span', { class: 'count' }, `(${v.count})`));
        ul.append(el('li', {}, box, label));
        if (focusedValue === v.value) box.focus();
      });
      const toggle = fs.querySelector('.search-facet-toggle');
      if (values.length > FACET_VALUES_SHOWN) {
        const button =
          toggle ?? el('button', { type: 'button', class: 'search-facet-toggle link-button' });
        button.textContent = all ? t('tShowFewer') : `${t('tShowAll')} (${values.length})`;
        button.setAttribute('aria-expanded', String(all));
        if (!toggle) {
          button.addEventListener('click', () => {
            if (expanded.has(facet.name)) expanded.delete(facet.name);
            else expanded.add(facet.name);
            showFacets(lastCounts, true);
            button.focus();
          });
          fs.append(button);
        }
      } else if (toggle) {
        toggle.remove();
      }
      fs.hidden = values.length === 0;
      any ||= values.length > 0;
    }
    filtersBox.hidden = !(any || open);
    clear.hidden = Object.keys(state.filters).length === 0;
  }
}
