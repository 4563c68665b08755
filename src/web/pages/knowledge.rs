//! Gemeente and Kennisbank: the `show/` templates of the commands, as pages.

use super::*;

pub async fn municipality(State(app): AppState, uri: Uri) -> Response {
    with_fields(app, uri, Ok(Bytes::new()), |app, f| {
        let name = match f.text("naam") {
            Some(n) => Some(n),
            None => profile::load(app.profile.as_deref())?.and_then(|(p, _)| p.gemeente),
        };
        let search = json!({
            "actie": "/gemeente", "naam": "naam", "label": "Welke gemeente?",
            "waarde": name.clone().unwrap_or_default(),
            "lijst": app.kb.municipalities.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        });
        let Some(name) = name else {
            return content_page(
                app,
                "gemeente",
                "Gemeente",
                &[],
                Some(search),
                Vec::new(),
                trusted(String::new()),
            );
        };
        let (row, merged) = crate::core::resolve::find_municipality(app.kb, &name)?;
        let mut messages = Vec::new();
        if let Some(m) = &merged {
            messages.push(format!(
                "Let op: {} is op {} opgegaan in {}. Je ziet nu {}.",
                m.former_name,
                date::dutch_text(&m.date),
                row.name,
                row.name
            ));
        }
        let v = crate::compose::places::municipality(app.kb, row, merged);
        let mut md =
            crate::render::markdown(&app.md_env, "show/municipality.md.j2", &json!({ "m": v }))?;
        if app.kb.councils.get(&row.code).is_some() {
            let c = crate::compose::council::view(app.kb, row);
            md.push_str("\n\n");
            md.push_str(&crate::render::markdown(
                &app.md_env,
                "show/raad.md.j2",
                &json!({ "r": c }),
            )?);
        }
        content_page(
            app,
            "gemeente",
            &format!("Gemeente {}", row.name),
            &messages,
            Some(search),
            Vec::new(),
            markdown_html(&md, 2),
        )
    })
    .await
}

/// The kinds of entries in the knowledge base: (path, Dutch name).
const SHELVES: &[(&str, &str)] = &[
    ("tegenwerpingen", "Tegenwerpingen"),
    ("argumenten", "Argumenten"),
    ("rollen", "Rollen bij de gemeente"),
    ("checklists", "Actielijsten"),
    ("partijen", "Partijen"),
];

pub async fn knowledge(State(app): AppState) -> Response {
    answer(app, |app| {
        let list = SHELVES
            .iter()
            .map(|(id, naam)| json!({"href": format!("/kennisbank/{id}"), "naam": naam, "uitleg": ""}))
            .collect();
        content_page(app, "kennisbank", "Kennisbank", &[], None, list, trusted(String::new()))
    })
    .await
}

fn shelf_name(kind: &str) -> Result<&'static str> {
    SHELVES
        .iter()
        .find(|(id, _)| *id == kind)
        .map(|(_, n)| *n)
        .ok_or_else(|| Error::not_found(format!("de kennisbank heeft geen '{kind}'. Kies uit: tegenwerpingen, argumenten, rollen, checklists, partijen.")))
}

pub async fn knowledge_list(State(app): AppState, UrlPath(kind): UrlPath<String>) -> Response {
    answer(app, move |app| {
        let title = shelf_name(&kind)?;
        let kb = app.kb;
        let item = |id: &str, naam: &str, uitleg: &str| {
            json!({"href": format!("/kennisbank/{kind}/{}", percent(id)), "naam": naam, "uitleg": uitleg})
        };
        let list: Vec<serde_json::Value> = match kind.as_str() {
            "tegenwerpingen" => kb.objections.iter().map(|o| item(&o.id, &o.objection, &o.short)).collect(),
            "argumenten" => kb.arguments.iter().map(|a| item(&a.id, &a.title, &a.summary)).collect(),
            "rollen" => kb.roles.iter().map(|r| item(&r.id, &r.name, "")).collect(),
            "checklists" => kb.checklists.iter().map(|c| item(&c.id, &c.title, "")).collect(),
            _ => kb.parties.iter().map(|p| item(&p.id, &p.name, "")).collect(),
        };
        content_page(app, "kennisbank", title, &[], None, list, trusted(String::new()))
    })
    .await
}

pub async fn knowledge_entry(
    State(app): AppState,
    UrlPath((kind, id)): UrlPath<(String, String)>,
) -> Response {
    answer(app, move |app| {
        use crate::compose::views;
        use crate::core::resolve::entry;
        shelf_name(&kind)?;
        let kb = app.kb;
        let (title, template, var, value) = match kind.as_str() {
            "tegenwerpingen" => {
                let o = entry(&kb.objections, &id, "tegenwerping", "coop tegenwerpingen")?;
                (
                    o.objection.clone(),
                    "show/objection.md.j2",
                    "o",
                    json!(views::objection(kb, o)),
                )
            }
            "argumenten" => {
                let a = entry(&kb.arguments, &id, "argument", "coop argumenten")?;
                (
                    a.title.clone(),
                    "show/argument.md.j2",
                    "a",
                    json!(views::argument(kb, a)),
                )
            }
            "rollen" => {
                let r = entry(&kb.roles, &id, "rol", "coop rollen")?;
                (
                    r.name.clone(),
                    "show/role.md.j2",
                    "r",
                    json!(views::role(kb, r)),
                )
            }
            "checklists" => {
                let c = entry(&kb.checklists, &id, "actielijst", "coop checklist")?;
                (
                    c.title.clone(),
                    "show/checklist.md.j2",
                    "c",
                    json!(views::checklist(kb, c)),
                )
            }
            _ => {
                let p = entry(&kb.parties, &id, "partij", "coop partijen")?;
                (
                    p.name.clone(),
                    "show/party.md.j2",
                    "p",
                    json!(views::party(kb, p)),
                )
            }
        };
        let mut ctx = serde_json::Map::new();
        ctx.insert(var.to_string(), value.clone());
        ctx.insert(
            "sources".into(),
            value.get("bronnen").cloned().unwrap_or_default(),
        );
        let md = crate::render::markdown(&app.md_env, template, &serde_json::Value::Object(ctx))?;
        content_page(
            app,
            "kennisbank",
            &title,
            &[],
            None,
            Vec::new(),
            markdown_html(&md, 2),
        )
    })
    .await
}
