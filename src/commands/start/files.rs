//! The files `coop start` writes: what is there now, whether it changes,
//! asking before replacing, and the in-place update of coop.yaml.

use std::path::{Path, PathBuf};

use crate::ask::{self, interrupt, Prompter};
use crate::core::coop_yaml;
use crate::core::profile::{self, Profile};
use crate::error::{Error, Location, Result};
use crate::io::output;

use super::MAX_WIDTH;

/// A file to write, with what is in it now (if anything).
pub struct Target {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    old: Option<Vec<u8>>,
}

impl Target {
    pub fn new(path: PathBuf, bytes: Vec<u8>) -> Target {
        // Bounded, and never a FIFO or device. Something there that cannot
        // be read counts as a different file: coop asks before replacing it.
        let old = crate::io::input::read_bytes_opt(&path, crate::io::input::Kind::Data)
            .unwrap_or_else(|_| Some(Vec::new()));
        Target { path, bytes, old }
    }

    /// There is a different file at the path.
    pub fn replaces(&self) -> bool {
        self.old.as_ref().is_some_and(|o| *o != self.bytes)
    }

    pub fn unchanged(&self) -> bool {
        self.old.as_ref() == Some(&self.bytes)
    }

    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// The new coop.yaml text, and the changed keys as "key: old → new" lines.
/// An existing file is edited in place; the result is parsed again to make
/// sure nothing was lost.
pub fn profile_text(
    path: &Path,
    existing: Option<&(String, Profile)>,
    new: &Profile,
) -> Result<(String, Vec<String>)> {
    let Some((text, old)) = existing else {
        return Ok((profile::to_commented_yaml(new), Vec::new()));
    };
    let (old_v, new_v) = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    );
    let mut changes = Vec::new();
    let mut lines = Vec::new();
    for key in profile::keys() {
        let (a, b) = (&old_v[key], &new_v[key]);
        if a != b {
            changes.push((key.to_string(), b.clone()));
            lines.push(format!("{key}: {} → {}", show(a), show(b)));
        }
    }
    let updated = coop_yaml::update(text, &changes);
    let label = path.display().to_string();
    match profile::parse(&label, &updated) {
        Ok((p, _)) if p == *new => Ok((updated, lines)),
        _ => Err(Error::data(
            Location {
                file: label,
                line: 0,
                column: 0,
            },
            "coop kan dit bestand niet veilig bijwerken zonder iets kwijt te raken. Er is niets veranderd. Zet de velden zelf goed, of hernoem het bestand en start opnieuw.",
        )),
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(leeg)".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) if a.is_empty() => "(leeg)".into(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

pub fn confirm_changes(p: &mut dyn Prompter, t: &Target, changes: &[String]) -> Result<bool> {
    p.say("");
    p.say(&format!("{} bestaat al. Dit verandert:", t.name()));
    for c in changes {
        p.say(&ask::fit(&format!("  {c}"), MAX_WIDTH));
    }
    p.say("De rest van het bestand, ook je eigen opmerkingen, blijft zoals het is.");
    p.confirm("Wil je deze veranderingen opslaan?", true)
}

pub fn report_saved(profile: &Target, p: bool, answers: &Target, a: bool) {
    let mut msg = Vec::new();
    match (p, profile.unchanged()) {
        (true, _) => msg.push(format!("Opgeslagen: {}.", profile.name())),
        (false, true) => msg.push(format!("{} klopt al; niets veranderd.", profile.name())),
        (false, false) => msg.push(format!("{} is niet veranderd.", profile.name())),
    }
    if a {
        msg.push(format!(
            "De antwoorden staan in {}. Speel ze opnieuw af met: coop start --antwoorden {}",
            answers.name(),
            answers.name()
        ));
    }
    note(&msg.join(" "));
}

/// A note on stderr, wrapped to the terminal.
pub fn note(text: &str) {
    let width = (output::width() as usize).clamp(40, MAX_WIDTH);
    output::note(&ask::wrap(text, width, ""));
}

/// Writes `t`, asking before replacing a different file (terminal) or
/// refusing without --force. An identical file is left alone. Returns
/// whether the file now holds these bytes.
pub fn write_asking(
    p: &mut dyn Prompter,
    t: &Target,
    force: bool,
    interactive: bool,
) -> Result<bool> {
    if t.unchanged() {
        output::note(&format!("{} klopt al; niets veranderd.", t.name()));
        return Ok(true);
    }
    if t.replaces() && !force {
        if !interactive {
            return Err(Error::WouldOverwrite(t.path.clone()));
        }
        if !p.confirm(&format!("{} bestaat al. Overschrijven?", t.name()), false)? {
            output::note(&format!("{} niet overschreven.", t.name()));
            return Ok(false);
        }
    }
    let _hold = interrupt::hold();
    output::write_file(&t.path, &t.bytes, true)?;
    output::note(&format!("Geschreven: {}", t.name()));
    Ok(true)
}
