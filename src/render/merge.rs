//! Mail merge at scale: thousands of letters that differ only in the
//! reader's name, salutation and address.
//!
//! A letter is composed and rendered once per *tailoring* (recipient kind,
//! party, the number of words in each personal value, ...), with stand-ins
//! for the personal values; each recipient's letter is that Markdown with
//! the stand-ins replaced. This gives exactly the letter `produce` makes
//! alone, because:
//! - only plain values take this path (letters, digits, single spaces and
//!   `.-'’@+`, starting with a letter and ending with a letter or digit):
//!   the Markdown escaping leaves them as they are wherever they stand, and
//!   no template filter can treat them differently from the stand-in;
//! - a stand-in has as many words as the value, so the word budget picks the
//!   same shape;
//! - the first letter of every tailoring is also made alone and compared
//!   with the substituted one; if they differ (a template that uses a value
//!   in some new way), that tailoring is always made alone.
//!
//! Any other value (a `<`, an `_`, an e-mail as `Naam <adres>`) is made
//! alone, as before, and so is a letter in which a stand-in is left over.
//! Templates must not branch on what a personal value says (its length,
//! say): the check on the first letter of a tailoring would not see that.
//! `a_merged_letter_is_the_letter_made_alone` and the integration test
//! against the one-by-one path (`COOP_TEST_MERGE_ALONE`) cover the
//! built-in templates. The output formats are then written on every core
//! (`bytes_in_order`), in the order of the list.

use std::collections::HashMap;
use std::sync::Arc;

use minijinja::Environment;

use super::formats::{DocFormat, Stamp};
use super::pipeline::{self, Produced};
use crate::compose::letter::{self, LetterContext, LetterRequest, Recipient, RecipientView};
use crate::compose::Sources;
use crate::core::choice::Goal;
use crate::error::Result;

/// Starts a stand-in token; private use, never escaped, not a word
/// character.
const OPEN: char = '\u{E000}';
/// Ends a stand-in, so one is never the start of a longer one.
const CLOSE: char = '\u{E001}';

/// Everything a letter depends on besides the personal values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    recipient: Recipient,
    /// The party entry, by address in the knowledge base.
    party: Option<usize>,
    party_label: Option<String>,
    themes: Vec<String>,
    goal: Goal,
    rebut: Vec<String>,
    words: Option<usize>,
    with_motion: bool,
    /// Words in the name, the full salutation and the address (0 = none).
    name: Option<usize>,
    salutation: Option<usize>,
    email: bool,
}

/// A letter rendered with stand-ins, and the stand-ins.
struct Shared {
    produced: Produced<Arc<LetterContext>>,
    name: Option<String>,
    salutation: Option<String>,
    email: Option<String>,
    /// False when the substituted letter was not the letter made alone.
    exact: bool,
}

/// A merged letter's view: the view of its tailoring, shared by every
/// letter of it, with this recipient's part. Serialized (for JSON) it is
/// the view the letter has when made alone.
#[derive(Debug, Clone)]
pub struct MergedView {
    shared: Arc<LetterContext>,
    /// This recipient's part, when it is not the shared view's.
    ontvanger: Option<RecipientView>,
}

impl MergedView {
    /// A letter made alone, as a merged one.
    pub fn alone(p: Produced<LetterContext>) -> Produced<MergedView> {
        Produced {
            doc: p.doc,
            view: MergedView {
                shared: Arc::new(p.view),
                ontvanger: None,
            },
            missing: p.missing,
            fits: p.fits,
            journal: p.journal,
        }
    }
}

impl serde::Serialize for MergedView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match &self.ontvanger {
            None => self.shared.serialize(s),
            Some(r) => {
                let mut view = (*self.shared).clone();
                view.ontvanger = r.clone();
                view.serialize(s)
            }
        }
    }
}

/// The personal values of one recipient, when all are plain.
struct Personal<'a> {
    name: Option<&'a str>,
    /// The salutation as the letter writes it ("Geachte mevrouw De Boer,").
    salutation: Option<String>,
    email: Option<&'a str>,
    /// Words in the name and in the salutation.
    name_words: Option<usize>,
    salutation_words: Option<usize>,
}

/// Letters for one mail merge: one template environment, one letter
/// composed per tailoring.
pub struct Merge<'e, 's> {
    env: &'e Environment<'static>,
    src: &'s Sources<'s>,
    shared: HashMap<Key, Shared>,
}

impl<'e, 's> Merge<'e, 's> {
    pub fn new(env: &'e Environment<'static>, src: &'s Sources<'s>) -> Self {
        Merge {
            env,
            src,
            shared: HashMap::new(),
        }
    }

