//! [`aggregate`]: one pass over the fiches, every total exact.

use crate::fiche::model::{Fiche, Montant, Statut, TypeStructure};
use crate::text::fold;
use std::collections::{BTreeMap, HashMap};

/// An exact total of one key figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Valeur {
    /// People, sessions…
    Entier(u64),
    /// Euros, in cents.
    Euros(Montant),
    /// Full-time equivalents, in hundredths (`150` = 1,5 ETP).
    Centiemes(i64),
}

impl Valeur {
    /// The French spelling: `1 234`, `87 900 €`, `1,5`.
    pub fn fr(self) -> String {
        match self {
            Valeur::Entier(n) => crate::text::group_thousands(n),
            Valeur::Euros(m) => m.fr(),
            Valeur::Centiemes(c) => {
                let sign = if c < 0 { "-" } else { "" };
                let c = c.unsigned_abs();
                let mut s = format!("{sign}{}", crate::text::group_thousands(c / 100));
                if c % 100 != 0 {
                    let frac = format!("{:02}", c % 100);
                    s.push(',');
                    s.push_str(frac.trim_end_matches('0'));
                }
                s
            }
        }
    }
}

/// The total of one `chiffres` key and how many fiches declare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChiffreTotal {
    pub cle: &'static str,
    pub libelle: &'static str,
    pub total: Valeur,
    pub fiches: usize,
}

/// What one funder gives across the fiches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceurTotal {
    /// The name as first written.
    pub nom: String,
    pub montant: Montant,
    /// Fiches funded (a fiche counts once per funder).
    pub fiches: usize,
    /// Fiches naming this funder without an amount.
    pub sans_montant: usize,
}

/// A term and the number of fiches carrying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub libelle: String,
    pub fiches: usize,
}

/// A département (code and name) and its number of fiches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartementCount {
    pub code: String,
    pub nom: String,
    pub region: String,
    pub fiches: usize,
}

/// Figures across a set of fiches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub fiches: usize,
    pub en_cours: usize,
    pub terminees: usize,
    /// Every well-known key, in [`crate::fiche::model::Chiffres::KEYS`] order.
    pub chiffres: Vec<ChiffreTotal>,
    /// Sum of every funder's amounts.
    pub financements: Montant,
    /// Largest amount first.
    pub financeurs: Vec<FinanceurTotal>,
    /// Most fiches first, then by name.
    pub thematiques: Vec<Count>,
    pub regions: Vec<Count>,
    /// By code.
    pub departements: Vec<DepartementCount>,
    pub types_structure: Vec<(TypeStructure, usize)>,
    /// Year the action started → fiches.
    pub annees_debut: BTreeMap<i32, usize>,
    pub sans_annee_debut: usize,
}

impl Aggregate {
    /// The total of a `chiffres` key.
    pub fn chiffre(&self, cle: &str) -> Option<&ChiffreTotal> {
        self.chiffres.iter().find(|c| c.cle == cle)
    }
}

fn libelle(cle: &str) -> &'static str {
    match cle {
        "participants" => "Participants",
        "benevoles" => "Bénévoles",
        "salaries_etp" => "Salariés (ETP)",
        "budget_annuel" => "Budget annuel",
        "cout_total" => "Coût total",
        "sorties_positives" => "Sorties positives",
        "ateliers" => "Ateliers",
        _ => "",
    }
}

/// Counts terms once per fiche, grouped without regard to case or accents.
#[derive(Default)]
struct Counter {
    map: HashMap<String, Count>,
}

impl Counter {
    fn add<'a>(&mut self, terms: impl IntoIterator<Item = &'a String>) {
        let mut seen: Vec<String> = Vec::new();
        for t in terms {
            let key = fold(t.trim());
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            self.map.entry(key).or_insert_with(|| Count { libelle: t.trim().to_string(), fiches: 0 }).fiches += 1;
        }
    }

    fn sorted(self) -> Vec<Count> {
        let mut v: Vec<(String, Count)> = self.map.into_iter().collect();
        v.sort_by(|a, b| b.1.fiches.cmp(&a.1.fiches).then_with(|| a.0.cmp(&b.0)));
        v.into_iter().map(|(_, c)| c).collect()
    }
}

