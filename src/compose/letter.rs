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
    /// The paragraph written to this party (its sourced positions, and
    /// coop's reading of them, which the text marks as such).
    pub pitch: Vec<PitchLine>,
}

/// One sentence of the paragraph to a party.
#[derive(Debug, Clone, Serialize)]
pub struct PitchLine {
    pub tekst: String,
    /// coop's interpretation, not the party's own position.
    pub lezing_van_coop: bool,
    pub bronnen: Vec<String>,
}

/// An objection answered in advance, as the cooperative writes it.
#[derive(Debug, Clone, Serialize)]
pub struct LetterRebuttal {
    pub id: String,
    pub tekst: String,
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
    /// Objections answered in advance, in the letter's own voice.
    pub weerleggingen: Vec<LetterRebuttal>,
    /// Summaries instead of full paragraphs, to fit a word budget.
    pub kort: bool,
    /// The plan in one or two sentences (homes, for whom, rent, place).
    pub plan: String,
    /// The draft motion, appended with `--met-motie`.
    pub motie: Option<super::motion::MotionContext>,
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
    /// Theme ids the reader cares about (`--thema`).
    pub themes: &'a [String],
    pub goal: Goal,
    pub rebut: &'a [String],
    /// At most this many words (`--woorden`).
    pub words: Option<usize>,
    /// Append the draft motion (`--met-motie`).
    pub with_motion: bool,
}

/// The party a merged letter is tailored to: for a list name from the
/// council (`from_council`) only a party coop knows for sure, else the
/// name resolved as `--partij` would be; None for a local party.
pub fn recipient_party<'a>(kb: &'a Kb, partij: &str, from_council: bool) -> Option<&'a Party> {
    if from_council {
        crate::core::council::party_of_list(kb, partij)
    } else {
        crate::core::resolve::party(kb, partij).ok()
    }
}

/// One recipient per party in the council (`fracties`) or per elected
/// member (`raadsleden`), from the imported election result of the
/// municipality in `src`. E-mail addresses are never made up: members'
/// letters go via the griffie.
pub fn council_recipients(
    src: &Sources,
    aan: Recipient,
) -> Result<Vec<crate::core::recipients::Recipient>> {
    let Some(row) = src.municipality else {
        return Err(Error::Usage(
            "welke gemeente? Geef --gemeente NAAM, of zet de gemeente in coop.yaml.".into(),
        ));
    };
    let Some(result) = src.council.and_then(|c| c.result.as_ref()) else {
        return Err(Error::not_found(format!(
            "de uitslag van de raad van {} is niet bekend. Download hem bij de Kiesraad en lees hem in met: coop data importeer kiesraad BESTAND",
            row.name
        )));
    };
    let list = crate::core::recipients::from_council(result, aan == Recipient::Raadsleden);
    if list.is_empty() {
        return Err(Error::not_found(format!(
            "in de uitslag van {} staan geen namen van gekozen raadsleden. Lees het EML-bestand 520 van de Kiesraad in; de CSV heeft geen namen.",
            row.name
        )));
    }
    Ok(list)
}

