//! The flow driven by a scripted prompter: every branch of the conditions,
//! validation and retries, the summary screen, and the no-terminal paths.

use super::*;
use crate::ask::scripted::{pick, text, Reply, Scripted};
use crate::core::questionnaire::answers::{Origin, Raw};

fn kb() -> Kb {
    Kb::load(None).unwrap()
}

const ASKING: Mode = Mode {
    interactive: true,
    accept_defaults: false,
};

struct Setup {
    kb: Kb,
    q: Questionnaire,
    given: Given,
    defaults: Answers,
}

impl Setup {
    fn new() -> Setup {
        let kb = kb();
        let q = Questionnaire::load(&kb).unwrap();
        Setup {
            kb,
            q,
            given: Given::default(),
            defaults: Answers::default(),
        }
    }

    fn give(mut self, id: &str, value: &str) -> Setup {
        self.given.map.insert(
            id.to_string(),
            (
                Raw::Text(value.to_string()),
                Origin::Flag(format!("--{id}")),
            ),
        );
        self
    }

    fn run(&self, mode: Mode, replies: Vec<Reply>) -> (Result<Outcome>, Scripted) {
        let flow = Flow {
            kb: &self.kb,
            questionnaire: &self.q,
            given: &self.given,
            defaults: &self.defaults,
            mode,
            width: 80,
        };
        let mut p = Scripted::new(replies);
        let out = flow.run(&mut p);
        (out, p)
    }
}

/// Replies for the questions up to and including `gehoord`.
fn first_part(gehoord: Reply) -> Vec<Reply> {
    vec![
        text("De Groene Hof"),
        text("Utrecht"),
        pick("Plan"),
        text("45"),
        text("120"),
        text("30"),
        text("ouderen, starters"),
        text("Anna de Vries"),
        text("voorzitter"),
        text("info@groenehof.nl"),
        Reply::Enter,
        Reply::Enter,
        pick("Word"),
        pick("kavel"),
        Reply::Multi(vec![]),
        gehoord,
    ]
}

fn done(out: Result<Outcome>) -> Answers {
    match out {
        Ok(Outcome::Done(a)) => a,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_complete_run_skips_what_does_not_apply() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.extend([Reply::No, Reply::No, pick("alles klopt")]);
    let (out, p) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(p.left(), 0);
    assert_eq!(a.text("naam"), Some("De Groene Hof"));
    assert_eq!(a.text("fase"), Some("plan"));
    assert_eq!(a.get("leden"), Some(&Answer::Number(45)));
    assert_eq!(a.list("doelgroepen"), ["ouderen", "starters"]);
    assert_eq!(a.text("doel"), Some("kavel"));
    assert!(!a.contains("tegenwerpingen"));
    assert!(!a.contains("ook-gehoord"));
    assert!(!a.contains("agendapunt"));
    assert!(!p.prompts.iter().any(|x| x.contains("agendapunt")));
    // The help text explains why each question is asked.
    assert!(p.said.iter().any(|l| l.contains("harde cijfers")));
    assert!(p
        .said
        .iter()
        .any(|l| l.contains("14. Doel: Meedingen naar een kavel")));
}

#[test]
fn heard_objections_are_picked_and_typed_texts_matched() {
    let s = Setup::new();
    let mut replies = first_part(Reply::Yes);
    replies.extend([
        Reply::Multi(vec![0, 2]),
        text("er is helemaal geen vraag naar"),
        text("qqq zzzwww"),
        Reply::Enter,
        Reply::Yes,
        text("Woonvisie 2030"),
        Reply::No,
        Reply::Enter,
    ]);
    let (out, p) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(p.left(), 0);
    let ids: Vec<String> = s.kb.objections.iter().map(|o| o.id.clone()).collect();
    assert_eq!(a.list("tegenwerpingen"), [ids[0].clone(), ids[2].clone()]);
    assert_eq!(
        a.list("ook-gehoord"),
        ["er is helemaal geen vraag naar", "qqq zzzwww"]
    );
    assert!(p.said.iter().any(|l| l.contains("Dat lijkt op")));
    assert!(p.said.iter().any(|l| l.contains("herkent dit niet")));
    assert_eq!(a.text("agendapunt"), Some("Woonvisie 2030"));
}

#[test]
fn a_typo_in_the_municipality_offers_suggestions() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.splice(1..2, [text("Amstredam"), pick("Amsterdam")]);
    replies.extend([Reply::No, Reply::No, Reply::Enter]);
    let (out, p) = s.run(ASKING, replies);
    assert_eq!(done(out).text("gemeente"), Some("Amsterdam"));
    assert!(p
        .said
        .iter()
        .any(|l| l.contains("Geen gemeente gevonden voor 'Amstredam'")));
}

