//! What templates see: the fiche model turned into preformatted, French-typeset
//! values (numbers `87 900 €`, dates `14 février 2019`, URLs relative to the
//! site root). The field names are the theme's contract (`docs/theme.md`).

use crate::model::collection::{Collection, TaxonomyKind};
use crate::model::text::{group_thousands, number_fr};
use crate::model::typo::apply as typo;
use crate::model::{Fiche, SectionKind, Statut};
use crate::theme::Theme;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Clone)]
pub struct Lien {
    pub libelle: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct DateVue {
    pub iso: String,
    pub texte: String,
}

impl From<crate::model::date::Date> for DateVue {
    fn from(d: crate::model::date::Date) -> Self {
        DateVue { iso: d.iso(), texte: d.fr() }
    }
}

#[derive(Serialize, Clone)]
pub struct Code {
    pub code: String,
    pub libelle: String,
}

#[derive(Serialize, Clone)]
pub struct DepartementVue {
    pub code: String,
    pub nom: String,
}

/// A fiche in a list.
#[derive(Serialize, Clone)]
pub struct Carte {
    pub doc: usize,
    pub slug: String,
    pub url: String,
    pub titre: String,
    pub resume: String,
    pub structure: String,
    pub commune: String,
    pub departement: DepartementVue,
    pub region: String,
    pub date: DateVue,
    pub statut: Code,
    pub terminee: bool,
    /// A draft shown by `--drafts`: the pages say so.
    pub brouillon: bool,
    pub thematiques: Vec<Lien>,
    pub publics: Vec<Lien>,
    pub filtres: BTreeMap<&'static str, Vec<String>>,
}

pub use crate::model::collection::fiche_url;

fn links(labels: &[String], kind: TaxonomyKind) -> Vec<Lien> {
    labels.iter().map(|l| Lien { libelle: typo(l).into_owned(), url: kind.term_url(&kind.slug(l)) }).collect()
}

pub fn carte(doc: usize, f: &Fiche) -> Carte {
    let mut filtres = BTreeMap::new();
    for kind in TaxonomyKind::ALL {
        filtres.insert(kind.facet(), kind.terms_of(f).into_iter().map(|(_, slug)| slug).collect());
    }
    filtres.insert("statut", vec![f.statut.code().to_string()]);
    filtres.insert("annee", f.annee_debut.map(|a| vec![a.to_string()]).unwrap_or_default());
    Carte {
        doc,
        slug: f.slug.clone(),
        url: fiche_url(&f.slug),
        titre: typo(&f.titre).into_owned(),
        resume: typo(&f.resume).into_owned(),
        structure: typo(&f.structure).into_owned(),
        commune: f.territoire.commune.clone(),
        departement: DepartementVue { code: f.territoire.departement.clone(), nom: f.territoire.departement_nom.clone() },
        region: f.territoire.region.clone(),
        date: f.date.into(),
        statut: Code { code: f.statut.code().into(), libelle: f.statut.libelle().into() },
        terminee: f.statut == Statut::Terminee,
        brouillon: f.brouillon,
        thematiques: links(&f.thematiques, TaxonomyKind::Thematiques),
        publics: links(&f.publics, TaxonomyKind::Publics),
        filtres,
    }
}

#[derive(Serialize)]
pub struct Chiffre {
    pub cle: &'static str,
    pub libelle: String,
    pub valeur: String,
}

#[derive(Serialize)]
pub struct Indicateur {
    pub libelle: String,
    pub valeur: String,
    pub unite: Option<String>,
}

#[derive(Serialize)]
pub struct Financeur {
    pub nom: String,
    pub montant: Option<String>,
    pub annee: Option<i32>,
}

#[derive(Serialize)]
pub struct Partenaire {
    pub nom: String,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct ImageVue {
    pub url: String,
    pub alt: String,
    pub credit: Option<String>,
}

#[derive(Serialize)]
pub struct SectionVue {
    pub cle: &'static str,
    pub titre: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct Territoire {
    pub commune: String,
    pub departement: Lien2,
    pub region: Nom,
    pub habitants: Option<String>,
}

#[derive(Serialize)]
pub struct Lien2 {
    pub code: String,
    pub nom: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct Nom {
    pub nom: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct TypeVue {
    pub code: String,
    pub libelle: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct Contact {
    pub nom: Option<String>,
    pub fonction: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub adresse: Option<String>,
}

/// The full fiche page.
#[derive(Serialize)]
pub struct FicheVue {
    pub slug: String,
    pub titre: String,
    pub resume: String,
    pub date: DateVue,
    pub mise_a_jour: Option<DateVue>,
    pub structure: String,
    pub type_structure: TypeVue,
    pub territoire: Territoire,
    pub annee_debut: Option<i32>,
    pub statut: Code,
    pub terminee: bool,
    /// A draft shown by `--drafts`: the pages say so.
    pub brouillon: bool,
    pub thematiques: Vec<Lien>,
    pub publics: Vec<Lien>,
    pub mots_cles: Vec<String>,
    pub chiffres: Vec<Chiffre>,
    pub indicateurs: Vec<Indicateur>,
    pub financeurs: Vec<Financeur>,
    pub total_financements: Option<String>,
    pub partenaires: Vec<Partenaire>,
    pub contact: Option<Contact>,
    pub image: Option<ImageVue>,
    pub chapeau_html: Option<String>,
    pub sections: Vec<SectionVue>,
    pub pdf: Option<String>,
    pub proches: Vec<tera::Value>,
    pub proches_html: Vec<tera::Value>,
    pub precedente: Option<tera::Value>,
    pub suivante: Option<tera::Value>,
}

/// A link to another fiche (« proches », previous and next).
#[derive(Serialize, Clone)]
pub struct LienFiche {
    pub titre: String,
    pub url: String,
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|x| typo(x).into_owned())
}

/// The key figures a fiche declares, formatted.
pub fn chiffres(f: &Fiche, theme: &Theme) -> Vec<Chiffre> {
    let c = &f.chiffres;
    let mut out = Vec::new();
    let mut push = |cle: &'static str, valeur: Option<String>| {
        if let Some(valeur) = valeur {
            out.push(Chiffre { cle, libelle: theme.label(&format!("chiffres.{cle}")), valeur });
        }
    };
    push("participants", c.participants.map(group_thousands));
    push("benevoles", c.benevoles.map(group_thousands));
    push("salaries_etp", c.salaries_etp.map(number_fr));
    push("budget_annuel", c.budget_annuel.map(|m| m.fr()));
    push("cout_total", c.cout_total.map(|m| m.fr()));
    push("sorties_positives", c.sorties_positives.map(group_thousands));
    push("ateliers", c.ateliers.map(group_thousands));
    out
}

/// The parts of a fiche page computed by the renderer: HTML of the body,
/// the PDF link, and the neighbouring fiches (their [`Carte`]s converted to
/// template values once for the whole site, then shared by every page).
pub struct Rendu {
    pub sections_html: Vec<(SectionKind, String)>,
    pub chapeau_html: Option<String>,
    pub pdf: Option<String>,
    pub proches: Vec<tera::Value>,
    pub proches_html: Vec<tera::Value>,
    pub precedente: Option<tera::Value>,
    pub suivante: Option<tera::Value>,
}

/// Everything the fiche page shows.
pub fn fiche_vue(f: &Fiche, theme: &Theme, r: Rendu) -> FicheVue {
    let Rendu { sections_html, chapeau_html, pdf, proches, proches_html, precedente, suivante } = r;
    let t = &f.territoire;
    FicheVue {
        slug: f.slug.clone(),
        titre: typo(&f.titre).into_owned(),
        resume: typo(&f.resume).into_owned(),
        date: f.date.into(),
        mise_a_jour: f.mise_a_jour.map(Into::into),
        structure: typo(&f.structure).into_owned(),
        type_structure: TypeVue {
            code: f.type_structure.code().into(),
            libelle: f.type_structure.libelle().into(),
            url: TaxonomyKind::Types.term_url(&TaxonomyKind::Types.slug(f.type_structure.code())),
        },
        territoire: Territoire {
            commune: t.commune.clone(),
            departement: Lien2 {
                code: t.departement.clone(),
                nom: t.departement_nom.clone(),
                url: TaxonomyKind::Departements.term_url(&TaxonomyKind::Departements.slug(&t.departement)),
            },
            region: Nom { nom: t.region.clone(), url: TaxonomyKind::Regions.term_url(&TaxonomyKind::Regions.slug(&t.region)) },
            habitants: t.habitants.map(group_thousands),
        },
        annee_debut: f.annee_debut,
        statut: Code { code: f.statut.code().into(), libelle: f.statut.libelle().into() },
        terminee: f.statut == Statut::Terminee,
        brouillon: f.brouillon,
        thematiques: links(&f.thematiques, TaxonomyKind::Thematiques),
        publics: links(&f.publics, TaxonomyKind::Publics),
        mots_cles: f.mots_cles.iter().map(|m| typo(m).into_owned()).collect(),
        chiffres: chiffres(f, theme),
        indicateurs: f
            .indicateurs
            .iter()
            .map(|i| Indicateur { libelle: typo(&i.libelle).into_owned(), valeur: i.valeur_fr(), unite: opt(&i.unite) })
            .collect(),
        financeurs: f
            .financeurs
            .iter()
            .map(|x| Financeur { nom: typo(&x.nom).into_owned(), montant: x.montant.map(|m| m.fr()), annee: x.annee })
            .collect(),
        total_financements: f.total_financements().map(|m| m.fr()),
        partenaires: f.partenaires.iter().map(|p| Partenaire { nom: typo(&p.nom).into_owned(), role: opt(&p.role) }).collect(),
        contact: f.contact.as_ref().map(|c| Contact {
            nom: opt(&c.nom),
            fonction: opt(&c.fonction),
            email: c.email.clone(),
            telephone: c.telephone.clone(),
            adresse: opt(&c.adresse),
        }),
        image: f.image.as_ref().map(|i| ImageVue { url: i.fichier.clone(), alt: typo(&i.alt).into_owned(), credit: opt(&i.credit) }),
        chapeau_html,
        sections: sections_html
            .into_iter()
            .map(|(k, html)| SectionVue { cle: k.name(), titre: theme.label(&format!("sections.{}", k.name())), html })
            .collect(),
        pdf,
        proches,
        proches_html,
        precedente,
        suivante,
    }
}

/// How far around a fiche, in each of its thématiques' lists, « proches » are
/// looked for (`serve` re-renders the pages within reach of a change).
pub const PROCHES_WINDOW: usize = 12;

/// « Fiches proches »: fiches sharing the most thématiques, looked for among the
/// neighbours (in date order) of this fiche in each of its thématiques — bounded
/// work per fiche, never a scan of the whole collection.
pub fn related(c: &Collection, positions: &[Vec<(usize, usize)>], i: usize, max: usize) -> Vec<usize> {
    let tax = c.taxonomy(TaxonomyKind::Thematiques);
    let mut score: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for &(term, pos) in &positions[i] {
        let list = &tax.terms[term].fiches;
        let lo = pos.saturating_sub(PROCHES_WINDOW);
        let hi = (pos + PROCHES_WINDOW + 1).min(list.len());
        for (k, &j) in list.iter().enumerate().take(hi).skip(lo) {
            if j != i {
                let e = score.entry(j).or_insert((0, usize::MAX));
                e.0 += 1;
                e.1 = e.1.min(pos.abs_diff(k));
            }
        }
    }
    let mut v: Vec<(usize, (usize, usize))> = score.into_iter().collect();
    v.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)).then(a.0.cmp(&b.0)));
    v.into_iter().take(max).map(|(j, _)| j).collect()
}

/// For each fiche, its (term index, position in the term's list) in the thématiques.
pub fn thematique_positions(c: &Collection) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); c.fiches.len()];
    for (t, term) in c.taxonomy(TaxonomyKind::Thematiques).terms.iter().enumerate() {
        for (pos, &i) in term.fiches.iter().enumerate() {
            out[i].push((t, pos));
        }
    }
    out
}