/// Adds up the fiches.
pub fn aggregate<'a>(fiches: impl IntoIterator<Item = &'a Fiche>) -> Aggregate {
    let mut a = Aggregate::default();
    let mut ints = [0u64; 7];
    let mut cents = [0i64; 7];
    let mut declared = [0usize; 7];
    let mut funders: HashMap<String, FinanceurTotal> = HashMap::new();
    let mut themes = Counter::default();
    let mut regions = Counter::default();
    let mut deps: BTreeMap<String, DepartementCount> = BTreeMap::new();
    let mut types: BTreeMap<TypeStructure, usize> = BTreeMap::new();
    for f in fiches {
        a.fiches += 1;
        match f.statut {
            Statut::EnCours => a.en_cours += 1,
            Statut::Terminee => a.terminees += 1,
        }
        let c = &f.chiffres;
        let mut int = |i: usize, v: Option<u64>| {
            if let Some(v) = v {
                ints[i] += v;
                declared[i] += 1;
            }
        };
        int(0, c.participants);
        int(1, c.benevoles);
        int(5, c.sorties_positives);
        int(6, c.ateliers);
        if let Some(etp) = c.salaries_etp {
            cents[2] += (etp * 100.0).round() as i64;
            declared[2] += 1;
        }
        for (i, m) in [(3, c.budget_annuel), (4, c.cout_total)] {
            if let Some(m) = m {
                cents[i] += m.cents;
                declared[i] += 1;
            }
        }
        let mut funded: Vec<String> = Vec::new();
        for fin in &f.financeurs {
            let key = fold(fin.nom.trim());
            if key.is_empty() {
                continue;
            }
            let entry = funders.entry(key.clone()).or_insert_with(|| FinanceurTotal {
                nom: fin.nom.trim().to_string(),
                montant: Montant::default(),
                fiches: 0,
                sans_montant: 0,
            });
            if let Some(m) = fin.montant {
                entry.montant.cents += m.cents;
                a.financements.cents += m.cents;
            }
            if !funded.contains(&key) {
                entry.fiches += 1;
                if f.financeurs.iter().filter(|x| fold(x.nom.trim()) == key).all(|x| x.montant.is_none()) {
                    entry.sans_montant += 1;
                }
                funded.push(key);
            }
        }
        themes.add(&f.thematiques);
        regions.add(std::iter::once(&f.territoire.region));
        deps.entry(f.territoire.departement.clone())
            .or_insert_with(|| DepartementCount {
                code: f.territoire.departement.clone(),
                nom: f.territoire.departement_nom.clone(),
                region: f.territoire.region.clone(),
                fiches: 0,
            })
            .fiches += 1;
        *types.entry(f.type_structure).or_default() += 1;
        match f.annee_debut {
            Some(y) => *a.annees_debut.entry(y).or_default() += 1,
            None => a.sans_annee_debut += 1,
        }
    }
    a.chiffres = crate::fiche::model::Chiffres::KEYS
        .iter()
        .enumerate()
        .map(|(i, &cle)| ChiffreTotal {
            cle,
            libelle: libelle(cle),
            total: match i {
                2 => Valeur::Centiemes(cents[2]),
                3 | 4 => Valeur::Euros(Montant { cents: cents[i] }),
                _ => Valeur::Entier(ints[i]),
            },
            fiches: declared[i],
        })
        .collect();
    let mut funders: Vec<(String, FinanceurTotal)> = funders.into_iter().collect();
    funders.sort_by(|x, y| y.1.montant.cmp(&x.1.montant).then_with(|| y.1.fiches.cmp(&x.1.fiches)).then_with(|| x.0.cmp(&y.0)));
    a.financeurs = funders.into_iter().map(|(_, f)| f).collect();
    a.thematiques = themes.sorted();
    a.regions = regions.sorted();
    a.departements = deps.into_values().collect();
    a.types_structure = types.into_iter().collect();
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fiche::model::*;

    fn fiche(slug: &str) -> Fiche {
        Fiche {
            slug: slug.into(),
            slug_pos: crate::diagnostics::Pos::new(1, 1),
            fichier: format!("fiches/{slug}.md"),
            dossier: std::path::PathBuf::from("fiches"),
            titre: slug.into(),
            resume: "Résumé.".into(),
            date: crate::fiche::date::Date { year: 2020, month: 1, day: 1 },
            mise_a_jour: None,
            structure: "CCAS".into(),
            type_structure: TypeStructure::Ccas,
            territoire: Territoire {
                commune: "Dijon".into(),
                departement: "21".into(),
                departement_nom: "Côte-d'Or".into(),
                region: "Bourgogne-Franche-Comté".into(),
                habitants: None,
            },
            annee_debut: None,
            statut: Statut::EnCours,
            thematiques: vec![],
            publics: vec![],
            mots_cles: vec![],
            chiffres: Chiffres::default(),
            indicateurs: vec![],
            financeurs: vec![],
            partenaires: vec![],
            contact: None,
            image: None,
            brouillon: false,
            chapeau: None,
            sections: vec![],
        }
    }

    fn fin(nom: &str, euros: Option<f64>) -> Financeur {
        Financeur { nom: nom.into(), montant: euros.map(Montant::from_euros), annee: None }
    }

    #[test]
    fn every_total_is_exact() {
        let mut a = fiche("a");
        a.thematiques = vec!["Insertion".into(), "Lien social".into()];
        a.chiffres.participants = Some(40);
        a.chiffres.budget_annuel = Some(Montant::from_euros(1234.56));
        a.chiffres.salaries_etp = Some(1.5);
        a.annee_debut = Some(2018);
        a.financeurs = vec![fin("CAF", Some(1000.10)), fin("caf ", Some(0.20)), fin("Ville", None)];

        let mut b = fiche("b");
        b.statut = Statut::Terminee;
        b.type_structure = TypeStructure::Association;
        b.thematiques = vec!["insertion".into()];
        b.territoire.departement = "63".into();
        b.territoire.departement_nom = "Puy-de-Dôme".into();
        b.territoire.region = "Auvergne-Rhône-Alpes".into();
        b.chiffres.participants = Some(2);
        b.chiffres.budget_annuel = Some(Montant::from_euros(0.44));
        b.chiffres.salaries_etp = Some(0.25);
        b.annee_debut = Some(2018);
        b.financeurs = vec![fin("Département", Some(500.0)), fin("CAF", Some(99.70))];

        let c = fiche("c");

        let g = aggregate([&a, &b, &c]);
        assert_eq!((g.fiches, g.en_cours, g.terminees), (3, 2, 1));
        let p = g.chiffre("participants").expect("key");
        assert_eq!((p.total, p.fiches), (Valeur::Entier(42), 2));
        let bud = g.chiffre("budget_annuel").expect("key");
        assert_eq!(bud.total, Valeur::Euros(Montant { cents: 123_500 }));
        assert_eq!(bud.total.fr(), "1\u{202F}235\u{A0}€");
        assert_eq!(g.chiffre("salaries_etp").map(|c| c.total), Some(Valeur::Centiemes(175)));
        assert_eq!(Valeur::Centiemes(175).fr(), "1,75");
        assert_eq!(g.chiffre("ateliers").map(|c| c.fiches), Some(0));
        assert_eq!(g.chiffres.len(), 7);

        assert_eq!(g.financements, Montant { cents: 100_010 + 20 + 50_000 + 9_970 });
        let caf = &g.financeurs[0];
        assert_eq!((caf.nom.as_str(), caf.montant.cents, caf.fiches), ("CAF", 110_000, 2));
        assert_eq!(g.financeurs[1].nom, "Département");
        let ville = g.financeurs.iter().find(|f| f.nom == "Ville").expect("ville");
        assert_eq!((ville.fiches, ville.sans_montant, ville.montant.cents), (1, 1, 0));

        assert_eq!(g.thematiques[0], Count { libelle: "Insertion".into(), fiches: 2 });
        assert_eq!(g.thematiques[1], Count { libelle: "Lien social".into(), fiches: 1 });
        assert_eq!(g.regions[0].fiches, 2);
        assert_eq!(g.departements.iter().map(|d| (d.code.as_str(), d.fiches)).collect::<Vec<_>>(), vec![("21", 2), ("63", 1)]);
        assert_eq!(g.types_structure, vec![(TypeStructure::Ccas, 2), (TypeStructure::Association, 1)]);
        assert_eq!(g.annees_debut.get(&2018), Some(&2));
        assert_eq!(g.sans_annee_debut, 1);
    }

    #[test]
    fn empty_selection() {
        let g = aggregate(std::iter::empty());
        assert_eq!(g.fiches, 0);
        assert!(g.financeurs.is_empty());
        assert_eq!(g.chiffre("participants").map(|c| c.total), Some(Valeur::Entier(0)));
    }
}
