//! `recueil serve` end to end: a page is served, a change is rebuilt and
//! announced, an error shows as an overlay event and goes away when fixed,
//! and nothing outside the output folder can be fetched.

use crate::common;
use common::fs::copy_dir;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

struct Server {
    child: Child,
    addr: String,
    /// What serve prints on its standard output, line by line.
    said: Receiver<String>,
}

impl Server {
    /// Waits (at most 20 s) for a line of serve's output holding `text`.
    fn says(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
            match self.said.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("serve never said « {text} »")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the sample project's fiches in a fresh temp dir.
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"), &dir.path().join("fiches"));
    dir
}

fn start(root: &Path) -> Server {
    start_with(root, None)
}

/// serve, with at most `files` open descriptors when given (Unix: `ulimit -n`).
fn start_with(root: &Path, files: Option<u32>) -> Server {
    let mut command = match files {
        Some(n) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(format!("ulimit -n {n} && exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_recueil"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_recueil")),
    };
    let mut child = command
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        // A fixed edition day: serve's output is compared with a build's.
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve stopped").unwrap();
        if let Some(i) = line.find("http://") {
            let rest = &line[i + 7..];
            break rest[..rest.find('/').unwrap()].to_string();
        }
    };
    assert!(addr.starts_with("127.0.0.1:"), "binds loopback by default: {addr}");
    let (tx, said) = channel();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            eprintln!("serve: {l}");
            let _ = tx.send(l);
        }
    });
    Server { child, addr, said }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    raw(addr, format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
}

/// A request written as is; the status and the whole answer.
fn raw(addr: &str, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    // The server may answer and close before the whole request is written.
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).to_string();
    let code = text.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0);
    (code, text)
}

/// The event stream, as (event, data) pairs on a channel.
fn events(addr: &str) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET /__recueil/evenements HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(s);
        let (mut event, mut data) = (String::new(), String::new());
        for line in reader.lines() {
            let Ok(line) = line else { break };
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty() && !event.is_empty() && tx.send((std::mem::take(&mut event), std::mem::take(&mut data))).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &Receiver<(String, String)>, event: &str) -> String {
    loop {
        let (e, d) = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| panic!("no « {event} » event"));
        if e == event {
            return d;
        }
    }
}

