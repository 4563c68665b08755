use super::*;

fn kb() -> Kb {
    Kb::load(None).unwrap()
}

#[test]
fn builtin_questionnaire_is_valid() {
    let kb = kb();
    let q = Questionnaire::load(&kb).unwrap();
    assert!(q.get("naam").unwrap().required);
    assert!(q.get("tegenwerpingen").unwrap().choices(&kb).len() >= 10);
    assert!(!q.plan.is_empty());
}

#[test]
fn errors_name_file_and_line() {
    let kb = kb();
    let text = "intro: x\nquestions:\n  - id: a\n    label: A\n    prompt: A?\n    type: confirm\n  - id: b\n    label: B\n    prompt: B?\n    type: text\n    when:\n      - {id: c, is: true}\nplan:\n  - checklists: [geen-lijst]\n    why: x\n";
    let err = Questionnaire::parse("q.yaml", text, &kb).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("q.yaml:7:1"), "{msg}");
    assert!(msg.contains("'c' is geen eerdere vraag"), "{msg}");
    assert!(msg.contains("q.yaml:14:1"), "{msg}");
    assert!(msg.contains("geen-lijst"), "{msg}");
}

#[test]
fn bad_yaml_and_unknown_fields_are_refused_with_a_line() {
    let kb = kb();
    let err = Questionnaire::parse(
        "q.yaml",
        "intro: x\nquestions:\n  - id: a\n    label: A\n    prompt: A?\n    type: tekst\nplan: []\n",
        &kb,
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("q.yaml:6:"), "{err}");
}

#[test]
fn conditions_must_fit_the_question_type() {
    let kb = kb();
    let base = "intro: x\nquestions:\n  - id: a\n    label: A\n    prompt: A?\n    type: select\n    choices:\n      - {value: ja, label: Ja}\n  - id: b\n    label: B\n    prompt: B?\n    type: text\n    when:\n";
    for (cond, needle) in [
        ("      - {id: a, is: true}\n", "'is' past niet"),
        ("      - {id: a, in: [nee]}\n", "'nee' is geen keuze"),
        ("      - {id: a, includes: ja}\n", "multiselect"),
        ("      - {id: a, in: [ja], empty: true}\n", "precies één"),
    ] {
        let text = format!("{base}{cond}plan: []\n");
        let err = Questionnaire::parse("q.yaml", &text, &kb).unwrap_err();
        assert!(err.to_string().contains(needle), "{cond}: {err}");
    }
}

#[test]
fn conditions_evaluate() {
    let mut a = Answers::default();
    a.set("gehoord", Answer::Bool(true));
    a.set("doel", Answer::Text("kavel".into()));
    a.set("gesproken", Answer::List(vec!["griffie".into()]));
    a.set("leeg", Answer::List(vec![]));
    let c = |yaml: &str| serde_yaml::from_str::<Condition>(yaml).unwrap();
    let holds = |cond: Condition| cond.holds(|id| a.get(id));
    assert!(holds(c("{id: gehoord, is: true}")));
    assert!(!holds(c("{id: gehoord, is: false}")));
    assert!(holds(c("{id: doel, in: [grond, kavel]}")));
    assert!(!holds(c("{id: doel, in: [grond]}")));
    assert!(holds(c("{id: doel, is: kavel}")));
    assert!(holds(c("{id: gesproken, includes: griffie}")));
    assert!(!holds(c("{id: gesproken, empty: true}")));
    assert!(holds(c("{id: leeg, empty: true}")));
    // A skipped question is empty and matches nothing else.
    assert!(holds(c("{id: overgeslagen, empty: true}")));
    assert!(!holds(c("{id: overgeslagen, is: true}")));
}
