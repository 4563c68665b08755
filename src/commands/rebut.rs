//! `coop rebut TEXT`: what you heard → the answer. A longer text (an
//! e-mail, minutes) gives every objection in it, each with the sentence it
//! was found in.

use crate::cli::RebutArgs;
use crate::compose::rebut;
use crate::core::kb::Kb;
use crate::error::Result;
use crate::io::output;
use crate::matching::find::MAX_TEXT_BYTES;
use crate::matching::search::Index;
use crate::render;
use crate::render::formats::ShowFormat;

pub fn run(kb: &Kb, args: &RebutArgs) -> Result<u8> {
    let text = query_text(&args.text)?;
    let index = Index::new(kb);
    let rebut::Rebuttal {
        matches,
        one_sentence,
    } = rebut::rebut(kb, &index, &text, args.limit);

    if matches.is_empty() {
        if args.format == ShowFormat::Json {
            output::print("[]")?;
        }
        output::note(&rebut::nothing_found(&text));
        return Ok(1);
    }
    match args.format {
        ShowFormat::Json => super::print_json(&matches)?,
        format => {
            let env = render::environment();
            let ctx = serde_json::json!({
                "matches": matches,
                "short_only": args.kort,
                "show_quote": !one_sentence,
                "show_why": args.waarom,
            });
            let md = render::markdown(&env, "show/rebut.md.j2", &ctx)?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

/// The words on the command line, or stdin when the only word is `-`.
/// Both are limited to `MAX_TEXT_BYTES`; stdin is read no further than
/// that, so a huge stream costs no memory.
fn query_text(words: &[String]) -> Result<String> {
    let text = if words.len() == 1 && words[0] == "-" {
        // The same limit as the matcher's (io::input::Kind::Message).
        crate::io::input::read_stdin_as(crate::io::input::Kind::Message)?
    } else {
        let len: usize = words.iter().map(|w| w.len() + 1).sum();
        if len > MAX_TEXT_BYTES {
            return Err(rebut::too_long());
        }
        words.join(" ")
    };
    rebut::check_text(&text)?;
    Ok(text)
}
