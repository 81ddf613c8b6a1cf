//! French départements: codes, names and the region each belongs to.

/// `(code, name, region)` for every département (01–95 with 2A/2B, 971–976).
const DEPARTEMENTS: &[(&str, &str, &str)] = &[
    ("01", "Ain", ARA),
    ("02", "Aisne", HDF),
    ("03", "Allier", ARA),
    ("04", "Alpes-de-Haute-Provence", PACA),
    ("05", "Hautes-Alpes", PACA),
    ("06", "Alpes-Maritimes", PACA),
    ("07", "Ardèche", ARA),
    ("08", "Ardennes", GE),
    ("09", "Ariège", OCC),
    ("10", "Aube", GE),
    ("11", "Aude", OCC),
    ("12", "Aveyron", OCC),
    ("13", "Bouches-du-Rhône", PACA),
    ("14", "Calvados", NOR),
    ("15", "Cantal", ARA),
    ("16", "Charente", NA),
    ("17", "Charente-Maritime", NA),
    ("18", "Cher", CVL),
    ("19", "Corrèze", NA),
    ("21", "Côte-d'Or", BFC),
    ("22", "Côtes-d'Armor", BRE),
    ("23", "Creuse", NA),
    ("24", "Dordogne", NA),
    ("25", "Doubs", BFC),
    ("26", "Drôme", ARA),
    ("27", "Eure", NOR),
    ("28", "Eure-et-Loir", CVL),
    ("29", "Finistère", BRE),
    ("2A", "Corse-du-Sud", COR),
    ("2B", "Haute-Corse", COR),
    ("30", "Gard", OCC),
    ("31", "Haute-Garonne", OCC),
    ("32", "Gers", OCC),
    ("33", "Gironde", NA),
    ("34", "Hérault", OCC),
    ("35", "Ille-et-Vilaine", BRE),
    ("36", "Indre", CVL),
    ("37", "Indre-et-Loire", CVL),
    ("38", "Isère", ARA),
    ("39", "Jura", BFC),
    ("40", "Landes", NA),
    ("41", "Loir-et-Cher", CVL),
    ("42", "Loire", ARA),
    ("43", "Haute-Loire", ARA),
    ("44", "Loire-Atlantique", PDL),
    ("45", "Loiret", CVL),
    ("46", "Lot", OCC),
    ("47", "Lot-et-Garonne", NA),
    ("48", "Lozère", OCC),
    ("49", "Maine-et-Loire", PDL),
    ("50", "Manche", NOR),
    ("51", "Marne", GE),
    ("52", "Haute-Marne", GE),
    ("53", "Mayenne", PDL),
    ("54", "Meurthe-et-Moselle", GE),
    ("55", "Meuse", GE),
    ("56", "Morbihan", BRE),
    ("57", "Moselle", GE),
    ("58", "Nièvre", BFC),
    ("59", "Nord", HDF),
    ("60", "Oise", HDF),
    ("61", "Orne", NOR),
    ("62", "Pas-de-Calais", HDF),
    ("63", "Puy-de-Dôme", ARA),
    ("64", "Pyrénées-Atlantiques", NA),
    ("65", "Hautes-Pyrénées", OCC),
    ("66", "Pyrénées-Orientales", OCC),
    ("67", "Bas-Rhin", GE),
    ("68", "Haut-Rhin", GE),
    ("69", "Rhône", ARA),
    ("70", "Haute-Saône", BFC),
    ("71", "Saône-et-Loire", BFC),
    ("72", "Sarthe", PDL),
    ("73", "Savoie", ARA),
    ("74", "Haute-Savoie", ARA),
    ("75", "Paris", IDF),
    ("76", "Seine-Maritime", NOR),
    ("77", "Seine-et-Marne", IDF),
    ("78", "Yvelines", IDF),
    ("79", "Deux-Sèvres", NA),
    ("80", "Somme", HDF),
    ("81", "Tarn", OCC),
    ("82", "Tarn-et-Garonne", OCC),
    ("83", "Var", PACA),
    ("84", "Vaucluse", PACA),
    ("85", "Vendée", PDL),
    ("86", "Vienne", NA),
    ("87", "Haute-Vienne", NA),
    ("88", "Vosges", GE),
    ("89", "Yonne", BFC),
    ("90", "Territoire de Belfort", BFC),
    ("91", "Essonne", IDF),
    ("92", "Hauts-de-Seine", IDF),
    ("93", "Seine-Saint-Denis", IDF),
    ("94", "Val-de-Marne", IDF),
    ("95", "Val-d'Oise", IDF),
    ("971", "Guadeloupe", "Guadeloupe"),
    ("972", "Martinique", "Martinique"),
    ("973", "Guyane", "Guyane"),
    ("974", "La Réunion", "La Réunion"),
    ("975", "Saint-Pierre-et-Miquelon", "Saint-Pierre-et-Miquelon"),
    ("976", "Mayotte", "Mayotte"),
];

const ARA: &str = "Auvergne-Rhône-Alpes";
const BFC: &str = "Bourgogne-Franche-Comté";
const BRE: &str = "Bretagne";
const CVL: &str = "Centre-Val de Loire";
const COR: &str = "Corse";
const GE: &str = "Grand Est";
const HDF: &str = "Hauts-de-France";
const IDF: &str = "Île-de-France";
const NOR: &str = "Normandie";
const NA: &str = "Nouvelle-Aquitaine";
const OCC: &str = "Occitanie";
const PDL: &str = "Pays de la Loire";
const PACA: &str = "Provence-Alpes-Côte d'Azur";

/// A known département.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departement {
    pub code: &'static str,
    pub nom: &'static str,
    pub region: &'static str,
}

/// Looks up a code as an author may write it: `63`, `"06"`, `6`, `2a`, `974`.
pub fn departement(code: &str) -> Option<Departement> {
    let c = code.trim().to_ascii_uppercase();
    let c = if c.len() == 1 && c.as_bytes()[0].is_ascii_digit() { format!("0{c}") } else { c };
    DEPARTEMENTS.iter().find(|(k, _, _)| *k == c).map(|&(code, nom, region)| Departement { code, nom, region })
}

/// Every département, in code order.
pub fn departements() -> impl Iterator<Item = Departement> {
    DEPARTEMENTS.iter().map(|&(code, nom, region)| Departement { code, nom, region })
}

/// Every region name, for suggestions.
pub fn regions() -> Vec<&'static str> {
    let mut r: Vec<&str> = DEPARTEMENTS.iter().map(|d| d.2).collect();
    r.sort_unstable();
    r.dedup();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code() {
        for n in 1..=95 {
            let code = format!("{n:02}");
            assert_eq!(departement(&code).is_some(), n != 20, "{code}");
        }
        for n in 971..=976 {
            assert!(departement(&n.to_string()).is_some());
        }
        assert_eq!(departement("2a").unwrap().region, "Corse");
        assert_eq!(departement("6").unwrap().nom, "Alpes-Maritimes");
        assert_eq!(departement("63").unwrap().region, "Auvergne-Rhône-Alpes");
        assert!(departement("99").is_none());
        assert!(departement("977").is_none());
        assert_eq!(regions().len(), 19);
    }
}
