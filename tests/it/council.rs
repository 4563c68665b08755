//! Council facts from open data: `coop data importeer` (Kiesraad EML 520
//! and 510, the results CSV, the organisations register; single files and
//! zips; hostile and wrong input), `coop raad` and `coop raad zet`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{coop, json_of};

const SAMPLES: &str = "tests/data/council";

/// A zip at `path` holding the named samples, under `folder` inside it.
fn zip_of_samples(path: &Path, folder: &str, names: &[&str]) -> PathBuf {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for name in names {
        zip.start_file(
            format!("{folder}{name}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&std::fs::read(sample(name)).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
    path.to_path_buf()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLES)
        .join(name)
}

fn import(dir: &Path, kind: &str, files: &[PathBuf]) -> std::process::Output {
    coop()
        .args(["data", "importeer", kind])
        .args(files)
        .arg("--out")
        .arg(dir)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn council_json(dir: &Path, gemeente: &str) -> serde_json::Value {
    json_of(coop().arg("--data").arg(dir).args([
        "raad",
        "--gemeente",
        gemeente,
        "--format",
        "json",
    ]))
}

#[test]
fn eml_520_with_510_votes_and_the_awkward_cases() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(
        dir.path(),
        "kiesraad",
        &[
            sample("GR2026_Groningen.eml.xml"),
            sample("Telling_GR2026_Groningen.eml.xml"),
            sample("GR2026_Weesp.eml.xml"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A municipality merged since the election is reported, not written.
    let err = text(&out.stderr);
    assert!(err.contains("niet ingelezen: GM0457 (Weesp)"), "{err}");
    assert!(err.contains("opgegaan in Amsterdam"), "{err}");
    assert!(text(&out.stdout).contains("Ingelezen: 1 gemeente"));

    let v = council_json(dir.path(), "Groningen");
    let uitslag = &v["uitslag"];
    assert_eq!(uitslag["verkiezing"], "GR2026");
    assert_eq!(uitslag["zetels_totaal"], 4);
    let labels: Vec<&str> = uitslag["partijen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    // Largest first; the party with zero seats is not in the council; the
    // list without a name is named by its number and first candidate.
    assert_eq!(
        labels,
        [
            "GROENLINKS / Partij van de Arbeid (PvdA) (2 zetels)",
            "Stadspartij 100% voor Groningen (1 zetel)",
            "Lijst 3 (blanco, eerste kandidaat Jan Hoekstra & Zn) (1 zetel)",
        ]
    );
    assert_eq!(uitslag["partijen"][0]["stemmen"], 21034);
    assert_eq!(
        uitslag["partijen"][0]["gekozen"],
        serde_json::json!(["Anke van der Molen", "K. Bakker"])
    );
    let h = &uitslag["herkomst"];
    assert_eq!(h["bron"], "Kiesraad");
    assert_eq!(h["datum_gegevens"], "2026-03-23");
    assert!(h["bestand"]
        .as_str()
        .unwrap()
        .ends_with("GR2026_Groningen.eml.xml"));
    assert!(h["datum_import"].as_str().unwrap().starts_with("20"));
    assert_eq!(v["wethouder_wonen"]["status"], "onbekend");
}

#[test]
fn results_csv_as_published_and_in_a_zip() {
    let dir = tempfile::tempdir().unwrap();
    // The CSV as downloaded, inside a zip.
    let zip_path = zip_of_samples(&dir.path().join("uitslag.zip"), "", &["uitslag_GR2026.csv"]);
    let data = dir.path().join("data");
    let out = import(&data, "kiesraad", &[zip_path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // G0457 keeps its leading zero and is Weesp, merged since the election.
    assert!(text(&out.stderr).contains("GM0457 (Weesp)"));
    // One row per value: seats, votes and the elected candidates per list.
    let v = council_json(&data, "Aa en Hunze");
    assert_eq!(
        v["uitslag"]["partijen"][0]["label"],
        "Gemeentebelangen Aa en Hunze (5 zetels)"
    );
    assert_eq!(v["uitslag"]["partijen"][0]["stemmen"], 4100);
    assert_eq!(v["uitslag"]["partijen"][0]["gekozen"][1], "Bert van Dijk");
    let utrecht = council_json(&data, "Utrecht");
    let names: Vec<&str> = utrecht["uitslag"]["partijen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["naam"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "GROENLINKS / Partij van de Arbeid (PvdA)",
            "VVD",
            "Student & Starter",
            "Lijst 5 (blanco)"
        ]
    );
}

#[test]
fn the_count_csv_adds_votes_to_the_eml_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(
        dir.path(),
        "kiesraad",
        &[
            sample("GR2026_Groningen.eml.xml"),
            sample("osv4-3_telling_gr2026_groningen.csv"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = council_json(dir.path(), "Groningen");
    let parties = &v["uitslag"]["partijen"];
    assert_eq!(parties[0]["stemmen"], 21034);
    // The list without a name gets its votes by its number.
    assert_eq!(
        parties[2]["naam"],
        "Lijst 3 (blanco, eerste kandidaat Jan Hoekstra & Zn)"
    );
    assert_eq!(parties[2]["stemmen"], 4000);
}

#[test]
fn a_reimport_replaces_and_reports_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let first = import(dir.path(), "kiesraad", &[sample("uitslag_GR2026.csv")]);
    assert!(first.status.success());
    let changed = dir.path().join("herteld.csv");
    std::fs::write(
        &changed,
        "Verkiezing;Regio;RegioCode;Partij;Stemmen;Zetels\n\
         GR2026;Utrecht;GM0344;GROENLINKS / Partij van de Arbeid (PvdA);60123;12\n\
         GR2026;Utrecht;GM0344;VVD;30000;5\n\
         GR2026;Utrecht;GM0344;Student & Starter;12000;2\n\
         GR2026;Utrecht;GM0344;SP;6000;1\n\
         GR2026;Utrecht;GM0344;;5000;1\n",
    )
    .unwrap();
    let out = import(dir.path(), "kiesraad", &[changed]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("Gewijzigd: 1."), "{report}");
    assert!(report.contains("VVD: 6 zetels → 5 zetels"), "{report}");
    assert!(report.contains("nieuwe partij SP (1 zetel)"), "{report}");
    // Aa en Hunze from the first import stays.
    let v = council_json(dir.path(), "Aa en Hunze");
    assert_eq!(v["uitslag"]["zetels_totaal"], 8);
}

/// A refused file: exit 3, a Dutch message, and nothing written.
fn refused(file: &Path, kind: &str, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("data");
    let out = import(&out_dir, kind, &[file.to_path_buf()]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{}: {err}", file.display());
    assert!(err.contains(expect), "{}: {err}", file.display());
    assert!(!out_dir.exists(), "nothing may be written");
}

#[test]
fn wrong_and_hostile_files_are_refused_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str, body: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path
    };
    refused(
        &sample("Kandidatenlijsten_GR2026_Groningen.eml.xml"),
        "kiesraad",
        "kandidatenlijst",
    );
    refused(
        &sample("TK2025.eml.xml"),
        "kiesraad",
        "andere verkiezing (TK)",
    );
    refused(
        &sample("exportOO_gemeenten.xml"),
        "kiesraad",
        "geen uitslag van de Kiesraad",
    );
    refused(
        &sample("GR2026_Groningen.eml.xml"),
        "organisaties",
        "geen export van het register",
    );
    let laughs = p(
        "laughs.xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">]><EML Id=\"520\"><x>&lol2;</x></EML>",
    );
    refused(&laughs, "kiesraad", "DOCTYPE");
    let xxe = p(
        "xxe.xml",
        b"<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><p:overheidsorganisaties xmlns:p=\"x\"><p:naam>&e;</p:naam></p:overheidsorganisaties>",
    );
    refused(&xxe, "organisaties", "DOCTYPE");
    let undeclared = p("undeclared.xml", b"<EML Id=\"520\"><x>&e;</x></EML>");
    refused(&undeclared, "kiesraad", "onbekende entiteit");
    // A zip cut off halfway.
    let zip_path = zip_of_samples(
        &dir.path().join("heel.zip"),
        "",
        &["GR2026_Groningen.eml.xml"],
    );
    let bytes = std::fs::read(&zip_path).unwrap();
    let cut = p("half.zip", &bytes[..bytes.len() / 2]);
    refused(
        &cut,
        "kiesraad",
        "zipbestand is beschadigd of niet compleet",
    );
    // A truncated XML file.
    let xml = std::fs::read(sample("GR2026_Groningen.eml.xml")).unwrap();
    let half = p("half.xml", &xml[..xml.len() / 2]);
    refused(&half, "kiesraad", "compleet");
    // A file of 1 GB (sparse: it takes no disk space) is refused before it is read.
    let big = dir.path().join("groot.xml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let start = std::time::Instant::now();
    refused(&big, "kiesraad", "hoogstens 128 MB");
    assert!(start.elapsed().as_secs() < 5);
    // A CSV without the columns of a result.
    let csv = p("ander.csv", b"naam;adres\nDe Vonk;Straat 1\n");
    refused(&csv, "kiesraad", "geen CSV met een uitslag");
}

#[test]
fn without_a_data_dir_the_import_goes_to_coop_data_next_to_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args(["data", "importeer", "kiesraad"])
        .arg(sample("uitslag_GR2026.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("coop-data/council_results.yaml"));
    // Every later command in this folder finds it without --data.
    let council = council_json_in(dir.path(), "Utrecht");
    assert!(council["uitslag"]["partijen"].is_array(), "{council}");
    // With --profiel elsewhere, coop-data is next to that coop.yaml.
    let other = dir.path().join("groep");
    std::fs::create_dir(&other).unwrap();
    let out = coop()
        .current_dir(dir.path())
        .args([
            "--profiel",
            "groep/coop.yaml",
            "data",
            "importeer",
            "kiesraad",
        ])
        .arg(sample("uitslag_GR2026.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(other.join("coop-data/council_results.yaml").is_file());
}

fn council_json_in(dir: &Path, gemeente: &str) -> serde_json::Value {
    json_of(
        coop()
            .current_dir(dir)
            .args(["raad", "--gemeente", gemeente, "--format", "json"]),
    )
}

#[test]
fn the_register_gives_the_griffie_and_the_municipality() {
    let dir = tempfile::tempdir().unwrap();
    let out = import(
        dir.path(),
        "organisaties",
        &[sample("exportOO_gemeenten.xml")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Gemeente Zonder Code staat in het bestand zonder CBS-code"));
    let v = council_json(dir.path(), "Utrecht");
    assert_eq!(
        v["griffie_adres"]["regels"],
        serde_json::json!(["Postbus 16200", "3500 CE Utrecht"])
    );
    assert_eq!(v["griffie_email"]["tekst"], "griffie@voorbeeld-utrecht.nl");
    assert_eq!(
        v["griffie_email"]["herkomst"]["bron"],
        "Register van overheidsorganisaties"
    );
    assert_eq!(
        v["griffie_email"]["herkomst"]["datum_gegevens"],
        "2026-11-20"
    );
    // The merged Weesp is reported, not written.
    assert!(
        text(&out.stderr).contains("GM0457 (Gemeente Weesp)"),
        "{}",
        text(&out.stderr)
    );
    // Aa en Hunze: the griffie's address is an e-mail address labelled griffie.
    let aa = council_json(dir.path(), "Aa en Hunze");
    assert_eq!(
        aa["griffie_email"]["tekst"],
        "griffie@voorbeeld-aaenhunze.nl"
    );
    // Groningen has no griffie in the register: unknown, with where to look.
    let g = council_json(dir.path(), "Groningen");
    assert_eq!(g["griffie_email"]["status"], "onbekend");
    assert_eq!(
        g["gemeente_adres"]["regels"],
        serde_json::json!(["Postbus 30026", "9700 RM Groningen"])
    );
}

#[test]
fn the_user_records_a_fact_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    // Without --bron: a usage error.
    let out = coop()
        .arg("--data")
        .arg(dir.path())
        .args([
            "raad",
            "zet",
            "wethouder-wonen",
            "Anna de Vries",
            "--gemeente",
            "Almere",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = coop()
        .arg("--data")
        .arg(dir.path())
        .args([
            "raad",
            "zet",
            "wethouder-wonen",
            "Anna de Vries (D66)",
            "--bron",
            "eigen waarneming, 12-11-2026",
            "--gemeente",
            "Almere",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = council_json(dir.path(), "Almere");
    assert_eq!(v["wethouder_wonen"]["tekst"], "Anna de Vries (D66)");
    assert_eq!(
        v["wethouder_wonen"]["herkomst"]["bron"],
        "eigen waarneming, 12-11-2026"
    );
    // Nothing is built in: without imports everything is unknown.
    let bare = json_of(coop().args(["raad", "--gemeente", "Almere", "--format", "json"]));
    assert_eq!(bare["uitslag"]["status"], "onbekend");
    assert_eq!(bare["wethouder_wonen"]["status"], "onbekend");
}

/// A data dir with the Groningen result (520) and the register export.
fn imported() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (kind, files) in [
        (
            "kiesraad",
            vec![
                sample("GR2026_Groningen.eml.xml"),
                sample("Telling_GR2026_Groningen.eml.xml"),
                sample("uitslag_GR2026.csv"),
            ],
        ),
        ("organisaties", vec![sample("exportOO_gemeenten.xml")]),
    ] {
        let out = import(dir.path(), kind, &files);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    dir
}

#[test]
fn letters_use_the_griffie_address_and_say_where_it_comes_from() {
    let dir = imported();
    let letter = crate::common::stdout_of(coop().arg("--data").arg(dir.path()).args([
        "brief",
        "--gemeente",
        "Utrecht",
        "--datum",
        "2026-11-27",
    ]));
    assert!(
        letter.contains("t.a.v. de griffie\\\nPostbus 16200\\\n3500 CE Utrecht"),
        "{letter}"
    );
    let json = json_of(coop().arg("--data").arg(dir.path()).args([
        "brief",
        "--gemeente",
        "Utrecht",
        "--format",
        "json",
    ]));
    let herkomst = &json["context"]["gemeente"]["raad_herkomst"][0];
    assert_eq!(herkomst["bron"], "Register van overheidsorganisaties");
    assert!(herkomst["bestand"]
        .as_str()
        .unwrap()
        .ends_with("exportOO_gemeenten.xml"));
    // The e-mail draft to the griffie goes to the griffie's address.
    let eml = crate::common::stdout_of(coop().arg("--data").arg(dir.path()).args([
        "brief",
        "--gemeente",
        "Utrecht",
        "--aan",
        "griffie",
        "--format",
        "eml",
    ]));
    assert!(eml.contains("griffie@voorbeeld-utrecht.nl"), "{eml}");
    // Without imports nothing changes: no address is made up.
    let bare = crate::common::stdout_of(coop().args(["brief", "--gemeente", "Utrecht"]));
    assert!(!bare.contains("Postbus"));
}

#[test]
fn the_manifest_addresses_the_parties_in_the_council() {
    let dir = imported();
    let out = coop()
        .arg("--data")
        .arg(dir.path())
        .args(["manifest", "--gemeente", "Groningen", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = v["context"]["partijen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["naam"].as_str().unwrap())
        .collect();
    // Largest first (then by votes), local parties by their real names;
    // no national party without seats.
    assert_eq!(
        names,
        [
            "GROENLINKS / Partij van de Arbeid (PvdA) (2 zetels)",
            "Stadspartij 100% voor Groningen (1 zetel)",
            "Lijst 3 (blanco, eerste kandidaat Jan Hoekstra & Zn) (1 zetel)",
        ]
    );
    assert_eq!(v["context"]["raad_herkomst"]["bron"], "Kiesraad");
    // --partijen still wins.
    let named = json_of(coop().arg("--data").arg(dir.path()).args([
        "manifest",
        "--gemeente",
        "Groningen",
        "--partijen",
        "SP",
        "--format",
        "json",
    ]));
    assert_eq!(named["context"]["partijen"][0]["naam"], "SP");
    assert!(named["context"]["raad_herkomst"].is_null());
}

#[test]
fn one_letter_per_party_and_per_elected_member() {
    let dir = imported();
    let out_dir = dir.path().join("fracties");
    let out = coop()
        .arg("--data")
        .arg(dir.path())
        .args([
            "brief",
            "--gemeente",
            "Groningen",
            "--aan",
            "fracties",
            "--out",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "groenlinks-partij-van-de-arbeid-pvda.md",
            "lijst-3-blanco-eerste-kandidaat-jan-hoekstra-zn.md",
            "stadspartij-100-voor-groningen.md"
        ]
    );
    let local = std::fs::read_to_string(out_dir.join("stadspartij-100-voor-groningen.md")).unwrap();
    assert!(local.contains("Aan de fractie van Stadspartij 100% voor Groningen"));
    // Elected members: names from the 520 file, letters via the griffie,
    // no e-mail address made up.
    let leden = dir.path().join("leden");
    let out = coop()
        .arg("--data")
        .arg(dir.path())
        .args([
            "brief",
            "--gemeente",
            "Groningen",
            "--aan",
            "raadsleden",
            "--format",
            "eml",
            "--out",
        ])
        .arg(&leden)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let anke = std::fs::read_to_string(leden.join("anke-van-der-molen.eml")).unwrap();
    assert!(anke.contains("p/a de griffie"), "{anke}");
    assert!(!anke.contains("To:"), "no guessed address: {anke}");
    assert_eq!(std::fs::read_dir(&leden).unwrap().count(), 4);
    // The CSV has no names: say so instead of writing nothing.
    let out = coop()
        .arg("--data")
        .arg(dir.path())
        .args([
            "brief",
            "--gemeente",
            "Utrecht",
            "--aan",
            "raadsleden",
            "--out",
        ])
        .arg(dir.path().join("utrecht"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("geen namen van gekozen raadsleden"));
    // Without an imported result: where to get it.
    let out = coop()
        .args([
            "brief",
            "--gemeente",
            "Almere",
            "--aan",
            "fracties",
            "--out",
        ])
        .arg(dir.path().join("almere"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("coop data importeer kiesraad"));
}

#[test]
fn municipalities_where_a_party_holds_seats_and_the_council_on_the_page() {
    let dir = imported();
    let rows = json_of(coop().arg("--data").arg(dir.path()).args([
        "gemeenten",
        "--partij",
        "GroenLinks-PvdA",
        "--format",
        "json",
    ]));
    let found: Vec<(&str, u64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["zetels"].as_u64().unwrap()))
        .collect();
    // The joint list "GROENLINKS / Partij van de Arbeid (PvdA)" is that party.
    assert_eq!(found, [("GM0014", 2), ("GM0344", 12)]);
    let local = json_of(coop().arg("--data").arg(dir.path()).args([
        "gemeenten",
        "--partij",
        "Stadspartij 100% voor Groningen",
        "--format",
        "json",
    ]));
    assert_eq!(local.as_array().unwrap().len(), 1);
    let page = crate::common::stdout_of(coop().arg("--data").arg(dir.path()).args([
        "gemeente",
        "Groningen",
        "--format",
        "md",
    ]));
    assert!(
        page.contains("GROENLINKS / Partij van de Arbeid (PvdA) (2 zetels), Stadspartij 100% voor Groningen (1 zetel)"),
        "{page}"
    );
}

#[test]
fn a_zip_as_downloaded_skips_candidate_lists_but_a_lone_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = zip_of_samples(
        &dir.path().join("GR2026.zip"),
        "GR2026/",
        &[
            "Kandidatenlijsten_GR2026_Groningen.eml.xml",
            "GR2026_Groningen.eml.xml",
            "Telling_GR2026_Groningen.eml.xml",
        ],
    );
    let data = dir.path().join("data");
    let out = import(&data, "kiesraad", &[zip_path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 bestand in de zip is geen telling of uitslag"));
    let v = council_json(&data, "Groningen");
    assert_eq!(v["uitslag"]["partijen"][0]["stemmen"], 21034);
    // A hand-edited overlay with a code that is no municipality: exit 3.
    std::fs::write(
        data.join("council_facts.yaml"),
        "- code: GM9999\n  fact: commissie\n  value: Wonen\n  origin: {source: x, imported: 2026-11-29}\n",
    )
    .unwrap();
    let out = coop()
        .arg("--data")
        .arg(&data)
        .args(["raad", "--gemeente", "Groningen"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("GM9999 is geen gemeente"));
}

#[test]
fn data_check_knows_the_council_files() {
    let dir = imported();
    let out = coop()
        .args(["data", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("wordt niet gelezen"));
    assert!(text(&out.stdout).contains("council_results.yaml"));
}
