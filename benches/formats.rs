//! Benchmark (not a test): CPU time per letter for each format writer, on
//! the real letter of the snapshot tests. `cargo bench --bench formats`.
//! Under `cargo test` it runs each writer once, as a smoke test.

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::hint::black_box;

use coop::render::{docx, eml, html, text};

/// The letter to the CDA council member in Utrecht, as Markdown.
const SNAPSHOT: &str =
    include_str!("../tests/it/snapshots/it__snapshots__brief_utrecht_cda_raadslid_md.snap");

/// CPU time of this thread in µs, so other work on the machine does not count.
#[cfg(unix)]
fn cpu_us() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e6 + ts.tv_nsec as f64 / 1e3
}

/// Elsewhere wall-clock time since the first call.
#[cfg(not(unix))]
fn cpu_us() -> f64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
        * 1e6
}

fn bench(name: &str, rounds: usize, mut f: impl FnMut()) {
    let start = cpu_us();
    for _ in 0..rounds {
        f();
    }
    let each = (cpu_us() - start) / rounds as f64;
    println!("{name:<28} {each:8.1} µs per letter");
}

fn main() {
    let md = SNAPSHOT.splitn(3, "---\n").nth(2).expect("snapshot body");
    let rounds = if std::env::args().any(|a| a == "--bench") {
        5000
    } else {
        1
    };
    let plain = text::to_text(md, 72);
    let page = html::to_html(md, "Verzoek", "nl");
    let mail = eml::Mail {
        subject: "Verzoek om een motie voor wooncoöperaties in Utrecht".into(),
        from: Some(("De Groene Hof".into(), "info@groenehof.nl".into())),
        to: vec![("Jan de Vries".into(), "jan@example.org".into())],
        date: jiff::Timestamp::now(),
        seq: None,
    };
    let meta = docx::DocxMeta {
        title: "Verzoek om een motie voor wooncoöperaties in Utrecht",
        creator: Some("De Groene Hof"),
        created: jiff::Timestamp::now(),
    };
    bench("txt", rounds, || {
        black_box(text::to_text(md, 72));
    });
    bench("html", rounds, || {
        black_box(html::to_html(md, "Verzoek", "nl"));
    });
    bench("eml (txt + html + mail)", rounds, || {
        let plain = text::to_text(md, 72);
        let page = html::to_html(md, "Verzoek", "nl");
        black_box(eml::to_eml(&mail, &plain, &page).expect("eml"));
    });
    bench("eml mail part only", rounds, || {
        black_box(eml::to_eml(&mail, &plain, &page).expect("eml"));
    });
    bench("docx", rounds, || {
        black_box(docx::to_docx(md, &meta).expect("docx"));
    });
}