impl<'a> LetterRequest<'a> {
    /// The letter for one recipient of a mail merge (a CSV row, or a party
    /// or member from the council) on the choices of `self` (goal, themes,
    /// objections, length). `party` is from `recipient_party`; without one
    /// the letter uses the general arguments of a local party.
    pub fn for_recipient(
        &self,
        kb: &'a Kb,
        r: &'a crate::core::recipients::Recipient,
        party: Option<&'a Party>,
    ) -> LetterRequest<'a> {
        let fractie = self.recipient == Recipient::Fracties;
        LetterRequest {
            recipient: match self.recipient {
                Recipient::Fracties | Recipient::Raadsleden => self.recipient,
                _ => Recipient::Raadslid,
            },
            name: (!fractie).then_some(r.naam.as_str()),
            salutation: r.aanhef.as_deref(),
            email: r.email.as_deref(),
            party: party.or_else(|| kb.local_party()),
            party_label: r
                .fractie
                .as_deref()
                .or_else(|| (!r.partij.is_empty()).then_some(r.partij.as_str())),
            ..*self
        }
    }
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

    /// A letter to one person promises to get in touch next week
    /// (templates/docs/parts/afsluiting.md.j2); the journal gets that as a
    /// follow-up.
    fn journal(&self, view: &LetterContext) -> Option<super::JournalNote> {
        let r = &view.ontvanger;
        let promise = matches!(r.soort, Recipient::Raadslid | Recipient::Wethouder);
        Some(super::JournalNote {
            soort: crate::core::journal::EventKind::Brief,
            met: r.naam.clone().into_iter().collect(),
            vervolg: promise.then(|| (7, "Contact opnemen om een afspraak te maken".to_string())),
        })
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
    let party_name = party_name(req.party, req.party_label);
    let party_or_gap = |gaps: &mut Gaps| match &party_name {
        Some(n) => n.clone(),
        None => gaps.gap("partij", "partij"),
    };
    let (adres, aanhef, lezer) = match req.recipient {
        Recipient::Raad => {
            (
                match &gemeente.raad_email {
                    Some(mail) => {
                        format!("Aan de gemeenteraad van {g}{BR}t.a.v. de griffie{}{BR}per mail: {mail}", griffie_post(&gemeente))
                    }
                    None => format!(
                        "Aan de gemeenteraad van {g}{BR}t.a.v. de griffie{}",
                        griffie_post(&gemeente)
                    ),
                },
                "Geachte leden van de gemeenteraad,".to_string(),
                "raad",
            )
        }
        Recipient::Fractie | Recipient::Fracties => {
            let p = party_or_gap(gaps);
            (
                format!("Aan de fractie van {p}{BR}in de gemeenteraad van {g}"),
                format!("Geachte leden van de fractie van {p},"),
                "raad",
            )
        }
        Recipient::Raadslid | Recipient::Raadsleden => {
            let n = gaps.text(req.name, "naam van het raadslid", "naam van het raadslid");
            let p = party_or_gap(gaps);
            // Elected names come without addresses: such a letter goes via the griffie.
            let via = match (req.recipient, req.email) {
                (Recipient::Raadsleden, None) => {
                    format!("{BR}p/a de griffie{}", griffie_post(&gemeente))
                }
                _ => String::new(),
            };
            (
                format!("Aan {n}{BR}raadslid voor {p} in de gemeenteraad van {g}{via}"),
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
            format!(
                "Aan de griffie van de gemeente {g}{}",
                griffie_post(&gemeente)
            ),
            "Geachte griffier,".to_string(),
            "griffie",
        ),
    };
    let aanhef = match req.salutation {
        Some(s) => salutation(s),
        None => aanhef,
    };
    let email = req
        .email
        .map(str::to_string)
        .or_else(|| match req.recipient {
            Recipient::Raad => gemeente
                .raad_email
                .clone()
                .or_else(|| gemeente.griffie_email.clone()),
            Recipient::Griffie | Recipient::Raadsleden => gemeente.griffie_email.clone(),
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
        naam: party_name
            .clone()
            .unwrap_or_else(|| gaps.gap("partij", "naam van de partij")),
        themas_zin: themes_phrase(kb, p, req.themes),
        pitch: p
            .pitch
            .iter()
            .map(|x| PitchLine {
                tekst: x.text.clone(),
                lezing_van_coop: x.reading,
                bronnen: x.sources.clone(),
            })
            .collect(),
    });
    let reader = tailor::Reader {
        party: req.party,
        themes: req.themes,
        goal: req.goal,
        city: gemeente.stad,
    };
    let picked = tailor::pick(kb, &reader);
    let argumenten: Vec<ArgumentText> = picked
        .iter()
        .take(SHAPES[0].0)
        .map(|a| ArgumentText {
            id: a.id.clone(),
            titel: a.title.clone(),
            samenvatting: a.summary.clone(),
            tekst: tailor::argument_text(a, &coop, &g, gaps),
        })
        .collect();
    // Without objections named, the first one this party's members may
    // raise that the arguments do not answer already.
    let ids: Vec<String> = if req.rebut.is_empty() {
        req.party
            .and_then(|p| {
                p.objections.iter().find(|id| {
                    kb.objections.get(id).is_some_and(|o| {
                        !o.arguments
                            .iter()
                            .any(|x| argumenten.iter().any(|a| &a.id == x))
                    })
                })
            })
            .cloned()
            .into_iter()
            .collect()
    } else {
        req.rebut.to_vec()
    };
    let weerleggingen = letter_rebuttals(kb, &ids, &coop, &g, gaps)?;
    let plan = plan_sentences(&coop, gaps);
    let motie = if req.with_motion {
        Some(super::motion::context(
            kb,
            &coop,
            &gemeente,
            req.goal,
            None,
            party_name.clone(),
            gaps,
        ))
    } else {
        None
    };

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
        plan,
        motie,
    })
}

