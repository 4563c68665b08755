//! Letters: to the council (via the griffie), a party group, one council
//! member, the wethouder wonen, or the griffie. Chooses and orders the
//! arguments by the reader's party and fits the text to a word budget.

use serde::Serialize;

use super::document::{self, CoopView, Gaps, GemeenteView};
use super::tailor;
use super::views::{self, ObjectionView};
use super::{Document, Mailbox, Sources, Title};
pub use crate::core::choice::{Goal, Recipient};
use crate::core::kb::{Kb, MunicipalityRow, Party};
use crate::core::profile::Profile;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct RecipientView {
    pub soort: Recipient,
    pub naam: Option<String>,
    pub adres_blok: String,
    pub aanhef: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub id: String,
    pub naam: String,
    pub themas_zin: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArgumentText {
    pub id: String,
    pub titel: String,
    pub samenvatting: String,
    pub tekst: String,
}

/// Everything the letter template needs.
#[derive(Debug, Clone, Serialize)]
pub struct LetterContext {
    pub datum: String,
    pub doel: &'static str,
    /// raad, college or griffie: decides how the request is phrased.
    pub lezer: &'static str,
    pub afzender_blok: String,
    pub coop: CoopView,
    pub gemeente: GemeenteView,
    pub ontvanger: RecipientView,
    pub partij: Option<PartyView>,
    pub argumenten: Vec<ArgumentText>,
    pub weerleggingen: Vec<ObjectionView>,
    /// Summaries instead of full paragraphs, to fit a word budget.
    pub kort: bool,
}

/// What the user asked for.
pub struct LetterRequest<'a> {
    pub recipient: Recipient,
    pub name: Option<&'a str>,
    pub salutation: Option<&'a str>,
    pub email: Option<&'a str>,
    pub party: Option<&'a Party>,
    /// The party name as the user wrote it, for local parties.
    pub party_label: Option<&'a str>,
    pub goal: Goal,
    pub rebut: &'a [String],
    /// At most this many words (`--woorden`).
    pub words: Option<usize>,
}

impl Document for LetterRequest<'_> {
    type View = LetterContext;
    const KIND: &'static str = "brief";
    const TEMPLATE: &'static str = "docs/brief.md.j2";

    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<LetterContext> {
        context(src.kb, src.profile, src.municipality, self, src.date, gaps)
    }

    fn title(&self, _: &LetterContext) -> Title {
        Title::Template("docs/parts/onderwerp.md.j2")
    }

    fn budget(&self, _: &LetterContext) -> Option<usize> {
        self.words
    }

    fn shorter(&self, view: &LetterContext, step: usize) -> Option<LetterContext> {
        SHAPES.get(step).map(|&(n, short)| shape(view, n, short))
    }

    fn to(&self, view: &LetterContext) -> Vec<Mailbox> {
        let r = &view.ontvanger;
        r.email
            .clone()
            .map(|e| vec![(r.naam.clone().unwrap_or_default(), e)])
            .unwrap_or_default()
    }
}

/// Markdown line break between lines of an address block.
const BR: &str = "\\\n";

