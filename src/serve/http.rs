//! A small HTTP/1.1 server for the preview: GET and HEAD of files under the
//! output folder only (no `..`, no encoded traversal, no absolute path), the
//! right content types, the live-reload script injected into HTML pages, and
//! the Server-Sent Events stream of [`super::live`].

use super::live::Hub;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Path of the live-reload script and of the event stream.
pub const LIVE_JS: &str = "/__recueil/live.js";
pub const EVENTS: &str = "/__recueil/evenements";

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// Maps a request target to a file under `root`, or `None` (→ 404).
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    if !decoded.starts_with('/') || decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    let real = out.canonicalize().ok()?;
    let real_root = root.canonicalize().ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Inserts the live-reload script before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The longest request line read (a page's address is far shorter).
const MAX_REQUEST_LINE: u64 = 8 * 1024;
/// The most header bytes and lines read.
const MAX_HEADERS: u64 = 32 * 1024;
const MAX_HEADER_LINES: usize = 100;

/// The `Host` values a preview bound to this machine answers: its own
/// address, so that a page of another site cannot read it through a name
/// that points here (DNS rebinding).
pub fn own_hosts(port: u16) -> Vec<String> {
    vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")]
}

fn handle(mut stream: TcpStream, root: &Path, hub: &Hub, hosts: Option<&[String]>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.by_ref().take(MAX_REQUEST_LINE).read_line(&mut request_line)?;
    if !request_line.ends_with('\n') && request_line.len() as u64 >= MAX_REQUEST_LINE {
        return respond(&mut stream, "414 URI Too Long", "text/plain; charset=utf-8", "Adresse trop longue".as_bytes(), false);
    }
    let mut host = None;
    let mut budget = MAX_HEADERS;
    let mut lines = 0;
    loop {
        let mut h = String::new();
        let n = reader.by_ref().take(budget).read_line(&mut h)?;
        if n == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        budget = budget.saturating_sub(n as u64);
        lines += 1;
        if budget == 0 || lines > MAX_HEADER_LINES || !h.ends_with('\n') {
            return respond(
                &mut stream,
                "431 Request Header Fields Too Large",
                "text/plain; charset=utf-8",
                "En-têtes trop longs".as_bytes(),
                false,
            );
        }
        if let Some((name, value)) = h.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_ascii_lowercase());
        }
    }
    if let Some(own) = hosts
        && !host.as_ref().is_some_and(|h| own.contains(h))
    {
        let body =
            format!("Hôte non reconnu : cet aperçu ne répond qu'à http://{}/", own.first().map(String::as_str).unwrap_or("127.0.0.1"));
        return respond(&mut stream, "421 Misdirected Request", "text/plain; charset=utf-8", body.as_bytes(), false);
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain; charset=utf-8", "Méthode non permise".as_bytes(), false);
    }
    let path_only = target.split('?').next().unwrap_or("");
    if path_only == LIVE_JS {
        return respond(&mut stream, "200 OK", "text/javascript; charset=utf-8", super::live::SCRIPT.as_bytes(), head);
    }
    if path_only == EVENTS {
        stream.set_read_timeout(None)?;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n"
        )?;
        stream.flush()?;
        hub.subscribe(stream);
        return Ok(());
    }
    match resolve(root, target) {
        Some(file) => {
            let bytes = std::fs::read(&file)?;
            let ctype = content_type(&file);
            let body = if ctype.starts_with("text/html") { inject(&bytes) } else { bytes };
            respond(&mut stream, "200 OK", ctype, &body, head)
        }
        None => {
            let page = root.join("404.html");
            let body = std::fs::read(&page).map(|b| inject(&b)).unwrap_or_else(|_| "Page introuvable".as_bytes().to_vec());
            respond(&mut stream, "404 Not Found", "text/html; charset=utf-8", &body, head)
        }
    }
}

/// Serves forever on `listener` (one thread per connection), answering only
/// the `hosts` given (none: opened to the network on purpose with --bind).
pub fn serve(listener: TcpListener, root: PathBuf, hub: Arc<Hub>, hosts: Option<Vec<String>>) {
    let hosts = Arc::new(hosts);
    for stream in listener.incoming().flatten() {
        let (root, hub, hosts) = (root.clone(), hub.clone(), hosts.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &root, &hub, hosts.as_deref());
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "y").unwrap();
        let root = dir.path().join("a");
        assert!(resolve(&root, "/").is_some());
        for bad in [
            "/../index.html",
            "/%2e%2e/index.html",
            "/%2E%2E%2Findex.html",
            "/..%2findex.html",
            "//etc/passwd",
            "/%00",
            "/..\\index.html",
            "x",
        ] {
            assert!(resolve(&root, bad).is_none(), "{bad}");
        }
    }
}
