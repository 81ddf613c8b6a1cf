//! The preview's HTTP/1.1 server, on hyper: GET and HEAD of files under the
//! output folder only (no `..`, no encoded traversal, no absolute path), the
//! right content types, the live-reload script injected into HTML pages, and
//! the Server-Sent Events stream of [`super::live`].
//!
//! Everything it holds is bounded: the request head (hyper's buffer, 64 KB,
//! 100 headers; the address 8 KB), the time to send it (10 s), the time a
//! client may leave an answer unread (30 s), the connections (256 at once),
//! and files are sent in 64 KB pieces, never read whole (HTML pages aside,
//! which get the live-reload script, up to 16 MB).

use super::live::{Hub, Subscription};
use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, ReadBuf};

/// Path of the live-reload script and of the event stream.
pub const LIVE_JS: &str = "/__recueil/live.js";
pub const EVENTS: &str = "/__recueil/evenements";

/// The longest address answered (a page's address is far shorter).
const MAX_TARGET: usize = 8 * 1024;
/// hyper's read buffer: the whole request head must fit (431 beyond).
const MAX_HEAD: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 100;
/// Time to send the request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a client may leave the answer unread before it is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 256;
/// A file is sent in pieces of this size.
const CHUNK: usize = 64 * 1024;
/// The largest HTML page read whole to add the live-reload script.
const MAX_INJECTED: u64 = 16 * 1024 * 1024;

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
    let real = dunce::canonicalize(&out).ok()?;
    let real_root = dunce::canonicalize(root).ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
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

