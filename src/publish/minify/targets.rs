//! The browsers that published stylesheets and scripts are written for. lightningcss lowers
//! what they lack (`inset` into `top`/`right`/`bottom`/`left`, for one) and the JavaScript
//! minifier writes no syntax they cannot read.
//!
//! The oldest versions that run the bundled theme's search as written (`||=` and Unicode
//! property escapes in regular expressions), all released in 2020: asking for older browsers
//! would lower the stylesheets for readers whose search does not work anyway.

/// Browser (browserslist's name) and major version.
pub const BROWSERS: &[(&str, u32)] = &[
    ("chrome", 85),
    ("edge", 85),
    ("firefox", 79),
    ("safari", 14),
    ("ios_saf", 14),
    ("samsung", 14),
    ("opera", 71),
];

/// The targets in lightningcss's form (`major << 16`).
pub fn lightningcss() -> lightningcss::targets::Targets {
    let mut b = lightningcss::targets::Browsers::default();
    for &(name, major) in BROWSERS {
        let v = Some(major << 16);
        match name {
            "chrome" => b.chrome = v,
            "edge" => b.edge = v,
            "firefox" => b.firefox = v,
            "safari" => b.safari = v,
            "ios_saf" => b.ios_saf = v,
            "samsung" => b.samsung = v,
            "opera" => b.opera = v,
            _ => {}
        }
    }
    lightningcss::targets::Targets::from(b)
}

/// The targets in oxc's form.
pub fn oxc() -> oxc_compat::EngineTargets {
    oxc_compat::EngineTargets::parse_versions(
        BROWSERS
            .iter()
            .map(|&(name, major)| (name.to_string(), major.to_string()))
            .collect(),
    )
}
