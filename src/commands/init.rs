//! `coop init`: writes a commented coop.yaml, filled from --set.

use std::path::Path;

use crate::cli::InitArgs;
use crate::core::kb::Kb;
use crate::core::profile;
use crate::core::resolve;
use crate::error::Result;
use crate::io::output;

pub fn run(kb: &Kb, profile_path: Option<&Path>, args: &InitArgs) -> Result<u8> {
    if args.voorbeeld {
        output::print(&profile::example())?;
        return Ok(0);
    }
    let (path, _) = profile::path(profile_path);
    let mut p = profile::Profile::default();
    for s in &args.set {
        profile::set(&mut p, s)?;
    }
    if let Some(name) = p.gemeente.clone() {
        // Store the official name, so documents and later runs agree.
        let (row, _) = resolve::find_municipality(kb, &name)?;
        p.gemeente = Some(row.name.clone());
        if kb
            .municipalities
            .iter()
            .filter(|m| m.name == row.name)
            .count()
            > 1
        {
            p.gemeente = Some(row.code.clone());
        }
    }
    let yaml = profile::to_commented_yaml(&p);
    let _lock = crate::io::lock::acquire(&path)?;
    output::write_file(&path, yaml.as_bytes(), args.force)?;
    output::note(&format!(
        "Geschreven: {}. Vul de lege velden aan; coop gebruikt ze in elke brief.",
        path.display()
    ));
    Ok(0)
}
