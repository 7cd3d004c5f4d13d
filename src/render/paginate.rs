//! Pagers of a listing (a section's pages, a term's): how many, their addresses, and the
//! `paginator` value a pager's template sees.

use tera::Value;

/// How many pagers a listing of `items` takes, `by` to a pager (one, if not paginated).
pub(super) fn pager_count(items: usize, by: Option<usize>) -> usize {
    match by {
        Some(by) if by > 0 => items.div_ceil(by).max(1),
        _ => 1,
    }
}

/// `/metoder/` for the first pager, `/metoder/sida/2/` for the second.
pub(super) fn pager_path(base: &str, n: usize, segment: &str) -> String {
    if n == 0 {
        base.to_string()
    } else {
        format!("{base}{segment}/{}/", n + 1)
    }
}

/// Pagers shown on each side of the current one.
const PAGER_WINDOW: usize = 2;

/// What pager `n` of a listing sees as `paginator`: its items, the addresses of the first, last,
/// previous and next pagers, and a window of the pagers around it.
pub(super) fn paginator(items: &[Value], by: usize, n: usize, base: &str, segment: &str) -> Value {
    let by = by.max(1);
    let total = pager_count(items.len(), Some(by));
    // A slice, not `skip`: skipping a cloning iterator clones (and drops) every item before
    // the pager's, time quadratic in the pages of a term over its pagers.
    let start = (n * by).min(items.len());
    let slice: Vec<Value> = items[start..(start + by).min(items.len())].to_vec();
    let mut m = tera::Map::new();
    m.insert("pages".into(), Value::from(slice));
    m.insert("current_index".into(), (n + 1).into());
    m.insert("number_pagers".into(), total.into());
    m.insert("paginate_by".into(), by.into());
    m.insert("total_pages".into(), items.len().into());
    m.insert("first".into(), pager_path(base, 0, segment).into());
    m.insert("last".into(), pager_path(base, total - 1, segment).into());
    m.insert(
        "previous".into(),
        if n > 0 {
            pager_path(base, n - 1, segment).into()
        } else {
            Value::none()
        },
    );
    m.insert(
        "next".into(),
        if n + 1 < total {
            pager_path(base, n + 1, segment).into()
        } else {
            Value::none()
        },
    );
    // A window, not every pager: a term with many pagers would otherwise list them all on each
    // of them (output and time quadratic in the number of pagers).
    let mut shown: Vec<usize> = vec![0, total - 1];
    shown.extend(n.saturating_sub(PAGER_WINDOW)..(n + PAGER_WINDOW + 1).min(total));
    shown.sort_unstable();
    shown.dedup();
    let pagers: Vec<Value> = shown
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let mut p = tera::Map::new();
            p.insert("index".into(), (i + 1).into());
            p.insert("path".into(), pager_path(base, i, segment).into());
            p.insert("gap_before".into(), (k > 0 && shown[k - 1] + 1 != i).into());
            Value::from(p)
        })
        .collect();
    m.insert("pagers".into(), Value::from(pagers));
    Value::from(m)
}

#[cfg(test)]
mod tests {
    use super::super::values::list_of;
    use super::*;

    #[test]
    fn pagers() {
        assert_eq!(pager_count(0, Some(10)), 1);
        assert_eq!(pager_count(21, Some(10)), 3);
        assert_eq!(pager_path("/a/", 2, "sida"), "/a/sida/3/");
    }

    /// The pagers listed on pager `n` of 100 items by 5 (20 pagers), as (index, gap_before).
    fn window(n: usize) -> Vec<(u64, bool)> {
        let items = vec![Value::from(1); 100];
        let v = paginator(&items, 5, n, "/a/", "sida");
        list_of(&v, "pagers")
            .iter()
            .map(|p| {
                let index = p.get_from_path("index").and_then(|i| i.as_u64());
                let gap = p.get_from_path("gap_before").and_then(|g| g.as_bool());
                (index.unwrap_or(0), gap.unwrap_or(false))
            })
            .collect()
    }

    #[test]
    fn pager_window() {
        assert_eq!(window(0), [(1, false), (2, false), (3, false), (20, true)]);
        assert_eq!(
            window(9),
            [
                (1, false),
                (8, true),
                (9, false),
                (10, false),
                (11, false),
                (12, false),
                (20, true)
            ]
        );
        assert_eq!(
            window(19),
            [(1, false), (18, true), (19, false), (20, false)]
        );
        assert_eq!(
            window(3),
            [
                (1, false),
                (2, false),
                (3, false),
                (4, false),
                (5, false),
                (6, false),
                (20, true)
            ]
        );
    }
}