/// The `Host` values a preview bound to this machine answers: its own
/// address, so that a page of another site cannot read it through a name
/// that points here (DNS rebinding).
/// Whether `--bind` names this machine only.
pub fn is_loopback_bind(bind: &str) -> bool {
    bind == "localhost" || bind.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn own_hosts(port: u16) -> Vec<String> {
    vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")]
}

/// The body of an answer: bytes in memory, a file read piece by piece, or a
/// page's live-reload stream.
pub enum Reply {
    Bytes(Option<Bytes>),
    File { file: tokio::fs::File, left: u64, buf: Box<[u8]> },
    Events(Subscription),
}

impl Reply {
    fn text(text: impl Into<String>) -> Reply {
        Reply::Bytes(Some(Bytes::from(text.into())))
    }
}

impl Body for Reply {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.get_mut() {
            Reply::Bytes(bytes) => Poll::Ready(bytes.take().filter(|b| !b.is_empty()).map(|b| Ok(Frame::data(b)))),
            Reply::File { file, left, buf } => {
                if *left == 0 {
                    return Poll::Ready(None);
                }
                let want = usize::try_from(*left).unwrap_or(usize::MAX).min(buf.len());
                let mut read = ReadBuf::new(&mut buf[..want]);
                match Pin::new(file).poll_read(cx, &mut read) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(())) if read.filled().is_empty() => {
                        // The file got shorter while being sent.
                        Poll::Ready(Some(Err(std::io::ErrorKind::UnexpectedEof.into())))
                    }
                    Poll::Ready(Ok(())) => {
                        let piece = Bytes::copy_from_slice(read.filled());
                        *left -= piece.len() as u64;
                        Poll::Ready(Some(Ok(Frame::data(piece))))
                    }
                }
            }
            Reply::Events(sub) => sub.poll_next(cx).map(|m| m.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Reply::Bytes(b) => b.as_ref().is_none_or(Bytes::is_empty),
            Reply::File { left, .. } => *left == 0,
            Reply::Events(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Reply::Bytes(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Reply::File { left, .. } => SizeHint::with_exact(*left),
            Reply::Events(_) => SizeHint::default(),
        }
    }
}

fn answer(status: StatusCode, ctype: &'static str, body: Reply) -> Response<Reply> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// The answer with its `Content-Length`.
fn with_length(mut r: Response<Reply>) -> Response<Reply> {
    let len = r.body().size_hint().exact().unwrap_or(0);
    r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    r
}

fn plain(status: StatusCode, text: impl Into<String>) -> Response<Reply> {
    answer(status, "text/plain; charset=utf-8", Reply::text(text))
}

/// What the server shares with every connection.
struct Shared {
    root: PathBuf,
    hub: Arc<Hub>,
    /// The `Host` values answered (none: opened to the network with --bind).
    hosts: Option<Vec<String>>,
    /// The form editor (only when listening on loopback).
    editor: Option<Arc<super::editor::Editor>>,
}

impl Shared {
    /// The host a request names: its absolute-form address, else its `Host` header.
    fn host_of(req: &Request<Incoming>) -> Option<String> {
        if let Some(a) = req.uri().authority() {
            return Some(a.as_str().to_ascii_lowercase());
        }
        req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(|h| h.trim().to_ascii_lowercase())
    }

    async fn respond(&self, req: Request<Incoming>) -> Response<Reply> {
        if let Some(own) = &self.hosts
            && !Self::host_of(&req).is_some_and(|h| own.contains(&h))
        {
            let first = own.first().map(String::as_str).unwrap_or("127.0.0.1");
            return plain(StatusCode::MISDIRECTED_REQUEST, format!("Hôte non reconnu : cet aperçu ne répond qu'à http://{first}/"));
        }
        if req.uri().to_string().len() > MAX_TARGET {
            return plain(StatusCode::URI_TOO_LONG, "Adresse trop longue");
        }
        if let Some(editor) = &self.editor
            && super::editor::is_editor_path(req.uri().path())
        {
            return with_length(self.edit(editor.clone(), req).await);
        }
        let head = req.method() == Method::HEAD;
        if req.method() != Method::GET && !head {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Méthode non permise");
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return r;
        }
        let path = req.uri().path();
        let r = if path == LIVE_JS {
            answer(StatusCode::OK, "text/javascript; charset=utf-8", Reply::Bytes(Some(Bytes::from_static(super::live::SCRIPT.as_bytes()))))
        } else if path == EVENTS {
            return answer(StatusCode::OK, "text/event-stream; charset=utf-8", Reply::Events(self.hub.subscribe()));
        } else {
            let link = self.editor.as_ref().and_then(|e| e.link_for(path));
            match resolve(&self.root, path) {
                Some(file) => self
                    .file(&file, link.as_deref())
                    .await
                    .unwrap_or_else(|e| plain(StatusCode::INTERNAL_SERVER_ERROR, crate::load::diagnostics::io_error_fr(&e))),
                None => {
                    let page = tokio::fs::read(self.root.join("404.html")).await;
                    let body = page.map(|b| inject(&b)).unwrap_or_else(|_| "Page introuvable".as_bytes().to_vec());
                    answer(StatusCode::NOT_FOUND, "text/html; charset=utf-8", Reply::Bytes(Some(Bytes::from(body))))
                }
            }
        };
        let mut r = with_length(r);
        if head {
            *r.body_mut() = Reply::Bytes(None);
        }
        r
    }

    /// The editor's addresses.
    async fn edit(&self, editor: Arc<super::editor::Editor>, req: Request<Incoming>) -> Response<Reply> {
        use super::editor::{CHECK, FORM, SAVE, SCRIPT, SCRIPT_PATH, TOKEN_HEADER};
        let path = req.uri().path().to_string();
        // no live reload in the form: a rebuild must never wipe what the author is typing
        let html = |status, page: String| answer(status, "text/html; charset=utf-8", Reply::Bytes(Some(Bytes::from(page))));
        if req.method() == Method::GET {
            if path == super::editor::FORM_NEW {
                return html(StatusCode::OK, editor.new_page());
            }
            if path == SCRIPT_PATH {
                return answer(StatusCode::OK, "text/javascript; charset=utf-8", Reply::Bytes(Some(Bytes::from_static(SCRIPT.as_bytes()))));
            }
            let slug = path.strip_prefix(FORM).unwrap_or_default().trim_end_matches('/');
            let slug = percent_encoding::percent_decode_str(slug).decode_utf8_lossy().into_owned();
            return match editor.page(&slug) {
                Some(page) => html(StatusCode::OK, page),
                None => plain(StatusCode::NOT_FOUND, "Aucune fiche de ce nom dans le projet"),
            };
        }
        if req.method() != Method::POST || (path != CHECK && path != SAVE) {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Méthode non permise");
            r.headers_mut().insert(header::ALLOW, HeaderValue::from_static(if path == CHECK || path == SAVE { "POST" } else { "GET" }));
            return r;
        }
        // A write must come from the editor's own page: its token, and this server as Origin when the browser names one.
        let token_ok = req.headers().get(TOKEN_HEADER).and_then(|v| v.to_str().ok()) == Some(editor.token());
        let origin_ok = match req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(o) => {
                let o = o.to_ascii_lowercase();
                self.hosts.as_ref().is_some_and(|own| own.iter().any(|h| o == format!("http://{h}")))
            }
        };
        if !token_ok || !origin_ok {
            return plain(StatusCode::FORBIDDEN, "Écriture refusée : elle ne vient pas du formulaire de cet aperçu");
        }
        let Ok(Ok(body)) = tokio::time::timeout(HEAD_TIMEOUT, read_body(req.into_body(), super::editor::MAX_FORM)).await else {
            return plain(StatusCode::PAYLOAD_TOO_LARGE, "Formulaire trop long ou trop lent à recevoir");
        };
        // the check reads files: off the server's thread
        let write = path == SAVE;
        let Ok((status, a)) = tokio::task::spawn_blocking(move || editor.submit(&body, write)).await else {
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "Vérification interrompue");
        };
        let json = serde_json::to_vec(&a).unwrap_or_default();
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        answer(status, "application/json", Reply::Bytes(Some(Bytes::from(json))))
    }

    /// A file of the output: HTML pages with the live-reload script, the
    /// rest sent piece by piece.
    async fn file(&self, file: &Path, link: Option<&str>) -> std::io::Result<Response<Reply>> {
        let ctype = content_type(file);
        let f = tokio::fs::File::open(file).await?;
        let len = f.metadata().await?.len();
        if ctype.starts_with("text/html") && len <= MAX_INJECTED {
            let bytes = tokio::fs::read(file).await?;
            let mut page = inject(&bytes);
            // the editor's link, first in the body so that the keyboard reaches it early
            if let Some(link) = link
                && let Some(i) = String::from_utf8_lossy(&page).find("<main")
            {
                page.splice(i..i, link.bytes());
            }
            return Ok(answer(StatusCode::OK, ctype, Reply::Bytes(Some(Bytes::from(page)))));
        }
        Ok(answer(StatusCode::OK, ctype, Reply::File { file: f, left: len, buf: vec![0; CHUNK].into_boxed_slice() }))
    }
}

