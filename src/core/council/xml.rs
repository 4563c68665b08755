//! A small, safe walk over XML: a DOCTYPE (and so every entity definition,
//! internal or external) is refused, only the five predefined entities and
//! character references are read, depth and text size are bounded. The
//! caller sees each element's start (with attributes) and its end (with its
//! own text), and the path of element names above it.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deeper than any file we read; a deeper one is refused.
pub const MAX_DEPTH: usize = 64;
/// The most text one element may hold.
pub const MAX_TEXT: usize = 64 * 1024;

pub enum Step<'a> {
    Start {
        name: &'a str,
        attrs: &'a [(String, String)],
    },
    End {
        name: &'a str,
        text: &'a str,
    },
}

/// What went wrong, in Dutch, with the line when known.
#[derive(Debug)]
pub struct XmlError {
    pub line: usize,
    pub message: String,
}

fn line_at(bytes: &[u8], pos: u64) -> usize {
    let end = (pos as usize).min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

fn local(name: &[u8]) -> String {
    let n = match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    };
    String::from_utf8_lossy(n).into_owned()
}

/// Walks `bytes`; `f` gets the path of the elements above (outermost
/// first) and the step. An error from `f` stops the walk.
pub fn walk(
    bytes: &[u8],
    mut f: impl FnMut(&[String], Step) -> Result<(), String>,
) -> Result<(), XmlError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut path: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let err = |reader: &Reader<&[u8]>, message: String| XmlError {
        line: line_at(bytes, reader.buffer_position()),
        message,
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            err(
                &reader,
                format!("dit is geen geldige XML ({e}). Is het bestand compleet?"),
            )
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::DocType(_) => {
                return Err(err(
                    &reader,
                    "het bestand heeft een DOCTYPE met eigen definities (entiteiten). Die leest coop niet, om veiligheidsredenen. Bestanden van de Kiesraad en het register hebben dat niet: download het bestand opnieuw bij de bron.".into(),
                ))
            }
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e.name().as_ref());
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|x| err(&reader, format!("fout in een attribuut ({x}).")))?;
                    let value = a.decoded_and_normalized_value(quick_xml::XmlVersion::default(), reader.decoder()).map_err(|x| {
                        err(
                            &reader,
                            format!("onbekende verwijzing in een attribuut ({x})."),
                        )
                    })?;
                    attrs.push((local(a.key.as_ref()), value.into_owned()));
                }
                if path.len() >= MAX_DEPTH {
                    return Err(err(
                        &reader,
                        format!("de XML is dieper dan {MAX_DEPTH} niveaus; zo'n bestand leest coop niet."),
                    ));
                }
                f(&path, Step::Start { name: &name, attrs: &attrs })
                    .map_err(|m| err(&reader, m))?;
                path.push(name);
                texts.push(String::new());
                if empty {
                    end(&mut path, &mut texts, &mut f).map_err(|m| err(&reader, m))?;
                }
            }
            Event::End(_) => {
                end(&mut path, &mut texts, &mut f).map_err(|m| err(&reader, m))?;
            }
            Event::Text(t) => {
                let s = t
                    .xml10_content()
                    .map_err(|x| err(&reader, format!("tekst in een onbekende codering ({x}).")))?;
                push_text(&mut texts, &s).map_err(|m| err(&reader, m))?;
            }
            Event::CData(t) => {
                let s = t
                    .decode()
                    .map_err(|x| err(&reader, format!("tekst in een onbekende codering ({x}).")))?;
                push_text(&mut texts, &s).map_err(|m| err(&reader, m))?;
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match AsRef::<[u8]>::as_ref(&*r) {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    }
                };
                let Some(c) = c else {
                    return Err(err(
                        &reader,
                        format!(
                            "onbekende entiteit &{};. Eigen entiteiten leest coop niet, om veiligheidsredenen.",
                            String::from_utf8_lossy(&r)
                        ),
                    ));
                };
                push_text(&mut texts, c.encode_utf8(&mut [0; 4])).map_err(|m| err(&reader, m))?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(XmlError {
            line: line_at(bytes, bytes.len() as u64),
            message: format!(
                "het bestand houdt op binnen <{}>. Is het compleet gedownload?",
                path.last().map(String::as_str).unwrap_or("")
            ),
        });
    }
    Ok(())
}

/// The root element's name and attributes, or `None` when the bytes do
/// not start like XML (reads no further than the root's start tag).
pub fn root(bytes: &[u8]) -> Option<(String, Vec<(String, String)>)> {
    let mut reader = Reader::from_reader(bytes);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .filter_map(|a| a.ok())
                    .map(|a| {
                        (
                            local(a.key.as_ref()),
                            String::from_utf8_lossy(&a.value).into_owned(),
                        )
                    })
                    .collect();
                return Some((local(e.name().as_ref()), attrs));
            }
            Event::Eof | Event::DocType(_) => return None,
            _ => {}
        }
    }
}

fn push_text(texts: &mut [String], s: &str) -> Result<(), String> {
    if let Some(t) = texts.last_mut() {
        if t.len() + s.len() > MAX_TEXT {
            return Err(format!(
                "een element heeft meer dan {} kB tekst; zo'n bestand leest coop niet.",
                MAX_TEXT / 1024
            ));
        }
        t.push_str(s);
    }
    Ok(())
}

fn end(
    path: &mut Vec<String>,
    texts: &mut Vec<String>,
    f: &mut impl FnMut(&[String], Step) -> Result<(), String>,
) -> Result<(), String> {
    let name = path.pop().unwrap_or_default();
    let text = texts.pop().unwrap_or_default();
    f(
        path,
        Step::End {
            name: &name,
            text: text.trim(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<Vec<(String, String)>, XmlError> {
        let mut out = Vec::new();
        walk(xml.as_bytes(), |_, s| {
            if let Step::End { name, text } = s {
                out.push((name.to_string(), text.to_string()));
            }
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn reads_text_with_predefined_entities_and_prefixes() {
        let t = texts("<a xmlns:p='x'><p:b>Jan &amp; Piet &#233;</p:b><c/></a>").unwrap();
        assert_eq!(t[0], ("b".into(), "Jan & Piet é".into()));
        assert_eq!(t[1], ("c".into(), "".into()));
    }

    #[test]
    fn refuses_entity_definitions_and_unknown_entities() {
        let laughs =
            "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]><l>&b;</l>";
        assert!(texts(laughs).unwrap_err().message.contains("DOCTYPE"));
        let external = "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>";
        assert!(texts(external).unwrap_err().message.contains("DOCTYPE"));
        assert!(texts("<x>&e;</x>")
            .unwrap_err()
            .message
            .contains("entiteit"));
    }

    #[test]
    fn refuses_truncated_and_too_deep_files() {
        assert!(texts("<a><b>tekst")
            .unwrap_err()
            .message
            .contains("compleet"));
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(texts(&deep).unwrap_err().message.contains("dieper"));
    }
}
