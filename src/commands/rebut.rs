//! `coop rebut TEXT`: what you heard → the answer.

use serde::Serialize;

use crate::cli::RebutArgs;
use crate::compose::views::{self, ObjectionView};
use crate::core::kb::Kb;
use crate::error::{Error, Result};
use crate::io::output;
use crate::matching::search::Index;
use crate::render;
use crate::render::formats::ShowFormat;

#[derive(Serialize)]
struct MatchView {
    #[serde(flatten)]
    o: ObjectionView,
    score: f64,
}

pub fn run(kb: &Kb, args: &RebutArgs) -> Result<u8> {
    let text = query_text(&args.text)?;
    let index = Index::new(kb);
    let matches: Vec<MatchView> = index
        .search(&text, args.limit.max(1))
        .into_iter()
        .map(|m| MatchView {
            o: views::objection(kb, m.objection),
            score: (m.score * 100.0).round() / 100.0,
        })
        .collect();

    if matches.is_empty() {
        if args.format == ShowFormat::Json {
            output::print("[]")?;
        }
        output::note(&format!(
            "Geen tegenwerping gevonden die past bij \"{}\". Probeer andere woorden, of bekijk de lijst met `coop tegenwerpingen`.",
            text.trim()
        ));
        return Ok(1);
    }
    match args.format {
        ShowFormat::Json => super::print_json(&matches)?,
        format => {
            let env = render::environment();
            let ctx = serde_json::json!({ "matches": matches, "short_only": args.kort });
            let md = render::markdown(&env, "show/rebut.md.j2", &ctx)?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

/// The words on the command line, or stdin when the only word is `-`.
fn query_text(words: &[String]) -> Result<String> {
    let text = if words.len() == 1 && words[0] == "-" {
        crate::io::input::read_stdin()?
    } else {
        words.join(" ")
    };
    if text.trim().is_empty() {
        return Err(Error::Usage(
            "geef de tegenwerping als tekst, bijvoorbeeld: coop weerleg \"geen vraag naar\" (of - om van stdin te lezen)."
                .into(),
        ));
    }
    Ok(text)
}
