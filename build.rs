//! Precomputes, for the built-in data, what every run would otherwise redo:
//! the data as JSON (parses several times faster than YAML) and the search
//! index of `coop rebut` (stems, synonyms, the terms of every objection's
//! phrases, their weights) as static tables. The YAML files stay the
//! source; this is a cache that is rebuilt whenever they change.

use std::collections::BTreeMap;
use std::path::PathBuf;

#[path = "src/matching/analyzer.rs"]
#[allow(dead_code)]
mod analyzer;
#[path = "src/matching/stem.rs"]
#[allow(dead_code)]
mod stem;
#[path = "src/core/text.rs"]
#[allow(dead_code)]
mod text;
/// Lets the shared files name `crate::core::text` and
/// `crate::matching::stem` here as in the library.
mod core {
    pub(crate) use super::text;
}
mod matching {
    pub(crate) use super::stem;
}

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=src/matching/stem.rs");
    println!("cargo:rerun-if-changed=src/core/text.rs");
    println!("cargo:rerun-if-changed=src/matching/analyzer.rs");

    answer_flags(&out);
    template_list(&out);

    let mut index_data = BTreeMap::new();
    for entry in std::fs::read_dir("data").expect("data/ exists") {
        let path = entry.expect("readable data/").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let yaml = std::fs::read_to_string(&path).expect("readable data file");
        // Invalid YAML is reported by the loader at run time, with file and
        // line; here it only means there is no JSON copy to speed things up.
        let value = serde_yaml::from_str::<serde_json::Value>(&yaml).ok();
        let json = match &value {
            Some(v) => serde_json::to_string(v).expect("JSON from a YAML value"),
            None => String::new(),
        };
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        std::fs::write(out.join(format!("{name}.json")), json).expect("writable OUT_DIR");
        if name == "objections" || name == "synonyms" {
            index_data.insert(name, value.unwrap_or_default());
        }
    }
    search_index(&out, &index_data);
    model_table(&out);
}

/// The search index of the built-in objections and synonyms, made by the
/// library's own `analyzer::build_tables`, written as static tables (see
/// `matching::search`). Invalid data gives an empty index here; the loader
/// reports the error at run time.
fn search_index(out: &std::path::Path, data: &BTreeMap<String, serde_json::Value>) {
    let strings = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let list = |name: &str| data.get(name).and_then(|v| v.as_array()).cloned();
    let groups: Vec<Vec<String>> = list("synonyms")
        .unwrap_or_default()
        .iter()
        .map(|g| strings(&g["words"]))
        .collect();
    let objections: Vec<(String, Vec<String>)> = list("objections")
        .unwrap_or_default()
        .iter()
        .map(|o| {
            let mut texts = strings(&o["objection"]);
            texts.extend(strings(&o["also_heard"]));
            texts.extend(strings(&o["keywords"]));
            (o["id"].as_str().unwrap_or_default().to_string(), texts)
        })
        .collect();
    let t = analyzer::build_tables(&groups, &objections);
    let mut rs = String::new();
    let mut n = 0;
    // Each list becomes a named static, referred to by the tables.
    let mut list_of = |rs: &mut String, ty: &str, items: Vec<String>| -> String {
        n += 1;
        rs.push_str(&format!(
            "static L{n}: [{ty}; {}] = [{}];\n",
            items.len(),
            items.join(", ")
        ));
        format!("Cow::Borrowed(&L{n})")
    };
    let s = |x: &str| format!("Cow::Borrowed({x:?})");
    let numbers = |v: &[u32]| -> Vec<String> { v.iter().map(u32::to_string).collect() };
    let mut strings = |rs: &mut String, v: &analyzer::Strings| -> String {
        let ends = list_of(rs, "u32", numbers(&v.ends));
        format!("Strings {{ text: {}, ends: {ends} }}", s(&v.text))
    };
    let v = &t.vocabulary;
    let vocabulary = format!(
        "Vocabulary {{ synonym_stems: {}, synonym_heads: {}, known: {}, raw_words: {}, raw_stems: {} }}",
        strings(&mut rs, &v.synonym_stems),
        strings(&mut rs, &v.synonym_heads),
        strings(&mut rs, &v.known),
        strings(&mut rs, &v.raw_words),
        strings(&mut rs, &v.raw_stems),
    );
    let terms = strings(&mut rs, &t.terms);
    let mut docs = Vec::new();
    for d in t.docs.iter() {
        let u16s = |v: &[u16]| -> Vec<String> { v.iter().map(u16::to_string).collect() };
        let phrase_terms = list_of(&mut rs, "u16", u16s(&d.phrase_terms));
        let phrase_ends = list_of(&mut rs, "u32", numbers(&d.phrase_ends));
        let vocab = list_of(&mut rs, "u16", u16s(&d.vocab));
        let pairs = list_of(
            &mut rs,
            "(u16, u16)",
            d.pairs.iter().map(|(a, b)| format!("({a}, {b})")).collect(),
        );
        docs.push(format!(
            "DocTerms {{ id: {}, phrase_terms: {phrase_terms}, phrase_ends: {phrase_ends}, vocab: {vocab}, pairs: {pairs} }}",
            s(&d.id)
        ));
    }
    let docs = list_of(&mut rs, "DocTerms", docs);
    let idf = list_of(
        &mut rs,
        "f64",
        t.idf.iter().map(|x| format!("{x:?}")).collect(),
    );
    rs.push_str(&format!(
        "pub static TABLES: Tables = Tables {{ vocabulary: {vocabulary}, docs: {docs}, terms: {terms}, idf: {idf}, max_idf: {:?} }};\n",
        t.max_idf
    ));
    std::fs::write(out.join("index.rs"), rs).expect("writable OUT_DIR");
}

