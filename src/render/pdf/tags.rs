//! The logical structure of a tagged PDF (PDF/UA-1): the elements the flow
//! made (headings, paragraphs, lists, tables, figures, contents), the marked
//! content each page's stream drew for them, the link elements and their
//! annotations; written as a structure tree with its parent tree.
//!
//! Pages are drawn in parallel, each numbering its own marked content; the
//! tree is put together afterwards, in reading order: an element's place
//! among its siblings is where its first content was drawn.

use super::finish::text_string;
use super::model::{Kind, Node};
use super::save::{Raw, name, object};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::io::Write as _;

/// Who a piece of marked content belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// An element of the flow's structure.
    Node(usize),
    /// The page's n-th link element.
    Link(usize),
}

/// A link element a page made: its parent element and its annotations
/// (indices into the page's annotations).
#[derive(Debug, Clone, Default)]
pub struct PageLink {
    pub parent: usize,
    pub annots: Vec<usize>,
}

/// What one page's content stream marked.
#[derive(Debug, Clone, Default)]
pub struct PageMarks {
    /// The owner of each MCID, in drawing order.
    pub mcids: Vec<Owner>,
    pub links: Vec<PageLink>,
}

/// A child of a structure element.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// Marked content `mcid` of page `page`.
    Mcr {
        page: usize,
        mcid: usize,
    },
    Elem(usize),
}

/// Heading levels made to follow each other without a gap, in reading order:
/// the first heading is H1, and none is more than one level below the one
/// before it (the booklet's « Chiffres clés », level 3 in size under a fiche
/// title, becomes H2).
fn heading_levels(kinds: &[Kind], order: &[usize]) -> Vec<u8> {
    let mut levels = vec![0u8; kinds.len()];
    // the open headings: (level asked, level given)
    let mut open: Vec<(u8, u8)> = Vec::new();
    for &e in order {
        if let Kind::H(asked) = kinds[e] {
            let asked = asked.clamp(1, 6);
            while open.last().is_some_and(|&(a, _)| a >= asked) {
                open.pop();
            }
            let level = open.last().map_or(1, |&(_, given)| given + 1);
            levels[e] = level;
            open.push((asked, level));
        }
    }
    levels
}

