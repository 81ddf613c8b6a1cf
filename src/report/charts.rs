//! What the report's charts show, for the site (SVG) and `bilan.pdf`
//! (vectors) alike: which bars, in which order, how many, and the colours.
//! Each renderer only draws these.

use super::{Aggregate, Groupe};
use crate::model::Montant;
use crate::model::text::group_thousands;

/// Bars drawn at most in a chart; the table after it gives every row up to [`TABLE_MAX`].
pub const CHART_MAX: usize = 12;
/// Rows shown at most in a table (the open data files hold the rest).
pub const TABLE_MAX: usize = 60;
/// Funders named in the funding mix; the others are summed into one segment.
pub const MIX_MAX: usize = 7;

/// Fill colours of bars and segments, in order, as RGB (each at least 4.5:1
/// against white, so 3:1 for graphics holds with room to spare).
pub const PALETTE: [[u8; 3]; 8] = [
    [0x00, 0x56, 0x6b],
    [0xb4, 0x53, 0x09],
    [0x04, 0x78, 0x57],
    [0x7e, 0x22, 0xce],
    [0xbe, 0x12, 0x3c],
    [0x0e, 0x74, 0x90],
    [0x4d, 0x7c, 0x0f],
    [0x4b, 0x55, 0x63],
];

/// One bar or segment: its label, its length in any integer unit, and the value as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Barre {
    pub libelle: String,
    pub valeur: i128,
    pub texte: String,
}

/// The fiches of each group, first [`CHART_MAX`] groups (already in the report's order).
pub fn group_bars(groups: &[Groupe]) -> Vec<Barre> {
    groups
        .iter()
        .take(CHART_MAX)
        .map(|g| Barre { libelle: g.libelle.clone(), valeur: g.fiches as i128, texte: group_thousands(g.fiches as u64) })
        .collect()
}

/// The declared amount of each funder that has one, first [`CHART_MAX`].
pub fn funder_bars(a: &Aggregate) -> Vec<Barre> {
    a.financeurs
        .iter()
        .filter(|f| f.montant.cents > 0)
        .take(CHART_MAX)
        .map(|f| Barre { libelle: f.nom.clone(), valeur: f.montant.cents, texte: f.montant.fr() })
        .collect()
}

/// Funders with an amount beyond the chart's bars.
pub fn funders_beyond_chart(a: &Aggregate) -> bool {
    a.financeurs.iter().filter(|f| f.montant.cents > 0).count() > CHART_MAX
}

/// The funding mix: the first [`MIX_MAX`] funders with an amount, then the
/// others summed into one segment labelled by `others(count)`.
pub fn funding_mix(a: &Aggregate, others: impl Fn(usize) -> String) -> Vec<Barre> {
    let with_amount: Vec<_> = a.financeurs.iter().filter(|f| f.montant.cents > 0).collect();
    let mut parts: Vec<Barre> = with_amount
        .iter()
        .take(MIX_MAX)
        .map(|f| Barre { libelle: f.nom.clone(), valeur: f.montant.cents, texte: f.montant.fr() })
        .collect();
    if with_amount.len() > MIX_MAX {
        let rest: i128 = with_amount[MIX_MAX..].iter().map(|f| f.montant.cents).sum();
        parts.push(Barre { libelle: others(with_amount.len() - MIX_MAX), valeur: rest, texte: Montant { cents: rest }.fr() });
    }
    parts
}
