//! Wat hoorde je?: text from the municipality → the answers, as `coop weerleg`.

use super::*;

pub async fn rebut(State(app): AppState, uri: Uri, body: Body) -> Response {
    with_fields(app, uri, body, rebut_page).await
}

fn rebut_page(app: &App, f: Fields) -> Result<Answer> {
    let text = f.get("tekst").unwrap_or("").to_string();
    let mut ctx = json!({
        "tekst": text, "gezocht": false, "aantal": 0, "niets": "", "antwoordbrief": false, "ids": [],
    });
    let mut safe = Vec::new();
    if !text.trim().is_empty() {
        rebutting::check_text(&text)?;
        let found = rebutting::rebut(app.kb, &app.index, &text, None);
        ctx["gezocht"] = json!(true);
        ctx["aantal"] = json!(found.matches.len());
        if found.matches.is_empty() {
            ctx["niets"] = json!(rebutting::nothing_found(&text).replace('`', ""));
        } else {
            ctx["antwoordbrief"] = json!(!found.one_sentence);
            ctx["ids"] = json!(found
                .matches
                .iter()
                .map(|m| m.o.id.clone())
                .collect::<Vec<_>>());
            let md = crate::render::markdown(
                &app.md_env,
                "show/rebut.md.j2",
                &json!({
                    "matches": found.matches,
                    "short_only": false,
                    "show_quote": !found.one_sentence,
                    "show_why": false,
                }),
            )?;
            safe.push(("antwoorden", markdown_html(&md, 3)));
        }
    } else {
        safe.push(("antwoorden", trusted(String::new())));
    }
    let html = view::page_with(
        app,
        "web/weerleg.html.j2",
        "weerleg",
        "Wat hoorde je?",
        &[],
        None,
        ctx,
        &safe,
    )?;
    Ok(Answer::Html(html))
}
