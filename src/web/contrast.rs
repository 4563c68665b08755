//! The style sheet's colours meet WCAG 2.1 AA: every rule that sets a text
//! colour or a background is checked against what it stands on, in the
//! light and the dark scheme (4.5:1 for text).

const CSS: &str = include_str!("static/coop.css");

/// (selector, [(property, value)]) of the rules in `css`, without nesting.
fn rules(css: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selector = rest[..open].trim();
        let selector = selector.rsplit("*/").next().unwrap_or(selector).trim();
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let body = &rest[open + 1..open + close];
        let props = body
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
            .collect();
        out.push((selector.to_string(), props));
        rest = &rest[open + close + 1..];
    }
    out
}

fn hex(value: &str) -> Option<[f64; 3]> {
    let h = value.split_whitespace().find(|w| w.starts_with('#'))?;
    let h = &h[1..];
    let full: String = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 => h.to_string(),
        _ => return None,
    };
    let c = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).ok().map(f64::from);
    Some([c(0)?, c(2)?, c(4)?])
}

fn luminance(rgb: [f64; 3]) -> f64 {
    let lin = |v: f64| {
        let s = v / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every too-weak pair in one scheme: `base` are the rules that apply,
/// `page` the body's (text, background), `link` the colour of links.
fn weak(
    base: &[(String, Vec<(String, String)>)],
    page: ([f64; 3], [f64; 3]),
    link: [f64; 3],
) -> Vec<String> {
    let get = |props: &[(String, String)], key: &str| {
        props
            .iter()
            .rev()
            .find(|(p, _)| p == key)
            .and_then(|(_, v)| hex(v))
    };
    // The header's own colours, for the links in it.
    let header = base
        .iter()
        .rev()
        .find(|(s, _)| s == "header.site")
        .and_then(|(_, p)| get(p, "background"))
        .unwrap_or(page.1);
    let mut found = Vec::new();
    for (selector, props) in base {
        let (fg, bg) = (get(props, "color"), get(props, "background"));
        if fg.is_none() && bg.is_none() {
            continue;
        }
        let on_link = selector.contains("skip") || selector.split([' ', ',']).any(|p| p == "a");
        let fg = fg.unwrap_or(if on_link { link } else { page.0 });
        let bg = bg.unwrap_or(if selector.starts_with("header.site") {
            header
        } else {
            page.1
        });
        let ratio = contrast(fg, bg);
        if ratio < 4.5 {
            found.push(format!("{selector}: {ratio:.2}"));
        }
    }
    found
}

#[test]
fn text_colours_meet_wcag_aa_in_the_light_and_the_dark_scheme() {
    let (light_css, dark_css) = CSS
        .split_once("@media (prefers-color-scheme: dark) {")
        .expect("the style sheet has a dark scheme");
    let light = rules(light_css);
    let dark_only = rules(dark_css);
    let white = [255.0; 3];
    let page_light = ([27.0; 3], white);
    let link_light = hex("#0b4f8a").unwrap();
    let mut problems = weak(&light, page_light, link_light);
    // In the dark scheme the light rules still apply, with the dark ones after them.
    let mut dark = light.clone();
    dark.extend(dark_only.clone());
    let body = dark_only
        .iter()
        .find(|(s, _)| s == "body")
        .expect("a dark body");
    let get = |key: &str| {
        body.1
            .iter()
            .find(|(p, _)| p == key)
            .and_then(|(_, v)| hex(v))
            .unwrap()
    };
    let link_dark = dark_only
        .iter()
        .find(|(s, _)| s == "a")
        .and_then(|(_, p)| {
            p.iter()
                .find(|(k, _)| k == "color")
                .and_then(|(_, v)| hex(v))
        })
        .unwrap();
    // A rule the dark scheme overrides is judged with its dark colours only.
    let merged: Vec<(String, Vec<(String, String)>)> = dark
        .iter()
        .map(|(s, p)| {
            let mut props = p.clone();
            let parts = |sel: &str| {
                sel.split(',')
                    .map(|x| x.trim().to_string())
                    .collect::<Vec<_>>()
            };
            for (ds, dp) in &dark_only {
                if parts(ds).iter().any(|d| parts(s).contains(d)) {
                    props.extend(dp.clone());
                }
            }
            (s.clone(), props)
        })
        .collect();
    problems.extend(
        weak(&merged, (get("color"), get("background")), link_dark)
            .into_iter()
            .map(|p| format!("donker: {p}")),
    );
    assert!(problems.is_empty(), "too little contrast: {problems:?}");
    assert!(contrast(page_light.0, white) > 15.0);
}
