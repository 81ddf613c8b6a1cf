//! [`aggregate`]: one pass over the fiches, every total exact. Besides the
//! totals, the fiches are grouped by thématique, public, région, département,
//! type de structure and year of start, each group with its own sums and the
//! number of fiches that declare each figure.

use crate::model::collection::TaxonomyKind;
use crate::model::text::fold;
use crate::model::{Fiche, Montant, Statut, TypeStructure};
use std::collections::{BTreeMap, HashMap};

/// An exact total of one key figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Valeur {
    /// People, sessions…
    Entier(u128),
    /// Euros, in cents.
    Euros(Montant),
    /// Full-time equivalents, in hundredths (`150` = 1,5 ETP).
    Centiemes(i128),
}

impl Valeur {
    /// The French spelling: `1 234`, `87 900 €`, `1,5`.
    pub fn fr(self) -> String {
        match self {
            Valeur::Entier(n) => crate::model::text::group_thousands(n),
            Valeur::Euros(m) => m.fr(),
            Valeur::Centiemes(c) => {
                let sign = if c < 0 { "-" } else { "" };
                let c = c.unsigned_abs();
                let mut s = format!("{sign}{}", crate::model::text::group_thousands(c / 100));
                if c % 100 != 0 {
                    let frac = format!("{:02}", c % 100);
                    s.push(',');
                    s.push_str(frac.trim_end_matches('0'));
                }
                s
            }
        }
    }

    /// The total as an integer in its unit (people, cents, hundredths), for charts.
    pub fn units(self) -> i128 {
        match self {
            Valeur::Entier(n) => i128::try_from(n).unwrap_or(i128::MAX),
            Valeur::Euros(m) => m.cents,
            Valeur::Centiemes(c) => c,
        }
    }
}

/// The total of one `chiffres` key and how many fiches declare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChiffreTotal {
    /// The key in `chiffres` (its label is `chiffres.<cle>` in the theme's labels).
    pub cle: &'static str,
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

/// Fiches of one group (a thématique, a région, a year…) and their own sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groupe {
    /// URL name of the term (`lien-social`), département code, type code or year.
    pub cle: String,
    /// The label as first written (`Lien social`, `Côte-d'Or (21)`, `2019`).
    pub libelle: String,
    pub fiches: usize,
    /// Every well-known key with its total over the group and how many of its fiches declare it.
    pub chiffres: Vec<ChiffreTotal>,
    /// Sum of the funders' amounts of the group's fiches.
    pub financements: Montant,
    /// Fiches of the group declaring at least one funding amount.
    pub fiches_financements: usize,
}

impl Groupe {
    /// The total of a `chiffres` key over the group.
    pub fn chiffre(&self, cle: &str) -> Option<&ChiffreTotal> {
        self.chiffres.iter().find(|c| c.cle == cle)
    }
}

/// Figures across a set of fiches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aggregate {
    pub fiches: usize,
    pub en_cours: usize,
    pub terminees: usize,
    /// Every well-known key, in [`crate::model::Chiffres::KEYS`] order.
    pub chiffres: Vec<ChiffreTotal>,
    /// Sum of every funder's amounts.
    pub financements: Montant,
    /// Fiches naming at least one funder (a fiche funded by several counts once).
    pub fiches_financees: usize,
    /// Fiches declaring at least one funding amount.
    pub fiches_financements: usize,
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
    /// Fiches naming no public.
    pub sans_public: usize,
    /// Groups with their sums: most fiches first, then by name.
    pub par_thematique: Vec<Groupe>,
    pub par_public: Vec<Groupe>,
    pub par_region: Vec<Groupe>,
    /// By code (`01` < `2A` < `971`).
    pub par_departement: Vec<Groupe>,
    /// In the order of [`TypeStructure::ALL`].
    pub par_type: Vec<Groupe>,
    /// Oldest year first; fiches without a year are counted in `sans_annee_debut`.
    pub par_annee: Vec<Groupe>,
}

impl Aggregate {
    /// The total of a `chiffres` key.
    pub fn chiffre(&self, cle: &str) -> Option<&ChiffreTotal> {
        self.chiffres.iter().find(|c| c.cle == cle)
    }
}