/// A request's body, at most `max` bytes.
async fn read_body(mut body: Incoming, max: usize) -> Result<Vec<u8>, ()> {
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| ())?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > max {
                return Err(());
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

/// Serves forever on `listener`, answering only the `hosts` given (none:
/// opened to the network on purpose with --bind), with the form editor when
/// given one. Runs its own runtime: call it on a thread of its own.
pub fn serve(
    listener: std::net::TcpListener,
    root: PathBuf,
    hub: Arc<Hub>,
    hosts: Option<Vec<String>>,
    editor: Option<Arc<super::editor::Editor>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("aperçu impossible : {}", crate::load::diagnostics::io_error_fr(&e));
            return;
        }
    };
    let editor = editor.filter(|_| hosts.is_some());
    let shared = Arc::new(Shared { root, hub, hosts, editor });
    runtime.block_on(async move {
        let listener = match listener.set_nonblocking(true).and_then(|()| tokio::net::TcpListener::from_std(listener)) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("aperçu impossible : {}", crate::load::diagnostics::io_error_fr(&e));
                return;
            }
        };
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(HEAD_TIMEOUT)
            .max_buf_size(MAX_HEAD)
            .max_headers(MAX_HEADER_LINES)
            .keep_alive(false);
        let http = Arc::new(http);
        loop {
            let Ok(slot) = slots.clone().acquire_owned().await else { return };
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors, or a connection reset while
                    // waiting: try again shortly rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let (shared, http) = (shared.clone(), http.clone());
            tokio::spawn(async move {
                let mut io = tokio_io_timeout::TimeoutStream::new(stream);
                io.set_write_timeout(Some(WRITE_TIMEOUT));
                let io = hyper_util::rt::TokioIo::new(Box::pin(io));
                let service = hyper::service::service_fn(|req| {
                    let shared = shared.clone();
                    async move { Ok::<_, Infallible>(shared.respond(req).await) }
                });
                let _ = http.serve_connection(io, service).await;
                drop(slot);
            });
        }
    });
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