#[test]
fn serve_answers_only_its_own_host_and_bounds_what_it_reads() {
    let dir = sample();
    let root = dir.path();
    let server = start(root);
    let addr = server.addr.as_str();
    let port = addr.rsplit(':').next().unwrap();
    for host in [addr.to_string(), format!("localhost:{port}"), format!("LOCALHOST:{port}")] {
        let (code, _) = raw(addr, format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        assert_eq!(code, 200, "{host}");
    }
    // A name that points here from another site (DNS rebinding), or no Host at all: refused.
    for request in [
        "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n"),
        "GET / HTTP/1.0\r\n\r\n".to_string(),
    ] {
        let (code, answer) = raw(addr, request.as_bytes());
        assert_eq!(code, 421, "{request}");
        assert!(answer.contains(&format!("cet aperçu ne répond qu'à http://{addr}/")), "{answer}");
        assert!(!answer.contains("<html"), "no page of the preview");
    }
    // A request line or headers without end are cut, not read into memory.
    let long_line = format!("GET /{} HTTP/1.1\r\nHost: {addr}\r\n\r\n", "a".repeat(100_000));
    assert_eq!(raw(addr, long_line.as_bytes()).0, 414);
    let long_headers = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{}\r\n", "X-Bourrage: 0123456789\r\n".repeat(5_000));
    assert_eq!(raw(addr, long_headers.as_bytes()).0, 431);
    let long_target = format!("GET /{} HTTP/1.1\r\nHost: {addr}\r\n\r\n", "a".repeat(20_000));
    let (code, answer) = raw(addr, long_target.as_bytes());
    assert_eq!(code, 414, "{answer}");
    assert!(answer.ends_with("Adresse trop longue"), "{answer}");
    // The absolute form of an address (RFC 9112, 3.2.2) names the same page.
    let (code, page) = raw(addr, format!("GET http://{addr}/ HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes());
    assert_eq!(code, 200, "{page}");
    assert!(page.contains("/__recueil/live.js"));
    assert_eq!(raw(addr, format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).0, 421);
    // It still serves after them.
    assert_eq!(get(addr, "/").0, 200);
}

/// A fiche with `n` problems (an unknown key in each of `n` indicators): its
/// diagnostics, sent to every open page, weigh about 200 bytes each.
fn fiche_with_problems(text: &str, n: usize, round: usize) -> String {
    let items: String = (0..n).map(|i| format!("  - {{ libelle: Indicateur {round}-{i}, valuer: 15 }}\n")).collect();
    text.replacen("indicateurs:\n", &format!("indicateurs:\n{items}"), 1)
}

/// Point 3 of #16: a page that stops reading its live-reload stream, or
/// hundreds of page views, never stop serve from rebuilding and serving.
#[test]
fn serve_never_waits_for_a_page_that_stops_reading_and_frees_closed_ones() {
    let dir = sample();
    let root = dir.path();
    let server = start_with(root, cfg!(unix).then_some(256));
    let addr = server.addr.as_str();
    // A page that asks for the stream and never reads it.
    let mut stuck = TcpStream::connect(addr).unwrap();
    write!(stuck, "GET /__recueil/evenements HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let rx = events(addr);
    wait_for(&rx, "ok");
    // Three saves whose diagnostics (6 MB each) fill any socket's buffers.
    let fiche = root.join("fiches/alimentation/epicerie-solidaire-l-escale.md");
    let good = std::fs::read_to_string(&fiche).unwrap();
    for round in 0..3 {
        std::fs::write(&fiche, fiche_with_problems(&good, 30_000, round)).unwrap();
        let overlay = wait_for(&rx, "erreurs");
        assert!(overlay.len() > 5_000_000, "{} bytes of diagnostics", overlay.len());
    }
    std::fs::write(&fiche, &good).unwrap();
    wait_for(&rx, "recharger");
    // 300 page views (each opens the stream, then the page is left), with 256 descriptors.
    for _ in 0..300 {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /__recueil/evenements HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut first = [0u8; 12];
        s.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
    }
    assert_eq!(get(addr, "/").0, 200, "still serving");
    let fresh = events(addr);
    wait_for(&fresh, "ok");
    std::fs::write(&fiche, good.replacen("titre: ", "titre: Après 300 pages — ", 1)).unwrap();
    wait_for(&fresh, "recharger");
    assert!(get(addr, "/fiches/epicerie-solidaire-vannes/").1.contains("Après 300 pages"));
    drop(stuck);
}

/// Resident memory of a process, in MB (Linux).
#[cfg(target_os = "linux")]
fn resident_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() / 1024
}

/// Point 4 of #16: files are sent piece by piece, not read whole for each
/// client; a client that sends nothing is let go.
#[cfg(target_os = "linux")]
#[test]
fn serve_streams_big_files_and_lets_idle_clients_go() {
    let dir = sample();
    let root = dir.path();
    let server = start(root);
    let addr = server.addr.as_str();
    let big: Vec<u8> = (0..64u32 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    std::fs::write(root.join("output/gros.bin"), &big).unwrap();
    let before = resident_mb(server.child.id());
    // Sixteen clients ask for the 64 MB file and read only its first bytes.
    let clients: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET /gros.bin HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
            let mut head = [0u8; 4096];
            let n = s.read(&mut head).unwrap();
            let head = String::from_utf8_lossy(&head[..n]).to_string();
            assert!(head.starts_with("HTTP/1.1 200") && head.contains("content-length: 67108864"), "{head}");
            s
        })
        .collect();
    let after = resident_mb(server.child.id());
    assert!(after < before + 100, "serve holds {} MB more for 16 clients of a 64 MB file", after - before);
    // One client reads it all: the same bytes.
    let (code, _) = get(addr, "/gros.bin");
    assert_eq!(code, 200);
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET /gros.bin HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let body = &all[all.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
    assert!(body == big.as_slice(), "the file arrives whole ({} bytes of {})", body.len(), big.len());
    drop(clients);
    // A client that opens a connection and sends half a request is let go.
    let mut idle = TcpStream::connect(addr).unwrap();
    idle.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = idle.read_to_end(&mut rest);
    assert!(started.elapsed() < Duration::from_secs(30), "an idle client holds its connection");
}

#[test]
fn serve_rebuilds_reloads_shows_errors_and_refuses_traversal() {
    let dir = sample();
    let root = dir.path();
    let server = start(root);
    let addr = server.addr.as_str();

    let (code, page) = get(addr, "/fiches/repair-cafe-de-quartier/");
    assert_eq!(code, 200);
    assert!(page.contains("text/html"));
    assert!(page.contains("/__recueil/live.js"), "live reload script injected");
    assert!(get(addr, "/fiches/repair-cafe-de-quartier/repair-cafe.png").1.contains("image/png"));

    let rx = events(addr);
    wait_for(&rx, "ok");
    let fiche = root.join("fiches/Repair Café de quartier.md");
    let text = std::fs::read_to_string(&fiche).unwrap();
    let changed = text.replacen("titre: ", "titre: Nouveau titre du test — ", 1);
    std::fs::write(&fiche, &changed).unwrap();
    wait_for(&rx, "recharger");
    let (_, page) = get(addr, "/fiches/repair-cafe-de-quartier/index.html");
    assert!(page.contains("Nouveau titre du test"), "the changed page is served");

    let broken = root.join("fiches/cassee.md");
    std::fs::write(&broken, "---\ntitre: Fiche cassée\n").unwrap();
    let overlay = wait_for(&rx, "erreurs");
    assert!(overlay.contains("fiches/cassee.md:1:1: erreur:"), "{overlay}");
    let (code, page) = get(addr, "/fiches/repair-cafe-de-quartier/index.html");
    assert!(code == 200 && page.contains("Nouveau titre du test"), "the last good page stays served");
    std::fs::remove_file(&broken).unwrap();
    wait_for(&rx, "ok");
    wait_for(&rx, "recharger");

    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2FCargo.toml",
        "/..%2f..%2fetc%2fpasswd",
        "/fiches/../../fiches/Repair%20Caf%C3%A9%20de%20quartier.md",
        "//etc/passwd",
        "/%00",
    ] {
        assert_eq!(get(addr, bad).0, 404, "{bad}");
    }
    let (_, css) = get(addr, "/assets/style.css");
    assert!(css.contains("text/css"));
}

/// Point 13 of #14: a draft saved while serve runs is said to be one, with
/// the way to see it. Point 12: a theme folder created while serve runs (the
/// project had none) is picked up.
#[test]
fn serve_says_a_saved_draft_is_not_shown_and_picks_up_a_new_theme_folder() {
    let dir = sample();
    let root = dir.path();
    assert!(!root.join("themes").exists());
    let server = start(root);
    let addr = server.addr.as_str();
    let rx = events(addr);
    wait_for(&rx, "ok");

    let fiche = root.join("fiches/Repair Café de quartier.md");
    let text = std::fs::read_to_string(&fiche).unwrap();
    std::fs::write(root.join("fiches/brouillon-du-test.md"), text.replacen("---\n", "---\nbrouillon: true\nslug: brouillon-du-test\n", 1))
        .unwrap();
    let line = server.says("brouillon non publié");
    assert_eq!(line, "1 brouillon non publié : fiches/brouillon-du-test.md — recueil serve --drafts pour le voir");
    assert_eq!(get(addr, "/fiches/brouillon-du-test/index.html").0, 404, "not shown");

    // A first theme folder, overriding one label of the default theme.
    std::fs::create_dir_all(root.join("themes/default")).unwrap();
    std::fs::write(root.join("themes/default/labels.yaml"), "nav:\n  fiches: Toutes nos actions du test\n").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if get(addr, "/index.html").1.contains("Toutes nos actions du test") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the new theme folder was not picked up");
        std::thread::sleep(Duration::from_millis(50));
    }
    // And it stays watched: a later change in it is seen too.
    std::fs::write(root.join("themes/default/labels.yaml"), "nav:\n  fiches: Nos actions, version 2\n").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !get(addr, "/index.html").1.contains("Nos actions, version 2") {
        assert!(std::time::Instant::now() < deadline, "a change in the new theme folder was not picked up");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every file of a tree but the PDFs (made apart in serve), as path → bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_none_or(|x| x != "pdf"))
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn partial_rebuilds_leave_the_same_site_as_a_full_build() {
    let dir = sample();
    let root = dir.path();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("recueil.yaml"), root.join("recueil.yaml")).unwrap();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("livrets"), &root.join("livrets"));
    let server = start(root);
    let rx = events(&server.addr);
    wait_for(&rx, "ok");
    let edit = |name: &str, from: &str, to: &str| {
        let p = root.join("fiches").join(name);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{name}: {from}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        wait_for(&rx, "recharger");
    };
    // Same place and terms: the fiche is replaced where it stands.
    edit("Repair Café de quartier.md", "titre: ", "titre: Atelier réparé — ");
    // Other thématiques: the collection is made again, in the same order.
    edit("alimentation/epicerie-solidaire-l-escale.md", "thematiques: [", "thematiques: [Thématique du test, ");
    // Another date: the order changes and every page is written again.
    edit("alimentation/jardin-partage-la-marjorie.md", "date: 2022-09-19", "date: 2020-01-15");
    // And back, in place: the term no fiche carries any more loses its page.
    edit("alimentation/epicerie-solidaire-l-escale.md", "thematiques: [Thématique du test, ", "thematiques: [Autre thématique, ");
    // A fiche removed: its page, its PDF and its folder go.
    std::fs::remove_file(root.join("fiches/alimentation/jardin-partage-la-marjorie.md")).unwrap();
    wait_for(&rx, "recharger");
    // (The steps below keep the order of the fiches: serve rewrites only what they touch.)
    // A new slug: the old page goes, the new one comes.
    edit("insertion/ateliers-insertion-hirson.md", "date: 2015-09-15", "slug: hirson-nouvelle-adresse\ndate: 2015-09-15");
    // Another year of start: the report's page of the old year goes.
    edit("lien-social/miroir-de-soi-fontaine-d-ouche.md", "annee_debut: 2008", "annee_debut: 2009");
    // The newest update of all (the feed's date changes).
    edit("numerique/permanences-numeriques-itinerantes-grand-gueret.md", "mise_a_jour: 2024-11-05", "mise_a_jour: 2025-03-14");
    // A theme file changed (every page's menu).
    std::fs::create_dir_all(root.join("themes/default")).unwrap();
    std::fs::write(root.join("themes/default/labels.yaml"), "nav:\n  fiches: Nos actions du test\n").unwrap();
    wait_for(&rx, "recharger");

    let full = root.join("complet");
    let ok = Command::new(env!("CARGO_BIN_EXE_recueil"))
        .arg("--root")
        .arg(root)
        .args(["--quiet", "build", "--output"])
        .arg(&full)
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .status()
        .unwrap();
    assert!(ok.success());
    let expected = tree(&full);
    // The search index, the open data and the report follow each reload.
    let mut got = tree(&root.join("output"));
    for _ in 0..100 {
        if got == expected {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        got = tree(&root.join("output"));
    }
    let differ: Vec<&String> =
        expected.keys().filter(|k| got.get(*k) != expected.get(*k)).chain(got.keys().filter(|k| !expected.contains_key(*k))).collect();
    assert!(differ.is_empty(), "serve and build differ on {differ:?}");
    // The pages of the old slug and of the deleted fiche went with their folders (PDF included).
    for gone in ["fiches/ateliers-insertion-hirson", "fiches/jardin-partage-la-marjorie", "bilan/2008"] {
        assert!(!root.join("output").join(gone).exists(), "{gone} is left in serve's output");
    }
    drop(server);
}

