//! The flow → pages: chains of items that must stay together (headings with
//! what follows, first and last two lines of paragraphs, a table header with
//! its first row) move to the next page as a whole; a table row that starts a
//! page brings its header row with it.

use super::model::{Anchor, Content, Item, Page, Placed};
use std::collections::HashMap;

/// Cuts `items` into pages of `height` points.
pub fn paginate(items: &[Item], height: f32) -> Vec<Page> {
    let mut p = Paginator { items, height, pages: Vec::new(), cur: Page { placed: Vec::new(), footer: true }, y: 0.0 };
    let mut i = 0;
    while i < items.len() {
        let mut j = i;
        while j + 1 < items.len() && items[j].keep_with_next && !items[j + 1].break_before {
            j += 1;
        }
        if items[i].break_before {
            p.new_page();
        }
        let chain: f32 = (i..=j).map(|k| items[k].height + if k == i { p.space(k) } else { items[k].space_before }).sum();
        if !p.cur.placed.is_empty() && p.y + chain > height {
            p.new_page();
        }
        for k in i..=j {
            p.place(k);
        }
        i = j + 1;
    }
    if !p.cur.placed.is_empty() || p.pages.is_empty() {
        let cur = std::mem::take(&mut p.cur);
        p.pages.push(cur);
    }
    p.pages
}

struct Paginator<'a> {
    items: &'a [Item],
    height: f32,
    pages: Vec<Page>,
    cur: Page,
    y: f32,
}

impl Paginator<'_> {
    /// Space above item `k` where it would go now (none at a page's top).
    fn space(&self, k: usize) -> f32 {
        if self.cur.placed.is_empty() { 0.0 } else { self.items[k].space_before }
    }

    fn new_page(&mut self) {
        if !self.cur.placed.is_empty() {
            let done = std::mem::replace(&mut self.cur, Page { placed: Vec::new(), footer: true });
            self.pages.push(done);
        }
        self.y = 0.0;
    }

    fn place(&mut self, k: usize) {
        let item = &self.items[k];
        // A chain taller than a page breaks where it must.
        if !self.cur.placed.is_empty() && self.y + self.space(k) + item.height > self.height {
            self.new_page();
        }
        if self.cur.placed.is_empty()
            && let Some(h) = item.repeat_header
            && h != k
        {
            self.cur.placed.push(Placed { item: h, y: 0.0, repeat: true });
            self.y = self.items[h].height;
        }
        let y = self.y + self.space(k);
        self.cur.placed.push(Placed { item: k, y, repeat: false });
        if item.no_footer {
            self.cur.footer = false;
        }
        self.y = y + item.height;
        if matches!(item.content, Content::Space) && self.y > self.height {
            self.y = self.height;
        }
    }
}

/// The 1-based page where each anchor lands (first placement wins).
pub fn anchor_pages(items: &[Item], pages: &[Page]) -> Vec<(Anchor, usize, f32)> {
    let mut out = Vec::new();
    let mut seen: HashMap<usize, ()> = HashMap::new();
    for (n, page) in pages.iter().enumerate() {
        for pl in &page.placed {
            if let Some(a) = &items[pl.item].anchor
                && seen.insert(pl.item, ()).is_none()
            {
                out.push((a.clone(), n + 1, pl.y));
            }
        }
    }
    out
}

/// Page (1-based) of each fiche's start, indexed by fiche number.
pub fn fiche_pages(items: &[Item], pages: &[Page]) -> HashMap<usize, usize> {
    anchor_pages(items, pages).into_iter().filter_map(|(a, p, _)| if let Anchor::Fiche(i) = a { Some((i, p)) } else { None }).collect()
}
