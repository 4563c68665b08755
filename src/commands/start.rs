//! `coop start` (vragenlijst): asks what it needs, then writes coop.yaml and
//! antwoorden.yaml, shows the plan and offers the first documents. Nothing
//! is written before the answers are confirmed; every file is written
//! atomically, and an existing file is only replaced after asking (in a
//! terminal) or with --force (--ja for coop.yaml and antwoorden.yaml).

use std::path::{Path, PathBuf};

use crate::ask::flow::{Flow, Mode, Outcome};
use crate::ask::{self, interrupt, Prompter};
use crate::cli::StartArgs;
use crate::compose::document::Missing;
use crate::compose::letter::LetterRequest;
use crate::compose::plan::{PlanContext, PlanRequest};
use crate::compose::speech::SpeechRequest;
use crate::compose::Sources;
use crate::core::council::{FactKind, Provenance, UserFact};
use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::{self, Profile};
use crate::core::questionnaire::answers::{self, Given, Raw};
use crate::core::questionnaire::questions::Questionnaire;
use crate::core::resolve;
use crate::error::{Error, Result};
use crate::io::output;
use crate::render::formats::{DocFormat, ShowFormat};
use crate::render::{self, pipeline};

mod files;

use files::{confirm_changes, note, profile_text, report_saved, write_asking, Target};

/// Widest line we print in the terminal.
const MAX_WIDTH: usize = 80;

