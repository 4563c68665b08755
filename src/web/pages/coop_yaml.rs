//! Ons profiel: coop.yaml as a form; a save changes only the lines of the
//! fields that changed and is refused when the file changed meanwhile.

use super::*;

/// The file's version as the form saw it: its length and a hash of its
/// bytes ("geen" when there is no file).
fn version(bytes: Option<&[u8]>) -> String {
    use std::hash::{Hash, Hasher};
    match bytes {
        None => "geen".into(),
        Some(b) => {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            format!("{}-{:016x}", b.len(), h.finish())
        }
    }
}

/// The form's text for one field's value.
fn form_value(kind: FieldKind, v: &serde_json::Value) -> String {
    match (kind, v) {
        (_, serde_json::Value::Null) => String::new(),
        (FieldKind::List, serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldKind::History, serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| {
                format!(
                    "{}: {}",
                    i["datum"].as_str().unwrap_or(""),
                    i["wat"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (_, serde_json::Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// The form's text for a field → the value coop.yaml gets, checked as
/// `coop init --set` checks it.
fn field_value(field: &profile::Field, text: &str) -> Result<serde_json::Value> {
    let lines = || {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    Ok(match field.kind {
        FieldKind::List => json!(lines()),
        FieldKind::History => {
            let mut events = Vec::new();
            for line in lines() {
                let Some((datum, wat)) = line
                    .split_once(':')
                    .map(|(d, w)| (d.trim(), w.trim()))
                    .filter(|(d, w)| date::is_partial_date(d) && !w.is_empty())
                else {
                    return Err(Error::Usage(format!(
                        "geschiedenis: '{line}' begrijpt coop niet. Schrijf per regel datum: wat, bijvoorbeeld 2024-05-01: Vereniging opgericht."
                    )));
                };
                events.push(json!({"datum": datum, "wat": wat}));
            }
            json!(events)
        }
        _ => {
            let mut p = Profile::default();
            profile::set(
                &mut p,
                &format!("{}={}", field.key, text.replace('\n', " ")),
            )
            .map_err(|e| match e {
                Error::Usage(m) => Error::Usage(m.replacen("--set ", "", 1)),
                other => other,
            })?;
            p.value(field.key)
        }
    })
}

/// Label and help for a field: the questionnaire's question when there is
/// one, else the field's own explanation.
fn field_texts(
    questions: Option<&crate::core::questionnaire::questions::Questionnaire>,
    field: &profile::Field,
) -> (String, String) {
    let q = questions.and_then(|q| {
        q.questions
            .iter()
            .find(|q| q.profile.as_deref() == Some(field.key))
    });
    match q {
        Some(q) => (
            q.prompt.clone(),
            // A list's question asks for commas; the form takes one item
            // per line, so it keeps to the field's own explanation.
            match &q.help {
                Some(h) if field.kind != FieldKind::List => format!("{} {h}", field.help),
                _ => field.help.to_string(),
            },
        ),
        None => (view::upper_first(field.key), field.help.to_string()),
    }
}

fn profile_form(
    app: &App,
    values: &std::collections::BTreeMap<String, String>,
    version: &str,
    messages: &[String],
    error: Option<&str>,
) -> Result<String> {
    let questions = crate::core::questionnaire::questions::Questionnaire::load(app.kb).ok();
    let velden: Vec<serde_json::Value> = profile::FIELDS
        .iter()
        .map(|field| {
            let (label, help) = field_texts(questions.as_ref(), field);
            let how = match field.kind {
                FieldKind::List => "Schrijf er één per regel.",
                FieldKind::History => {
                    "Per regel: datum: wat. Bijvoorbeeld 2024-05-01: Vereniging opgericht."
                }
                _ => "",
            };
            let suggestions: Vec<&str> = match field.kind {
                FieldKind::Phase => profile::Phase::ids().collect(),
                _ => Vec::new(),
            };
            json!({
                "key": field.key,
                "label": label,
                "help": help,
                "hoe": how,
                "waarde": values.get(field.key).cloned().unwrap_or_default(),
                "lang": matches!(field.kind, FieldKind::List | FieldKind::History),
                "soort": if field.kind == FieldKind::Email { "email" } else { "text" },
                "getal": field.kind == FieldKind::Number,
                "lijst": suggestions,
            })
        })
        .collect();
    view::page(
        app,
        "web/profiel.html.j2",
        "profiel",
        "Ons profiel",
        messages,
        error,
        json!({
            "bestand": app.profile_path().display().to_string(),
            "versie": version,
            "velden": velden,
        }),
    )
}

/// coop.yaml as it is now.
struct ProfileFile {
    /// None when there is no file yet.
    bytes: Option<Vec<u8>>,
    text: String,
    profile: Profile,
    warnings: Vec<String>,
}

fn read_profile(app: &App) -> Result<ProfileFile> {
    let path = app.profile_path();
    let bytes = crate::io::input::read_bytes_opt(&path, crate::io::input::Kind::Profile)?;
    let label = path.display().to_string();
    let text = match &bytes {
        Some(b) => crate::io::input::decode(&label, b.clone())?,
        None => String::new(),
    };
    let (profile, warnings) = profile::parse(&label, &text)?;
    Ok(ProfileFile {
        bytes,
        text,
        profile,
        warnings,
    })
}

pub async fn profile(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        let ProfileFile {
            bytes,
            profile: p,
            warnings,
            ..
        } = read_profile(app)?;
        let values = profile::FIELDS
            .iter()
            .map(|fd| (fd.key.to_string(), form_value(fd.kind, &p.value(fd.key))))
            .collect();
        let mut messages = warnings;
        if f.get("opgeslagen").is_some() {
            messages.insert(
                0,
                "Opgeslagen. Elke brief gebruikt nu deze gegevens.".into(),
            );
        }
        if bytes.is_none() {
            messages
                .push("Er is nog geen coop.yaml. Vul in wat je weet en klik op Opslaan.".into());
        }
        let html = profile_form(app, &values, &version(bytes.as_deref()), &messages, None)?;
        Ok(Answer::Html(html))
    })
    .await
}

pub async fn save_profile(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_changing_fields(app, uri, body, move |app, f| {
        let path = app.profile_path();
        // Held from reading the file to renaming the new one into place.
        let _lock = crate::io::lock::acquire(&path)?;
        let ProfileFile {
            bytes,
            text,
            profile: current,
            ..
        } = read_profile(app)?;
        let values: std::collections::BTreeMap<String, String> = profile::FIELDS
            .iter()
            .map(|fd| (fd.key.to_string(), f.get(fd.key).unwrap_or("").to_string()))
            .collect();
        let seen = f.get("versie").unwrap_or("");
        if seen != version(bytes.as_deref()) {
            let e = Error::Io {
                path: path.clone(),
                message: "is veranderd sinds je deze pagina opende (in een ander tabblad, door coop op de opdrachtregel of in een editor). coop heeft niets opgeslagen, zodat die wijziging niet verloren gaat.".into(),
            };
            let msg = format!(
                "{}\nLaad de pagina opnieuw, zodat je de nieuwste versie ziet. Wat je hier typte, staat nog in het formulier.",
                view::upper_first(&e.to_string())
            );
            let html = profile_form(app, &values, seen, &[], Some(&msg))?;
            return Ok(Answer::HtmlStatus(StatusCode::CONFLICT, html));
        }
        let mut changes = Vec::new();
        let mut errors = Vec::new();
        for fd in profile::FIELDS {
            let Some(given) = f.get(fd.key) else { continue };
            match field_value(fd, given) {
                Ok(v) => {
                    let now = current.value(fd.key);
                    let same = now == v
                        || (v.is_null() && now.as_array().is_some_and(Vec::is_empty))
                        || (v.as_array().is_some_and(Vec::is_empty) && now.is_null());
                    if !same {
                        changes.push((fd.key.to_string(), v));
                    }
                }
                Err(e) => errors.push(view::upper_first(&e.to_string())),
            }
        }
        if !errors.is_empty() {
            let html = profile_form(
                app,
                &values,
                seen,
                &[],
                Some(&format!("Niet opgeslagen. {}", errors.join("\n"))),
            )?;
            return Ok(Answer::HtmlStatus(StatusCode::BAD_REQUEST, html));
        }
        if changes.is_empty() {
            return Ok(Answer::SeeOther("/profiel?opgeslagen=1".into()));
        }
        let base = if bytes.is_none() {
            profile::to_commented_yaml(&Profile::default())
        } else {
            text
        };
        let new_text = crate::core::coop_yaml::update(&base, &changes);
        // The whole file is checked as coop reads it before it is written.
        if let Err(e) = profile::parse(&path.display().to_string(), &new_text) {
            let msg = format!("Niet opgeslagen. {}", view::upper_first(&e.to_string()));
            let html = profile_form(app, &values, seen, &[], Some(&msg))?;
            return Ok(Answer::HtmlStatus(view::status(&e), html));
        }
        crate::io::output::write_file(&path, new_text.as_bytes(), true)?;
        Ok(Answer::SeeOther("/profiel?opgeslagen=1".into()))
    })
    .await
}
