//! Pure selection and assembly: turns knowledge base entries, the profile
//! and the journal into the one view a template (or JSON) needs. No I/O.
//!
//! Every document kind is one type that implements [`Document`]: its
//! options are its fields, `compose` makes its view. The one generic path
//! in `render::pipeline` renders any kind, fits it to a word budget and
//! writes it in every format; the command line, the questionnaire and the
//! web app all go through it.

pub mod council;
pub mod document;
pub mod dossier;
pub mod letter;
pub mod manifest;
pub mod motion;
pub mod places;
pub mod plan;
pub mod rebut;
pub mod reply;
pub mod speech;
pub mod tailor;
pub mod timeline;
pub mod views;

use serde::Serialize;

use crate::core::kb::{Kb, MunicipalityRow};
use crate::core::profile::Profile;
use crate::error::Result;
use document::Gaps;

/// What every document is made from besides its own options.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub kb: &'a Kb,
    pub profile: Option<&'a Profile>,
    pub municipality: Option<&'a MunicipalityRow>,
    /// What is known about that municipality's council (imports and the
    /// user's own facts), each fact with its provenance.
    pub council: Option<&'a crate::core::council::Council>,
    /// The date printed in the document, in Dutch ("14 maart 2026").
    pub date: &'a str,
}

/// A document's subject line: plain text, or a template part rendered
/// with the view.
pub enum Title {
    Text(String),
    Template(&'static str),
}

/// (name, address) pairs for an e-mail draft.
pub type Mailbox = (String, String);

/// One kind of document.
pub trait Document {
    /// What the template (and JSON output) gets.
    type View: Serialize + Clone;
    /// The kind's Dutch name in JSON output and file names ("brief").
    const KIND: &'static str;
    /// The template that turns the view into Markdown.
    const TEMPLATE: &'static str;

    /// The view, with a visible fill-in place (recorded in `gaps`) for
    /// every fact that is not known.
    fn compose(&self, src: &Sources, gaps: &mut Gaps) -> Result<Self::View>;

    fn title(&self, view: &Self::View) -> Title;

    /// The most words the document may have, if it has a budget.
    fn budget(&self, _view: &Self::View) -> Option<usize> {
        None
    }

    /// The view made shorter by `step` (0 = as composed), or `None` when
    /// it cannot be made any shorter. Only asked when there is a budget.
    fn shorter(&self, view: &Self::View, step: usize) -> Option<Self::View> {
        (step == 0).then(|| view.clone())
    }

    /// Words counted against the budget.
    fn words(&self, markdown: &str) -> usize {
        document::word_count(markdown)
    }

    /// The sender of an e-mail draft: the cooperative when its address is
    /// known.
    fn from(&self, _view: &Self::View, src: &Sources) -> Option<Mailbox> {
        let p = src.profile?;
        Some((p.naam.clone().unwrap_or_default(), p.email.clone()?))
    }

    /// The recipients of an e-mail draft.
    fn to(&self, _view: &Self::View) -> Vec<Mailbox> {
        Vec::new()
    }

    /// Advice for the user that belongs beside the document, not in it
    /// (shown on stderr by the command line).
    fn notes(&self, _view: &Self::View) -> Vec<String> {
        Vec::new()
    }

    /// How the document goes into the campaign journal (`--log`): the kind
    /// of event, the people it is for, and a follow-up when the document
    /// promises one. `None` for documents that are not sent to anyone.
    fn journal(&self, _view: &Self::View) -> Option<JournalNote> {
        None
    }
}

/// A sent document as a journal event.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalNote {
    pub soort: crate::core::journal::EventKind,
    pub met: Vec<String>,
    /// (days from the document's date, what to do).
    pub vervolg: Option<(i64, String)>,
}
