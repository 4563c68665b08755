//! `coop objections|arguments|roles|checklist [ID]`: a table of all
//! entries, or one entry in full.

use serde::Serialize;

use crate::cli::BrowseArgs;
use crate::compose::views;
use crate::core::kb::{Collection, Entry, Kb};
use crate::core::resolve;
use crate::error::Result;
use crate::io::output;
use crate::render;
use crate::render::formats::ShowFormat;

/// What a browse command needs to know about one kind of entry.
struct Kind<'k, T, V> {
    items: &'k Collection<T>,
    /// Dutch noun for messages ("tegenwerping").
    noun: &'static str,
    /// The Dutch command that lists them.
    list_cmd: &'static str,
    header: &'static [&'static str],
    row: fn(&T) -> Vec<String>,
    view: fn(&Kb, &T) -> V,
    template: &'static str,
    /// The key the template expects the view under.
    var: &'static str,
}

pub fn objections(kb: &Kb, args: &BrowseArgs) -> Result<u8> {
    show(
        kb,
        args,
        Kind {
            items: &kb.objections,
            noun: "tegenwerping",
            list_cmd: "coop tegenwerpingen",
            header: &["id", "tegenwerping", "kort antwoord"],
            row: |o| vec![o.id.clone(), o.objection.clone(), o.short.clone()],
            view: views::objection,
            template: "show/objection.md.j2",
            var: "o",
        },
    )
}

pub fn arguments(kb: &Kb, args: &BrowseArgs) -> Result<u8> {
    show(
        kb,
        args,
        Kind {
            items: &kb.arguments,
            noun: "argument",
            list_cmd: "coop argumenten",
            header: &["id", "argument", "in één zin"],
            row: |a| vec![a.id.clone(), a.title.clone(), a.summary.clone()],
            view: views::argument,
            template: "show/argument.md.j2",
            var: "a",
        },
    )
}

pub fn roles(kb: &Kb, args: &BrowseArgs) -> Result<u8> {
    show(
        kb,
        args,
        Kind {
            items: &kb.roles,
            noun: "rol",
            list_cmd: "coop rollen",
            header: &["id", "rol", "wat deze persoon doet"],
            row: |r| vec![r.id.clone(), r.name.clone(), r.does.clone()],
            view: views::role,
            template: "show/role.md.j2",
            var: "r",
        },
    )
}

pub fn checklists(kb: &Kb, args: &BrowseArgs) -> Result<u8> {
    show(
        kb,
        args,
        Kind {
            items: &kb.checklists,
            noun: "checklist",
            list_cmd: "coop checklist",
            header: &["id", "checklist", "wanneer"],
            row: |c| vec![c.id.clone(), c.title.clone(), c.when.clone()],
            view: views::checklist,
            template: "show/checklist.md.j2",
            var: "c",
        },
    )
}

fn show<T, V>(kb: &Kb, args: &BrowseArgs, kind: Kind<'_, T, V>) -> Result<u8>
where
    T: Entry + Serialize,
    V: Serialize,
{
    let Some(id) = &args.id else {
        return list(kb, args.format, &kind);
    };
    let item = resolve::entry(kind.items, id, kind.noun, kind.list_cmd)?;
    let view = (kind.view)(kb, item);
    match args.format {
        ShowFormat::Json => super::print_json(&view)?,
        format => {
            let env = render::environment();
            let value = serde_json::to_value(&view).unwrap_or_default();
            let sources = value.get("bronnen").cloned().unwrap_or_default();
            let ctx = serde_json::json!({ kind.var: value, "sources": sources });
            let md = render::markdown(&env, kind.template, &ctx)?;
            super::print_markdown(&md, format)?;
        }
    }
    Ok(0)
}

fn list<T, V>(kb: &Kb, format: ShowFormat, kind: &Kind<'_, T, V>) -> Result<u8>
where
    T: Entry + Serialize,
    V: Serialize,
{
    match format {
        ShowFormat::Json => {
            let all: Vec<V> = kind.items.iter().map(|i| (kind.view)(kb, i)).collect();
            super::print_json(&all)?;
        }
        ShowFormat::Md => {
            let mut md = String::new();
            for item in kind.items.iter() {
                let cells = (kind.row)(item);
                md.push_str(&format!(
                    "- **{}** (`{}`): {}\n",
                    cells[1], cells[0], cells[2]
                ));
            }
            output::print(&md)?;
        }
        ShowFormat::Text => {
            let rows = kind.items.iter().map(|i| (kind.row)(i)).collect();
            output::print(&output::table(kind.header, rows))?;
        }
    }
    Ok(0)
}