pub fn context(
    kb: &Kb,
    profile: Option<&Profile>,
    municipality: Option<&MunicipalityRow>,
    req: &LetterRequest,
    date: &str,
    gaps: &mut Gaps,
) -> Result<LetterContext> {
    let coop = document::coop_view(profile, gaps);
    let gemeente = document::gemeente_view(kb, municipality, gaps);
    let g = gemeente.naam.clone();
    let party_name = req
        .party_label
        .map(str::to_string)
        .or_else(|| req.party.map(Party::in_sentence));
    let party_or_gap = |gaps: &mut Gaps| match &party_name {
        Some(n) => n.clone(),
        None => gaps.gap("partij", "partij"),
    };
    let (adres, aanhef, lezer) = match req.recipient {
        Recipient::Raad => (
            match &gemeente.raad_email {
                Some(mail) => {
                    format!("Aan de gemeenteraad van {g}{BR}t.a.v. de griffie{BR}per mail: {mail}")
                }
                None => format!("Aan de gemeenteraad van {g}{BR}t.a.v. de griffie"),
            },
            "Geachte leden van de gemeenteraad,".to_string(),
            "raad",
        ),
        Recipient::Fractie => {
            let p = party_or_gap(gaps);
            (
                format!("Aan de fractie van {p}{BR}in de gemeenteraad van {g}"),
                format!("Geachte leden van de fractie van {p},"),
                "raad",
            )
        }
        Recipient::Raadslid => {
            let n = gaps.text(req.name, "naam van het raadslid", "naam van het raadslid");
            let p = party_or_gap(gaps);
            (
                format!("Aan {n}{BR}raadslid voor {p} in de gemeenteraad van {g}"),
                format!("Geachte {n},"),
                "raad",
            )
        }
        Recipient::Wethouder => {
            let to = req.name.map_or("de wethouder wonen".to_string(), |n| {
                format!("{n}, wethouder wonen")
            });
            (
                format!("Aan het college van burgemeester en wethouders van {g}{BR}t.a.v. {to}"),
                req.name.map_or("Geachte wethouder,".to_string(), |n| {
                    format!("Geachte {n},")
                }),
                "college",
            )
        }
        Recipient::Griffie => (
            format!("Aan de griffie van de gemeente {g}"),
            "Geachte griffier,".to_string(),
            "griffie",
        ),
    };
    let aanhef = match req.salutation {
        Some(s) => {
            let s = s.trim().trim_end_matches(',');
            format!("{s},")
        }
        None => aanhef,
    };
    let email = req
        .email
        .map(str::to_string)
        .or_else(|| match req.recipient {
            Recipient::Raad => gemeente.raad_email.clone(),
            _ => None,
        });

    let mut afzender = vec![coop.text("naam").to_string()];
    if coop.known("adres") {
        afzender.push(coop.text("adres").to_string());
    }
    afzender.push(coop.text("email").to_string());
    if coop.known("telefoon") {
        afzender.push(coop.text("telefoon").to_string());
    }

    let partij = req.party.map(|p| PartyView {
        id: p.id.clone(),
        naam: party_name.clone().unwrap_or_else(|| p.name.clone()),
        themas_zin: document::join_and(
            &p.themes
                .iter()
                .filter_map(|t| kb.themes.get(&t.theme))
                .map(|t| t.name.to_lowercase())
                .collect::<Vec<_>>(),
        ),
    });
    let argumenten = tailor::arguments_for_party(kb, req.party)
        .into_iter()
        .map(|(a, _)| ArgumentText {
            id: a.id.clone(),
            titel: a.title.clone(),
            samenvatting: a.summary.clone(),
            tekst: a.text.clone(),
        })
        .collect();
    let weerleggingen = rebuttals(kb, req.rebut)?;

    Ok(LetterContext {
        datum: date.to_string(),
        doel: req.goal.id(),
        lezer,
        afzender_blok: afzender.join(BR),
        coop,
        gemeente,
        ontvanger: RecipientView {
            soort: req.recipient,
            naam: req.name.map(str::to_string),
            adres_blok: adres,
            aanhef,
            email,
        },
        partij,
        argumenten,
        weerleggingen,
        kort: false,
    })
}

/// The objections to answer in advance, by id.
pub fn rebuttals(kb: &Kb, ids: &[String]) -> Result<Vec<ObjectionView>> {
    ids.iter()
        .map(|id| {
            let id = id.trim();
            let o = kb.objections.get(id).ok_or_else(|| {
                let hint = crate::core::suggest::hint(id, kb.objections.keys());
                Error::not_found(format!(
                    "--weerleg: geen tegenwerping met id '{id}'.{hint} Bekijk alle ids met `coop tegenwerpingen`."
                ))
            })?;
            Ok(views::objection(kb, o))
        })
        .collect()
}

/// The ways to shorten a document, longest first: (arguments, summaries only).
pub const SHAPES: &[(usize, bool)] = &[(3, false), (2, false), (3, true), (2, true), (1, true)];

/// The letter context with `n` arguments, as paragraphs or summaries.
pub fn shape(ctx: &LetterContext, n: usize, short: bool) -> LetterContext {
    let mut c = ctx.clone();
    c.argumenten.truncate(n);
    c.kort = short;
    c
}
