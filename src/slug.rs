//! Swedish-aware slugs and sort keys.
//!
//! Slugs fold letters to ASCII the way a Swedish reader expects (Göteborg → goteborg,
//! "Får vi tala?" → far-vi-tala), so URLs are short, stable and safe: the result only ever
//! holds `a-z`, `0-9` and single hyphens, never a `/` or `.`.

use unicode_normalization::UnicodeNormalization;

/// Folds one character to lowercase ASCII, or `None` when it has no letter or digit in it.
fn fold_char(c: char, out: &mut String) -> bool {
    match c {
        'å' | 'ä' | 'Å' | 'Ä' | 'à' | 'á' | 'â' | 'ã' | 'À' | 'Á' | 'Â' | 'Ã' => {
            out.push('a')
        }
        'ö' | 'Ö' | 'ø' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Õ' => {
            out.push('o')
        }
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        'þ' | 'Þ' => out.push_str("th"),
        'ð' | 'Ð' | 'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
        c if c.is_alphanumeric() => {
            // Strip combining marks (é → e, ü → u, č → c); keep other scripts as they are.
            let mut pushed = false;
            for d in c.to_lowercase().collect::<String>().nfd() {
                if d.is_alphanumeric() {
                    out.push(d);
                    pushed = true;
                }
            }
            return pushed;
        }
        _ => return false,
    }
    true
}

/// A URL slug: lowercase ASCII letters and digits (other scripts kept), words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfc() {
        let before = out.len();
        if fold_char(c, &mut out) {
            if pending_dash && before > 0 {
                out.insert(before, '-');
            }
            pending_dash = false;
        } else if c != '\'' && c != '’' {
            // Apostrophes join words ("Sveriges" stays whole); everything else separates them.
            pending_dash = true;
        }
    }
    out
}

/// Sort key in Swedish alphabetical order: a–z, then å, ä, ö; accents sort with their base letter.
pub fn swedish_sort_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.nfc() {
        match c {
            'å' | 'Å' => key.push('{'),
            'ä' | 'Ä' | 'æ' | 'Æ' => key.push('|'),
            'ö' | 'Ö' | 'ø' | 'Ø' => key.push('}'),
            'ü' | 'Ü' => key.push('y'),
            c if c.is_alphanumeric() => {
                for d in c.to_lowercase().collect::<String>().nfd() {
                    if d.is_alphanumeric() {
                        key.push(d);
                    }
                }
            }
            c if c.is_whitespace() => key.push(' '),
            _ => {}
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_slugs() {
        assert_eq!(slugify("Göteborg"), "goteborg");
        assert_eq!(slugify("Får vi tala?"), "far-vi-tala");
        assert_eq!(
            slugify("Social omsorg och trygghet"),
            "social-omsorg-och-trygghet"
        );
        assert_eq!(slugify("Hälsa"), "halsa");
        assert_eq!(slugify("Upplands-Väsby"), "upplands-vasby");
        assert_eq!(slugify("Café Ñandú"), "cafe-nandu");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify("Romani chib – språket"), "romani-chib-spraket");
    }

    #[test]
    fn swedish_order_puts_a_ring_a_umlaut_o_umlaut_last() {
        let mut names = vec![
            "Örebro",
            "Älmhult",
            "Åre",
            "Zinkgruvan",
            "Borås",
            "Eskilstuna",
        ];
        names.sort_by_key(|n| swedish_sort_key(n));
        assert_eq!(
            names,
            vec![
                "Borås",
                "Eskilstuna",
                "Zinkgruvan",
                "Åre",
                "Älmhult",
                "Örebro"
            ]
        );
    }
}