/// Exact running sums of the well-known figures of some fiches.
#[derive(Debug, Clone, Default)]
struct Sums {
    fiches: usize,
    ints: [u128; 7],
    cents: [i128; 7],
    declared: [usize; 7],
    financements: i128,
    fiches_financements: usize,
}

impl Sums {
    fn add(&mut self, f: &Fiche) {
        self.fiches += 1;
        let c = &f.chiffres;
        for (i, v) in [(0, c.participants), (1, c.benevoles), (5, c.sorties_positives), (6, c.ateliers)] {
            if let Some(v) = v {
                self.ints[i] += u128::from(v);
                self.declared[i] += 1;
            }
        }
        if let Some(etp) = c.salaries_etp {
            self.cents[2] += (etp * 100.0).round() as i128;
            self.declared[2] += 1;
        }
        for (i, m) in [(3, c.budget_annuel), (4, c.cout_total)] {
            if let Some(m) = m {
                self.cents[i] += m.cents;
                self.declared[i] += 1;
            }
        }
        let mut any = false;
        for m in f.financeurs.iter().filter(|x| !x.nom.trim().is_empty()).filter_map(|x| x.montant) {
            self.financements += m.cents;
            any = true;
        }
        if any {
            self.fiches_financements += 1;
        }
    }

    fn chiffres(&self) -> Vec<ChiffreTotal> {
        crate::model::Chiffres::KEYS
            .iter()
            .enumerate()
            .map(|(i, &cle)| ChiffreTotal {
                cle,
                total: match i {
                    2 => Valeur::Centiemes(self.cents[2]),
                    3 | 4 => Valeur::Euros(Montant { cents: self.cents[i] }),
                    _ => Valeur::Entier(self.ints[i]),
                },
                fiches: self.declared[i],
            })
            .collect()
    }

    fn groupe(&self, cle: String, libelle: String) -> Groupe {
        Groupe {
            cle,
            libelle,
            fiches: self.fiches,
            chiffres: self.chiffres(),
            financements: Montant { cents: self.financements },
            fiches_financements: self.fiches_financements,
        }
    }
}

/// Groups fiches by key, a fiche once per group, each group with its sums.
#[derive(Default)]
struct Grouper {
    map: HashMap<String, (String, Sums)>,
}

impl Grouper {
    /// Adds `f` to the group of each `(key, label)`, skipping empty and repeated keys.
    fn add(&mut self, f: &Fiche, terms: impl IntoIterator<Item = (String, String)>) {
        let mut seen: Vec<String> = Vec::new();
        for (key, label) in terms {
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            let entry = self.map.entry(key.clone()).or_insert_with(|| (label, Sums::default()));
            entry.1.add(f);
            seen.push(key);
        }
    }

    fn into_groups(self) -> Vec<Groupe> {
        self.map.into_iter().map(|(k, (label, sums))| sums.groupe(k, label)).collect()
    }

    /// Most fiches first, then by name.
    fn by_count(self) -> Vec<Groupe> {
        let mut v = self.into_groups();
        v.sort_by_cached_key(|g| (std::cmp::Reverse(g.fiches), fold(&g.libelle), g.cle.clone()));
        v
    }
}

/// Free terms (thématiques, publics) keyed by their URL name, as the site groups them.
fn terms(list: &[String], kind: TaxonomyKind) -> impl Iterator<Item = (String, String)> + '_ {
    list.iter().map(move |t| (kind.slug(t.trim()), crate::model::typo::apply(t.trim()).into_owned()))
}

/// Sort key of a département code (`01` < `2A` < `2B` < `971`).
pub fn departement_order(code: &str) -> (u32, String) {
    if code.starts_with("2A") || code.starts_with("2B") {
        return (20, code.to_string());
    }
    let n = code.chars().take_while(char::is_ascii_digit).collect::<String>();
    (n.parse().unwrap_or(999), code.to_string())
}

