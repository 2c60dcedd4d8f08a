//! The search markers our copy of yrs adds (vendor/yrs/PROMPTSTUDIO.md) must not change what an edit does: a
//! document edited with UTF-16 offsets (markers on) and one edited with byte offsets (markers off; ASCII text,
//! so both count alike) make the same updates, byte for byte, through inserts, deletes, formatting, formatted
//! inserts and remote changes in between.

use yrs::types::Attrs;
use yrs::updates::decoder::Decode;
use yrs::{Any, ClientID, Doc, GetString, OffsetKind, Options, ReadTxn, StateVector, Text, TextRef, Transact, Update};

/// Park–Miller MINSTD, so that every seed replays the same edits.
struct Minstd(u64);

impl Minstd {
    fn below(&mut self, bound: u32) -> u32 {
        self.0 = self.0 * 48271 % 2147483647;
        (self.0 % bound as u64) as u32
    }

    fn word(&mut self) -> String {
        let length = 1 + self.below(4);
        (0..length).map(|_| (b'a' + self.below(26) as u8) as char).collect()
    }
}

fn doc(client: u64, offset_kind: OffsetKind) -> (Doc, TextRef) {
    let doc = Doc::with_options(Options { client_id: ClientID::new(client), offset_kind, ..Options::default() });
    let text = doc.get_or_insert_text("t");
    (doc, text)
}

fn exchange(from: &Doc, to: &Doc) {
    let update = from.transact().encode_state_as_update_v1(&to.transact().state_vector());
    to.transact_mut().apply_update(Update::decode_v1(&update).unwrap()).unwrap();
}

/// One attribute only: yrs orders the format items of several by hash-map iteration, which differs between any
/// two documents, markers or not.
fn bold(rng: &mut Minstd) -> Attrs {
    let value = if rng.below(2) == 0 { Any::Bool(true) } else { Any::Null };
    Attrs::from([("bold".into(), value)])
}

/// Edits mostly near the previous one, as typing is, now and then anywhere: one marker moving along.
#[test]
fn edits_from_the_search_marker_equal_edits_from_the_start() {
    replay(60, 600, 0, 10);
}

/// Edits anywhere in a longer text: many markers, shifted by the edits before them.
#[test]
fn edits_anywhere_from_many_search_markers_equal_edits_from_the_start() {
    replay(20, 400, 2000, 1);
}

/// `seeds` sessions of `steps` edits on a text that starts `initial` characters long; one edit in `anywhere_one_in`
/// goes anywhere, the others near the previous one.
fn replay(seeds: u64, steps: usize, initial: usize, anywhere_one_in: u32) {
    for seed in 1..=seeds {
        let (marked, marked_text) = doc(1, OffsetKind::Utf16);
        let (plain, plain_text) = doc(1, OffsetKind::Bytes);
        let (remote, remote_text) = doc(2, OffsetKind::Utf16);
        let start = "x".repeat(initial);
        marked_text.insert(&mut marked.transact_mut(), 0, &start);
        plain_text.insert(&mut plain.transact_mut(), 0, &start);
        exchange(&marked, &remote);
        let mut rng = Minstd(seed);
        let mut cursor = 0u32;
        for step in 0..steps {
            let length = marked_text.len(&marked.transact());
            let index = if rng.below(anywhere_one_in) == 0 {
                rng.below(length + 1)
            } else {
                (cursor as i64 + rng.below(9) as i64 - 4).clamp(0, length as i64) as u32
            };
            let kind = rng.below(20);
            if kind == 19 {
                let at = rng.below(remote_text.len(&remote.transact()) + 1);
                let word = rng.word();
                remote_text.insert(&mut remote.transact_mut(), at, &word);
                exchange(&remote, &marked);
                exchange(&remote, &plain);
                exchange(&marked, &remote);
                continue;
            }
            let choice = rng.0;
            let edit = |text: &TextRef, doc: &Doc| {
                let mut rng = Minstd(choice);
                let mut txn = doc.transact_mut();
                match kind {
                    0..=9 => text.insert(&mut txn, index, &rng.word()),
                    10..=15 if index < length => {
                        text.remove_range(&mut txn, index, 1 + rng.below((length - index).min(6)))
                    }
                    16 | 17 if index < length => {
                        let count = 1 + rng.below((length - index).min(8));
                        text.format(&mut txn, index, count, bold(&mut rng))
                    }
                    18 => text.insert_with_attributes(&mut txn, index, "i", bold(&mut rng)),
                    _ => {}
                }
            };
            edit(&marked_text, &marked);
            edit(&plain_text, &plain);
            cursor = index;
            let everything = StateVector::default();
            assert_eq!(
                marked.transact().encode_state_as_update_v1(&everything),
                plain.transact().encode_state_as_update_v1(&everything),
                "seed {seed}, step {step}: the documents differ"
            );
        }
        assert_eq!(marked_text.get_string(&marked.transact()), plain_text.get_string(&plain.transact()));
    }
}
