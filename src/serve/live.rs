//! Live reload over Server-Sent Events: open pages subscribe; after a rebuild
//! they get `recharger`; while the project has errors they get `erreurs` with
//! the diagnostics (shown as an overlay, in French, with file and line), and
//! `ok` once fixed.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;

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

/// The subscribers and the current state.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<TcpStream>>,
    /// Diagnostics text while the project has errors.
    errors: Mutex<Option<String>>,
}

fn frame(event: &str, data: &str) -> String {
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
    out
}

impl Hub {
    /// Adds an open page; it gets the error overlay at once if there are errors.
    pub fn subscribe(&self, mut stream: TcpStream) {
        let hello = match self.errors.lock().map(|e| e.clone()).unwrap_or(None) {
            Some(text) => frame("erreurs", &serde_json::to_string(&text).unwrap_or_default()),
            None => frame("ok", ""),
        };
        if stream.write_all(hello.as_bytes()).and_then(|_| stream.flush()).is_ok()
            && let Ok(mut c) = self.clients.lock()
        {
            c.push(stream);
        }
    }

    fn send(&self, event: &str, data: &str) -> usize {
        let msg = frame(event, data);
        let Ok(mut clients) = self.clients.lock() else { return 0 };
        clients.retain_mut(|s| s.write_all(msg.as_bytes()).and_then(|_| s.flush()).is_ok());
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
