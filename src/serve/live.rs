//! Live reload over Server-Sent Events: open pages subscribe; after a rebuild
//! they get `recharger`; while the project has errors they get `erreurs` with
//! the diagnostics (shown as an overlay, in French, with file and line), and
//! `ok` once fixed.

use bytes::Bytes;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

/// The script injected into pages in serve mode.
pub const SCRIPT: &str = r#"(function () {
  var boite = null;
  function retirer() { if (boite) { boite.remove(); boite = null; } }
  function afficher(lignes) {
    retirer();
    boite = document.createElement('div');
    boite.setAttribute('role', 'alert');
    boite.id = 'recueil-erreurs';
    boite.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#fff;color:#1a1a1a;border-top:4px solid #b00020;padding:1rem 1.25rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)';
    var t = document.createElement('p');
    t.style.cssText = 'margin:0 0 .5rem;font-weight:700;color:#b00020';
    t.textContent = 'La dernière modification contient des erreurs : la page affichée est la dernière version correcte.';
    boite.appendChild(t);
    var pre = document.createElement('pre');
    pre.style.cssText = 'margin:0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace';
    pre.textContent = lignes;
    boite.appendChild(pre);
    document.body.appendChild(boite);
  }
  var source = new EventSource('/__recueil/evenements');
  source.addEventListener('recharger', function () { location.reload(); });
  source.addEventListener('erreurs', function (e) { afficher(JSON.parse(e.data)); });
  source.addEventListener('ok', function () { retirer(); });
})();
"#;

/// Open pages kept at most; a newer one drops the oldest (a preview has a
/// few tabs open, and each stream holds a connection).
pub const MAX_SUBSCRIBERS: usize = 64;
/// Messages waiting for one page at most: a page that does not read its
/// stream is dropped rather than waited for.
const QUEUE: usize = 16;
/// A comment line sent on quiet streams, so that a page gone without a word
/// is noticed (the write fails) and its connection freed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The subscribers and the current state. Sending never blocks: each page has
/// its own short queue, and a page whose queue is full or closed is dropped.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<mpsc::Sender<Bytes>>>,
    /// Diagnostics text while the project has errors.
    errors: Mutex<Option<String>>,
}

/// One page's stream of events (the body of its `/__recueil/evenements` answer).
pub struct Subscription {
    rx: mpsc::Receiver<Bytes>,
    heartbeat: tokio::time::Interval,
}

impl Subscription {
    /// The next piece of the stream; `None` once the hub dropped this page.
    pub fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Poll::Ready(message) = self.rx.poll_recv(cx) {
            return Poll::Ready(message);
        }
        match self.heartbeat.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Bytes::from_static(b": \n\n"))),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn frame(event: &str, data: &str) -> Bytes {
    let mut out = format!("event: {event}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    if data.is_empty() {
        out.push_str("data: \n");
    }
    out.push('\n');
    Bytes::from(out)
}

impl Hub {
    /// Adds an open page; it gets the error overlay at once if there are
    /// errors. Must be called inside the server's runtime (the heartbeat's timer).
    pub fn subscribe(&self) -> Subscription {
        let hello = match self.errors.lock().map(|e| e.clone()).unwrap_or(None) {
            Some(text) => frame("erreurs", &serde_json::to_string(&text).unwrap_or_default()),
            None => frame("ok", ""),
        };
        let (tx, rx) = mpsc::channel(QUEUE);
        let _ = tx.try_send(hello);
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| !c.is_closed());
            clients.push(tx);
            if clients.len() > MAX_SUBSCRIBERS {
                let extra = clients.len() - MAX_SUBSCRIBERS;
                clients.drain(..extra);
            }
        }
        let start = tokio::time::Instant::now() + HEARTBEAT;
        Subscription { rx, heartbeat: tokio::time::interval_at(start, HEARTBEAT) }
    }

    /// Sends to every page without waiting; returns how many got it.
    fn send(&self, event: &str, data: &str) -> usize {
        let msg = frame(event, data);
        let Ok(mut clients) = self.clients.lock() else { return 0 };
        clients.retain(|c| c.try_send(msg.clone()).is_ok());
        clients.len()
    }

    /// After a successful rebuild: clear errors and reload every page.
    pub fn reload(&self) -> usize {
        if let Ok(mut e) = self.errors.lock() {
            *e = None;
        }
        self.send("ok", "");
        self.send("recharger", "")
    }

    /// After a failed rebuild: show the diagnostics on every page.
    pub fn show_errors(&self, text: &str) -> usize {
        if let Ok(mut e) = self.errors.lock() {
            *e = Some(text.to_string());
        }
        self.send("erreurs", &serde_json::to_string(text).unwrap_or_default())
    }
}
