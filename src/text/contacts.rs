//! Finds e-mail addresses and Swedish phone numbers in text, so that personal contact details
//! are not published by mistake. Hand-written scanners, linear in the text: a false alarm can
//! be silenced with `allowed_contacts` in `[check]`; a missed number cannot, so they lean
//! towards finding too much, within the formats Swedish text actually uses.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    Email,
    Phone,
}

/// A contact detail found at `start..end` (byte offsets) of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub kind: ContactKind,
    pub start: usize,
    pub end: usize,
    /// Lowercase address, or the phone number's digits in national form (`0701234567`).
    pub normalized: String,
}

/// Every e-mail address and phone number in `text`, in order.
pub fn scan(text: &str) -> Vec<Contact> {
    let mut found = emails(text);
    found.extend(phones(text));
    found.sort_by_key(|c| c.start);
    // `070-123 45 67_anna@x.se` is read both ways; the first reading wins.
    let mut end = 0;
    found.retain(|c| {
        let keep = c.start >= end;
        if keep {
            end = c.end;
        }
        keep
    });
    found
}

/// The form an entry of `allowed_contacts` is compared in.
pub fn normalize(entry: &str) -> String {
    let entry = entry.trim();
    if entry.contains('@') {
        entry.to_lowercase()
    } else {
        national_digits(entry)
    }
}

/// `+46 (0)8-123 456 78` → `0812345678`.
fn national_digits(s: &str) -> String {
    let s = s.trim();
    let rest = s
        .strip_prefix("+46")
        .or_else(|| s.strip_prefix("0046"))
        .map(|r| r.replacen("(0)", "", 1));
    let digits: String = rest
        .as_deref()
        .unwrap_or(s)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if rest.is_some() && !digits.starts_with('0') {
        format!("0{digits}")
    } else {
        digits
    }
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

fn emails(text: &str) -> Vec<Contact> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'@', &bytes[from..]).map(|i| i + from) {
        from = i + 1;
        let mut start = i;
        while start > 0 && is_local_char(bytes[start - 1]) {
            start -= 1;
        }
        // A handle such as @namn@server.se, or a path such as /@namn, is not an address.
        if start == i || (start > 0 && matches!(bytes[start - 1], b'@' | b'/')) {
            continue;
        }
        let local = text[start..i].trim_start_matches(['.', '-', '+']);
        let start = i - local.len();
        if local.is_empty() {
            continue;
        }
        let domain_len: usize = text[i + 1..]
            .chars()
            .take_while(|c| is_domain_char(*c))
            .map(char::len_utf8)
            .sum();
        let domain = text[i + 1..i + 1 + domain_len].trim_end_matches(['.', '-']);
        let Some((_, tld)) = domain.rsplit_once('.') else {
            continue;
        };
        if tld.chars().count() < 2 || !tld.chars().all(char::is_alphabetic) {
            continue;
        }
        let end = i + 1 + domain.len();
        out.push(Contact {
            kind: ContactKind::Email,
            start,
            end,
            normalized: text[start..end].to_lowercase(),
        });
        from = end;
    }
    out
}

/// Characters that, right before a digit, show it continues something else (a date, a case
/// number, a path, a decimal number) rather than starting a phone number.
fn continues_something(c: char) -> bool {
    c.is_alphanumeric() || "-–/._=#%,+".contains(c)
}

fn phones(text: &str) -> Vec<Contact> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    // A number starts with `+` or `0`: the rest of the text is passed over (every page is
    // scanned on every build).
    while let Some(at) = memchr::memchr2(b'+', b'0', &bytes[from..]) {
        let i = from + at;
        if !text[..i]
            .chars()
            .next_back()
            .is_some_and(continues_something)
            && let Some((end, digits)) = phone_at(text, i)
        {
            out.push(Contact {
                kind: ContactKind::Phone,
                start: i,
                end,
                normalized: digits,
            });
            from = end;
            continue;
        }
        from = i + 1;
    }
    out
}

