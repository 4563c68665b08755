//! `coop data check DIR`: validates a user's own data files exactly as
//! `--data DIR` would load them.

use std::path::Path;

use crate::core::kb::{load, Kb};
use crate::error::{Error, Result};
use crate::io::output;

pub fn check(dir: &Path) -> Result<u8> {
    let kb = Kb::load(Some(dir))?;
    let mut found = Vec::new();
    let mut unknown = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if load::known_files().any(|k| k == name)
            || crate::core::council::store::FILES.contains(&name.as_str())
        {
            found.push(name);
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            unknown.push(name);
        }
    }
    found.sort();
    for name in &unknown {
        output::note(&format!(
            "let op: {} wordt niet gelezen. Bekende namen: {}.",
            dir.join(name).display(),
            load::known_files().collect::<Vec<_>>().join(", ")
        ));
    }
    if found.is_empty() {
        output::note(&format!(
            "let op: {} bevat geen bestanden die coop leest.",
            dir.display()
        ));
    }
    output::print(&format!(
        "In orde: {} bestand(en) gecontroleerd ({}). Samen met de ingebouwde gegevens: {} tegenwerpingen, {} argumenten, {} rollen, {} checklists.",
        found.len(),
        if found.is_empty() { "geen".to_string() } else { found.join(", ") },
        kb.objections.len(),
        kb.arguments.len(),
        kb.roles.len(),
        kb.checklists.len()
    ))?;
    Ok(0)
}
