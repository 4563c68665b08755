//! `coop gemeente`, `coop gemeenten` and `coop partijen`.

use crate::common::{coop, json_of, stdout_of};
use predicates::prelude::*;

fn code_of(name: &str) -> String {
    let v = json_of(coop().args(["gemeente", "--format", "json", name]));
    v["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: {v}"))
        .to_string()
}

#[test]
fn all_342_municipalities_with_unique_codes_and_names() {
    let v = json_of(coop().args(["gemeenten", "--format", "json"]));
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 342);
    let mut codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 342);
    let mut names: Vec<&str> = rows
        .iter()
        .map(|r| r["cbs_naam"].as_str().unwrap())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 342);
}

#[test]
fn every_municipality_resolves_by_name_folded_name_and_code() {
    let v = json_of(coop().args(["gemeenten", "--format", "json"]));
    let kb = coop::core::kb::Kb::load(None).unwrap();
    for r in v.as_array().unwrap() {
        let code = r["code"].as_str().unwrap();
        for typed in [
            r["cbs_naam"].as_str().unwrap().to_string(),
            coop::core::text::fold(r["cbs_naam"].as_str().unwrap()),
            code.to_lowercase(),
        ] {
            match coop::core::resolve::municipality(&kb, &typed) {
                coop::core::resolve::Found::One { row, .. } => {
                    assert_eq!(row.code, code, "{typed}")
                }
                other => panic!("{typed}: {other:?}"),
            }
        }
    }
}

#[test]
fn awkward_names_resolve() {
    assert_eq!(code_of("den bosch"), "GM0796");
    assert_eq!(code_of("'s-hertogenbosch"), "GM0796");
    assert_eq!(code_of("Den Haag"), "GM0518");
    assert_eq!(code_of("sudwest fryslan"), "GM1900");
    assert_eq!(code_of("Súdwest-Fryslân"), "GM1900");
    assert_eq!(code_of("Bergen (NH)"), "GM0373");
    assert_eq!(code_of("Bergen (L)"), "GM0893");
    assert_eq!(code_of("bergen noord-holland"), "GM0373");
    assert_eq!(code_of("nuenen gerwen en nederwetten"), "GM0820");
    assert_eq!(code_of("gemeente utrecht"), "GM0344");
}

#[test]
fn bergen_alone_is_ambiguous() {
    coop()
        .args(["gemeente", "bergen"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("Limburg"))
        .stderr(predicate::str::contains("Noord-Holland"));
}

#[test]
fn former_municipality_points_to_the_new_one() {
    let v = json_of(coop().args(["gemeente", "--format", "json", "weesp"]));
    assert_eq!(v["naam"], "Amsterdam");
    assert_eq!(v["samengevoegd"]["former_name"], "Weesp");
    assert_eq!(code_of("Heerhugowaard"), code_of("Dijk en Waard"));
    assert_eq!(code_of("beemster"), code_of("Purmerend"));
}

#[test]
fn typo_gets_suggestions_never_a_guess() {
    coop()
        .args(["gemeente", "Amstredam"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("Bedoelde je"))
        .stderr(predicate::str::contains("Amsterdam"));
}

#[test]
fn official_name_has_no_cbs_suffix() {
    let v = json_of(coop().args(["gemeente", "--format", "json", "GM0373"]));
    assert_eq!(v["naam"], "Bergen");
    assert_eq!(v["cbs_naam"], "Bergen (NH.)");
    assert_eq!(v["provincie"], "Noord-Holland");
}

#[test]
fn known_profile_shows_sourced_facts() {
    let out = stdout_of(coop().args(["gemeente", "utrecht"]));
    assert!(out.contains("raadsleden@utrecht.nl"), "{out}");
    assert!(out.contains("bron:"), "{out}");
}

#[test]
fn unknown_profile_says_where_to_look() {
    let v = json_of(coop().args(["gemeente", "--format", "json", "Aa en Hunze"]));
    assert_eq!(v["profiel_bekend"], false);
    for field in ["beleid", "raad_email", "inspreken"] {
        assert_eq!(v[field]["status"], "nog niet bekend", "{field}");
        assert!(
            v[field]["opzoeken"]
                .as_str()
                .unwrap()
                .contains("Aa en Hunze"),
            "{field}"
        );
    }
    let out = stdout_of(coop().args(["gemeente", "Aa en Hunze"]));
    assert!(out.contains("Nog niet bekend"));
    assert!(out.contains("griffie"));
}

#[test]
fn municipalities_by_province() {
    let v = json_of(coop().args(["gemeenten", "--provincie", "fryslan", "--format", "json"]));
    assert_eq!(v.as_array().unwrap().len(), 18);
    coop()
        .args(["gemeenten", "--provincie", "Frieslandd"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--provincie"));
}

#[test]
fn party_by_alias_leads_with_matching_arguments() {
    let v = json_of(coop().args(["partijen", "--format", "json", "GL-PvdA"]));
    assert_eq!(v["id"], "groenlinks-pvda");
    let vvd = json_of(coop().args(["partijen", "--format", "json", "vvd"]));
    assert!(!vvd["argumenten"][0]["themas"]
        .as_array()
        .unwrap()
        .is_empty());
    let out = stdout_of(coop().args(["parties", "CU"]));
    assert!(out.contains("Begin met deze argumenten"), "{out}");
}

#[test]
fn party_without_sourced_themes_says_so() {
    let out = stdout_of(coop().args(["partijen", "lokaal"]));
    assert!(out.contains("Nog niet bekend"), "{out}");
}

#[test]
fn unknown_party() {
    coop()
        .args(["partijen", "VVDD"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("VVD"));
}

#[test]
fn a_profile_fact_without_a_source_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap().to_string();
    std::fs::write(
        dir.path().join("municipalities.yaml"),
        "- code: GM0193\n  facts:\n    - text: \"Zwolle heeft een steunpunt.\"\n",
    )
    .unwrap();
    coop()
        .args(["data", "check", &path])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("sources"));
    std::fs::write(
        dir.path().join("municipalities.yaml"),
        "- code: GM0193\n  facts:\n    - text: \"Zwolle heeft een steunpunt.\"\n      sources: []\n",
    )
    .unwrap();
    coop()
        .args(["data", "check", &path])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("municipalities.yaml:1:1"))
        .stderr(predicate::str::contains("bron"));
}

#[test]
fn every_built_in_profile_claim_has_a_source() {
    // The validator refuses empty source lists; this walks the built-in
    // profiles, provinces and parties to be sure each claim carries one.
    let kb = coop::core::kb::Kb::load(None).unwrap();
    for p in kb.profiles.iter() {
        let v = serde_json::to_value(p).unwrap();
        for key in ["policy", "council_email", "inspreek"] {
            if !v[key].is_null() {
                assert!(
                    !v[key]["sources"].as_array().unwrap().is_empty(),
                    "{} {key}",
                    p.code
                );
            }
        }
        for f in &p.facts {
            assert!(!f.sources.is_empty(), "{}: {}", p.code, f.text);
        }
        for f in &p.platforms {
            assert!(!f.sources.is_empty(), "{}: {}", p.code, f.name);
        }
    }
    for pr in kb.provinces.iter() {
        for s in &pr.schemes {
            assert!(!s.sources.is_empty(), "{}: {}", pr.name, s.name);
        }
    }
    for party in kb.parties.iter() {
        for t in &party.themes {
            assert!(!t.sources.is_empty(), "{}: {}", party.name, t.text);
        }
    }
}
