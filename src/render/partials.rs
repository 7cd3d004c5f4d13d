//! Partials rendered once and reused: `cached_include` (a footer, a menu: the same for every
//! page of a language) and `page_items` (a page's item in a list, the same in every list it is
//! in). Each is kept with the pages and sections it showed, replayed as dependencies of every
//! job that uses it, so that `serve` still knows what to render again.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tera::{Context, Kwargs, State, Tera, Value};

use super::deps::{self, Dep};
use super::templates::{TemplateSources, partial_prefix, template_diagnostic};

/// A cached partial's HTML and the pages and sections it showed.
type RenderedPartial = (Value, Box<[Dep]>);

/// At most this many bytes of page-list items are kept (their HTML and ids): room for every
/// page's items in both of the theme's variants (with and without the content type) on sites
/// well past the bundled one; past it, an item is rendered each time it is asked for. No more:
/// on the largest sites measured the template stage comes close to the build's peak memory
/// (in the Markdown stage), and the cache must fit in that margin (see BENCHMARKS.md).
const ITEM_CACHE_BYTES: usize = 32_000_000;

/// At most this many bytes of `cached_include` partials: a site's footer, menus and term side
/// columns take a small part of it. A budget of their own, so that the page-list items,
/// which the section pagers make first, never crowd out the menu of every later term pager.
const INCLUDE_CACHE_BYTES: usize = 8_000_000;

/// What an entry costs besides its HTML: its slot, the allocation's header.
const PARTIAL_ENTRY_BYTES: usize = 64;

/// Partials that print the same for every page of a language (a footer), rendered once per
/// language and key, and the items of page lists, rendered once per page, language and key;
/// with the pages and sections they showed (replayed as dependencies of every job that uses
/// them, so that `serve` still knows what to render again).
#[derive(Clone, Default)]
pub(super) struct PartialCache {
    rendered: Arc<RwLock<Partials>>,
    /// The renderer's own templates and their sources (for errors), set once they are all
    /// added (weak: Tera holds the cache).
    templates: Arc<std::sync::OnceLock<(std::sync::Weak<Tera>, Arc<TemplateSources>)>>,
}

#[derive(Default)]
struct Partials {
    /// `cached_include`, by template name, language and key, joined with NUL.
    by_id: HashMap<Box<str>, RenderedPartial>,
    /// `page_items`, by template name, language and key as above, then by page id.
    items: HashMap<Box<str>, Vec<Option<RenderedPartial>>>,
    /// Bytes held, against `INCLUDE_CACHE_BYTES` and `ITEM_CACHE_BYTES`.
    include_bytes: usize,
    item_bytes: usize,
}