/// Point 5 of #16: a link in fiches/ to a folder outside the project is not
/// watched (`ln -s /usr fiches/usr` registered 26,472 watches).
#[cfg(target_os = "linux")]
#[test]
fn serve_does_not_watch_through_a_link_out_of_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("projet");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fiches"), &root.join("fiches"));
    let outside = dir.path().join("ailleurs");
    for i in 0..400 {
        std::fs::create_dir_all(outside.join(format!("dossier-{i}"))).unwrap();
    }
    std::os::unix::fs::symlink(&outside, root.join("fiches/ailleurs")).unwrap();
    let server = start(&root);
    assert_eq!(get(&server.addr, "/").0, 200);
    let pid = server.child.id();
    let watches: usize = std::fs::read_dir(format!("/proc/{pid}/fdinfo"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default().lines().filter(|l| l.starts_with("inotify wd:")).count())
        .sum();
    assert!(watches > 0, "serve watches the project");
    assert!(watches < 100, "{watches} folders watched: the link was followed");
}

/// The form editor in a real browser (`tests/browser/editeur.mjs`): open a
/// fiche, « Modifier cette fiche », change « Titre », « Enregistrer »: the
/// file has the new title and nothing else changed (its comment included);
/// an emptied « Contexte » is refused next to the field and writes nothing; a
/// bad number is shown as the author types; the keyboard reaches everything;
/// forged writes (no token, another Origin, another Host, a stale form) are
/// refused and change nothing. Screenshots at 1280 and 375 px go to
/// `$RECUEIL_SHOTS` when set.
#[test]
fn the_form_editor_in_a_real_browser() {
    let missing = crate::browser::missing_tools();
    if !common::tool_available(missing.is_none(), &format!("tests navigateur : {}", missing.unwrap_or_default())) {
        return;
    }
    let dir = sample();
    let file = dir.path().join("fiches/Repair Café de quartier.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\ndate: 2024-03-15\n", "\ndate: 2024-03-15\n# relue par l’équipe en mars 2024\n", 1)).unwrap();
    let server = start(dir.path());
    let shots = std::env::var("RECUEIL_SHOTS").unwrap_or_default();
    let run = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/editeur.mjs"))
        .arg(format!("http://{}/", server.addr))
        .arg(dir.path())
        .arg(&shots)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "editor browser tests failed:\n{stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    // the saved fiche and the new one check clean
    assert!(dir.path().join("fiches/une-laverie-solidaire-a-dijon.md").is_file());
    let check = Command::new(env!("CARGO_BIN_EXE_recueil")).arg("--root").arg(dir.path()).arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{err}");
    assert_eq!(err, "aucun problème dans 15 fiches lues\n");
}

