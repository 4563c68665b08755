//! What `coop raad` shows, and the council facts documents use: each fact
//! with where it comes from (source, file, date of the data, date of
//! import), or "onbekend" with where to look. Never a made-up value.

use serde::Serialize;

use crate::core::council::{Council, FactKind, Provenance};
use crate::core::kb::{Kb, MunicipalityRow};

/// Where a fact comes from, in Dutch keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Herkomst {
    pub bron: String,
    pub bestand: Option<String>,
    pub datum_gegevens: Option<String>,
    pub datum_import: String,
}

impl Herkomst {
    pub fn of(p: &Provenance) -> Herkomst {
        Herkomst {
            bron: p.source.clone(),
            bestand: p.file.clone(),
            datum_gegevens: p.data_date.clone(),
            datum_import: p.imported.clone(),
        }
    }

    /// A built-in fact: its sources' titles, no import.
    fn built_in(kb: &Kb, sources: &[String]) -> Herkomst {
        let titles: Vec<String> = sources
            .iter()
            .map(|s| {
                kb.sources
                    .get(s)
                    .map(|x| format!("{} ({})", x.title, x.publisher))
                    .unwrap_or_else(|| s.clone())
            })
            .collect();
        Herkomst {
            bron: titles.join("; "),
            bestand: None,
            datum_gegevens: None,
            datum_import: "ingebouwd".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Onbekend {
    pub status: &'static str,
    pub opzoeken: String,
}

/// A fact with its origin, or what to look up.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Feit<T> {
    Bekend {
        #[serde(flatten)]
        waarde: T,
        herkomst: Herkomst,
    },
    Onbekend(Onbekend),
}

impl<T> Feit<T> {
    pub fn known(&self) -> Option<(&T, &Herkomst)> {
        match self {
            Feit::Bekend { waarde, herkomst } => Some((waarde, herkomst)),
            Feit::Onbekend(_) => None,
        }
    }
}

fn onbekend<T>(opzoeken: String) -> Feit<T> {
    Feit::Onbekend(Onbekend {
        status: "onbekend",
        opzoeken,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Tekst {
    pub tekst: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Regels {
    pub regels: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartijZetels {
    pub naam: String,
    pub zetels: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stemmen: Option<u64>,
    pub gekozen: Vec<String>,
    /// "VVD (7 zetels)".
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Uitslag {
    pub verkiezing: String,
    pub verkiezingsdatum: Option<String>,
    pub zetels_totaal: u32,
    pub partijen: Vec<PartijZetels>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CouncilView {
    pub code: String,
    pub gemeente: String,
    pub uitslag: Feit<Uitslag>,
    pub coalitie: Feit<Tekst>,
    pub wethouder_wonen: Feit<Tekst>,
    pub commissie: Feit<Tekst>,
    pub griffie_adres: Feit<Regels>,
    pub griffie_email: Feit<Tekst>,
    pub raad_email: Feit<Tekst>,
    pub gemeente_adres: Feit<Regels>,
    pub inspreken: Feit<Tekst>,
}

/// "VVD (7 zetels)", "Lokaal Belang (1 zetel)".
pub fn seats_label(name: &str, seats: u32) -> String {
    if seats == 1 {
        format!("{name} (1 zetel)")
    } else {
        format!("{name} ({seats} zetels)")
    }
}

fn user<T>(c: Option<&Council>, kind: FactKind, wrap: impl Fn(&str) -> T) -> Option<Feit<T>> {
    let f = c?.fact(kind)?;
    Some(Feit::Bekend {
        waarde: wrap(&f.value),
        herkomst: Herkomst::of(&f.origin),
    })
}

fn tekst(s: &str) -> Tekst {
    Tekst {
        tekst: s.to_string(),
    }
}

pub fn view(kb: &Kb, row: &MunicipalityRow) -> CouncilView {
    let c = kb.councils.get(&row.code);
    let name = &row.name;
    let zet = |feit: &str| {
        format!("Of leg het zelf vast: coop raad zet {feit} \"...\" --bron \"URL of eigen waarneming, datum\".")
    };
    let uitslag = match c.and_then(|c| c.result.as_ref()) {
        Some(r) => Feit::Bekend {
            waarde: Uitslag {
                verkiezing: r.election.clone(),
                verkiezingsdatum: r.election_date.clone(),
                zetels_totaal: r.total_seats(),
                partijen: r
                    .seated()
                    .into_iter()
                    .map(|p| PartijZetels {
                        naam: p.name.clone(),
                        zetels: p.seats,
                        stemmen: p.votes,
                        gekozen: p.elected.clone(),
                        label: seats_label(&p.name, p.seats),
                    })
                    .collect(),
            },
            herkomst: Herkomst::of(&r.origin),
        },
        None => onbekend(format!(
            "Download de uitslag van de gemeenteraadsverkiezing in {name} bij de Kiesraad (data.overheid.nl, EML-bestand 520 of CSV) en lees hem in met: coop data importeer kiesraad BESTAND"
        )),
    };
    let coalitie = user(c, FactKind::Coalitie, tekst).unwrap_or_else(|| {
        onbekend(format!(
            "Het coalitieakkoord van {name} staat op de website van de gemeente. {}",
            zet("coalitie")
        ))
    });
    let wethouder_wonen = user(c, FactKind::Wethouder, tekst).unwrap_or_else(|| {
        onbekend(format!(
            "Kijk op de website van {name} bij 'college van B en W' wie wonen in zijn portefeuille heeft. {}",
            zet("wethouder-wonen")
        ))
    });
    let commissie = user(c, FactKind::Commissie, tekst).unwrap_or_else(|| {
        onbekend(format!(
            "Het raadsinformatiesysteem van {name} noemt de commissies. Zoek de commissie die over wonen of ruimte gaat. {}",
            zet("commissie")
        ))
    });
    let griffie_adres = match c.and_then(Council::griffie_address) {
        Some((lines, origin)) => Feit::Bekend {
            waarde: Regels { regels: lines },
            herkomst: Herkomst::of(origin),
        },
        None => onbekend(format!(
            "Lees het register van overheidsorganisaties in (organisaties.overheid.nl, exportOO.xml) met: coop data importeer organisaties BESTAND. Of vraag het adres aan de griffie van {name}. {}",
            zet("griffie-adres")
        )),
    };
    let griffie_email = match c.and_then(Council::griffie_email) {
        Some((mail, origin)) => Feit::Bekend {
            waarde: tekst(&mail),
            herkomst: Herkomst::of(origin),
        },
        None => onbekend(format!(
            "Het mailadres van de griffie staat meestal op de website van {name} bij 'gemeenteraad'. {}",
            zet("griffie-email")
        )),
    };
    let profile = kb.profiles.get(&row.code);
    let raad_email = match c.and_then(Council::council_email) {
        Some((mail, origin)) => Feit::Bekend {
            waarde: tekst(&mail),
            herkomst: Herkomst::of(origin),
        },
        None => match profile.and_then(|p| p.council_email.as_ref()) {
            Some(e) => Feit::Bekend {
                waarde: tekst(&e.address),
                herkomst: Herkomst::built_in(kb, &e.sources),
            },
            None => onbekend(format!(
                "Vraag de griffie van {name} hoe je alle raadsleden tegelijk mailt. {}",
                zet("raad-email")
            )),
        },
    };
    let gemeente_adres = match c.and_then(|c| c.organisation.as_ref()) {
        Some(o) if !o.municipality.postal_address.is_empty() => Feit::Bekend {
            waarde: Regels {
                regels: o.municipality.postal_address.clone(),
            },
            herkomst: Herkomst::of(&o.origin),
        },
        _ => onbekend(
            "Lees het register van overheidsorganisaties in: coop data importeer organisaties BESTAND".to_string(),
        ),
    };
    let inspreken = match user(c, FactKind::Inspreken, tekst) {
        Some(f) => f,
        None => match profile.and_then(|p| p.inspreek.as_ref()) {
            Some(i) => {
                let mut parts = Vec::new();
                if let Some(m) = i.minutes {
                    parts.push(format!("{m} minuten spreektijd."));
                }
                parts.extend(i.registration.clone());
                Feit::Bekend {
                    waarde: tekst(&parts.join(" ")),
                    herkomst: Herkomst::built_in(kb, &i.sources),
                }
            }
            None => onbekend(format!(
                "De regels staan in het Reglement van Orde van de raad van {name}. {}",
                zet("inspreken")
            )),
        },
    };
    CouncilView {
        code: row.code.clone(),
        gemeente: row.name.clone(),
        uitslag,
        coalitie,
        wethouder_wonen,
        commissie,
        griffie_adres,
        griffie_email,
        raad_email,
        gemeente_adres,
        inspreken,
    }
}