thread_local! {
    /// The id of the partial looked up last on this thread (no allocation per lookup).
    static PARTIAL_ID: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

impl PartialCache {
    pub(super) fn set_templates(&self, tera: &Arc<Tera>, sources: &Arc<TemplateSources>) {
        let _ = self.templates.set((Arc::downgrade(tera), sources.clone()));
    }

    pub(super) fn clear(&self) {
        *self.rendered.write().unwrap_or_else(|e| e.into_inner()) = Partials::default();
    }

    /// The templates, once `name` is known to be one of them.
    fn templates(
        &self,
        function: &str,
        name: &str,
    ) -> tera::TeraResult<(Arc<Tera>, &Arc<TemplateSources>)> {
        let (tera, sources) = self
            .templates
            .get()
            .and_then(|(tera, sources)| Some((tera.upgrade()?, sources)))
            .ok_or_else(|| {
                tera::Error::message(format!("{function}: the templates are not ready"))
            })?;
        if !sources.files.contains_key(name) {
            let near = crate::diag::did_you_mean(name, sources.files.keys().map(String::as_str));
            return Err(tera::Error::message(match near {
                Some(n) => {
                    format!("{function}: there is no template `{name}`; did you mean `{n}`?")
                }
                None => format!("{function}: there is no template `{name}`"),
            }));
        }
        Ok((tera, sources))
    }

    /// The HTML of partial `id`, its dependencies added to the job's, if it was rendered.
    fn get(&self, id: &str) -> Option<Value> {
        let p = self.rendered.read().unwrap_or_else(|e| e.into_inner());
        let (html, deps) = p.by_id.get(id)?;
        deps::replay(deps);
        Some(html.clone())
    }

    /// Keeps a rendered partial, while the cache has room.
    fn insert(&self, id: &str, partial: RenderedPartial) {
        let cost = id.len() + html_len(&partial.0) + PARTIAL_ENTRY_BYTES;
        let mut p = self.rendered.write().unwrap_or_else(|e| e.into_inner());
        if p.include_bytes + cost > INCLUDE_CACHE_BYTES || p.by_id.contains_key(id) {
            return;
        }
        p.include_bytes += cost;
        p.by_id.insert(id.into(), partial);
    }

    /// Keeps the renderings of pages (by id) for `page_items`' `variant`, while there is room.
    fn insert_items(&self, variant: &str, rendered: Vec<(usize, RenderedPartial)>) {
        let mut guard = self.rendered.write().unwrap_or_else(|e| e.into_inner());
        let p = &mut *guard;
        if !p.items.contains_key(variant) {
            p.item_bytes += variant.len() + PARTIAL_ENTRY_BYTES;
            p.items.insert(variant.into(), Vec::new());
        }
        let slots = p.items.get_mut(variant).expect("just inserted");
        for (id, partial) in rendered {
            let cost = html_len(&partial.0) + PARTIAL_ENTRY_BYTES;
            if p.item_bytes + cost > ITEM_CACHE_BYTES {
                break;
            }
            if slots.len() <= id {
                slots.resize(id + 1, None);
            }
            if slots[id].is_none() {
                p.item_bytes += cost;
                slots[id] = Some(partial);
            }
        }
    }

    /// With `SPINDEL_TIMINGS=1`: how much the cache holds, against its budgets.
    pub(super) fn print_usage(&self) {
        let p = self.rendered.read();
        let p = p.unwrap_or_else(|e| e.into_inner());
        let items: usize = p.items.values().flatten().filter(|i| i.is_some()).count();
        eprintln!(
            "timing: partials kept: {} includes ({:.1} of {} MB), {items} page items ({:.1} of {} MB)",
            p.by_id.len(),
            p.include_bytes as f64 / 1e6,
            INCLUDE_CACHE_BYTES / 1_000_000,
            p.item_bytes as f64 / 1e6,
            ITEM_CACHE_BYTES / 1_000_000
        );
    }
}

fn html_len(html: &Value) -> usize {
    html.as_str().map_or(0, str::len)
}

/// An error in a partial, told with the partial's own file, line and column (the caller's
/// diagnostic points at the `cached_include` or `page_items` that asked for it).
fn partial_error(e: &tera::Error, sources: &TemplateSources, function: &str) -> tera::Error {
    let d = template_diagnostic(e, sources);
    let message = super::templates::tera_text(&d.message);
    let prefix = partial_prefix(function);
    tera::Error::message(match &d.file {
        Some(file) => format!("{prefix} {file}:{}:{}: {message}", d.line, d.column),
        None => format!("{prefix}: {message}"),
    })
}

/// What a partial sees: `lang`, `language` and `ui` of the caller, and the arguments of the call but
/// `skip` (the same key must mean the same values, as the first rendering is reused for it).
fn partial_context(
    lang: &Value,
    state: &State,
    kwargs: &Kwargs,
    skip: &[&str],
) -> tera::TeraResult<Context> {
    let mut ctx = Context::new();
    ctx.insert_value("lang", lang.clone());
    for name in ["language", "ui"] {
        if let Some(value) = state.get::<Value>(name)? {
            ctx.insert_value(name, value);
        }
    }
    for (k, v) in kwargs.iter() {
        if let Some(k) = k.as_str()
            && !skip.contains(&k)
        {
            ctx.insert_value(k.to_string(), v.clone());
        }
    }
    Ok(ctx)
}

/// Renders partial `name` for `function`, with the dependencies it recorded.
fn render_partial(
    (tera, sources): (&Tera, &TemplateSources),
    function: &str,
    name: &str,
    ctx: &Context,
    out: &mut Vec<u8>,
) -> tera::TeraResult<RenderedPartial> {
    let before = deps::mark();
    out.clear();
    tera.render_to(name, ctx, &mut *out)
        .map_err(|e| partial_error(&e, sources, function))?;
    let deps = deps::since(before);
    // Borrowed, not copied, when the bytes are UTF-8 (always, from Tera).
    Ok((Value::safe_string(&String::from_utf8_lossy(out)), deps))
}

/// `cached_include(name="footer.html", key="...", ...)`: the template `name` rendered once per
/// language and `key`, with `lang`, `language` and the other arguments as its variables; and
/// `page_items`, the same for each page of a list. `page_count`: the site's pages.
pub(super) fn register(tera: &mut Tera, cache: PartialCache, page_count: usize) {
    let includes = cache.clone();
    tera.register_function(
        "cached_include",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let cache = &includes;
            let name: &str = kwargs.must_get("name")?;
            let key: &str = kwargs.get("key")?.unwrap_or("");
            let lang = state.get::<Value>("lang")?.unwrap_or_else(Value::none);
            let lang_str = lang.as_str().unwrap_or("");
            let hit = PARTIAL_ID.with(|id| {
                let mut id = id.borrow_mut();
                id.clear();
                id.extend([name, "\0", lang_str, "\0", key]);
                cache.get(&id)
            });
            if let Some(html) = hit {
                return Ok(html);
            }
            let (tera, sources) = cache.templates("cached_include", name)?;
            let ctx = partial_context(&lang, state, &kwargs, &["name", "key"])?;
            let templates = (&*tera, &**sources);
            let partial = render_partial(templates, "cached_include", name, &ctx, &mut Vec::new())?;
            let html = partial.0.clone();
            // The id is made again, not taken from PARTIAL_ID: a cached_include inside the
            // partial has overwritten it meanwhile.
            cache.insert(&[name, lang_str, key].join("\0"), partial);
            Ok(html)
        },
    );

    // `page_items(name="page_list_item.html", pages=list, key="...", ...)`: the template
    // rendered for each page of the list (which it sees as `page`), as a list of HTML. A page
    // is in several lists (its section's, one per term), so each page's rendering is kept per
    // language and key and reused: a list of 20 costs one call, not 20 renderings.
    tera.register_function(
        "page_items",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let name: &str = kwargs.must_get("name")?;
            let pages: &[Value] = kwargs.must_get("pages")?;
            let key: &str = kwargs.get("key")?.unwrap_or("");
            let lang = state.get::<Value>("lang")?.unwrap_or_else(Value::none);
            let lang_str = lang.as_str().unwrap_or("");
            let mut ids = Vec::with_capacity(pages.len());
            for p in pages {
                let id = p.get_from_path("id").and_then(Value::as_u64);
                match id.map(|id| id as usize) {
                    Some(id) if id < page_count => ids.push(id),
                    _ => {
                        return Err(tera::Error::message(
                            "page_items: `pages` must be a list of pages (such as section.pages, \
                             term.pages, paginator.pages)",
                        ));
                    }
                }
            }
            let variant = [name, lang_str, key].join("\0");
            let mut items = Vec::with_capacity(pages.len());
            let mut missing = Vec::new();
            {
                let p = cache.rendered.read().unwrap_or_else(|e| e.into_inner());
                let slots = p.items.get(variant.as_str());
                for (i, &id) in ids.iter().enumerate() {
                    match slots.and_then(|s| s.get(id)).and_then(Option::as_ref) {
                        Some((html, deps)) => {
                            deps::replay(deps);
                            items.push(html.clone());
                        }
                        None => {
                            missing.push(i);
                            items.push(Value::none());
                        }
                    }
                }
            }
            if !missing.is_empty() {
                let (tera, sources) = cache.templates("page_items", name)?;
                let mut ctx = partial_context(&lang, state, &kwargs, &["name", "key", "pages"])?;
                let mut out = Vec::with_capacity(1024);
                let mut rendered = Vec::with_capacity(missing.len());
                for i in missing {
                    ctx.insert_value("page", pages[i].clone());
                    let templates = (&*tera, &**sources);
                    let partial = render_partial(templates, "page_items", name, &ctx, &mut out)?;
                    items[i] = partial.0.clone();
                    rendered.push((ids[i], partial));
                }
                cache.insert_items(&variant, rendered);
            }
            Ok(Value::from(items))
        },
    );
}