/// Editing exists only on loopback: opened to the network, serve has no form and takes no write.
#[test]
fn no_editor_when_serve_is_opened_to_the_network() {
    let dir = sample();
    let mut child = Command::new(env!("CARGO_BIN_EXE_recueil"))
        .arg("--root")
        .arg(dir.path())
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve stopped").unwrap();
        if let Some(i) = line.find("http://") {
            let rest = &line[i + 7..];
            let addr = &rest[..rest.find('/').unwrap()];
            break addr.rsplit(':').next().unwrap().to_string();
        }
    };
    let addr = format!("127.0.0.1:{port}");
    let (code, page) = get(&addr, "/fiches/repair-cafe-de-quartier/");
    assert_eq!(code, 200);
    assert!(!page.contains("Modifier cette fiche"), "no editor link");
    assert_eq!(get(&addr, "/__recueil/modifier/repair-cafe-de-quartier/").0, 404);
    let body = r#"{"fiche":"repair-cafe-de-quartier","empreinte":"x","champs":{"titre":"Pirate"}}"#;
    let (code, _) = raw(
        &addr,
        format!("POST /__recueil/enregistrer HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).as_bytes(),
    );
    assert_eq!(code, 405, "no write through an open preview");
    let _ = child.kill();
    let _ = child.wait();
}
