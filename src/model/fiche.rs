//! The typed fiche: what every renderer reads. Built by
//! [`crate::load::frontmatter`] and [`crate::load::sections`]; never re-parsed downstream.

use super::date::Date;
use super::markdown::Markdown;
use super::section::SectionKind;
use serde::{Serialize, Serializer};
use std::path::PathBuf;

/// One *fiche d'expérience*.
#[derive(Debug, Clone, Serialize)]
pub struct Fiche {
    pub slug: String,
    /// Where the slug comes from (the `slug:` line, or 1:1 for the file name).
    #[serde(skip)]
    pub slug_pos: super::Pos,
    /// Where `thematiques` and `publics` are written (for messages about them).
    #[serde(skip)]
    pub terms_pos: [super::Pos; 2],
    /// Path relative to the project root (`fiches/insertion/x.md`).
    pub fichier: String,
    pub titre: String,
    pub resume: String,
    pub date: Date,
    pub mise_a_jour: Option<Date>,
    pub structure: String,
    pub type_structure: TypeStructure,
    pub territoire: Territoire,
    pub annee_debut: Option<i32>,
    pub statut: Statut,
    pub thematiques: Vec<String>,
    pub publics: Vec<String>,
    pub mots_cles: Vec<String>,
    pub chiffres: Chiffres,
    pub indicateurs: Vec<Indicateur>,
    pub financeurs: Vec<Financeur>,
    pub partenaires: Vec<Partenaire>,
    pub contact: Option<Contact>,
    pub image: Option<Image>,
    /// The Markdown images found beside the fiche (resolved once, by the loader).
    #[serde(skip)]
    pub images: Vec<super::image::LocalImage>,
    pub brouillon: bool,
    /// Introduction: the text before the first `##` (or `chapeau:` in YAML).
    /// (Exports serialise it themselves, with its plain text.)
    #[serde(skip)]
    pub chapeau: Option<Markdown>,
    /// Sections in canonical order (contexte, public, fonctionnement, …).
    #[serde(skip)]
    pub sections: Vec<Section>,
}

impl Fiche {
    /// The section of that kind, if the fiche has it.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// Sum of the funders' amounts, when at least one gives one.
    pub fn total_financements(&self) -> Option<Montant> {
        let mut any = false;
        let mut total = 0i128;
        for f in &self.financeurs {
            if let Some(m) = f.montant {
                any = true;
                total += m.cents;
            }
        }
        any.then_some(Montant { cents: total })
    }

    /// The most recent of `date` and `mise_a_jour`.
    pub fn derniere_date(&self) -> Date {
        self.mise_a_jour.map_or(self.date, |m| m.max(self.date))
    }
}

/// One section of the body.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading as the author wrote it.
    pub titre: String,
    /// Line of the heading in the file.
    pub ligne: u32,
    pub contenu: Markdown,
}

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The code written in fiches.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            /// The label shown to readers.
            pub fn libelle(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn from_code(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == s)
            }
            pub fn codes() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|v| v.code())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
    };
}

code_enum!(
    /// The kind of organisation carrying the action.
    TypeStructure {
        Ccas = "ccas" / "CCAS",
        Cias = "cias" / "CIAS",
        CentreSocial = "centre-social" / "Centre social",
        Association = "association" / "Association",
        Departement = "departement" / "Département",
        Commune = "commune" / "Commune",
        Epci = "epci" / "EPCI",
        Autre = "autre" / "Autre",
    }
);

code_enum!(
    /// Whether the action is still carried.
    Statut {
        EnCours = "en-cours" / "En cours",
        Terminee = "terminee" / "Terminée",
    }
);

/// Where the action takes place.
#[derive(Debug, Clone, Serialize)]
pub struct Territoire {
    pub commune: String,
    /// Normalised code: `01`…`95`, `2A`, `2B`, `971`…`976`.
    pub departement: String,
    pub departement_nom: String,
    pub region: String,
    pub habitants: Option<u64>,
}

/// An amount of money in euros, held exactly in cents. An amount an author
/// writes is bounded (see the loader); sums of them are held in 128 bits, so
/// no total of any number of fiches can wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Montant {
    pub cents: i128,
}

impl Montant {
    pub fn from_euros(x: f64) -> Montant {
        Montant { cents: (x * 100.0).round() as i128 }
    }
    pub fn euros(self) -> f64 {
        self.cents as f64 / 100.0
    }
    /// `87 900 €`, `1 234,50 €`.
    pub fn fr(self) -> String {
        let neg = self.cents < 0;
        let c = self.cents.unsigned_abs();
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        s.push_str(&crate::model::text::group_thousands(c / 100));
        if !c.is_multiple_of(100) {
            s.push_str(&format!(",{:02}", c % 100));
        }
        s.push('\u{A0}');
        s.push('€');
        s
    }
}

impl Serialize for Montant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.cents % 100 == 0 { s.serialize_i128(self.cents / 100) } else { s.serialize_f64(self.euros()) }
    }
}

/// The well-known key figures the impact report adds up.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Chiffres {
    pub participants: Option<u64>,
    pub benevoles: Option<u64>,
    pub salaries_etp: Option<f64>,
    pub budget_annuel: Option<Montant>,
    pub cout_total: Option<Montant>,
    pub sorties_positives: Option<u64>,
    pub ateliers: Option<u64>,
}

impl Chiffres {
    pub const KEYS: &'static [&'static str] =
        &["participants", "benevoles", "salaries_etp", "budget_annuel", "cout_total", "sorties_positives", "ateliers"];

    pub fn is_empty(&self) -> bool {
        self.participants.is_none()
            && self.benevoles.is_none()
            && self.salaries_etp.is_none()
            && self.budget_annuel.is_none()
            && self.cout_total.is_none()
            && self.sorties_positives.is_none()
            && self.ateliers.is_none()
    }
}

/// A free indicator shown on the fiche.
#[derive(Debug, Clone, Serialize)]
pub struct Indicateur {
    pub libelle: String,
    /// As written (a number or a short text such as `87 %`).
    pub valeur: String,
    pub unite: Option<String>,
}

impl Indicateur {
    /// The value as shown: a number the French way (`1.9` → « 1,9 », `3000` →
    /// « 3 000 »), a text with French typography.
    pub fn valeur_fr(&self) -> String {
        crate::model::text::parse_french_number(&self.valeur)
            .map(crate::model::text::number_fr)
            .unwrap_or_else(|| crate::model::typo::apply(&self.valeur).into_owned())
    }

    /// The value and its unit, a narrow no-break space between them (`42 %`).
    pub fn texte_fr(&self) -> String {
        match &self.unite {
            Some(u) => format!("{}\u{202F}{}", self.valeur_fr(), crate::model::typo::apply(u.trim())),
            None => self.valeur_fr(),
        }
    }
}

/// Who pays, how much, which year.
#[derive(Debug, Clone, Serialize)]
pub struct Financeur {
    pub nom: String,
    pub montant: Option<Montant>,
    pub annee: Option<i32>,
}

/// An operational partner.
#[derive(Debug, Clone, Serialize)]
pub struct Partenaire {
    pub nom: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub nom: Option<String>,
    pub fonction: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub adresse: Option<String>,
}

/// An illustration stored beside the fiche.
#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// Relative to the fiche's folder, `/` separators, never leaving the project.
    pub fichier: String,
    pub alt: String,
    pub credit: Option<String>,
    /// Where the file is (absolute), when the loader found it.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}
