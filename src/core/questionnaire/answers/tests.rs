use super::*;

fn setup() -> (Kb, Questionnaire) {
    let kb = Kb::load(None).unwrap();
    let q = Questionnaire::load(&kb).unwrap();
    (kb, q)
}

#[test]
fn text_answers_are_checked_per_type() {
    let (kb, qs) = setup();
    let q = |id| qs.get(id).unwrap();
    assert_eq!(
        Answer::from_text(q("leden"), "1.200", &kb),
        Ok(Answer::Number(1200))
    );
    assert!(Answer::from_text(q("leden"), "veel", &kb).is_err());
    assert_eq!(Answer::from_text(q("leden"), "", &kb), Ok(Answer::Empty));
    assert!(Answer::from_text(q("naam"), " ", &kb).is_err());
    assert_eq!(
        Answer::from_text(q("fase"), "Plan", &kb),
        Ok(Answer::Text("plan".into()))
    );
    let err = Answer::from_text(q("fase"), "plna", &kb).unwrap_err();
    assert!(err.contains("Bedoelde je 'plan'?"), "{err}");
    assert_eq!(
        Answer::from_text(q("gehoord"), "Ja", &kb),
        Ok(Answer::Bool(true))
    );
    assert!(Answer::from_text(q("email"), "geen-adres", &kb).is_err());
    assert_eq!(
        Answer::from_text(q("gesproken"), "griffie, wethouder-wonen", &kb),
        Ok(Answer::List(vec![
            "griffie".into(),
            "wethouder-wonen".into()
        ]))
    );
    assert_eq!(
        Answer::from_text(q("gesproken"), "niemand", &kb),
        Ok(Answer::List(vec![]))
    );
    assert!(Answer::from_text(q("gesproken"), "grifie", &kb)
        .unwrap_err()
        .contains("griffie"));
    assert_eq!(
        Answer::from_text(q("gemeente"), "den bosch", &kb),
        Ok(Answer::Text("'s-Hertogenbosch".into()))
    );
    let err = Answer::from_text(q("gemeente"), "Amstredam", &kb).unwrap_err();
    assert!(err.contains("Amsterdam"), "{err}");
}

#[test]
fn answers_file_round_trips() {
    let (kb, qs) = setup();
    let mut a = Answers::default();
    a.set("naam", Answer::Text("De Groene Hof: wonen".into()));
    a.set("gemeente", Answer::Text("Utrecht".into()));
    a.set("leden", Answer::Number(45));
    a.set("wachtlijst", Answer::Empty);
    a.set("doelgroepen", Answer::List(vec!["ouderen".into()]));
    a.set("gesproken", Answer::List(vec![]));
    a.set("gehoord", Answer::Bool(true));
    a.set(
        "ook-gehoord",
        Answer::List(vec!["te duur, zegt men".into()]),
    );
    let text = to_file(&qs, &a);
    assert!(text.starts_with("# antwoorden.yaml"));
    let given = from_file("antwoorden.yaml", &text, &qs).unwrap();
    let mut back = Answers::default();
    for q in &qs.questions {
        if let Some(v) = given.answer(q, &kb).unwrap() {
            back.set(&q.id, v);
        }
    }
    assert_eq!(back, a);
}

#[test]
fn answers_file_errors_name_the_line() {
    let (kb, qs) = setup();
    let err = from_file("a.yaml", "naam: x\nleeden: 4\n", &qs).unwrap_err();
    assert!(err.to_string().starts_with("a.yaml:2:1"), "{err}");
    assert!(err.to_string().contains("'leden'"), "{err}");
    let given = from_file("a.yaml", "naam: x\nleden: veel\n", &qs).unwrap();
    let err = given.answer(qs.get("leden").unwrap(), &kb).unwrap_err();
    assert!(err.to_string().starts_with("a.yaml:2:1: leden:"), "{err}");
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn profile_round_trip_keeps_other_fields() {
    let (kb, qs) = setup();
    let (base, _) = profile::parse("coop.yaml", "naam: Oud\nhuur: 800 euro\nextra: 1\n").unwrap();
    let mut a = from_profile(&qs, &base, &kb);
    assert_eq!(a.text("naam"), Some("Oud"));
    a.set("naam", Answer::Text("Nieuw".into()));
    a.set("leden", Answer::Number(12));
    a.set("doelgroepen", Answer::Empty);
    let p = apply_to_profile(&qs, &a, &base).unwrap();
    assert_eq!(p.naam.as_deref(), Some("Nieuw"));
    assert_eq!(p.leden, Some(12));
    assert_eq!(p.huur.as_deref(), Some("800 euro"));
    assert!(p.overig.contains_key("extra"));
}