    /// The letter for `req`, exactly as `pipeline::produce_with` makes it.
    pub fn produce(&mut self, req: &LetterRequest) -> Result<Produced<MergedView>> {
        let Some(personal) = personal(req) else {
            return pipeline::produce_with(self.env, req, self.src).map(MergedView::alone);
        };
        let key = key(req, &personal);
        let (env, src) = (self.env, self.src);
        let shared = match self.shared.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let shared = stand_in(env, src, req, &personal)?;
                let alone = MergedView::alone(pipeline::produce_with(env, req, src)?);
                let filled = fill(&shared, &personal);
                let exact = same(&alone, &filled);
                let shared = e.insert(Shared { exact, ..shared });
                return Ok(if shared.exact { filled } else { alone });
            }
        };
        if shared.exact {
            let filled = fill(shared, &personal);
            // A stand-in left over (a template that changed a value, say
            // upper case) would show: make that letter alone.
            if !filled.doc.markdown.contains(OPEN) && !filled.doc.titel.contains(OPEN) {
                return Ok(filled);
            }
        }
        pipeline::produce_with(env, req, src).map(MergedView::alone)
    }
}

/// The values of `req` that differ per recipient, if all are plain.
fn personal<'a>(req: &LetterRequest<'a>) -> Option<Personal<'a>> {
    let salutation = req.salutation.map(letter::salutation);
    // `letter::salutation` ends it with exactly one comma.
    let salutation_words = match &salutation {
        Some(s) => Some(words(s.strip_suffix(',')?)?),
        None => None,
    };
    let name_words = match req.name {
        Some(n) => Some(words(n)?),
        None => None,
    };
    if let Some(e) = req.email {
        if words(e)? != 1 {
            return None;
        }
    }
    Some(Personal {
        name: req.name,
        salutation,
        email: req.email,
        name_words,
        salutation_words,
    })
}

fn key(req: &LetterRequest, p: &Personal) -> Key {
    Key {
        recipient: req.recipient,
        party: req.party.map(|p| std::ptr::from_ref(p) as usize),
        party_label: req.party_label.map(str::to_string),
        themes: req.themes.to_vec(),
        goal: req.goal,
        rebut: req.rebut.to_vec(),
        words: req.words,
        with_motion: req.with_motion,
        name: p.name_words,
        salutation: p.salutation_words,
        email: p.email.is_some(),
    }
}

/// The number of words of a plain value; `None` when it is not plain.
fn words(v: &str) -> Option<usize> {
    let first = v.chars().next()?;
    let last = v.chars().next_back()?;
    let chars_ok = v
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\'' | '’' | '@' | '+'));
    let tokens: Vec<&str> = v.split(' ').collect();
    let plain = first.is_alphabetic()
        && last.is_alphanumeric()
        && chars_ok
        && tokens.iter().all(|t| t.chars().any(char::is_alphanumeric));
    plain.then_some(tokens.len())
}

/// A stand-in of `n` words for field `f`; `lead` starts its first word.
fn stand_in_text(f: char, n: usize, lead: &str, tail: &str) -> String {
    let mut s = String::from(lead);
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push(OPEN);
        s.push(f);
        s.push_str(&i.to_string());
    }
    s.push(CLOSE);
    s.push_str(tail);
    s
}

/// The letter of this tailoring with stand-ins for the personal values.
fn stand_in(
    env: &Environment<'static>,
    src: &Sources,
    req: &LetterRequest,
    p: &Personal,
) -> Result<Shared> {
    let name = p.name_words.map(|n| stand_in_text('n', n, "", ""));
    // "Geachte…," stays as it is in `letter::salutation`.
    let salutation = p
        .salutation_words
        .map(|n| stand_in_text('a', n, "Geachte", ","));
    let email = p.email.map(|_| stand_in_text('e', 1, "", ""));
    let stand_in = LetterRequest {
        name: name.as_deref(),
        salutation: salutation.as_deref(),
        email: email.as_deref(),
        ..*req
    };
    let p = pipeline::produce_with(env, &stand_in, src)?;
    let produced = Produced {
        doc: p.doc,
        view: Arc::new(p.view),
        missing: p.missing,
        fits: p.fits,
        journal: p.journal,
    };
    Ok(Shared {
        produced,
        name,
        salutation,
        email,
        exact: true,
    })
}

