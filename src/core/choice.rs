//! Closed sets of values a user picks by name (a letter's recipient and
//! goal, a dossier's reader, an output format). Each is a plain enum with a
//! Dutch id and help text; the command line (and later the web forms) offer
//! them from `ALL`, so no front-end type reaches below the front ends.

/// A value picked by its id.
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// Every value, in the order they are offered.
    const ALL: &'static [Self];
    /// The name a user types and files store ("raadslid").
    fn id(self) -> &'static str;
    /// One line of Dutch help.
    fn help(self) -> &'static str;
    /// The value with this id (case and surrounding space ignored).
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.id().eq_ignore_ascii_case(s))
    }
}

/// Declares a `Choice` enum: `choice! { Name { Variant = "id": "help", ... } }`.
/// Serialises as its id.
#[macro_export]
macro_rules! choice {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $id:literal : $help:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $crate::core::choice::Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
            fn help(self) -> &'static str {
                match self { $($name::$variant => $help),+ }
            }
        }

        impl $name {
            /// The id a user types and files store.
            pub fn id(self) -> &'static str {
                $crate::core::choice::Choice::id(self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                <$name as $crate::core::choice::Choice>::parse(&s).ok_or_else(|| {
                    let ids: Vec<&str> = <$name as $crate::core::choice::Choice>::ALL
                        .iter()
                        .map(|c| c.id())
                        .collect();
                    ::serde::de::Error::custom(format!("'{s}' bestaat niet; kies uit: {}", ids.join(", ")))
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

crate::choice! {
    /// Who reads a letter.
    pub enum Recipient {
        Raad = "raad": "De hele gemeenteraad, via de griffie.",
        Fractie = "fractie": "Een fractie (geef --partij).",
        Raadslid = "raadslid": "Eén raadslid (geef --naam en --partij).",
        Wethouder = "wethouder": "De wethouder wonen (het college).",
        Griffie = "griffie": "De griffie.",
        Fracties = "fracties": "Elke fractie in de raad een eigen brief (uitslag van de Kiesraad nodig; --out MAP).",
        Raadsleden = "raadsleden": "Elk gekozen raadslid een eigen brief, via de griffie (uitslag 520 nodig; --out MAP).",
    }
}

crate::choice! {
    /// What a letter or speech asks for.
    pub enum Goal {
        Gesprek = "gesprek": "Een gesprek.",
        Motie = "motie": "Een motie in de raad.",
        Kavel = "kavel": "Een kavel voor een wooncoöperatie.",
        Beleid = "beleid": "Beleid voor wooncoöperaties.",
        Grond = "grond": "Grond of een gebouw.",
        Gebouw = "gebouw": "Wonen in een leeg gebouw of een boerderij (andere bestemming in het omgevingsplan).",
        Steun = "steun": "Steun voor het plan.",
    }
}

crate::choice! {
    /// Where a role sits: the board, politics, the civil service or outside.
    pub enum RoleGroup {
        Bestuur = "bestuur": "Het college: burgemeester en wethouders.",
        Politiek = "politiek": "De gemeenteraad en de fracties.",
        Ambtelijk = "ambtelijk": "De ambtelijke organisatie.",
        Buiten = "buiten": "Buiten de gemeente.",
    }
}

crate::choice! {
    /// What a municipality has for cooperatives.
    pub enum PolicyStatus {
        Actieplan = "actieplan": "Een actieplan voor wooncoöperaties.",
        Beleid = "beleid": "Beleid voor wooncoöperaties.",
        Geen = "geen": "Geen beleid.",
        Onbekend = "onbekend": "Nog niet bekend.",
    }
}

impl PolicyStatus {
    /// An action plan or policy.
    pub fn has_policy(self) -> bool {
        matches!(self, PolicyStatus::Actieplan | PolicyStatus::Beleid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back_and_serialise_as_ids() {
        for g in Goal::ALL {
            assert_eq!(Goal::parse(g.id()), Some(*g));
        }
        assert_eq!(Recipient::parse(" Raadslid "), Some(Recipient::Raadslid));
        assert_eq!(Recipient::parse("burgemeester"), None);
        assert_eq!(serde_json::to_string(&Goal::Kavel).unwrap(), "\"kavel\"");
        let g: Goal = serde_json::from_str("\"Motie\"").unwrap();
        assert_eq!(g, Goal::Motie);
        let e = serde_json::from_str::<Goal>("\"feest\"").unwrap_err();
        assert!(e.to_string().contains("kies uit: gesprek, motie"), "{e}");
    }
}
