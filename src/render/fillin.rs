//! Fill-in places: text in square brackets that the user still has to
//! replace, such as `[mailadres]`. Writers highlight them so nobody sends
//! or prints one by accident.
//!
//! pulldown-cmark gives an unescaped bracket that is not part of a link as a
//! Text event of its own whose source is exactly `[` or `]`; an escaped
//! bracket (`\[`, from user text) is merged into the surrounding text. So a
//! fill-in is: an unescaped `[`, one or more Text events, an unescaped `]`.
//! Anything else in between (emphasis, a link, a line break, the end of the
//! block) means it is not a fill-in, and the events pass unchanged.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// An event, or the start or end of a fill-in place (brackets included).
#[derive(Debug, PartialEq)]
pub enum Marked<'a> {
    Event(Event<'a>),
    Open,
    Close,
}

/// Wraps fill-ins in `events` (from `Parser::into_offset_iter` over `src`)
/// with [`Marked::Open`] and [`Marked::Close`]. Image descriptions are left
/// alone: they are attribute text in HTML, not something to highlight.
pub fn marked<'a, I>(src: &'a str, events: I) -> FillIns<'a, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    FillIns {
        src,
        inner: events,
        out: VecDeque::new(),
        pending: Vec::new(),
        images: 0,
    }
}

pub struct FillIns<'a, I> {
    src: &'a str,
    inner: I,
    out: VecDeque<Marked<'a>>,
    /// The events since an unescaped `[`, the bracket first.
    pending: Vec<Event<'a>>,
    images: usize,
}

impl<'a, I> FillIns<'a, I> {
    fn bracket(&self, text: &str, range: &Range<usize>, which: &str) -> bool {
        self.images == 0 && text == which && self.src.get(range.clone()) == Some(which)
    }

    fn release(&mut self) {
        self.out.extend(self.pending.drain(..).map(Marked::Event));
    }
}

impl<'a, I> Iterator for FillIns<'a, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    type Item = Marked<'a>;

    fn next(&mut self) -> Option<Marked<'a>> {
        loop {
            if let Some(m) = self.out.pop_front() {
                return Some(m);
            }
            let Some((event, range)) = self.inner.next() else {
                self.release();
                return self.out.pop_front();
            };
            match event {
                Event::Text(t) if self.bracket(&t, &range, "[") => {
                    self.release();
                    self.pending.push(Event::Text(t));
                }
                Event::Text(t) if !self.pending.is_empty() && self.bracket(&t, &range, "]") => {
                    if self.pending.len() > 1 {
                        self.out.push_back(Marked::Open);
                        self.release();
                        self.out.push_back(Marked::Event(Event::Text(t)));
                        self.out.push_back(Marked::Close);
                    } else {
                        self.release();
                        self.out.push_back(Marked::Event(Event::Text(t)));
                    }
                }
                Event::Text(t) if !self.pending.is_empty() => self.pending.push(Event::Text(t)),
                other => {
                    self.release();
                    match &other {
                        Event::Start(Tag::Image { .. }) => self.images += 1,
                        Event::End(TagEnd::Image) => self.images = self.images.saturating_sub(1),
                        _ => {}
                    }
                    self.out.push_back(Marked::Event(other));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    /// The text with fill-ins shown as {..}.
    fn show(md: &str) -> String {
        let events = Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter();
        let mut out = String::new();
        for m in marked(md, events) {
            match m {
                Marked::Open => out.push('{'),
                Marked::Close => out.push('}'),
                Marked::Event(Event::Text(t)) => out.push_str(&t),
                Marked::Event(Event::Start(Tag::Link { .. })) => out.push('<'),
                Marked::Event(Event::End(TagEnd::Link)) => out.push('>'),
                Marked::Event(Event::End(TagEnd::Paragraph)) => out.push('|'),
                Marked::Event(_) => {}
            }
        }
        out
    }

    #[test]
    fn brackets_around_plain_text_are_fill_ins() {
        assert_eq!(
            show("Wij zijn [naam van jullie coöperatie], lid: [aantal]."),
            "Wij zijn {[naam van jullie coöperatie]}, lid: {[aantal]}.|"
        );
        assert_eq!(show("- leden: [aantal]\n"), "leden: {[aantal]}");
    }

    #[test]
    fn links_escaped_and_unclosed_brackets_are_not() {
        assert_eq!(show("[de notitie](https://a.nl)"), "<de notitie>|");
        assert_eq!(show("\\[geen\\] en [] en [open"), "[geen] en [] en [open|");
        assert_eq!(show("[a **b**] [c"), "[a b] [c|");
        assert_eq!(show("[open\n\n]"), "[open|]|");
        assert_eq!(show("![alt [x]](p.png)"), "alt [x]|");
        assert_eq!(show("[[x]"), "[{[x]}|");
    }
}