/// The shared letter with this recipient's values.
fn fill(shared: &Shared, p: &Personal) -> Produced<MergedView> {
    let pairs: Vec<(&str, &str)> = [
        (shared.name.as_deref(), p.name),
        (shared.salutation.as_deref(), p.salutation.as_deref()),
        (shared.email.as_deref(), p.email),
    ]
    .into_iter()
    .filter_map(|(a, b)| Some((a?, b?)))
    .collect();
    let sub = |s: &str| -> String {
        if !s.contains(OPEN) {
            return s.to_string();
        }
        let mut s = s.to_string();
        for (from, to) in &pairs {
            if s.contains(from) {
                s = s.replace(from, to);
            }
        }
        s
    };
    let shared = &shared.produced;
    let r = &shared.view.ontvanger;
    let ontvanger = RecipientView {
        soort: r.soort,
        naam: r.naam.as_deref().map(sub),
        adres_blok: sub(&r.adres_blok),
        aanhef: sub(&r.aanhef),
        email: r.email.as_deref().map(sub),
    };
    Produced {
        doc: super::formats::Doc {
            soort: shared.doc.soort.clone(),
            titel: sub(&shared.doc.titel),
            markdown: sub(&shared.doc.markdown),
            woorden: shared.doc.woorden,
            from: shared.doc.from.clone(),
            to: shared
                .doc
                .to
                .iter()
                .map(|(name, address)| (sub(name), sub(address)))
                .collect(),
        },
        view: MergedView {
            shared: Arc::clone(&shared.view),
            ontvanger: Some(ontvanger),
        },
        missing: shared.missing.clone(),
        fits: shared.fits,
        journal: shared.journal.clone().map(|mut j| {
            for m in &mut j.met {
                *m = sub(m);
            }
            j
        }),
    }
}

/// Whether two letters are the same in every part a format writes.
fn same(a: &Produced<MergedView>, b: &Produced<MergedView>) -> bool {
    a.doc.soort == b.doc.soort
        && a.doc.titel == b.doc.titel
        && a.doc.markdown == b.doc.markdown
        && a.doc.woorden == b.doc.woorden
        && a.doc.from == b.doc.from
        && a.doc.to == b.doc.to
        && a.missing == b.missing
        && a.fits == b.fits
        && a.journal == b.journal
        && serde_json::to_value(&a.view).ok() == serde_json::to_value(&b.view).ok()
}

