//! The map of départements: the geometry a theme ships
//! (`carte/departements.txt`, made by `scripts/carte.py`), read without I/O,
//! and the shading classes of the counts. The renderers draw it.

use std::fmt;

/// One département's shape: its INSEE code and an SVG path (moves, lines and
/// closings only, checked when read).
#[derive(Debug, Clone, PartialEq)]
pub struct Forme {
    pub code: String,
    pub chemin: String,
}

/// The geometry: the frame's size and the shapes of metropolitan France
/// (empty by default: a theme without the file draws no map).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Carte {
    pub largeur: f64,
    pub hauteur: f64,
    pub formes: Vec<Forme>,
}

/// The overseas départements, drawn as labelled tiles beside the map.
pub const OUTRE_MER: [&str; 5] = ["971", "972", "973", "974", "976"];

/// Why the geometry file cannot be read: its line and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct CarteError {
    pub ligne: usize,
    pub message: String,
}

impl fmt::Display for CarteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ligne {} : {}", self.ligne, self.message)
    }
}

impl Forme {
    /// The closed rings of the shape, in the geometry's units (`M x y l dx dy … z`).
    pub fn anneaux(&self) -> Vec<Vec<(f64, f64)>> {
        let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut ring: Vec<(f64, f64)> = Vec::new();
        let (mut x, mut y) = (0.0, 0.0);
        let mut relative = false;
        let mut pending: Option<f64> = None;
        let mut token = String::new();
        let mut flush = |token: &mut String, ring: &mut Vec<(f64, f64)>, x: &mut f64, y: &mut f64, relative: bool| {
            if let Ok(v) = token.parse::<f64>() {
                match pending.take() {
                    None => pending = Some(v),
                    Some(a) => {
                        if relative && !ring.is_empty() {
                            *x += a;
                            *y += v;
                        } else {
                            *x = a;
                            *y = v;
                        }
                        ring.push((*x, *y));
                    }
                }
            }
            token.clear();
        };
        for c in self.chemin.chars() {
            match c {
                'M' | 'm' | 'L' | 'l' | 'Z' | 'z' => {
                    flush(&mut token, &mut ring, &mut x, &mut y, relative);
                    if matches!(c, 'M' | 'm' | 'Z' | 'z') && !ring.is_empty() {
                        rings.push(std::mem::take(&mut ring));
                    }
                    relative = matches!(c, 'm' | 'l');
                }
                ' ' | ',' => flush(&mut token, &mut ring, &mut x, &mut y, relative),
                '-' if !token.is_empty() => {
                    flush(&mut token, &mut ring, &mut x, &mut y, relative);
                    token.push(c);
                }
                _ => token.push(c),
            }
        }
        flush(&mut token, &mut ring, &mut x, &mut y, relative);
        if !ring.is_empty() {
            rings.push(ring);
        }
        rings
    }
}

impl Carte {
    /// Reads `# 0 0 W H` then one `code<TAB>nom<TAB>chemin` line per département.
    pub fn parse(text: &str) -> Result<Carte, CarteError> {
        let err = |ligne: usize, message: String| CarteError { ligne, message };
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
        let (_, head) = lines.next().ok_or_else(|| err(1, "fichier vide".into()))?;
        let frame: Vec<f64> = head.trim_start_matches('#').split_whitespace().filter_map(|v| v.parse().ok()).collect();
        let [0.0, 0.0, largeur, hauteur] = frame[..] else {
            return Err(err(1, "la première ligne doit donner le cadre : « # 0 0 largeur hauteur »".into()));
        };
        let mut formes: Vec<Forme> = Vec::new();
        for (i, line) in lines {
            let mut parts = line.split('\t');
            let (Some(code), Some(_nom), Some(chemin)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(err(i + 1, "trois colonnes séparées par des tabulations sont attendues : code, nom, tracé".into()));
            };
            if crate::model::territory::departement(code).is_none_or(|d| d.code != code) {
                return Err(err(i + 1, format!("« {code} » n'est pas un code de département (01 à 95, 2A, 2B)")));
            }
            if formes.iter().any(|f| f.code == code) {
                return Err(err(i + 1, format!("le département {code} est tracé deux fois")));
            }
            // Only what scripts/carte.py writes: nothing that could carry markup.
            if chemin.is_empty() || !chemin.chars().all(|c| matches!(c, 'M' | 'm' | 'L' | 'l' | 'Z' | 'z' | '0'..='9' | '.' | '-' | ' ')) {
                return Err(err(i + 1, format!("le tracé du département {code} ne contient pas que des M, l, z et des nombres")));
            }
            formes.push(Forme { code: code.to_string(), chemin: chemin.to_string() });
        }
        Ok(Carte { largeur, hauteur, formes })
    }
}