/// The party as it stands in a sentence: the user's own name for a party
/// coop does not know, else "de VVD"; `None` for the local stand-in
/// without a name.
pub fn party_name(party: Option<&Party>, label: Option<&str>) -> Option<String> {
    label
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .or_else(|| party.filter(|p| !p.local).map(Party::in_sentence))
}

/// Any party name: a party coop knows, or a local party coop does not
/// know, which keeps the user's name (label) and gets the stand-in's
/// neutral arguments. `lokaal` alone is the stand-in without a name.
pub fn party_or_local<'a>(kb: &'a Kb, name: &'a str) -> (Option<&'a Party>, Option<&'a str>) {
    match crate::core::resolve::party(kb, name) {
        Ok(p) => (Some(p), None),
        Err(_) => (
            kb.local_party(),
            Some(name.trim()).filter(|n| !n.is_empty()),
        ),
    }
}

/// True when `name` is a party coop has no entry for (a local party).
pub fn is_unknown_party(kb: &Kb, name: &str) -> bool {
    crate::core::resolve::party(kb, name).is_err()
}

/// "betaalbaar wonen en zorg en mantelzorg": the themes the user named, or
/// the party's.
fn themes_phrase(kb: &Kb, p: &Party, named: &[String]) -> String {
    let ids: Vec<&str> = if named.is_empty() {
        p.themes.iter().map(|t| t.theme.as_str()).collect()
    } else {
        named.iter().map(String::as_str).collect()
    };
    document::join_and(
        &ids.iter()
            .filter_map(|t| kb.themes.get(t))
            .map(|t| t.name.to_lowercase())
            .collect::<Vec<_>>(),
    )
}

/// What we want to build, for whom and where, from the profile.
fn plan_sentences(coop: &CoopView, gaps: &mut Gaps) -> String {
    let t = "Wij willen {woningen} woningen maken voor {doelgroepen}. De huur of prijs wordt {huur}. Wij hebben {locatie} op het oog.";
    tailor::fill(t, coop, "", gaps)
}

/// The objections to answer in advance, in the letter's voice: the
/// objection's `letter` text with our figures, else its short answer.
pub fn letter_rebuttals(
    kb: &Kb,
    ids: &[String],
    coop: &CoopView,
    gemeente: &str,
    gaps: &mut Gaps,
) -> Result<Vec<LetterRebuttal>> {
    rebuttals(kb, ids)?;
    Ok(ids
        .iter()
        .filter_map(|id| kb.objections.get(id.trim()))
        .map(|o| LetterRebuttal {
            id: o.id.clone(),
            tekst: tailor::fill(
                o.letter.as_deref().unwrap_or(&o.short),
                coop,
                gemeente,
                gaps,
            ),
        })
        .collect())
}

/// "mevrouw De Boer" → "Geachte mevrouw De Boer,"; a full salutation
/// stays as it is, with one comma at the end.
pub fn salutation(s: &str) -> String {
    let s = s.trim().trim_end_matches(',').trim();
    let lower = s.to_lowercase();
    if lower.starts_with("geachte")
        || lower.starts_with("beste")
        || lower.starts_with("hooggeachte")
    {
        format!("{s},")
    } else {
        format!("Geachte {s},")
    }
}

/// The griffie's postal address as more lines of an address block, when
/// known (from the organisations register or the user's own entry).
fn griffie_post(gemeente: &GemeenteView) -> String {
    gemeente
        .griffie_adres
        .iter()
        .map(|l| format!("{BR}{l}"))
        .collect()
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