/// The weights of the sentence model (src/matching/model.tsv, written by
/// `cargo run --release --example train`) as a static table sorted by
/// feature, so a run looks weights up without parsing anything. Without
/// the file the model is empty and matching uses the phrase scores alone.
fn model_table(out: &std::path::Path) {
    println!("cargo:rerun-if-changed=src/matching/model.tsv");
    let tsv = std::fs::read_to_string("src/matching/model.tsv").unwrap_or_default();
    let mut lines = tsv.lines();
    let classes: Vec<&str> = lines
        .next()
        .and_then(|l| l.strip_prefix("classes\t"))
        .map(|l| l.split('\t').collect())
        .unwrap_or_else(|| vec!["none"]);
    let rows: Vec<(&str, Vec<(u16, f32)>)> = lines
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let feature = cols.next()?;
            let weights = cols
                .map(|c| {
                    let (class, w) = c.split_once(':').expect("class:weight");
                    (
                        class.parse().expect("class number"),
                        w.parse().expect("weight"),
                    )
                })
                .collect();
            Some((feature, weights))
        })
        .collect();
    // Compact and without pointers (a table of pointers would be relocated,
    // written, by the loader on every start). A sentence looks up a few
    // hundred features at random places, so nearly every page of the table
    // is read: its size is the memory a run costs. So:
    // - the top 12 bits of a feature's 64-bit hash pick one of 4096
    //   buckets, and only the low 32 bits are stored (sorted within the
    //   bucket); a name not in the table matches a stored one about once
    //   in 10^8 lookups;
    // - a row's end is a u16 offset from its bucket's first weight;
    // - a weight and its class share a u16: the class in the top 5 bits,
    //   the weight in the low 11 bits in steps of 0.006 (train.rs rounds to
    //   that step, so the table holds model.tsv exactly; a test checks).
    assert!(
        classes.len() <= 1 << (16 - WEIGHT_BITS),
        "at most 32 classes"
    );
    let mut hashed: Vec<(u64, &Vec<(u16, f32)>)> =
        rows.iter().map(|(f, ws)| (feature_hash(f), ws)).collect();
    hashed.sort_by_key(|(h, _)| (h >> BUCKET_SHIFT, *h as u32));
    assert!(
        hashed.windows(2).all(|w| {
            (w[0].0 >> BUCKET_SHIFT, w[0].0 as u32) != (w[1].0 >> BUCKET_SHIFT, w[1].0 as u32)
        }),
        "two features of model.tsv share a key"
    );
    let buckets = 1usize << (64 - BUCKET_SHIFT);
    let mut key_starts = vec![0u32; buckets + 1];
    let mut entry_starts = vec![0u32; buckets + 1];
    let mut keys = Vec::new();
    let mut row_ends = Vec::new();
    let mut entries = Vec::new();
    let mut bucket = 0;
    for (h, ws) in &hashed {
        let b = (h >> BUCKET_SHIFT) as usize;
        while bucket < b {
            bucket += 1;
            key_starts[bucket] = keys.len() as u32;
            entry_starts[bucket] = entries.len() as u32;
        }
        keys.push(format!("{}", *h as u32));
        for (c, w) in ws.iter() {
            // train.rs writes whole steps; an older model.tsv is rounded
            // (and the model's test, which compares the two, then fails).
            let q = (w * 1000.0 / WEIGHT_STEP_MILLI as f32).round() as i32;
            let limit = 1 << (WEIGHT_BITS - 1);
            assert!(-limit <= q && q < limit, "weight {w} out of range");
            let packed = (u32::from(*c) << WEIGHT_BITS) | (q as u32 & ((1 << WEIGHT_BITS) - 1));
            entries.push(format!("{packed}"));
        }
        let end = entries.len() - entry_starts[b] as usize;
        row_ends.push(format!(
            "{}",
            u16::try_from(end).expect("bucket of at most 65535 weights")
        ));
    }
    while bucket < buckets {
        bucket += 1;
        key_starts[bucket] = keys.len() as u32;
        entry_starts[bucket] = entries.len() as u32;
    }
    let mut rs = format!(
        "pub static CLASSES: &[&str] = &{classes:?};\n\
         pub const BUCKET_SHIFT: u32 = {BUCKET_SHIFT};\n\
         pub const WEIGHT_BITS: u32 = {WEIGHT_BITS};\n\
         pub const WEIGHT_STEP_MILLI: i32 = {WEIGHT_STEP_MILLI};\n"
    );
    let mut table = |name: &str, ty: &str, items: &[String]| {
        rs.push_str(&format!(
            "pub static {name}: [{ty}; {}] = [{}];\n",
            items.len(),
            items.join(", ")
        ));
    };
    let numbers = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>();
    table("KEY_STARTS", "u32", &numbers(&key_starts));
    table("ENTRY_STARTS", "u32", &numbers(&entry_starts));
    table("KEYS", "u32", &keys);
    table("ROW_ENDS", "u16", &row_ends);
    table("ENTRIES", "u16", &entries);
    std::fs::write(out.join("model.rs"), rs).expect("writable OUT_DIR");
}

