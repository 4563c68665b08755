//! The government organisations register (organisaties.overheid.nl,
//! `exportOO.xml` or the municipalities-only export): per municipality the
//! postal address and general e-mail, and the griffie when the register
//! lists it as part of the municipality. Streamed, so the full national
//! export is read in bounded memory. Pure: bytes in, records out.

use super::xml::{self, Step};
use super::{cbs_code, Contact, Organisation, Provenance};
use crate::error::{Error, Location, Result};

pub const SOURCE: &str = "Register van overheidsorganisaties";

#[derive(Debug, Default)]
pub struct Read {
    pub organisations: Vec<Organisation>,
    /// Municipalities in the file without a CBS code (by name): reported, not guessed.
    pub without_code: Vec<String>,
}

#[derive(Default)]
struct Address {
    kind: String,
    street: String,
    number: String,
    addition: String,
    postbus: String,
    postcode: String,
    city: String,
}

impl Address {
    fn lines(&self) -> Vec<String> {
        let mut first = if !self.postbus.is_empty() {
            if self.postbus.starts_with(|c: char| c.is_ascii_digit()) {
                format!("Postbus {}", self.postbus)
            } else {
                self.postbus.clone()
            }
        } else {
            [self.street.as_str(), self.number.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        first.push_str(&self.addition);
        let second = [self.postcode.as_str(), self.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [first, second]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
    }
}

#[derive(Default)]
struct Org {
    name: String,
    types: Vec<String>,
    code: Option<String>,
    addresses: Vec<Address>,
    email: Option<String>,
    phone: Option<String>,
    griffie: Option<Contact>,
}

impl Org {
    fn contact(&self) -> Contact {
        let post = self
            .addresses
            .iter()
            .find(|a| a.kind.to_lowercase().contains("post"))
            .or_else(|| self.addresses.first());
        Contact {
            postal_address: post.map(Address::lines).unwrap_or_default(),
            email: self.email.clone(),
            phone: self.phone.clone(),
        }
    }

    fn is_municipality(&self) -> bool {
        self.types
            .iter()
            .any(|t| t.eq_ignore_ascii_case("gemeente"))
    }

    fn is_griffie(&self) -> bool {
        self.name.to_lowercase().contains("griffie")
            || self.types.iter().any(|t| t.eq_ignore_ascii_case("griffie"))
    }
}

/// "https://identifier.overheid.nl/tooi/id/gemeente/gm0344" → GM0344.
fn code_from_tooi(uri: &str) -> Option<String> {
    let last = uri.rsplit('/').next()?;
    let rest = last
        .strip_prefix("gm")
        .or_else(|| last.strip_prefix("GM"))?;
    uri.contains("/gemeente/").then(|| cbs_code(rest)).flatten()
}

/// An e-mail address as the register writes it: plain, or (in some
/// exports) base64-encoded. Anything else is no address.
fn mail_address(text: &str) -> Option<String> {
    let plain = |s: &str| {
        let s = s.trim();
        (s.contains('@') && !s.contains(char::is_whitespace)).then(|| s.to_string())
    };
    plain(text).or_else(|| plain(&String::from_utf8(base64(text)?).ok()?))
}

/// Standard base64 (with or without padding); `None` when it is not.
fn base64(text: &str) -> Option<Vec<u8>> {
    let t = text.trim().trim_end_matches('=');
    if t.is_empty() || t.len() > 1024 {
        return None;
    }
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in t.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Whether the element at `path` belongs to the innermost organisation
/// itself, not to one of its people or functions (whose e-mail addresses
/// are not the organisation's).
fn own(path: &[String]) -> bool {
    let start = path
        .iter()
        .rposition(|p| p == "organisatie")
        .map_or(0, |i| i + 1);
    !path[start..].iter().any(|p| {
        matches!(
            p.as_str(),
            "functies" | "functie" | "medewerkers" | "medewerker" | "persoon"
        )
    })
}

pub fn read(label: &str, bytes: &[u8], imported: &str, data_date: Option<&str>) -> Result<Read> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut orgs: Vec<Org> = Vec::new();
    let mut addr: Option<Address> = None;
    let mut out = Read::default();
    let mut root_ok = false;
    let mut date = data_date.map(str::to_string);
    let origin = |date: &Option<String>| Provenance {
        source: SOURCE.into(),
        file: Some(label.to_string()),
        data_date: date.clone(),
        imported: imported.to_string(),
    };
    xml::walk(body, |path, step| {
        match step {
            Step::Start { name, attrs } => {
                if path.is_empty() {
                    root_ok = matches!(name, "overheidsorganisaties" | "organisaties");
                    if !root_ok {
                        return Err(format!(
                            "dit is geen export van het register van overheidsorganisaties: het bestand begint met <{name}>. Download exportOO.xml (of de export van alleen gemeenten) van organisaties.overheid.nl."
                        ));
                    }
                    if let Some(d) = attrs
                        .iter()
                        .find(|(k, _)| k == "datum" || k == "exportDatum")
                        .map(|(_, v)| v.get(..10).unwrap_or(v).to_string())
                    {
                        date.get_or_insert(d);
                    }
                }
                match name {
                    "organisatie" => {
                        orgs.push(Org {
                            code: attrs
                                .iter()
                                .find(|(k, _)| k.starts_with("resourceIdentifier"))
                                .and_then(|(_, v)| code_from_tooi(v)),
                            ..Org::default()
                        });
                    }
                    "adres" if !orgs.is_empty() && own(path) => {
                        // The 2.4 export wraps addresses in postAdres / bezoekAdres.
                        let kind = match path.last().map(String::as_str) {
                            Some("postAdres") => "Postadres",
                            Some("bezoekAdres") => "Bezoekadres",
                            _ => "",
                        };
                        addr = Some(Address {
                            kind: kind.to_string(),
                            ..Address::default()
                        })
                    }
                    _ => {}
                }
            }
            Step::End { name, text } => {
                if let Some(a) = addr.as_mut() {
                    let v = text.to_string();
                    match name {
                        "type" => a.kind = v,
                        "straat" => a.street = v,
                        "huisnummer" => a.number = v,
                        "huisnummertoevoeging" => a.addition = v,
                        "postbus" | "antwoordnummer" => a.postbus = v,
                        "postcode" => a.postcode = v,
                        "plaats" => a.city = v,
                        "adres" => {
                            if let (Some(a), Some(o)) = (addr.take(), orgs.last_mut()) {
                                o.addresses.push(a);
                            }
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                let Some(o) = orgs.last_mut() else {
                    return Ok(());
                };
                let parent = path.last().map(String::as_str).unwrap_or("");
                if name != "organisatie" && !own(path) {
                    return Ok(());
                }
                match name {
                    "naam" if parent == "organisatie" => o.name = text.to_string(),
                    "type" if parent == "types" => o.types.push(text.to_string()),
                    "cbsCode" | "cbscode" | "gemeentecode" => {
                        if let Some(c) = cbs_code(text) {
                            o.code = Some(c);
                        }
                    }
                    "email" | "emailadres" | "value" if o.email.is_none() => {
                        o.email = mail_address(text);
                    }
                    "nummer" | "telefoonnummer"
                        if o.phone.is_none()
                            && text.chars().filter(char::is_ascii_digit).count() >= 5 =>
                    {
                        o.phone = Some(text.to_string())
                    }
                    "organisatie" => {
                        let done = orgs.pop().expect("an organisation is open");
                        if done.is_griffie() {
                            if let Some(parent) = orgs.last_mut() {
                                parent.griffie = Some(done.contact());
                            }
                        } else if done.is_municipality() {
                            match &done.code {
                                Some(code) => out.organisations.push(Organisation {
                                    code: code.clone(),
                                    name_in_file: done.name.clone(),
                                    municipality: done.contact(),
                                    griffie: done.griffie.clone().filter(|g| !g.is_empty()),
                                    origin: origin(&date),
                                }),
                                None => out.without_code.push(done.name),
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })
    .map_err(|e| {
        Error::data(
            Location {
                file: label.to_string(),
                line: e.line,
                column: 1,
            },
            e.message,
        )
    })?;
    if out.organisations.is_empty() && out.without_code.is_empty() {
        return Err(Error::data(
            Location {
                file: label.to_string(),
                line: 0,
                column: 0,
            },
            "in dit bestand staat geen enkele gemeente. Download exportOO.xml (of de export van alleen gemeenten) van organisaties.overheid.nl.",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OO: &[u8] = include_bytes!("../../../tests/data/council/exportOO_gemeenten.xml");

    #[test]
    fn mail_addresses_plain_or_base64() {
        assert_eq!(
            mail_address(" griffie@x.nl ").as_deref(),
            Some("griffie@x.nl")
        );
        // "griffie@voorbeeld.nl" in base64, as some exports write it.
        assert_eq!(
            mail_address("Z3JpZmZpZUB2b29yYmVlbGQubmw=").as_deref(),
            Some("griffie@voorbeeld.nl")
        );
        assert_eq!(mail_address("Algemeen"), None);
        assert_eq!(mail_address("niet @ een adres"), None);
    }

    #[test]
    fn municipalities_with_their_griffie_and_not_their_people() {
        let r = read("oo.xml", OO, "2026-11-29", None).unwrap();
        let codes: Vec<&str> = r.organisations.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["GM0344", "GM0014"]);
        assert_eq!(r.without_code, ["Gemeente Zonder Code"]);
        let utrecht = &r.organisations[0];
        assert_eq!(
            utrecht.municipality.postal_address,
            ["Postbus 16200", "3500 CE Utrecht"]
        );
        let griffie = utrecht.griffie.as_ref().unwrap();
        assert_eq!(
            griffie.email.as_deref(),
            Some("griffie@voorbeeld-utrecht.nl")
        );
        assert_eq!(utrecht.origin.data_date.as_deref(), Some("2026-11-20"));
        // Groningen: the postAdres wrapper of the 2.4 export; the mayor's
        // own address is not the municipality's.
        let groningen = &r.organisations[1];
        assert_eq!(
            groningen.municipality.email.as_deref(),
            Some("info@voorbeeld-groningen.nl")
        );
        assert_eq!(
            groningen.municipality.postal_address,
            ["Postbus 30026", "9700 RM Groningen"]
        );
        assert!(groningen.griffie.is_none());
    }
}
