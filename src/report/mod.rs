//! Impact figures across a set of fiches: counts and exact sums (money in
//! cents, full-time equivalents in hundredths — never floats), used by the
//! booklets' key-figures page and by the impact report.

mod aggregate;

pub use aggregate::{Aggregate, ChiffreTotal, Count, DepartementCount, FinanceurTotal, Valeur, aggregate};
