//! The knowledge base: loaded once (built-in data plus an optional overlay
//! directory), validated, and indexed by id.

pub mod load;
pub mod model;
pub mod validate;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location, Result};
use load::DataText;

/// The folder next to coop.yaml that holds the group's own data.
pub const OWN_DATA_DIR: &str = "coop-data";
pub use model::*;

/// Where an entry came from, for error messages.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: usize,
}

impl Origin {
    pub fn location(&self) -> Location {
        Location {
            file: self.file.to_string(),
            line: self.line,
            column: if self.line == 0 { 0 } else { 1 },
        }
    }
}

/// An entry that is identified by one key (`id`, or `code` for profiles).
pub trait Entry {
    /// The YAML key that identifies the entry.
    const KEY: &'static str;
    fn key(&self) -> &str;
}

macro_rules! entry_by {
    ($key:literal, $field:ident: $($t:ty),+) => {
        $(impl Entry for $t {
            const KEY: &'static str = $key;
            fn key(&self) -> &str {
                &self.$field
            }
        })+
    };
}
entry_by!("id", id: Source, Theme, Objection, Argument, Role, Checklist, Province, Party);
entry_by!("code", code: MunicipalityProfile);
entry_by!("name", name: FormerMunicipality);

/// Entries of one kind in file order, with an index by key.
#[derive(Debug, Clone)]
pub struct Collection<T> {
    items: Vec<T>,
    origins: Vec<Origin>,
    index: HashMap<String, usize>,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            items: Vec::new(),
            origins: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T: Entry> Collection<T> {
    pub fn push(&mut self, item: T, origin: Origin) {
        self.index.insert(item.key().to_string(), self.items.len());
        self.items.push(item);
        self.origins.push(origin);
    }

    /// Replaces the entry with the same key, or adds it at the end.
    pub fn upsert(&mut self, item: T, origin: Origin) {
        match self.index.get(item.key()) {
            Some(&i) => {
                self.items[i] = item;
                self.origins[i] = origin;
            }
            None => self.push(item, origin),
        }
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.index.get(key).map(|&i| &self.items[i])
    }

    pub fn get_origin(&self, key: &str) -> Option<&Origin> {
        self.index.get(key).map(|&i| &self.origins[i])
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn with_origins(&self) -> impl Iterator<Item = (&T, &Origin)> {
        self.items.iter().zip(self.origins.iter())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| i.key())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn into_parts(self) -> impl Iterator<Item = (T, Origin)> {
        self.items.into_iter().zip(self.origins)
    }
}

/// Everything `coop` knows, validated.
#[derive(Debug, Clone, Default)]
pub struct Kb {
    pub sources: Collection<Source>,
    pub themes: Collection<Theme>,
    pub objections: Collection<Objection>,
    pub arguments: Collection<Argument>,
    pub roles: Collection<Role>,
    pub checklists: Collection<Checklist>,
    pub profiles: Collection<MunicipalityProfile>,
    pub former: Collection<FormerMunicipality>,
    pub provinces: Collection<Province>,
    pub parties: Collection<Party>,
    pub municipalities: Vec<MunicipalityRow>,
    pub synonyms: Vec<SynonymGroup>,
    /// Council facts from imports and the user (`council_*.yaml` in the
    /// overlay directory); nothing built in.
    pub councils: crate::core::council::Councils,
    /// True while the objections and synonyms are the built-in ones, so
    /// the matcher can use the index build.rs made of them.
    pub matching_built_in: bool,
}

impl Kb {
    /// The built-in data, plus the overlay directory if one is given.
    /// The built-in data alone is trusted: the test
    /// `built_in_data_is_valid` validates it, so a run does not redo that.
    /// With an overlay the whole is validated, as the user's files may
    /// refer to anything.
    pub fn load(overlay: Option<&Path>) -> Result<Kb> {
        let mut kb = Kb::built_in()?;
        if let Some(dir) = overlay {
            kb.apply_overlay(dir)?;
            validate::validate(&kb)?;
        }
        Ok(kb)
    }

    /// What `coop weerleg` needs: the objections and what an answer refers
    /// to (arguments, roles, checklists, sources). The synonyms are already
    /// in the index build.rs made; the other built-in files
    /// (municipalities, parties, ...) are not parsed either. With
    /// an overlay everything is loaded and validated, as in `load`.
    pub fn load_for_objections(overlay: Option<&Path>) -> Result<Kb> {
        if overlay.is_some() {
            return Kb::load(overlay);
        }
        Kb::parse_built_in(&[
            "sources.yaml",
            "objections.yaml",
            "arguments.yaml",
            "roles.yaml",
            "checklists.yaml",
        ])
    }

    /// Parses the compiled-in files without validating them.
    fn built_in() -> Result<Kb> {
        let mut kb = Kb::parse_built_in(&[])?;
        kb.municipalities = load::parse_municipalities_csv(
            "data/municipalities.csv (ingebouwd)",
            load::MUNICIPALITIES_CSV,
        )?;
        Ok(kb)
    }

    /// Parses the compiled-in YAML files named in `only` (all when it is
    /// empty), without validating them. A part (`only` not empty) is for a
    /// command that shows no message about the data, so the lines of its
    /// entries are not looked up.
    fn parse_built_in(only: &[&str]) -> Result<Kb> {
        let mut errors = Vec::new();
        let mut kb = Kb {
            matching_built_in: true,
            ..Kb::default()
        };
        for (name, text, json) in load::EMBEDDED {
            if !only.is_empty() && !only.contains(name) {
                continue;
            }
            let src = DataText {
                label: Arc::from(format!("data/{name} (ingebouwd)")),
                text,
                json: Some(json),
                lines: only.is_empty(),
            };
            if let Err(e) = kb.add_file(name, &src) {
                errors.push(e);
            }
        }
        finish(kb, errors)
    }

    /// The data directory to read: `explicit` (--data / COOP_DATA), else
    /// `coop-data` next to the profile when that folder exists.
    pub fn data_dir(explicit: Option<&Path>, profile: Option<&Path>) -> Option<PathBuf> {
        match explicit {
            Some(d) => Some(d.to_path_buf()),
            None => Some(Self::own_data_dir(profile)).filter(|d| d.is_dir()),
        }
    }

    /// Where coop writes the group's own data (imports, `coop raad zet`,
    /// council facts from the questionnaire) when no --data is given:
    /// `coop-data` next to the profile, like journaal.yaml.
    pub fn own_data_dir(profile: Option<&Path>) -> PathBuf {
        match profile
            .and_then(Path::parent)
            .filter(|d| !d.as_os_str().is_empty())
        {
            Some(dir) => dir.join(OWN_DATA_DIR),
            None => PathBuf::from(OWN_DATA_DIR),
        }
    }

    /// Adds or replaces entries from the files in `dir`.
    pub fn apply_overlay(&mut self, dir: &Path) -> Result<()> {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "de datamap {} bestaat niet of is geen map. Controleer --data of COOP_DATA.",
                dir.display()
            )));
        }
        let mut errors = Vec::new();
        for name in load::known_files() {
            match load::read_overlay_file(dir, name) {
                Ok(Some((label, text))) => {
                    if matches!(name, "objections.yaml" | "synonyms.yaml") {
                        self.matching_built_in = false;
                    }
                    let src = DataText {
                        label,
                        text: &text,
                        json: None,
                        lines: true,
                    };
                    if let Err(e) = self.add_file(name, &src) {
                        errors.push(e);
                    }
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        match crate::core::council::store::load(dir) {
            Ok(c) => {
                for code in c.by_code.keys() {
                    if self.municipality(code).is_none() {
                        errors.push(Error::data(
                            Location {
                                file: dir.join("council_*.yaml").display().to_string(),
                                line: 0,
                                column: 0,
                            },
                            format!("{code} is geen gemeente in de lijst van het CBS. Verbeter of verwijder dat item."),
                        ));
                    }
                }
                self.councils = c;
            }
            Err(e) => errors.push(e),
        }
        finish((), errors)
    }

    /// Parses one file and merges it into the matching collection.
    fn add_file(&mut self, name: &str, src: &DataText) -> Result<()> {
        fn into<T: DeserializeOwned + Entry>(c: &mut Collection<T>, src: &DataText) -> Result<()> {
            let parsed = load::parse_list::<T>(src)?;
            load::merge(c, parsed);
            Ok(())
        }
        match name {
            "sources.yaml" => into(&mut self.sources, src),
            "themes.yaml" => into(&mut self.themes, src),
            "objections.yaml" => into(&mut self.objections, src),
            "arguments.yaml" => into(&mut self.arguments, src),
            "roles.yaml" => into(&mut self.roles, src),
            "checklists.yaml" => into(&mut self.checklists, src),
            "municipalities.yaml" => into(&mut self.profiles, src),
            "former_municipalities.yaml" => into(&mut self.former, src),
            "provinces.yaml" => into(&mut self.provinces, src),
            "parties.yaml" => into(&mut self.parties, src),
            "synonyms.yaml" => {
                let from_json = src
                    .json
                    .and_then(|j| serde_json::from_str::<Option<Vec<SynonymGroup>>>(j).ok());
                let groups = match from_json {
                    Some(g) => g,
                    None => serde_yaml::from_str(src.text)
                        .map_err(|e| load::yaml_error(&src.label, &e))?,
                };
                self.synonyms.extend(groups.unwrap_or_default());
                Ok(())
            }
            other => unreachable!("no collection for {other}"),
        }
    }

    pub fn municipality(&self, code: &str) -> Option<&MunicipalityRow> {
        self.municipalities.iter().find(|m| m.code == code)
    }

    pub fn province_by_name(&self, name: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.name == name)
    }

    /// The stand-in for a local party coop has no entry for (`local: true`).
    pub fn local_party(&self) -> Option<&Party> {
        self.parties.iter().find(|p| p.local)
    }
}

fn finish<T>(value: T, mut errors: Vec<Error>) -> Result<T> {
    match errors.len() {
        0 => Ok(value),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Kb::load(None)` skips validation, so this is where the built-in
    /// data is checked.
    #[test]
    fn built_in_data_is_valid() {
        let kb = Kb::built_in().unwrap();
        validate::validate(&kb).unwrap();
    }
}
