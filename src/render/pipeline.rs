//! The one path every document kind takes: compose the view, render it
//! with the kind's template (shorter and shorter until it fits the word
//! budget), and hand out the result in any format.

use minijinja::Environment;

use super::formats::{self, Doc, DocFormat};
use crate::compose::document::{Gaps, Missing};
use crate::compose::{Document, Sources, Title};
use crate::error::Result;

/// A rendered document with the view it came from.
#[derive(Debug, Clone)]
pub struct Produced<V> {
    pub doc: Doc,
    /// The view as rendered (after any shortening).
    pub view: V,
    /// Facts the user still has to fill in, shown as `[...]` in the text.
    pub missing: Vec<Missing>,
    /// Whether the text fits its word budget (always true without one).
    pub fits: bool,
    /// The document as a journal event, for `--log`.
    pub journal: Option<crate::compose::JournalNote>,
}

impl<V: serde::Serialize> Produced<V> {
    /// The document in `format`; JSON carries the view and the missing facts.
    pub fn bytes(&self, format: DocFormat) -> Result<Vec<u8>> {
        formats::bytes(&self.doc, format, &self.view, &self.missing)
    }
}

/// A document of any kind, for a front end that treats every kind alike:
/// the view becomes JSON, the notes come along.
pub trait AnyDocument {
    fn produce_any(
        &self,
        env: &Environment,
        src: &Sources,
    ) -> Result<(Produced<serde_json::Value>, Vec<String>)>;
}

impl<D: Document> AnyDocument for D {
    fn produce_any(
        &self,
        env: &Environment,
        src: &Sources,
    ) -> Result<(Produced<serde_json::Value>, Vec<String>)> {
        let p = produce_with(env, self, src)?;
        let notes = self.notes(&p.view);
        let view = serde_json::to_value(&p.view).map_err(|e| crate::error::Error::Template {
            name: D::TEMPLATE.to_string(),
            message: e.to_string(),
        })?;
        Ok((
            Produced {
                doc: p.doc,
                view,
                missing: p.missing,
                fits: p.fits,
                journal: p.journal,
            },
            notes,
        ))
    }
}

/// Composes and renders one document.
pub fn produce<D: Document>(kind: &D, src: &Sources) -> Result<Produced<D::View>> {
    produce_with(&super::environment(), kind, src)
}

/// As `produce`, with an environment the caller keeps (a mail merge renders
/// thousands of letters with one).
pub fn produce_with<D: Document>(
    env: &Environment,
    kind: &D,
    src: &Sources,
) -> Result<Produced<D::View>> {
    let mut gaps = Gaps::default();
    let full = kind.compose(src, &mut gaps)?;
    let budget = kind.budget(&full);
    let mut best = None;
    let mut step = 0;
    while let Some(view) = kind.shorter(&full, step) {
        let markdown = super::markdown(env, D::TEMPLATE, &view)?;
        let words = kind.words(&markdown);
        let fits = budget.is_none_or(|b| words <= b);
        best = Some((view, markdown, words, fits));
        if fits || budget.is_none() {
            break;
        }
        step += 1;
    }
    let (view, markdown, words, fits) = match best {
        Some(b) => b,
        // A kind that offers no shape at all is rendered as composed.
        None => {
            let markdown = super::markdown(env, D::TEMPLATE, &full)?;
            let words = kind.words(&markdown);
            (full, markdown, words, true)
        }
    };
    let titel = match kind.title(&view) {
        Title::Text(t) => t,
        Title::Template(name) => super::markdown(env, name, &view)?.trim().to_string(),
    };
    let doc = Doc {
        soort: D::KIND.to_string(),
        titel,
        woorden: words,
        markdown,
        from: kind.from(&view, src),
        to: kind.to(&view),
    };
    let journal = kind.journal(&view);
    Ok(Produced {
        doc,
        view,
        missing: gaps.missing,
        fits,
        journal,
    })
}