#[test]
fn a_municipality_can_be_typed_again_or_chosen_among_namesakes() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.splice(
        1..2,
        [
            text("Amstredam"),
            pick("opnieuw typen"),
            text("xqzw"),
            text("Bergen"),
            pick("Limburg"),
        ],
    );
    replies.extend([Reply::No, Reply::No, Reply::Enter]);
    let (out, p) = s.run(ASKING, replies);
    assert_eq!(p.left(), 0);
    // Two municipalities are called Bergen: the code is stored.
    assert_eq!(done(out).text("gemeente"), Some("GM0893"));
    assert!(p.said.iter().any(|l| l.contains("Controleer de spelling")));
}

#[test]
fn invalid_answers_are_explained_and_asked_again() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.splice(3..4, [text("veel"), text("1.200")]);
    replies.splice(10..11, [text("geen-adres"), text("a@b.nl")]);
    replies.extend([Reply::No, Reply::No, Reply::Enter]);
    let (out, p) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(a.get("leden"), Some(&Answer::Number(1200)));
    assert_eq!(a.text("email"), Some("a@b.nl"));
    assert!(p
        .said
        .iter()
        .any(|l| l.contains("'veel' is geen heel getal")));
    assert!(p.said.iter().any(|l| l.contains("geen mailadres")));
}

#[test]
fn defaults_from_coop_yaml_can_be_kept_or_cleared() {
    let mut s = Setup::new();
    s.defaults.set("naam", Answer::Text("Oude Naam".into()));
    s.defaults.set("leden", Answer::Number(12));
    s.defaults.set("fase", Answer::Text("bouw".into()));
    let mut replies = first_part(Reply::No);
    replies[0] = Reply::Enter;
    replies[2] = Reply::Enter;
    replies[3] = text("-");
    replies.extend([Reply::No, Reply::No, Reply::Enter]);
    let (out, _) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(a.text("naam"), Some("Oude Naam"));
    assert_eq!(a.text("fase"), Some("bouw"));
    assert_eq!(a.get("leden"), Some(&Answer::Empty));
}

#[test]
fn the_summary_can_correct_an_answer_and_conditions_follow() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.extend([
        Reply::No,
        Reply::No,
        // Summary: change "gehoord" to yes; the follow-up questions appear.
        pick("veranderen"),
        pick("Tegenwerpingen gehoord"),
        Reply::Yes,
        Reply::Multi(vec![1]),
        Reply::Enter,
        // Change the name too.
        pick("veranderen"),
        pick("Naam"),
        text("De Nieuwe Hof"),
        // And "gehoord" back to no: the follow-up answers go away.
        pick("veranderen"),
        pick("Tegenwerpingen gehoord"),
        Reply::No,
        pick("alles klopt"),
    ]);
    let (out, p) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(p.left(), 0);
    assert_eq!(a.text("naam"), Some("De Nieuwe Hof"));
    assert!(!a.flag("gehoord"));
    assert!(!a.contains("tegenwerpingen"));
    assert!(p.prompts.iter().any(|x| x.contains("Welke tegenwerpingen")));
}

#[test]
fn what_the_group_knows_about_the_council_is_asked_with_its_source() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.extend([
        Reply::No,
        Reply::Yes,
        text("griffie-at-utrecht"),
        text("griffie@utrecht.nl"),
        Reply::Enter,
        Reply::Enter,
        text("Spreektijd 5 minuten"),
        text("eigen waarneming, 2 maart 2026"),
        pick("alles klopt"),
    ]);
    let (out, p) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(p.left(), 0);
    assert_eq!(a.text("griffie-email"), Some("griffie@utrecht.nl"));
    assert_eq!(a.text("inspreken"), Some("Spreektijd 5 minuten"));
    assert_eq!(a.text("raad-bron"), Some("eigen waarneming, 2 maart 2026"));
    assert!(p.said.iter().any(|l| l.contains("geen mailadres")));
    // The help says why the source is asked.
    assert!(p.said.iter().any(|l| l.contains("bron bij elk feit")));
}