/// Shading classes for counts from 1 to `max`, as inclusive ranges: each
/// value its own class up to 4, else four classes with rounded bounds
/// growing geometrically (1, 2–5, 6–12, 13–32 for 32).
pub fn classes(max: usize) -> Vec<(usize, usize)> {
    if max == 0 {
        return Vec::new();
    }
    if max <= 4 {
        return (1..=max).map(|k| (k, k)).collect();
    }
    let mut starts = vec![1usize];
    for q in [0.25, 0.5, 0.75] {
        let s = ((max as f64).powf(q).round() as usize).max(starts[starts.len() - 1] + 1);
        if s <= max {
            starts.push(s);
        }
    }
    starts.dedup();
    let mut out: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1] - 1)).collect();
    out.push((starts[starts.len() - 1], max));
    out
}

/// The class (1-based) of a count among `classes`, 0 for none.
pub fn classe(classes: &[(usize, usize)], fiches: usize) -> usize {
    classes.iter().position(|&(a, b)| (a..=b).contains(&fiches)).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_count_once() {
        for max in 0..200 {
            let c = classes(max);
            assert!(c.len() <= 4, "{max}: {c:?}");
            for k in 1..=max {
                assert_eq!(c.iter().filter(|&&(a, b)| (a..=b).contains(&k)).count(), 1, "{max} {k}: {c:?}");
            }
        }
        assert_eq!(classes(32), vec![(1, 1), (2, 5), (6, 12), (13, 32)]);
        assert_eq!(classes(3), vec![(1, 1), (2, 2), (3, 3)]);
    }

    #[test]
    fn a_shape_reads_as_absolute_rings() {
        let f = Forme { code: "01".into(), chemin: "M1 1l2 0 0 2.5z M10 10l-1 -1 1 0z".into() };
        assert_eq!(f.anneaux(), vec![vec![(1.0, 1.0), (3.0, 1.0), (3.0, 3.5)], vec![(10.0, 10.0), (9.0, 9.0), (10.0, 9.0)]]);
        let all = Carte::parse(include_str!("../../themes/default/carte/departements.txt")).unwrap();
        assert_eq!(all.formes.len(), 96);
        for f in &all.formes {
            for ring in f.anneaux() {
                assert!(ring.len() >= 3, "{}", f.code);
                assert!(ring.iter().all(|&(x, y)| (0.0..=all.largeur).contains(&x) && (0.0..=all.hauteur).contains(&y)), "{}", f.code);
            }
        }
    }

    #[test]
    fn the_geometry_refuses_what_is_not_a_shape() {
        assert!(Carte::parse("# 0 0 10 10\n01\tAin\tM1 1l2 0 0 2z\n").is_ok());
        let bad = Carte::parse("# 0 0 10 10\n01\tAin\tM1 1l2 0\"/><script>z\n").unwrap_err();
        assert_eq!(bad.ligne, 2);
        assert!(Carte::parse("# 0 0 10 10\n99\tX\tM1 1z\n").is_err());
        assert!(Carte::parse("# 0 0 10 10\n01\tAin\tM1 1z\n01\tAin\tM1 1z\n").is_err());
        assert!(Carte::parse("0 0\n").is_err());
    }
}
