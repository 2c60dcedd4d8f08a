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

/// Arrays keep the same markers. Their reference is a plain list: after every insert and delete at a random
/// place (mostly near the previous one), the array holds what the list holds; a second document that only
/// applies the first one's updates, and a third that edits concurrently and syncs, end equal to it.
#[test]
fn array_edits_from_search_markers_land_where_the_index_says() {
    use yrs::types::ToJson;
    use yrs::{Array, ArrayRef};
    for seed in 1..=40u64 {
        let options = |client| Options { client_id: ClientID::new(client), ..Options::default() };
        let (edited, follower, remote) =
            (Doc::with_options(options(1)), Doc::with_options(options(2)), Doc::with_options(options(3)));
        let arrays: Vec<ArrayRef> = [&edited, &follower, &remote].iter().map(|doc| doc.get_or_insert_array("a")).collect();
        let mut model: Vec<i64> = Vec::new();
        let mut rng = Minstd(seed);
        let mut cursor = 0u32;
        for step in 0..500 {
            let length = model.len() as u32;
            let index = if rng.below(5) == 0 {
                rng.below(length + 1)
            } else {
                (cursor as i64 + rng.below(9) as i64 - 4).clamp(0, length as i64) as u32
            };
            let before = edited.transact().state_vector();
            if length > 0 && index < length && rng.below(3) == 0 {
                let count = 1 + rng.below((length - index).min(4));
                arrays[0].remove_range(&mut edited.transact_mut(), index, count);
                model.drain(index as usize..(index + count) as usize);
            } else {
                let values: Vec<i64> = (0..1 + rng.below(3)).map(|_| (step * 10) as i64 + rng.below(10) as i64).collect();
                arrays[0].insert_range(&mut edited.transact_mut(), index, values.clone());
                model.splice(index as usize..index as usize, values);
            }
            cursor = index;
            let update = edited.transact().encode_state_as_update_v1(&before);
            follower.transact_mut().apply_update(Update::decode_v1(&update).unwrap()).unwrap();
            let content: Vec<i64> = arrays[0].iter(&edited.transact()).map(|value| value.cast::<i64>().unwrap()).collect();
            assert_eq!(content, model, "seed {seed}, step {step}: the array is not what the edits made");
            if rng.below(25) == 0 {
                let at = rng.below(arrays[2].len(&remote.transact()) + 1);
                arrays[2].insert(&mut remote.transact_mut(), at, -1i64);
                exchange(&remote, &edited);
                exchange(&edited, &remote);
                exchange(&edited, &follower);
                model = arrays[0].iter(&edited.transact()).map(|value| value.cast::<i64>().unwrap()).collect();
            }
        }
        exchange(&edited, &follower);
        exchange(&edited, &remote);
        let everything = StateVector::default();
        let state = edited.transact().encode_state_as_update_v1(&everything);
        assert_eq!(state, follower.transact().encode_state_as_update_v1(&everything));
        let remote_content = arrays[2].to_json(&remote.transact());
        assert_eq!(arrays[0].to_json(&edited.transact()), remote_content);
    }
}