pub fn run(kb: &Kb, profile_path: Option<&Path>, data_dir: &Path, args: &StartArgs) -> Result<u8> {
    let questionnaire = Questionnaire::load(kb)?;
    let date = date(args.datum);
    let (path, _) = profile::path(profile_path);
    // Held from reading coop.yaml until it is written (io::lock).
    let _lock = crate::io::lock::acquire(&path)?;
    // A broken coop.yaml stops us before the first question.
    let existing = read_profile(&path)?;
    let defaults = existing
        .as_ref()
        .map(|(_, p)| answers::from_profile(&questionnaire, p, kb))
        .unwrap_or_default();
    let given = given(args, &questionnaire)?;
    let interactive = ask::has_terminal();
    let mode = Mode {
        interactive,
        accept_defaults: args.ja,
    };
    let flow = Flow {
        kb,
        questionnaire: &questionnaire,
        given: &given,
        defaults: &defaults,
        mode,
        width: (output::width() as usize).clamp(40, MAX_WIDTH),
    };
    let mut prompter: Box<dyn Prompter> = if interactive {
        interrupt::install();
        Box::new(ask::dialoguer_prompter::DialoguerPrompter::new())
    } else {
        // Never asked: without a terminal the flow only reports what is missing.
        Box::new(ask::scripted::Scripted::default())
    };
    let answers = match flow.run(prompter.as_mut())? {
        Outcome::Done(a) => a,
        Outcome::Stopped => {
            output::note("Gestopt. Er is niets opgeslagen.");
            return Ok(0);
        }
    };

    // Everything is computed before the first file is written.
    let row = answers
        .text("gemeente")
        .and_then(|g| match resolve::municipality(kb, g) {
            resolve::Found::One { row, .. } => Some(row),
            _ => None,
        });
    // What the group knows about the council; this run's documents use it.
    let facts = council_facts(&questionnaire, &answers, row);
    let with_facts: Kb;
    let kb = if facts.is_empty() {
        kb
    } else {
        let mut k = kb.clone();
        for f in &facts {
            k.councils.record(f.clone());
        }
        with_facts = k;
        &with_facts
    };
    let row = row.and_then(|r| kb.municipality(&r.code));
    let base = existing
        .as_ref()
        .map(|(_, p)| p.clone())
        .unwrap_or_default();
    let mut new_profile = answers::apply_to_profile(&questionnaire, &answers, &base)?;
    keep_own_spelling(kb, &base, &mut new_profile, row);
    let (profile_text, changes) = profile_text(&path, existing.as_ref(), &new_profile)?;
    // Beside coop.yaml; a bare name when that is the working directory.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::new(),
    };
    let profile_file = Target::new(path.clone(), profile_text.into_bytes());
    let answers_file = Target::new(
        dir.join("antwoorden.yaml"),
        answers::to_file(&questionnaire, &answers).into_bytes(),
    );
    let src = Sources {
        kb,
        profile: Some(&new_profile),
        municipality: row,
        council: row.and_then(|r| kb.councils.get(&r.code)),
        date: &date,
    };
    let produced = pipeline::produce(
        &PlanRequest {
            questionnaire: &questionnaire,
            answers: &answers,
        },
        &src,
    )?;
    // The documents in the form the user chose (Word unless they say so).
    let format = answers
        .text("formaat")
        .and_then(<DocFormat as crate::core::choice::Choice>::parse)
        .unwrap_or(DocFormat::Docx);
    let plan_md = produced.doc.markdown.clone();
    let (docs, missing) = documents(&src, &produced.view, &dir, format)?;
    // The plan is kept beside coop.yaml (--out puts its Markdown elsewhere),
    // and also in Word or as a page to print when those were chosen.
    let mut plan_files = vec![Target::new(
        args.out.clone().unwrap_or_else(|| dir.join("plan.md")),
        plan_md.clone().into_bytes(),
    )];
    if matches!(format, DocFormat::Docx | DocFormat::Html) && args.out.is_none() {
        plan_files.push(Target::new(
            dir.join(format!("plan.{}", format.extension())),
            produced.bytes(format)?,
        ));
    }
    let plan = produced.view;
    let write_docs = if args.geen_documenten {
        false
    } else {
        args.ja || interactive
    };

    if !interactive {
        // Refuse before writing anything, so a scripted run is all or nothing.
        let may_update = args.force || args.ja;
        for t in [&profile_file, &answers_file] {
            if t.replaces() && !may_update {
                return Err(Error::WouldOverwrite(t.path.clone()));
            }
        }
        let others = plan_files.iter().chain(docs.iter().filter(|_| write_docs));
        for t in others {
            if t.replaces() && !args.force {
                return Err(Error::WouldOverwrite(t.path.clone()));
            }
        }
    }

    let p = prompter.as_mut();
    let save_profile = !profile_file.unchanged()
        && (!profile_file.replaces()
            || args.force
            || args.ja
            || confirm_changes(p, &profile_file, &changes)?);
    let save_answers = !answers_file.unchanged()
        && (!answers_file.replaces()
            || args.force
            || args.ja
            || p.confirm(
                &format!(
                    "{} bestaat al. Vervangen door deze antwoorden?",
                    answers_file.name()
                ),
                true,
            )?);
    {
        let _hold = interrupt::hold();
        for (t, save) in [(&profile_file, save_profile), (&answers_file, save_answers)] {
            if save {
                output::write_file(&t.path, &t.bytes, true)?;
            }
        }
        if !facts.is_empty() {
            crate::core::council::store::record_facts(data_dir, facts.clone())?;
        }
        interrupt::mark_saved();
    }
    report_saved(&profile_file, save_profile, &answers_file, save_answers);
    if !facts.is_empty() {
        note(&format!(
            "Wat jullie over de raad weten, staat in {} (met de bron). coop gebruikt het vanzelf; bekijk het met: coop raad",
            data_dir.join(crate::core::council::store::FACTS).display()
        ));
    }

    // A closed pipe (`coop start ... | head`) must not keep the documents
    // from being written: it is reported at the end.
    let mut saved_plan = Vec::new();
    for t in &plan_files {
        if write_asking(p, t, args.force, interactive)? {
            saved_plan.push(t.name());
        }
    }
    if !saved_plan.is_empty() {
        note(&format!(
            "Het plan staat in {}.",
            crate::compose::document::join_and(&saved_plan)
        ));
    }
    let printed = match &args.out {
        Some(_) => Ok(()),
        None => print_plan(&plan, &plan_md, args.format),
    };
    if let Err(e) = &printed {
        if !output::is_broken_pipe(e) {
            return printed.map(|_| 0);
        }
    }

    let offer = if args.geen_documenten {
        false
    } else if args.ja {
        true
    } else if interactive {
        let names: Vec<String> = docs.iter().map(Target::name).collect();
        p.say("");
        p.confirm(
            &format!(
                "Zal coop ook {} schrijven?",
                crate::compose::document::join_and(&names)
            ),
            true,
        )?
    } else {
        false
    };
    if !offer {
        if !args.geen_documenten {
            note(&format!(
                "Documenten maken kan later: {}{}",
                plan.brief.commando,
                plan.inspreken
                    .as_ref()
                    .map(|s| format!(" en {}", s.commando))
                    .unwrap_or_default()
            ));
        }
        return printed.map(|_| 0);
    }
    let mut written = Vec::new();
    for t in &docs {
        if write_asking(p, t, args.force, interactive)? {
            written.push(t.name());
        }
    }
    super::shared::report_missing(&missing, true);
    if let Some(letter) = written.first() {
        // Not wrapped: the command in step 3 must stay whole to copy it.
        output::note(&what_now(&plan, letter, format, missing.is_empty()));
    }
    printed.map(|_| 0)
}