/// Adds up the fiches.
pub fn aggregate<'a>(fiches: impl IntoIterator<Item = &'a Fiche>) -> Aggregate {
    let mut a = Aggregate::default();
    let mut total = Sums::default();
    let mut funders: HashMap<String, FinanceurTotal> = HashMap::new();
    let mut themes = Grouper::default();
    let mut publics = Grouper::default();
    let mut regions = Grouper::default();
    let mut deps = Grouper::default();
    let mut dep_info: BTreeMap<String, DepartementCount> = BTreeMap::new();
    let mut types = Grouper::default();
    let mut years = Grouper::default();
    for f in fiches {
        total.add(f);
        match f.statut {
            Statut::EnCours => a.en_cours += 1,
            Statut::Terminee => a.terminees += 1,
        }
        // Each funder once per fiche, with whether any of its lines has an amount.
        let mut funded: Vec<(String, bool)> = Vec::new();
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
            }
            match funded.iter_mut().find(|(k, _)| *k == key) {
                Some((_, with_amount)) => *with_amount |= fin.montant.is_some(),
                None => {
                    entry.fiches += 1;
                    funded.push((key, fin.montant.is_some()));
                }
            }
        }
        for (key, with_amount) in &funded {
            if !with_amount && let Some(entry) = funders.get_mut(key) {
                entry.sans_montant += 1;
            }
        }
        if !funded.is_empty() {
            a.fiches_financees += 1;
        }
        themes.add(f, terms(&f.thematiques, TaxonomyKind::Thematiques));
        if f.publics.iter().all(|p| TaxonomyKind::Publics.slug(p).is_empty()) {
            a.sans_public += 1;
        }
        publics.add(f, terms(&f.publics, TaxonomyKind::Publics));
        let t = &f.territoire;
        regions.add(f, [(TaxonomyKind::Regions.slug(&t.region), t.region.clone())]);
        deps.add(f, [(t.departement.clone(), format!("{} ({})", t.departement_nom, t.departement))]);
        dep_info
            .entry(t.departement.clone())
            .or_insert_with(|| DepartementCount {
                code: t.departement.clone(),
                nom: t.departement_nom.clone(),
                region: t.region.clone(),
                fiches: 0,
            })
            .fiches += 1;
        types.add(f, [(f.type_structure.code().to_string(), f.type_structure.libelle().to_string())]);
        match f.annee_debut {
            Some(y) => years.add(f, [(y.to_string(), y.to_string())]),
            None => a.sans_annee_debut += 1,
        }
    }
    a.fiches = total.fiches;
    a.chiffres = total.chiffres();
    a.financements = Montant { cents: total.financements };
    a.fiches_financements = total.fiches_financements;
    let mut funders: Vec<(String, FinanceurTotal)> = funders.into_iter().collect();
    funders.sort_by(|x, y| y.1.montant.cmp(&x.1.montant).then_with(|| y.1.fiches.cmp(&x.1.fiches)).then_with(|| x.0.cmp(&y.0)));
    a.financeurs = funders.into_iter().map(|(_, f)| f).collect();

    a.par_thematique = themes.by_count();
    a.par_public = publics.by_count();
    a.par_region = regions.by_count();
    a.par_departement = deps.into_groups();
    a.par_departement.sort_by_cached_key(|g| departement_order(&g.cle));
    a.par_type = types.into_groups();
    a.par_type.sort_by_key(|g| TypeStructure::ALL.iter().position(|t| t.code() == g.cle));
    a.par_annee = years.into_groups();
    a.par_annee.sort_by_key(|g| g.cle.parse::<i32>().unwrap_or(i32::MAX));

    let count = |g: &Groupe| Count { libelle: g.libelle.clone(), fiches: g.fiches };
    a.thematiques = a.par_thematique.iter().map(count).collect();
    a.regions = a.par_region.iter().map(count).collect();
    a.departements = dep_info.into_values().collect();
    a.types_structure = a.par_type.iter().filter_map(|g| TypeStructure::from_code(&g.cle).map(|t| (t, g.fiches))).collect();
    a.annees_debut = a.par_annee.iter().filter_map(|g| g.cle.parse().ok().map(|y| (y, g.fiches))).collect();
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn fiche(slug: &str) -> Fiche {
        Fiche {
            slug: slug.into(),
            slug_pos: crate::load::diagnostics::Pos::new(1, 1),
            terms_pos: [crate::load::diagnostics::Pos::new(1, 1); 2],
            fichier: format!("fiches/{slug}.md"),
            titre: slug.into(),
            resume: "Résumé.".into(),
            date: crate::model::date::Date { year: 2020, month: 1, day: 1 },
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
            images: Vec::new(),
            brouillon: false,
            chapeau: None,
            sections: vec![],
        }
    }

    fn fin(nom: &str, euros: Option<f64>) -> Financeur {
        Financeur { nom: nom.into(), montant: euros.map(Montant::from_euros), annee: None }
    }

    /// The case: 9,300 funders of 9 999 999 999 999 € (beyond the
    /// loader's bound, so built here directly) and two fiches at 1e300 ETP-like
    /// counts: 64-bit cents would wrap to a negative total; the sums are exact.
    #[test]
    fn sums_cannot_wrap() {
        let huge = Montant { cents: 999_999_999_999_900 };
        let fiches: Vec<Fiche> = (0..3)
            .map(|i| {
                let mut f = fiche(&format!("f{i}"));
                f.financeurs = (0..3_100).map(|_| Financeur { nom: "Carsat".into(), montant: Some(huge), annee: None }).collect();
                f.chiffres.participants = Some(u64::MAX);
                f.chiffres.cout_total = Some(Montant { cents: i128::from(i64::MAX) });
                f
            })
            .collect();
        let g = aggregate(fiches.iter());
        assert_eq!(g.financements.cents, 9_300 * 999_999_999_999_900);
        assert!(g.financements.cents > i128::from(i64::MAX), "beyond 64 bits, and still positive");
        assert_eq!(g.financeurs[0].montant, g.financements);
        assert_eq!(g.chiffre("participants").map(|c| c.total), Some(Valeur::Entier(3 * u128::from(u64::MAX))));
        assert_eq!(g.chiffre("cout_total").map(|c| c.total), Some(Valeur::Euros(Montant { cents: 3 * i128::from(i64::MAX) })));
        assert!(g.financements.fr().starts_with("92\u{202F}999\u{202F}999"), "{}", g.financements.fr());
        assert_eq!(crate::model::text::pourcent(g.financeurs[0].montant.cents, g.financements.cents), "100\u{A0}%");
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
    fn groups_carry_their_own_sums() {
        let mut a = fiche("a");
        a.thematiques = vec!["Insertion".into(), "Lien social".into(), "insertion ".into()];
        a.publics = vec!["Jeunes".into()];
        a.chiffres.participants = Some(40);
        a.chiffres.budget_annuel = Some(Montant::from_euros(1234.56));
        a.annee_debut = Some(2018);
        a.financeurs = vec![fin("CAF", Some(1000.10)), fin("caf ", Some(0.20)), fin("Ville", None)];

        let mut b = fiche("b");
        b.type_structure = TypeStructure::Association;
        b.thematiques = vec!["insertion".into()];
        b.publics = vec!["jeunes".into(), "Familles".into()];
        b.territoire.departement = "63".into();
        b.territoire.departement_nom = "Puy-de-Dôme".into();
        b.territoire.region = "Auvergne-Rhône-Alpes".into();
        b.chiffres.participants = Some(2);
        b.chiffres.budget_annuel = Some(Montant::from_euros(0.44));
        b.annee_debut = Some(2018);
        b.financeurs = vec![fin("Département", Some(500.0)), fin("CAF", Some(99.70))];

        let mut c = fiche("c");
        c.territoire.departement = "2A".into();
        c.territoire.departement_nom = "Corse-du-Sud".into();
        c.territoire.region = "Corse".into();
        c.annee_debut = Some(2016);
        c.financeurs = vec![fin("Ville", None)];
        let d = fiche("d");

        let g = aggregate([&a, &b, &c, &d]);
        assert_eq!((g.fiches, g.fiches_financees, g.fiches_financements), (4, 3, 2));
        assert_eq!(g.financements.cents, 100_010 + 20 + 50_000 + 9_970);

        let ins = &g.par_thematique[0];
        assert_eq!((ins.cle.as_str(), ins.libelle.as_str(), ins.fiches), ("insertion", "Insertion", 2));
        assert_eq!(ins.chiffre("participants").map(|c| (c.total, c.fiches)), Some((Valeur::Entier(42), 2)));
        assert_eq!(ins.chiffre("budget_annuel").map(|c| c.total), Some(Valeur::Euros(Montant { cents: 123_500 })));
        assert_eq!((ins.financements.cents, ins.fiches_financements), (160_000, 2));
        let ls = &g.par_thematique[1];
        assert_eq!((ls.cle.as_str(), ls.fiches, ls.financements.cents), ("lien-social", 1, 100_030));
        assert_eq!(g.par_thematique.len(), 2);

        assert_eq!(g.par_public.iter().map(|p| (p.libelle.as_str(), p.fiches)).collect::<Vec<_>>(), vec![("Jeunes", 2), ("Familles", 1)]);
        assert_eq!(g.sans_public, 2);

        // Dijon's région holds a (40 participants) and d (none declared): 1 of 2 fiches declares.
        let bfc = g.par_region.iter().find(|r| r.cle == "bourgogne-franche-comte").expect("région");
        assert_eq!(bfc.fiches, 2);
        assert_eq!(bfc.chiffre("participants").map(|c| (c.total, c.fiches)), Some((Valeur::Entier(40), 1)));
        assert_eq!(g.par_region[0].cle, "bourgogne-franche-comte");

        assert_eq!(g.par_departement.iter().map(|d| (d.cle.as_str(), d.fiches)).collect::<Vec<_>>(), vec![("2A", 1), ("21", 2), ("63", 1)]);
        assert_eq!(g.par_departement[1].libelle, "Côte-d'Or (21)");
        assert_eq!(g.par_type.iter().map(|t| (t.cle.as_str(), t.fiches)).collect::<Vec<_>>(), vec![("ccas", 3), ("association", 1)]);
        assert_eq!(g.par_annee.iter().map(|y| (y.cle.as_str(), y.fiches)).collect::<Vec<_>>(), vec![("2016", 1), ("2018", 2)]);
        let y2018 = &g.par_annee[1];
        assert_eq!(y2018.chiffre("participants").map(|c| c.total), Some(Valeur::Entier(42)));
        assert_eq!(y2018.financements.cents, 160_000);
        assert_eq!(g.sans_annee_debut, 1);

        // Sums over the groups of a partition (régions, types, years + without year) give the totals back.
        let sum = |gs: &[Groupe]| gs.iter().map(|x| x.chiffre("participants").map(|c| c.total.units()).unwrap_or(0)).sum::<i128>();
        assert_eq!(sum(&g.par_region), 42);
        assert_eq!(sum(&g.par_type), 42);
        assert_eq!(g.par_region.iter().map(|r| r.financements.cents).sum::<i128>(), g.financements.cents);

        let ville = g.financeurs.iter().find(|f| f.nom == "Ville").expect("ville");
        assert_eq!((ville.fiches, ville.sans_montant), (2, 2));
    }

    #[test]
    fn filters_by_year_and_region() {
        use crate::report::Filtre;
        let mut a = fiche("a");
        a.annee_debut = Some(2019);
        let mut b = fiche("b");
        b.territoire.region = "Provence-Alpes-Côte d'Azur".into();
        b.annee_debut = Some(2020);
        assert!(Filtre::Annee(2019).matches(&a) && !Filtre::Annee(2019).matches(&b));
        assert!(Filtre::Region("provence-alpes-cote-d-azur".into()).matches(&b));
        assert!(!Filtre::Region("provence-alpes-cote-d-azur".into()).matches(&a));
        assert!(Filtre::Tout.matches(&a));

        let c = crate::model::collection::Collection::new(vec![a, b], false);
        let mut cfg = crate::load::config::BilanConfig::default();
        assert_eq!(crate::report::fiches_du_bilan(&c, &cfg).len(), 2);
        cfg.annee = Some(2020);
        assert_eq!(crate::report::fiches_du_bilan(&c, &cfg).iter().map(|f| f.slug.as_str()).collect::<Vec<_>>(), vec!["b"]);
        cfg.annee = None;
        cfg.selection.region = vec!["bourgogne-franche-comté".into()];
        assert_eq!(crate::report::fiches_du_bilan(&c, &cfg).iter().map(|f| f.slug.as_str()).collect::<Vec<_>>(), vec!["a"]);
    }

    #[test]
    fn empty_selection() {
        let g = aggregate(std::iter::empty());
        assert_eq!(g.fiches, 0);
        assert!(g.financeurs.is_empty());
        assert_eq!(g.chiffre("participants").map(|c| c.total), Some(Valeur::Entier(0)));
    }
}
