//! Any text as a TOML file of `data/` or a page's front matter: parsed and read as the build
//! reads them, turned into template values (`toml_to_value`) that keep every key, value and
//! order, and rendered by an escaping HTML template without error or markup of their own.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spindel::config::tomlfile::TomlSource;
use spindel::content::model::PageMeta;
use spindel::render::toml_to_value;
use tera::{Context, Tera, Value};

/// Every kind of value printed, walked two levels deep, through the filters templates use on
/// front matter. None of them can fail on a value TOML can give.
const WALK: &str = "{{ v }}\
{% for k, x in v %}[{{ k }}={{ x }}]\
{% if x is string %}{{ x | upper }}{{ x | truncate(length=5) }}{{ x | wordcount }}{{ x | length }}\
{% elif x is array %}{{ x | length }}{{ x | reverse }}{% for y in x %}({{ y }}){% endfor %}\
{% elif x is map %}{% for k2, y in x %}{{ k2 }}:{{ y }};{% endfor %}\
{% elif x is number %}{{ x + 0 }}\
{% endif %}{% endfor %}";

fn tera() -> &'static Tera {
    static TERA: OnceLock<Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::new();
        tera.add_raw_template("walk.html", WALK)
            .expect("the template parses");
        tera
    })
}

/// Whether the template value `v` holds what the TOML value `t` holds, in the same order.
fn same(t: &toml::Value, v: &Value, at: &str) {
    match t {
        toml::Value::String(s) => assert_eq!(v.as_str(), Some(s.as_str()), "{at}"),
        toml::Value::Integer(i) => assert_eq!(v.as_i64(), Some(*i), "{at}"),
        toml::Value::Float(f) => {
            let g = v
                .as_f64()
                .unwrap_or_else(|| panic!("{at}: {v:?} is not a float"));
            assert!(
                g == *f || (g.is_nan() && f.is_nan()),
                "{at}: {f} became {g}"
            );
        }
        toml::Value::Boolean(b) => assert_eq!(v.as_bool(), Some(*b), "{at}"),
        toml::Value::Datetime(d) => assert_eq!(v.as_str(), Some(d.to_string().as_str()), "{at}"),
        toml::Value::Array(a) => {
            let w = v
                .as_array()
                .unwrap_or_else(|| panic!("{at}: {v:?} is not a list"));
            assert_eq!(a.len(), w.len(), "{at}");
            for (i, (t, v)) in a.iter().zip(w).enumerate() {
                same(t, v, &format!("{at}[{i}]"));
            }
        }
        toml::Value::Table(table) => {
            let m = v
                .as_map()
                .unwrap_or_else(|| panic!("{at}: {v:?} is not a map"));
            assert_eq!(table.len(), m.len(), "{at}");
            for ((k, t), (key, v)) in table.iter().zip(m) {
                assert_eq!(key.as_str(), Some(k.as_str()), "{at}: keys in their order");
                same(t, v, &format!("{at}.{k}"));
            }
        }
    }
}

fn render(value: Value) {
    let mut ctx = Context::new();
    ctx.insert_value("v", value);
    let html = tera()
        .render("walk.html", &ctx)
        .unwrap_or_else(|e| panic!("rendering: {e:?}"));
    assert!(!html.contains(['<', '>', '"']), "unescaped: {html}");
}

fuzz_target!(|text: &str| {
    // As a file of `data/`, whose whole table templates see as `data`.
    let rel = Path::new("data/fuzz.toml");
    let src = TomlSource::whole_file(rel, text);
    let Ok(parsed) = src.parse() else { return };
    if let Ok(table) = src.deserialize::<toml::Table>(parsed) {
        let table = toml::Value::Table(table);
        let value = toml_to_value(&table);
        same(&table, &value, "data");
        render(value);
    }
    // As a page's front matter, whose `[extra]` templates see as `page.extra`.
    let src = TomlSource {
        file: Path::new("content/fuzz.md"),
        file_text: text,
        base: 0,
        toml: text,
    };
    let Ok(parsed) = src.parse() else { return };
    if let Ok(meta) = src.deserialize::<PageMeta>(parsed) {
        let extra = toml::Value::Table(meta.extra);
        let value = toml_to_value(&extra);
        same(&extra, &value, "extra");
        render(value);
    }
});