/// The bytes of every letter in `format`, in order, made on all cores.
/// `first` is the number of the first letter in the whole merge (for the
/// e-mail's Message-ID); `finish` gets that number and the bytes (to
/// compress them for an archive, say). Each letter's bytes are what
/// `Produced::bytes` gives alone.
pub fn bytes_in_order<V, F>(
    letters: &[Produced<V>],
    format: DocFormat,
    at: jiff::Timestamp,
    first: usize,
    finish: F,
) -> Vec<Result<Vec<u8>>>
where
    V: serde::Serialize + Sync,
    F: Fn(usize, Vec<u8>) -> Result<Vec<u8>> + Sync,
{
    let one = |i: usize, p: &Produced<V>| {
        let n = first + i;
        let stamp = Stamp {
            at,
            seq: Some(n as u64),
        };
        super::formats::bytes_stamped(&p.doc, format, &p.view, &p.missing, &stamp)
            .and_then(|b| finish(n, b))
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    if threads < 2 || letters.len() < 2 {
        return letters.iter().enumerate().map(|(i, p)| one(i, p)).collect();
    }
    // Contiguous parts, the first on this thread; joined in order.
    let per = letters.len().div_ceil(threads);
    std::thread::scope(|s| {
        let one = &one;
        let others: Vec<_> = letters
            .chunks(per)
            .enumerate()
            .skip(1)
            .map(|(c, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, p)| one(c * per + i, p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out: Vec<Result<Vec<u8>>> = letters[..per]
            .iter()
            .enumerate()
            .map(|(i, p)| one(i, p))
            .collect();
        for h in others {
            out.extend(h.join().expect("a format writer does not panic"));
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::choice::Choice;
    use crate::core::kb::Kb;

    /// Every merged letter is the letter made alone, in every format, for
    /// plain and unusual values, with and without a word budget.
    #[test]
    fn a_merged_letter_is_the_letter_made_alone() {
        let kb = Kb::load(None).unwrap();
        let (profile, _) = crate::core::profile::parse(
            "coop.yaml",
            "naam: De Groene Hof\ngemeente: Utrecht\nleden: 45\nemail: info@example.org\n",
        )
        .unwrap();
        let (row, _) = crate::core::resolve::find_municipality(&kb, "Utrecht").unwrap();
        let src = Sources {
            kb: &kb,
            profile: Some(&profile),
            municipality: Some(row),
            council: None,
            date: "14 maart 2026",
        };
        let env = crate::render::environment();
        let mut merge = Merge::new(&env, &src);
        let names = [
            "Jan de Vries",
            "Anne Boer",
            "Piet",
            "Şükrü Yılmaz",
            "J.P. van 't Hek-Smit",
            "Jan_Visser",
            "<b>Jan</b>",
            "Anne & Co;",
            "Ad [x](y)",
            "Jan,",
            "12. Jan",
        ];
        let salutations = [
            None,
            Some("mevrouw De Boer"),
            Some("Beste Anne"),
            Some("Geachte heer Visser,"),
            Some("heer *Visser*"),
        ];
        let emails = [None, Some("a.boer@raad.example"), Some("Anne <a@b.nl>")];
        let parties = ["vvd", "sp", "onbekend"];
        let themes = vec!["zorg".to_string()];
        let mut n = 0;
        for (i, name) in names.iter().enumerate() {
            for (j, sal) in salutations.iter().enumerate() {
                let email = emails[(i + j) % emails.len()];
                let party_id = parties[(i * 2 + j) % parties.len()];
                let party = kb.parties.get(party_id).or_else(|| kb.local_party());
                for (recipient, words, motion) in [
                    (Recipient::Raadslid, None, false),
                    (Recipient::Raadslid, Some(180), false),
                    (Recipient::Raadsleden, None, true),
                    (Recipient::Fracties, None, false),
                ] {
                    let req = LetterRequest {
                        recipient,
                        name: (recipient != Recipient::Fracties).then_some(*name),
                        salutation: *sal,
                        email,
                        party,
                        party_label: Some(party_id),
                        themes: if i % 2 == 0 { &themes } else { &[] },
                        goal: Goal::Gesprek,
                        rebut: &[],
                        words,
                        with_motion: motion,
                    };
                    let alone =
                        MergedView::alone(pipeline::produce_with(&env, &req, &src).unwrap());
                    let merged = merge.produce(&req).unwrap();
                    assert!(
                        same(&alone, &merged),
                        "{name} {sal:?} {email:?} {recipient:?}"
                    );
                    let stamp = Stamp {
                        at: jiff::Timestamp::from_second(1_790_000_000).unwrap(),
                        seq: Some(7),
                    };
                    for format in DocFormat::ALL {
                        let a = super::super::formats::bytes_stamped(
                            &alone.doc,
                            *format,
                            &alone.view,
                            &alone.missing,
                            &stamp,
                        )
                        .unwrap();
                        let m = super::super::formats::bytes_stamped(
                            &merged.doc,
                            *format,
                            &merged.view,
                            &merged.missing,
                            &stamp,
                        )
                        .unwrap();
                        assert!(a == m, "{name} {sal:?} {format:?}");
                    }
                    n += 1;
                }
            }
        }
        assert_eq!(n, names.len() * salutations.len() * 4);
        // The plain ones shared a letter per tailoring.
        assert!(merge.shared.values().all(|s| s.exact));
        assert!(merge.shared.len() < n / 2, "{}", merge.shared.len());
    }

    /// The writers on all cores give each letter's bytes in list order.
    #[test]
    fn letters_are_written_in_order_on_all_cores() {
        let doc = |i: usize| Produced {
            doc: super::super::formats::Doc {
                soort: "brief".into(),
                titel: format!("Brief {i}"),
                markdown: format!("Brief nummer {i}.\n"),
                woorden: 3,
                from: None,
                to: Vec::new(),
            },
            view: (),
            missing: Vec::new(),
            fits: true,
            journal: None,
        };
        let letters: Vec<_> = (0..1001).map(doc).collect();
        let at = jiff::Timestamp::from_second(0).unwrap();
        let out = bytes_in_order(&letters, DocFormat::Eml, at, 5, |n, mut b| {
            b.extend_from_slice(format!("#{n}").as_bytes());
            Ok(b)
        });
        assert_eq!(out.len(), 1001);
        for (i, b) in out.into_iter().enumerate() {
            let text = String::from_utf8(b.unwrap()).unwrap();
            assert!(text.contains(&format!("Brief nummer {i}.")), "{i}");
            assert!(text.contains(&format!(".{}@coop.invalid>", i + 5)), "{i}");
            assert!(text.ends_with(&format!("#{}", i + 5)), "{i}");
        }
    }

    #[test]
    fn plain_values_and_their_words() {
        assert_eq!(words("Jan de Vries"), Some(3));
        assert_eq!(words("Şükrü Yılmaz"), Some(2));
        assert_eq!(words("raadslid7@example.org"), Some(1));
        assert_eq!(words("Geachte mevrouw De Boer"), Some(4));
        assert_eq!(words("J.P. van 't Hek"), Some(4));
        for not_plain in [
            "",
            " Jan",
            "Jan ",
            "Jan  Visser",
            "-Jan",
            "Jan_Visser",
            "Jan <jan@x.nl>",
            "Jan, Piet",
            "Jan,",
            "Jan & Zn",
            "12. Jan",
            "Jan - Piet",
            "Jan*",
            "Jan.",
        ] {
            assert_eq!(words(not_plain), None, "{not_plain:?}");
        }
    }
}