/// Writes the structure tree; returns the `StructTreeRoot`'s id and the
/// elements and parent tree serialised (see [`super::save`]). Sets
/// `/StructParents` on the pages and `/StructParent` on the annotations
/// (`annots[page]` are the ids of each page's annotations).
pub fn write_tree(
    doc: &mut Document,
    nodes: &[Node],
    marks: &[PageMarks],
    page_ids: &[ObjectId],
    annots: &[Vec<ObjectId>],
) -> (ObjectId, Raw) {
    // every element: the flow's, then the pages' links
    let mut kinds: Vec<Kind> = nodes.iter().map(|n| n.kind).collect();
    let mut parents: Vec<Option<usize>> = nodes.iter().map(|n| n.parent).collect();
    let mut link_base = Vec::with_capacity(marks.len());
    let mut link_annots: Vec<(usize, Vec<ObjectId>)> = Vec::new();
    for (p, m) in marks.iter().enumerate() {
        link_base.push(kinds.len());
        for l in &m.links {
            kinds.push(Kind::P);
            parents.push(Some(l.parent));
            link_annots.push((p, l.annots.iter().filter_map(|&a| annots.get(p).and_then(|v| v.get(a)).copied()).collect()));
        }
    }
    let first_link = nodes.len();
    let total = kinds.len();
    let mut kids: Vec<Vec<(u64, Kid)>> = vec![Vec::new(); total];
    let mut first = vec![u64::MAX; total];
    let mut owner_of_mcid: Vec<Vec<usize>> = Vec::with_capacity(marks.len());
    let mut seq = 0u64;
    for (p, m) in marks.iter().enumerate() {
        let mut owners = Vec::with_capacity(m.mcids.len());
        for (mcid, o) in m.mcids.iter().enumerate() {
            let e = match *o {
                Owner::Node(n) => n,
                Owner::Link(k) => link_base[p] + k,
            };
            owners.push(e);
            if e < total {
                kids[e].push((seq, Kid::Mcr { page: p, mcid }));
                first[e] = first[e].min(seq);
            }
            seq += 1;
        }
        owner_of_mcid.push(owners);
    }
    // an element sits among its siblings where its first content is: children
    // always come after their parent in the list, so one pass from the end
    // carries every element's first content up to its ancestors
    for e in (0..total).rev() {
        if first[e] == u64::MAX {
            continue;
        }
        if let Some(p) = parents[e].filter(|&p| p < total) {
            first[p] = first[p].min(first[e]);
        }
    }
    let mut top: Vec<(u64, usize)> = Vec::new();
    for e in 0..total {
        if first[e] == u64::MAX {
            continue;
        }
        match parents[e].filter(|&p| p < total) {
            Some(p) => kids[p].push((first[e], Kid::Elem(e))),
            None => top.push((first[e], e)),
        }
    }
    for k in &mut kids {
        k.sort_by_key(|(s, _)| *s);
    }
    top.sort_by_key(|(s, _)| *s);
    let mut order: Vec<usize> = (0..total).filter(|&e| first[e] != u64::MAX).collect();
    order.sort_by_key(|&e| first[e]);
    let levels = heading_levels(&kinds, &order);

    let root_id = doc.new_object_id();
    let document_id = doc.new_object_id();
    let ids: Vec<Option<u32>> = (0..total).map(|e| (first[e] != u64::MAX).then(|| doc.new_object_id().0)).collect();
    let page_no = |p: usize| page_ids[p].0;
    let mut raw: Raw = Vec::with_capacity(ids.iter().flatten().count() + 2);
    for e in 0..total {
        let Some(id) = ids[e] else { continue };
        let mut b = Vec::with_capacity(64);
        b.extend_from_slice(b"<</S");
        if e >= first_link {
            b.extend_from_slice(b"/Link");
        } else if let Kind::H(_) = kinds[e] {
            let _ = write!(b, "/H{}", levels[e]);
        } else {
            name(&mut b, kinds[e].name().as_bytes());
        }
        let parent = parents[e].and_then(|p| ids.get(p).copied().flatten()).unwrap_or(document_id.0);
        let _ = write!(b, "/P {parent} 0 R");
        // the page of the first marked content; content on it is listed by MCID alone
        let home = kids[e].iter().find_map(|(_, k)| if let Kid::Mcr { page, .. } = k { Some(*page) } else { None });
        if let Some(p) = home {
            let _ = write!(b, "/Pg {} 0 R", page_no(p));
        }
        let objrs: &[ObjectId] = match link_annots.get(e.wrapping_sub(first_link)) {
            Some((_, objs)) if e >= first_link => objs,
            _ => &[],
        };
        let count = kids[e].iter().filter(|(_, k)| !matches!(k, Kid::Elem(c) if ids[*c].is_none())).count() + objrs.len();
        b.extend_from_slice(b"/K");
        // a single kid stands alone (most headings and paragraphs: one MCID)
        if count != 1 {
            b.push(b'[');
        }
        for (_, kid) in &kids[e] {
            match *kid {
                Kid::Mcr { page, mcid } if Some(page) == home => {
                    let _ = write!(b, " {mcid}");
                }
                Kid::Mcr { page, mcid } => {
                    let _ = write!(b, "<</Type/MCR/Pg {} 0 R/MCID {mcid}>>", page_no(page));
                }
                Kid::Elem(c) => {
                    if let Some(c) = ids[c] {
                        let _ = write!(b, " {c} 0 R");
                    }
                }
            }
        }
        for a in objrs {
            let page = link_annots[e - first_link].0;
            let _ = write!(b, "<</Type/OBJR/Pg {} 0 R/Obj {} 0 R>>", page_no(page), a.0);
        }
        if count != 1 {
            b.push(b']');
        }
        if e < first_link {
            match kinds[e] {
                Kind::Figure => {
                    b.extend_from_slice(b"/Alt");
                    object(&mut b, &text_string(nodes[e].alt.as_deref().unwrap_or_default()));
                }
                Kind::TH { row } => {
                    b.extend_from_slice(if row { b"/A<</O/Table/Scope/Row>>" } else { b"/A<</O/Table/Scope/Column>>" });
                }
                _ => {}
            }
        }
        b.extend_from_slice(b">>");
        raw.push((id, b));
    }
    let mut document = Dictionary::new();
    document.set("Type", Object::Name(b"StructElem".to_vec()));
    document.set("S", Object::Name(b"Document".to_vec()));
    document.set("P", Object::Reference(root_id));
    document.set("K", Object::Array(top.iter().filter_map(|&(_, e)| ids[e].map(|n| Object::Reference((n, 0)))).collect()));
    doc.objects.insert(document_id, Object::Dictionary(document));

    // the parent tree: each page's MCIDs to their elements, each annotation to its link
    let mut nums = Vec::with_capacity(16 * seq as usize + 64);
    nums.extend_from_slice(b"<</Nums[");
    for (p, owners) in owner_of_mcid.iter().enumerate() {
        let _ = write!(nums, "{p}[");
        for &e in owners {
            match ids.get(e).copied().flatten() {
                Some(n) => {
                    let _ = write!(nums, "{n} 0 R ");
                }
                None => nums.extend_from_slice(b"null "),
            }
        }
        nums.extend_from_slice(b"]\n");
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(page_ids[p]) {
            page.set("StructParents", Object::Integer(p as i64));
        }
    }
    let mut key = marks.len();
    for (l, (_, objs)) in link_annots.iter().enumerate() {
        for &a in objs {
            if let Some(id) = ids[first_link + l] {
                let _ = writeln!(nums, "{key} {id} 0 R");
                if let Ok(Object::Dictionary(annot)) = doc.get_object_mut(a) {
                    annot.set("StructParent", Object::Integer(key as i64));
                }
                key += 1;
            }
        }
    }
    nums.extend_from_slice(b"]>>");
    let parent_tree_id = doc.new_object_id();
    raw.push((parent_tree_id.0, nums));
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set("K", Object::Reference(document_id));
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(key as i64));
    doc.objects.insert(root_id, Object::Dictionary(root));
    (root_id, raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_never_skip() {
        let kinds = [Kind::H(1), Kind::P, Kind::H(3), Kind::H(2), Kind::H(4), Kind::H(1), Kind::H(3), Kind::H(0)];
        let order: Vec<usize> = (0..kinds.len()).collect();
        let levels = heading_levels(&kinds, &order);
        assert_eq!(levels, vec![1, 0, 2, 2, 3, 1, 2, 1]);
        // a document that starts with a level-3 heading starts at H1
        assert_eq!(heading_levels(&[Kind::H(3), Kind::H(3), Kind::H(4)], &[0, 1, 2]), vec![1, 1, 2]);
    }
}