/// A phone number starting at byte `start`: its end and its digits in national form.
fn phone_at(text: &str, start: usize) -> Option<(usize, String)> {
    let rest = &text[start..];
    let (mut pos, international) = if rest.starts_with("+46") {
        (start + 3, true)
    } else if rest.starts_with("0046") {
        (start + 4, true)
    } else if rest.starts_with('0')
        && rest
            .as_bytes()
            .get(1)
            .is_some_and(|b| (b'1'..=b'9').contains(b))
    {
        (start, false)
    } else {
        return None;
    };
    let bytes = text.as_bytes();
    let mut digits = String::new();
    if international {
        digits.push('0');
        // "+46 8…", "+46-8…", "+46 (0)8…", "+468…"
        if matches!(bytes.get(pos), Some(b' ' | b'-')) {
            pos += 1;
        }
        if text[pos..].starts_with("(0)") {
            pos += 3;
            if bytes.get(pos) == Some(&b' ') {
                pos += 1;
            }
        } else if bytes.get(pos) == Some(&b'0') {
            pos += 1;
        }
        if !bytes.get(pos).is_some_and(|b| (b'1'..=b'9').contains(b)) {
            return None;
        }
    }
    // Groups of digits separated by one space or hyphen.
    let mut groups: Vec<usize> = Vec::new();
    let mut separators: Vec<u8> = Vec::new();
    loop {
        let group_start = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            digits.push(bytes[pos] as char);
            pos += 1;
        }
        groups.push(pos - group_start);
        if digits.len() > 10 {
            return None;
        }
        match (bytes.get(pos), bytes.get(pos + 1)) {
            (Some(&s @ (b' ' | b'-')), Some(next)) if next.is_ascii_digit() => {
                separators.push(s);
                pos += 1;
            }
            _ => break,
        }
    }
    if !(8..=10).contains(&digits.len()) {
        return None;
    }
    // The number must end here, not run on into a word or another number.
    if text[pos..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    // Without separators only a mobile number (07x…, ten digits) or an international one is
    // recognisable; other runs of digits are more often identifiers.
    if separators.is_empty() && !(international || (digits.starts_with("07") && digits.len() == 10))
    {
        return None;
    }
    // "05 06 07 08" is a list of numbers: with spaces only, the subscriber part starts with a
    // group of three or more digits, as in "070 123 45 67".
    if !international && separators.first() == Some(&b' ') && groups.get(1).is_none_or(|g| *g < 3) {
        return None;
    }
    Some((pos, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn finds_swedish_phone_numbers() {
        for n in [
            "070-123 45 67",
            "08-123 456 78",
            "031-12 34 56",
            "0980-123 45",
            "070 123 45 67",
            "0701234567",
            "+46 70 123 45 67",
            "+46 (0)8-123 456 78",
            "+46812345678",
        ] {
            assert_eq!(found(&format!("Ring {n}.")), [n], "{n}");
        }
        assert_eq!(normalize("+46 (0)8-123 456 78"), "0812345678");
        assert_eq!(normalize("08-123 456 78"), "0812345678");
        assert_eq!(scan("Ring +46 70 123 45 67")[0].normalized, "0701234567");
    }

    #[test]
    fn dates_years_and_case_numbers_are_not_phone_numbers() {
        for text in [
            "date = 2018-05-16",
            "2012–2015 och 2016-2020",
            "KSN-2012-0927",
            "Tabell: 05 06 07 08",
            "0-6 år",
            "Summa 0,5 miljoner",
            "https://example.se/sida/08-123-456-78",
            "org.nr 212000-0142",
            "012345678",
            "kl. 08.30-12.00",
        ] {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn overlapping_readings_are_reported_once() {
        assert_eq!(found("070-123 45 67_anna@boras.se"), ["070-123 45 67"]);
    }

    #[test]
    fn finds_email_addresses_but_not_handles() {
        assert_eq!(
            found("Skriv till anna.svensson@boras.se eller <info@kommun.se>."),
            ["anna.svensson@boras.se", "info@kommun.se"]
        );
        assert_eq!(
            found("[mejla](mailto:Per.Persson@Example.ORG)"),
            ["Per.Persson@Example.ORG"]
        );
        assert_eq!(
            scan("Per.Persson@Example.ORG")[0].normalized,
            "per.persson@example.org"
        );
        assert!(found("@namn@mastodon.social och a@b och x@y.1").is_empty());
    }
}
