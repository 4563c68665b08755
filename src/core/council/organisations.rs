//! The government organisations register (organisaties.overheid.nl,
//! `exportOO.xml` or the municipalities-only export): per municipality the
//! postal address and general e-mail, and the griffie when the register
//! lists it as part of the municipality. Streamed, so the full national
//! export is read in bounded memory. Pure: bytes in, records out.
//!
//! The format, as public importers of the export read it (element names
//! are matched without their `p:` prefix):
//! - current export (schema 2.6.x, namespace
//!   `https://organisaties.overheid.nl/static/schema/oo/export/2.6.9`):
//!   `overheidsorganisaties/organisaties/organisatie` with the attributes
//!   `systeemId` and `resourceIdentifierTOOI`
//!   (`https://identifier.overheid.nl/tooi/id/gemeente/gm0794`), the kind in
//!   `types/type` ("Gemeente"), the codes in
//!   `identificatiecodes/resourceIdentifier naam="Organisatiecode"`
//!   (`gm0794`), addresses in `adressen/adres` with `adresType`
//!   (Bezoekadres, Postadres, Woo-Adres), `openbareRuimte`, `huisnummer`,
//!   `toevoeging`, `postbus`, `postcode`, `woonplaats`, and
//!   `contact/emailadressen/emailadres/{email,label}` and
//!   `contact/telefoonnummers/telefoonnummer/{nummer,label}`; people sit in
//!   `functies/functie/medewerkers/medewerker`, parts of the organisation
//!   in a nested `organisaties/organisatie`; `datumMutatie` is the day the
//!   record last changed. Sources: anneschuth/polder `tests/test_roo.py` and
//!   `src/polder/fetchers/roo.py`, ahamris/opub-eupl
//!   `app/Console/Commands/ImportBestuursorganen.php`.
//! - older export (schema 2.4.x): municipalities as `gemeenten/gemeente`,
//!   `contact` with `emailadres` (text, `label` attribute; base64 in some
//!   years), `telefoon`, `postAdres/adres` and `bezoekAdres/adres` with
//!   `straat`, `huisnummer`, `huisletter`, `toevoeging`, `postbus`,
//!   `postcode`, `plaats`, and a `timestamp` on the root. Source:
//!   openstate/allmanak `import-cron/oo-export.xsd` and
//!   `import-cron/importdata.sh`.
//!
//! Not confirmed by any source we could read: how the register lists a
//! griffie. coop takes a part of the municipality whose name or type says
//! "griffie" (e.g. "Griffie", "Raadsgriffie"), or an e-mail address of the
//! municipality labelled "griffie".

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
    letter: String,
    addition: String,
    postbus: String,
    postcode: String,
    city: String,
}