/// The model table's bucket is the hash's top 12 bits.
const BUCKET_SHIFT: u32 = 52;
/// Bits of a weight in a table entry (the class has the other 5).
const WEIGHT_BITS: u32 = 11;
/// Weights are stored in steps of this many thousandths.
const WEIGHT_STEP_MILLI: i32 = 6;

/// FNV-1a, 64 bits, with a final mix so the low bits (stored in the
/// table) depend on every byte as much as the high ones: the key of a
/// feature in the model table. The same function is in
/// src/matching/model.rs (a test checks every feature).
fn feature_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// One `--id` flag of `coop start` per question in data/questions.yaml:
/// (id, value name, help, repeatable). Generated, so a new question needs
/// no code.
fn answer_flags(out: &std::path::Path) {
    let yaml = std::fs::read_to_string("data/questions.yaml").expect("data/questions.yaml");
    let doc: serde_json::Value = serde_yaml::from_str(&yaml).unwrap_or_default();
    let mut rs = String::from("&[\n");
    for q in doc["questions"].as_array().into_iter().flatten() {
        let str_of = |k: &str| q[k].as_str().unwrap_or_default().to_string();
        let (id, kind) = (str_of("id"), str_of("type"));
        let choices: Vec<String> = q["choices"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["value"].as_str().map(str::to_string))
            .collect();
        let (value, extra) = match kind.as_str() {
            "number" => ("GETAL", String::new()),
            "select" => ("KEUZE", format!(" Kies uit: {}.", choices.join(", "))),
            "multiselect" => match q["choices_from"].as_str() {
                Some("roles") => (
                    "IDS",
                    " Ids met komma's (zie coop rollen), of niemand.".into(),
                ),
                Some("objections") => ("IDS", " Ids met komma's (zie coop tegenwerpingen).".into()),
                _ => ("IDS", format!(" Met komma's, uit: {}.", choices.join(", "))),
            },
            "confirm" => ("ja|nee", String::new()),
            "list" => ("LIJST", " Met komma's.".into()),
            "municipality" => ("NAAM", " Naam of CBS-code.".into()),
            "objection-text" => ("TEKST", " Mag vaker.".into()),
            _ => ("TEKST", String::new()),
        };
        let help = format!("{}{extra}", str_of("prompt"));
        let repeat = kind == "objection-text";
        rs.push_str(&format!("    ({id:?}, {value:?}, {help:?}, {repeat}),\n"));
    }
    rs.push(']');
    std::fs::write(out.join("answer_flags.rs"), rs).expect("writable OUT_DIR");
}

/// Every file under templates/, embedded by name ("docs/brief.md.j2"), so a
/// new template needs no list kept by hand.
fn template_list(out: &std::path::Path) {
    fn visit(dir: &std::path::Path, names: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("templates/ exists") {
            let path = entry.expect("readable templates/").path();
            if path.is_dir() {
                visit(&path, names);
            } else if path.extension().is_some_and(|e| e == "j2") {
                names.push(
                    path.strip_prefix("templates")
                        .expect("under templates/")
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    println!("cargo:rerun-if-changed=templates");
    let mut names = Vec::new();
    visit(std::path::Path::new("templates"), &mut names);
    names.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut rs = String::from("&[\n");
    for name in &names {
        println!("cargo:rerun-if-changed=templates/{name}");
        let path = format!("{root}/templates/{name}");
        rs.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    rs.push(']');
    std::fs::write(out.join("templates.rs"), rs).expect("writable OUT_DIR");
}
