//! The open-data files: `fiches.json` valid against the documented schema, CSV
//! files with a BOM, `;` separators, one row per published fiche.

use std::path::Path;
use std::process::Command;

#[test]
fn open_data_files_match_the_sample_fiches() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("recueil-donnees-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let b = Command::new(env!("CARGO_BIN_EXE_recueil"))
        .arg("--root")
        .arg(root)
        .args(["build", "--no-pdf", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let project = recueil::load::project::Project::load(root);
    let published = project.collection(false);

    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("docs/fiches.schema.json")).unwrap()).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("donnees/fiches.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&data).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(data["fiches"].as_array().unwrap().len(), published.fiches.len());

    let csv = std::fs::read(out.join("donnees/fiches.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()), "BOM");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&csv[3..]);
    let titles: Vec<String> = r.records().map(|rec| rec.unwrap()[1].to_string()).collect();
    let expected: Vec<String> = published.fiches.iter().map(|f| f.titre.clone()).collect();
    assert_eq!(titles, expected);

    let fin = std::fs::read(out.join("donnees/financements.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&fin[3..]);
    let rows = r.records().count();
    assert_eq!(rows, published.fiches.iter().map(|f| f.financeurs.len()).sum::<usize>());

    let ind = std::fs::read(out.join("donnees/indicateurs.csv")).unwrap();
    assert!(ind.starts_with("\u{feff}".as_bytes()), "BOM");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&ind[3..]);
    assert_eq!(r.records().count(), published.fiches.iter().map(|f| f.indicateurs.len()).sum::<usize>());
    let _ = std::fs::remove_dir_all(&out);
}