#[test]
fn stopping_on_the_summary_saves_nothing() {
    let s = Setup::new();
    let mut replies = first_part(Reply::No);
    replies.extend([Reply::No, Reply::No, pick("Stoppen")]);
    let (out, _) = s.run(ASKING, replies);
    assert_eq!(out.unwrap(), Outcome::Stopped);
}

#[test]
fn given_answers_are_not_asked_again() {
    let s = Setup::new()
        .give("naam", "De Groene Hof")
        .give("gemeente", "den bosch")
        .give("gehoord", "ja")
        .give("tegenwerpingen", "winst");
    let replies = vec![
        Reply::Enter,  // fase
        Reply::Enter,  // leden
        Reply::Enter,  // wachtlijst
        Reply::Enter,  // woningen
        Reply::Enter,  // doelgroepen
        Reply::Enter,  // contactpersoon
        Reply::Enter,  // functie
        Reply::Enter,  // email
        Reply::Enter,  // huur
        Reply::Enter,  // meerwaarde
        Reply::Enter,  // formaat
        Reply::Enter,  // doel
        Reply::Enter,  // gesproken
        Reply::Enter,  // ook-gehoord
        Reply::Enter,  // vergadering
        Reply::Enter,  // raad-weten
        pick("klopt"), // summary
    ];
    let (out, p) = s.run(ASKING, replies);
    let a = done(out);
    assert_eq!(p.left(), 0);
    assert!(!p.prompts.iter().any(|x| x.contains("Hoe heet")));
    assert_eq!(a.text("gemeente"), Some("'s-Hertogenbosch"));
    assert_eq!(a.list("tegenwerpingen"), ["winst"]);
    assert_eq!(a.text("fase"), Some("initiatief"));
}

#[test]
fn without_a_terminal_missing_answers_list_their_flags() {
    let s = Setup::new().give("naam", "X").give("gehoord", "ja");
    let mode = Mode {
        interactive: false,
        accept_defaults: false,
    };
    let (out, p) = s.run(mode, vec![]);
    let err = out.unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let msg = err.to_string();
    assert!(msg.contains("--gemeente NAAM"), "{msg}");
    assert!(msg.contains("--tegenwerpingen IDS"), "{msg}");
    assert!(!msg.contains("--naam"), "{msg}");
    assert!(msg.contains("Alleen nodig als --vergadering ja"), "{msg}");
    assert!(
        msg.replace('\n', " ")
            .contains("Zonder standaard: --gemeente."),
        "{msg}"
    );
    assert!(msg.lines().all(|l| l.chars().count() <= 80), "{msg}");
    assert!(p.prompts.is_empty());
}

#[test]
fn with_defaults_only_questions_without_one_are_missing() {
    let mode = Mode {
        interactive: false,
        accept_defaults: true,
    };
    let (out, _) = Setup::new().run(mode, vec![]);
    let msg = out.unwrap_err().to_string();
    assert!(
        msg.contains("--naam") && msg.contains("--gemeente"),
        "{msg}"
    );
    assert!(!msg.contains("--fase"), "{msg}");

    let s = Setup::new().give("naam", "X").give("gemeente", "Utrecht");
    let (out, p) = s.run(mode, vec![]);
    let a = done(out);
    assert!(p.prompts.is_empty());
    assert_eq!(a.text("doel"), Some("kennismaken"));
    assert_eq!(a.get("leden"), Some(&Answer::Empty));
    assert!(!a.flag("vergadering"));
    assert!(!a.contains("agendapunt"));
}

#[test]
fn a_bad_flag_value_names_the_flag() {
    let s = Setup::new().give("naam", "X").give("fase", "klaar");
    let (out, _) = s.run(ASKING, vec![text("Utrecht")]);
    let err = out.unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().starts_with("--fase: 'klaar' is geen keuze"),
        "{err}"
    );
}