impl Address {
    fn lines(&self) -> Vec<String> {
        let first = if !self.postbus.is_empty() {
            if self.postbus.starts_with(|c: char| c.is_ascii_digit()) {
                format!("Postbus {}", self.postbus)
            } else {
                self.postbus.clone()
            }
        } else {
            let number = format!("{}{}", self.number, self.letter);
            [
                self.street.as_str(),
                number.as_str(),
                self.addition.as_str(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
        };
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

/// One e-mail address with its label ("algemeen", "griffie", ...).
#[derive(Default)]
struct Mail {
    label: String,
    address: Option<String>,
}

impl Mail {
    fn is_griffie(&self) -> bool {
        self.label.to_lowercase().contains("griffie")
    }
}

#[derive(Default)]
struct Org {
    name: String,
    types: Vec<String>,
    code: Option<String>,
    addresses: Vec<Address>,
    mails: Vec<Mail>,
    phone: Option<String>,
    griffie: Option<Contact>,
    changed: Option<String>,
    ended: Option<String>,
}

impl Org {
    fn contact(&self) -> Contact {
        let kind = |want: &str| {
            self.addresses
                .iter()
                .find(move |a| a.kind.to_lowercase().contains(want))
        };
        let post = kind("post")
            .or_else(|| kind("bezoek"))
            .or_else(|| self.addresses.first());
        Contact {
            postal_address: post.map(Address::lines).unwrap_or_default(),
            email: self
                .mails
                .iter()
                .find(|m| !m.is_griffie())
                .and_then(|m| m.address.clone()),
            phone: self.phone.clone(),
        }
    }

    /// The griffie: a part of the municipality, else an e-mail address of
    /// the municipality labelled "griffie" (with the municipality's postal
    /// address, which is also the griffie's).
    fn griffie(&self) -> Option<Contact> {
        if let Some(g) = self.griffie.clone().filter(|g| !g.is_empty()) {
            return Some(g);
        }
        let mail = self.mails.iter().find(|m| m.is_griffie())?;
        Some(Contact {
            postal_address: self.contact().postal_address,
            email: mail.address.clone(),
            phone: None,
        })
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
    let last = uri.trim().rsplit('/').next()?;
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

/// Whether an element opens (or closes) an organisation: `organisatie`
/// in every export, `gemeente` inside `gemeenten` in the 2.4 export.
fn is_org(name: &str, path: &[String]) -> bool {
    name == "organisatie" || (name == "gemeente" && path.last().is_some_and(|p| p == "gemeenten"))
}

/// Whether the element at `path` belongs to the innermost organisation
/// itself, not to one of its people or functions (whose e-mail addresses
/// are not the organisation's).
fn own(path: &[String]) -> bool {
    let start = path
        .iter()
        .enumerate()
        .rposition(|(i, p)| is_org(p, &path[..i]))
        .map_or(0, |i| i + 1);
    !path[start..].iter().any(|p| {
        matches!(
            p.as_str(),
            "functies" | "functie" | "medewerkers" | "medewerker" | "persoon"
        )
    })
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.as_str())
}

/// A date as YYYY-MM-DD, from "2026-11-20" or "2026-11-20T03:00:00".
fn day(text: &str) -> Option<String> {
    let d = text.trim().get(..10)?;
    let b = d.as_bytes();
    (b[4] == b'-' && b[7] == b'-' && d.chars().filter(char::is_ascii_digit).count() == 8)
        .then(|| d.to_string())
}

pub fn read(label: &str, bytes: &[u8], imported: &str, data_date: Option<&str>) -> Result<Read> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut orgs: Vec<Org> = Vec::new();
    let mut addr: Option<Address> = None;
    let mut mail: Option<Mail> = None;
    let mut id_kind = String::new();
    // (record, ended): an ended record gives way to a current one with the same code.
    let mut found: Vec<(Organisation, bool)> = Vec::new();
    let mut out = Read::default();
    let mut date = data_date.map(str::to_string);
    let origin = |date: Option<String>| Provenance {
        source: SOURCE.into(),
        file: Some(label.to_string()),
        data_date: date,
        imported: imported.to_string(),
    };
    xml::walk(body, |path, step| {
        match step {
            Step::Start { name, attrs } => {
                if path.is_empty() {
                    if !matches!(name, "overheidsorganisaties" | "organisaties") {
                        return Err(format!(
                            "dit is geen export van het register van overheidsorganisaties: het bestand begint met <{name}>. Download exportOO.xml (of de export van alleen gemeenten) van organisaties.overheid.nl."
                        ));
                    }
                    if let Some(d) = ["timestamp", "datum", "exportDatum"]
                        .iter()
                        .find_map(|k| attr(attrs, k))
                        .and_then(day)
                    {
                        date.get_or_insert(d);
                    }
                }
                if is_org(name, path) {
                    // The TOOI identifier is an attribute in the 2.6 export;
                    // an OWMS identifier beside it is no code.
                    let code = attrs
                        .iter()
                        .filter(|(k, _)| k.starts_with("resourceIdentifier"))
                        .find_map(|(_, v)| code_from_tooi(v));
                    orgs.push(Org {
                        code,
                        types: if name == "gemeente" {
                            vec!["Gemeente".into()]
                        } else {
                            Vec::new()
                        },
                        ..Org::default()
                    });
                    return Ok(());
                }
                if orgs.is_empty() || !own(path) {
                    return Ok(());
                }
                match name {
                    "adres" => {
                        // The 2.4 export wraps addresses in postAdres / bezoekAdres;
                        // the 2.6 export names the kind in adresType.
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
                    "emailadres" => {
                        mail = Some(Mail {
                            label: attr(attrs, "label").unwrap_or("").to_string(),
                            address: None,
                        })
                    }
                    "resourceIdentifier" => {
                        id_kind = attr(attrs, "naam").unwrap_or("").to_string();
                    }
                    _ => {}
                }
            }
            Step::End { name, text } => {
                if let Some(a) = addr.as_mut() {
                    let v = text.to_string();
                    match name {
                        "type" | "adresType" => a.kind = v,
                        "straat" | "openbareRuimte" => a.street = v,
                        "huisnummer" => a.number = v,
                        "huisletter" => a.letter = v,
                        "toevoeging" | "huisnummertoevoeging" => a.addition = v,
                        "postbus" | "antwoordnummer" => a.postbus = v,
                        "postcode" => a.postcode = v,
                        "plaats" | "woonplaats" => a.city = v,
                        "adres" => {
                            if let (Some(a), Some(o)) = (addr.take(), orgs.last_mut()) {
                                o.addresses.push(a);
                            }
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                if let Some(m) = mail.as_mut() {
                    match name {
                        "email" | "value" => m.address = m.address.take().or(mail_address(text)),
                        "label" => m.label = text.to_string(),
                        "emailadres" => {
                            let mut m = mail.take().expect("an e-mail address is open");
                            // 2.4: the address is the element's own text.
                            m.address = m.address.or(mail_address(text));
                            if let (true, Some(o)) = (m.address.is_some(), orgs.last_mut()) {
                                o.mails.push(m);
                            }
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                if orgs.is_empty() {
                    return Ok(());
                }
                if is_org(name, path) {
                    let done = orgs.pop().expect("an organisation is open");
                    if done.is_griffie() {
                        if let Some(parent) = orgs.last_mut() {
                            parent.griffie = Some(done.contact());
                        }
                    } else if done.is_municipality() {
                        match &done.code {
                            Some(code) => {
                                let ended = done.ended.as_deref().is_some_and(|d| d <= imported);
                                found.push((
                                    Organisation {
                                        code: code.clone(),
                                        name_in_file: done.name.clone(),
                                        municipality: done.contact(),
                                        griffie: done.griffie(),
                                        origin: origin(done.changed.clone().or(date.clone())),
                                    },
                                    ended,
                                ));
                            }
                            None => out.without_code.push(done.name),
                        }
                    }
                    return Ok(());
                }
                if !own(path) {
                    return Ok(());
                }
                let o = orgs.last_mut().expect("an organisation is open");
                let parent = path.last().map(String::as_str).unwrap_or("");
                match name {
                    "naam" if is_org(parent, &path[..path.len() - 1]) => {
                        o.name = text.to_string()
                    }
                    "type" if parent == "types" => o.types.push(text.to_string()),
                    "resourceIdentifier" => {
                        let kind = std::mem::take(&mut id_kind).to_lowercase();
                        let code = if kind == "organisatiecode" {
                            cbs_code(text)
                        } else {
                            code_from_tooi(text)
                        };
                        if o.code.is_none() {
                            o.code = code;
                        }
                    }
                    "cbsCode" | "cbscode" | "gemeentecode" => {
                        if let Some(c) = cbs_code(text) {
                            o.code = Some(c);
                        }
                    }
                    "datumMutatie" if o.changed.is_none() => o.changed = day(text),
                    "eindDatum" | "datumOpheffing" if o.ended.is_none() => o.ended = day(text),
                    "nummer" | "telefoon" | "telefoonnummer"
                        if o.phone.is_none()
                            && text.chars().filter(char::is_ascii_digit).count() >= 5 =>
                    {
                        o.phone = Some(text.to_string())
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
    // One record per code: a municipality that ended (merged, renamed)
    // gives way to the current one; alone, it stays so the import can
    // report that its code is no municipality any more.
    for (org, ended) in &found {
        let current_twin = *ended && found.iter().any(|(other, e)| !e && other.code == org.code);
        if !current_twin && !out.organisations.iter().any(|o| o.code == org.code) {
            out.organisations.push(org.clone());
        }
    }
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
        // TOOI attribute (an OWMS one beside it), Organisatiecode with
        // leading zeros, TOOI only; the merged Weesp stays for the report.
        assert_eq!(codes, ["GM0344", "GM0014", "GM1680", "GM0457"]);
        assert_eq!(r.without_code, ["Gemeente Zonder Code"]);
        let utrecht = &r.organisations[0];
        // adressen/adres with adresType: the postal address, not the visiting one.
        assert_eq!(
            utrecht.municipality.postal_address,
            ["Postbus 16200", "3500 CE Utrecht"]
        );
        assert_eq!(
            utrecht.municipality.email.as_deref(),
            Some("info@voorbeeld-utrecht.nl")
        );
        assert_eq!(utrecht.municipality.phone.as_deref(), Some("14 030"));
        let griffie = utrecht.griffie.as_ref().unwrap();
        assert_eq!(
            griffie.email.as_deref(),
            Some("griffie@voorbeeld-utrecht.nl")
        );
        // The record's last change is the date of its data.
        assert_eq!(utrecht.origin.data_date.as_deref(), Some("2026-11-20"));
        // Groningen: the mayor's own address (even labelled griffie) is not
        // the municipality's.
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
        // Aa en Hunze: only a visiting address; the griffie by its label.
        let aa = &r.organisations[2];
        assert_eq!(
            aa.municipality.postal_address,
            ["Spoorlaan 6a II", "9461 AA Gieten"]
        );
        assert_eq!(
            aa.municipality.email.as_deref(),
            Some("info@voorbeeld-aaenhunze.nl")
        );
        let g = aa.griffie.as_ref().unwrap();
        assert_eq!(g.email.as_deref(), Some("griffie@voorbeeld-aaenhunze.nl"));
        assert_eq!(g.postal_address, ["Spoorlaan 6a II", "9461 AA Gieten"]);
    }

    /// The older export (schema 2.4): `gemeenten/gemeente`, `contact` with
    /// `postAdres/adres` (straat, plaats), `emailadres` as text (base64 in
    /// some years), a `timestamp` on the root.
    #[test]
    fn the_older_export_with_gemeente_elements() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<p:overheidsorganisaties xmlns:p="https://almanak.overheid.nl/static/schema/oo/export/2.4.10" p:timestamp="2019-06-01T02:00:00">
  <p:gemeenten>
    <p:gemeente>
      <p:systemId><p:systemId>1</p:systemId></p:systemId>
      <p:naam>Gemeente Utrecht</p:naam>
      <p:types><p:type>Gemeente</p:type></p:types>
      <p:contact>
        <p:telefoon p:label="algemeen">14 030</p:telefoon>
        <p:emailadres p:label="algemeen">aW5mb0B2b29yYmVlbGQubmw=</p:emailadres>
        <p:bezoekAdres><p:adres><p:straat>Stadsplateau</p:straat><p:huisnummer>1</p:huisnummer><p:postcode>3521 AZ</p:postcode><p:plaats>Utrecht</p:plaats></p:adres></p:bezoekAdres>
        <p:postAdres><p:adres><p:postbus>16200</p:postbus><p:postcode>3500 CE</p:postcode><p:plaats>Utrecht</p:plaats></p:adres></p:postAdres>
      </p:contact>
      <p:resourceIdentifiers><p:resourceIdentifier p:version="1">https://identifier.overheid.nl/tooi/id/gemeente/gm0344</p:resourceIdentifier></p:resourceIdentifiers>
      <p:functies/>
      <p:organisaties>
        <p:organisatie>
          <p:naam>Raadsgriffie</p:naam>
          <p:types><p:type>Organisatieonderdeel</p:type></p:types>
          <p:contact><p:emailadres>griffie@voorbeeld.nl</p:emailadres></p:contact>
        </p:organisatie>
      </p:organisaties>
    </p:gemeente>
  </p:gemeenten>
</p:overheidsorganisaties>"#;
        let r = read("oud.xml", xml.as_bytes(), "2026-11-29", None).unwrap();
        let u = &r.organisations[0];
        assert_eq!(u.code, "GM0344");
        assert_eq!(
            u.municipality.postal_address,
            ["Postbus 16200", "3500 CE Utrecht"]
        );
        assert_eq!(u.municipality.email.as_deref(), Some("info@voorbeeld.nl"));
        assert_eq!(u.municipality.phone.as_deref(), Some("14 030"));
        assert_eq!(
            u.griffie.as_ref().unwrap().email.as_deref(),
            Some("griffie@voorbeeld.nl")
        );
        assert_eq!(u.origin.data_date.as_deref(), Some("2019-06-01"));
    }

    #[test]
    fn an_ended_record_gives_way_to_the_current_one_with_the_same_code() {
        let xml = r#"<p:overheidsorganisaties xmlns:p="x"><p:organisaties>
  <p:organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/gm0794">
    <p:naam>Gemeente Oude Naam</p:naam><p:types><p:type>Gemeente</p:type></p:types>
    <p:eindDatum>2020-01-01</p:eindDatum>
  </p:organisatie>
  <p:organisatie p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/gm0794">
    <p:naam>Gemeente Helmond</p:naam><p:types><p:type>Gemeente</p:type></p:types>
  </p:organisatie>
</p:organisaties></p:overheidsorganisaties>"#;
        let r = read("x.xml", xml.as_bytes(), "2026-11-29", None).unwrap();
        assert_eq!(r.organisations.len(), 1);
        assert_eq!(r.organisations[0].name_in_file, "Gemeente Helmond");
    }
}
