//! Load for `coop serve` (used by benches/serve.sh, not a test):
//!
//! 1. latency of a rebuttal page and a letter page, one request at a time:
//!    the time at the server (its Server-Timing header) and at the client;
//! 2. 50 clients for 10 seconds, each sending in turn a rebuttal, a letter,
//!    a journal page and a new journal event; every answer must be right
//!    (200, or 303 for a saved event) and every saved event must be in the
//!    journal afterwards.
//!
//! Usage: serve_load HOST:PORT FOLDER [SECONDS] [CLIENTS]

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Answer {
    status: u16,
    server_ms: f64,
    client_ms: f64,
}

fn send(host: &str, method: &str, path: &str, body: Option<&str>) -> std::io::Result<Answer> {
    let start = Instant::now();
    let mut s = TcpStream::connect(host)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nOrigin: http://{host}\r\n"
    );
    if let Some(b) = body {
        req.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{b}",
            b.len()
        ));
    } else {
        req.push_str("\r\n");
    }
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let client_ms = start.elapsed().as_secs_f64() * 1000.0;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let server_ms = text
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("server-timing: app;dur=")
                .map(str::to_string)
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN);
    Ok(Answer {
        status,
        server_ms,
        client_ms,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

const REBUT: &str = "/weerleg?tekst=Wij+zien+geen+vraag+naar+wooncooperaties.+Jullie+willen+alleen+maar+goedkope+grond.";
const LETTER: &str = "soort=brief&aan=fractie&partij=VVD";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let host = args.get(1).expect("HOST:PORT").clone();
    let folder = std::path::PathBuf::from(args.get(2).expect("FOLDER"));
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let clients: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(50);

    // The session's form token, from the journal page.
    let page = {
        let mut s = TcpStream::connect(&host).unwrap();
        write!(
            s,
            "GET /journaal HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut t = String::new();
        s.read_to_string(&mut t).unwrap();
        t
    };
    let marker = "name=\"csrf\" value=\"";
    let i = page.find(marker).expect("csrf on the journal page") + marker.len();
    let csrf = page[i..].split('"').next().unwrap().to_string();

    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "page (one at a time, 200 runs)", "server med", "server p95", "client med"
    );
    for (label, method, path, body) in [
        ("rebuttal (GET /weerleg, 2 zinnen)", "GET", REBUT, None),
        (
            "letter (POST /documenten, VVD)",
            "POST",
            "/documenten",
            Some(LETTER),
        ),
        (
            "Word file (POST /documenten/download)",
            "POST",
            "/documenten/download",
            Some("soort=brief&aan=fractie&partij=VVD&formaat=docx"),
        ),
    ] {
        let mut server = Vec::new();
        let mut client = Vec::new();
        for _ in 0..200 {
            let a = send(&host, method, path, body).unwrap();
            assert_eq!(a.status, 200, "{label}");
            server.push(a.server_ms);
            client.push(a.client_ms);
        }
        println!(
            "{label:<40} {:>9.2} ms {:>9.2} ms {:>9.2} ms",
            median(server.clone()),
            p95(server),
            median(client)
        );
    }

    let ok = Arc::new(AtomicUsize::new(0));
    let saved = Arc::new(AtomicUsize::new(0));
    let wrong = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (host, csrf) = (host.clone(), csrf.clone());
            let (ok, saved, wrong) = (ok.clone(), saved.clone(), wrong.clone());
            std::thread::spawn(move || {
                let mut n = 0usize;
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let result = match n % 4 {
                        0 => send(&host, "GET", REBUT, None).map(|a| (a, 200)),
                        1 => send(&host, "POST", "/documenten", Some(LETTER)).map(|a| (a, 200)),
                        2 => send(&host, "GET", "/journaal", None).map(|a| (a, 200)),
                        _ => {
                            let body = format!(
                                "csrf={csrf}&soort=actie&datum=2026-03-14&samenvatting=Last+{c}-{n}"
                            );
                            send(&host, "POST", "/journaal/nieuw", Some(&body)).map(|a| (a, 303))
                        }
                    };
                    match result {
                        Ok((a, want)) if a.status == want => {
                            ok.fetch_add(1, Ordering::Relaxed);
                            if want == 303 {
                                saved.fetch_add(1, Ordering::Relaxed);
                            }
                            latencies.push(a.client_ms);
                        }
                        Ok((a, _)) => {
                            eprintln!("client {c}: status {}", a.status);
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            eprintln!("client {c}: {e}");
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    n += 1;
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in threads {
        all.extend(t.join().unwrap());
    }
    let text = std::fs::read_to_string(folder.join("journaal.yaml")).unwrap();
    let journal =
        coop::core::journal::store::parse("journaal.yaml", &text).expect("the journal reads back");
    let events = journal.gebeurtenissen.len();
    let saved = saved.load(Ordering::Relaxed);
    println!();
    println!(
        "{clients} clients, {seconds} s: {} answers right, {} wrong; median {:.1} ms, p95 {:.1} ms",
        ok.load(Ordering::Relaxed),
        wrong.load(Ordering::Relaxed),
        median(all.clone()),
        p95(all)
    );
    println!("journal: {saved} events saved, {events} in journaal.yaml");
    let profile = std::fs::read_to_string(folder.join("coop.yaml")).unwrap();
    coop::core::profile::parse("coop.yaml", &profile).expect("coop.yaml reads back");
    assert_eq!(wrong.load(Ordering::Relaxed), 0, "some answers were wrong");
    assert_eq!(events, saved, "events were lost");
    println!("nothing lost, every file reads back");
}
