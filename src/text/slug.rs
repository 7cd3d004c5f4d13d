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
    let push = |c: char| {
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
    };
    for_each_nfc(text, push);
    out
}

/// Calls `f` with each character of `text` in NFC. Text below U+0300 is NFC already (nothing
/// there composes): nearly every name and title, which so skip the normalisation.
fn for_each_nfc(text: &str, f: impl FnMut(char)) {
    if text.chars().all(|c| c < '\u{300}') {
        text.chars().for_each(f);
    } else {
        text.nfc().for_each(f);
    }
}

/// Sort key in Swedish alphabetical order: a–z, then å, ä, ö; accents sort with their base letter.
pub fn swedish_sort_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for_each_nfc(text, |c| push_sort_key(&mut key, c));
    key
}

/// What a character of NFC text adds to its sort key.
fn push_sort_key(key: &mut String, c: char) {
    match c {
        // ASCII without the general lowercasing and decomposition.
        'a'..='z' | '0'..='9' => key.push(c),
        'A'..='Z' => key.push(c.to_ascii_lowercase()),
        '\t'..='\r' | ' ' => key.push(' '),
        _ if c.is_ascii() => {}
        c => push_sort_key_of_any(key, c),
    }
}

/// `push_sort_key` for any character, ASCII or not.
fn push_sort_key_of_any(key: &mut String, c: char) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_of_plain_text_are_those_of_its_nfc_form() {
        // Every character normalised and taken the general way.
        let slowly = |text: &str| -> String {
            let mut key = String::new();
            for c in text.nfc() {
                push_sort_key_of_any(&mut key, c);
            }
            key
        };
        let mut all: String = (0u32..0x300).filter_map(char::from_u32).collect();
        all.push_str(" Go\u{308}teborg Čhavo İstanbul ΣΊΣΥΦΟΣ 東京 ﬁ");
        for text in [
            all.as_str(),
            "Åsa Öberg-Ängel",
            "Café Ñandú 2024",
            "\t\x0b\u{a0}x",
        ] {
            assert_eq!(swedish_sort_key(text), slowly(text), "{text:?}");
        }
    }

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