/// The council facts the user gave (questions with `council`), each with
/// the source from `raad-bron`. None without a known municipality: a fact
/// is only kept by CBS code.
fn council_facts(
    questionnaire: &Questionnaire,
    answers: &answers::Answers,
    row: Option<&MunicipalityRow>,
) -> Vec<UserFact> {
    let given: Vec<(FactKind, &str)> = questionnaire
        .questions
        .iter()
        .filter_map(|q| Some((q.council?, answers.text(&q.id)?.trim())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let source = answers
        .text(crate::core::questionnaire::questions::COUNCIL_SOURCE)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let (Some(row), Some(source)) = (row, source) else {
        if !given.is_empty() {
            note("let op: wat jullie over de raad weten, is niet opgeslagen: coop kent de gemeente of de bron niet.");
        }
        return Vec::new();
    };
    given
        .into_iter()
        .map(|(fact, value)| UserFact {
            code: row.code.clone(),
            fact,
            value: value.to_string(),
            origin: Provenance {
                source: source.to_string(),
                file: None,
                data_date: None,
                imported: crate::core::date::today_iso(),
            },
        })
        .collect()
}

/// The answers given before asking: antwoorden.yaml, then flags (which win).
fn given(args: &StartArgs, questionnaire: &Questionnaire) -> Result<Given> {
    let mut given = match &args.antwoorden {
        Some(file) => {
            let text = crate::io::input::read_text(file, crate::io::input::Kind::Answers)?;
            crate::io::input::check_yaml_depth(&file.display().to_string(), &text)?;
            answers::from_file(&file.display().to_string(), &text, questionnaire)?
        }
        None => Given::default(),
    };
    // A repeatable flag is a list of texts; any other flag is one text.
    let flags: Vec<(&str, Raw)> = args
        .answers
        .given
        .iter()
        .map(|(id, values)| match values.as_slice() {
            [one] if !repeatable(id) => (*id, Raw::Text(one.clone())),
            _ => (
                *id,
                Raw::Yaml(serde_yaml::Value::Sequence(
                    values
                        .iter()
                        .cloned()
                        .map(serde_yaml::Value::String)
                        .collect(),
                )),
            ),
        })
        .collect();
    given.add_flags(flags);
    Ok(given)
}

fn repeatable(id: &str) -> bool {
    crate::cli::ANSWER_FLAGS
        .iter()
        .any(|(flag, .., repeat)| *flag == id && *repeat)
}

/// The existing coop.yaml: its text and profile (warnings are printed).
fn read_profile(path: &Path) -> Result<Option<(String, Profile)>> {
    match crate::io::input::read_text_opt(path, crate::io::input::Kind::Profile)? {
        Some(text) => {
            let (p, warnings) = profile::parse(&path.display().to_string(), &text)?;
            for w in warnings {
                output::note(&w);
            }
            Ok(Some((text, p)))
        }
        None => Ok(None),
    }
}

/// Keeps the municipality as the user wrote it when it names the same one.
fn keep_own_spelling(kb: &Kb, base: &Profile, new: &mut Profile, row: Option<&MunicipalityRow>) {
    if let (Some(old), Some(row)) = (&base.gemeente, row) {
        if let resolve::Found::One { row: old_row, .. } = resolve::municipality(kb, old) {
            if old_row.code == row.code {
                new.gemeente = Some(old.clone());
            }
        }
    }
}

fn print_plan(plan: &PlanContext, md: &str, format: Option<ShowFormat>) -> Result<()> {
    match format {
        Some(ShowFormat::Json) => super::print_json(plan),
        Some(ShowFormat::Md) => output::print(md),
        Some(ShowFormat::Text) | None => {
            let width = (output::width() as usize).min(MAX_WIDTH);
            output::print(&render::text::to_text(md, width))
        }
    }
}

/// The three next steps, after the files are written.
fn what_now(plan: &PlanContext, letter: &str, format: DocFormat, complete: bool) -> String {
    let open = match format {
        DocFormat::Docx => format!("Open {letter} in Word of LibreOffice"),
        DocFormat::Html => format!("Open {letter} in je browser en print de brief"),
        DocFormat::Eml => format!("Open {letter} in je mailprogramma"),
        _ => format!("Open {letter} in een teksteditor"),
    };
    let check = if complete {
        ""
    } else {
        " Vul de plekken [tussen haken] in."
    };
    let second = match &plan.inspreken {
        Some(_) => {
            "Meld je bij de griffie aan om in te spreken; de inspreektekst staat klaar.".to_string()
        }
        None => match plan.stappen.first() {
            Some(c) => format!("Werk de eerste checklist af: coop checklist {}.", c.id),
            None => "Kijk in het plan wie je eerst benadert.".to_string(),
        },
    };
    format!(
        "Wat nu?\n  1. {open}.{check} Lees de brief na en stuur hem naar {}.\n  2. {second}\n  3. Iets veranderd? Pas coop.yaml aan en maak de brief opnieuw: {} --format {} --out {letter} --force",
        plan.brief.aan_tekst,
        plan.brief.commando,
        format.extension()
    )
}

/// The letter and, when a meeting is coming, the inspreek text, in the
/// chosen format in `dir`, with the facts they still miss.
fn documents(
    src: &Sources,
    plan: &PlanContext,
    dir: &Path,
    format: DocFormat,
) -> Result<(Vec<Target>, Vec<Missing>)> {
    let rebut = plan.rebut_ids();
    let letter = LetterRequest {
        recipient: plan.brief.aan,
        name: None,
        salutation: None,
        email: None,
        party: None,
        party_label: None,
        themes: &[],
        goal: plan.brief.doel,
        rebut: &rebut,
        words: None,
        with_motion: false,
    };
    let letter = pipeline::produce(&letter, src)?;
    let mut out = vec![Target::new(
        dir.join(format!("brief.{}", format.extension())),
        letter.bytes(format)?,
    )];
    let mut missing = letter.missing;
    if let Some(s) = &plan.inspreken {
        let req = SpeechRequest {
            minutes: None,
            agenda_item: s.agendapunt.as_deref(),
            goal: s.doel,
            rebut: &rebut,
            meeting: None,
        };
        let speech = pipeline::produce(&req, src)?;
        out.push(Target::new(
            dir.join(format!("inspreektekst.{}", format.extension())),
            speech.bytes(format)?,
        ));
        for m in speech.missing {
            if !missing.contains(&m) {
                missing.push(m);
            }
        }
    }
    Ok((out, missing))
}

/// --datum (checked) in Dutch, or today.
fn date(datum: Option<jiff::civil::Date>) -> String {
    crate::core::date::dutch(datum.unwrap_or_else(crate::core::date::today))
}
