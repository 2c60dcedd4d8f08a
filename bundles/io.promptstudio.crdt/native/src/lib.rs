//! JNI bindings over yrs for `io.promptstudio.crdt.Native`.
//!
//! A document is a `Box<Doc>` whose raw pointer the Java `Doc` owns (freed by `docFree`, once). Every
//! mutating call runs in one transaction of its own and returns the v1 update it produced, as a Yjs
//! transaction would emit it. The Java side serializes calls per document, so a transaction is never
//! contended. Errors and panics never cross the boundary: they become Java exceptions with a message.
//!
//! This file holds what every function shares (errors, the handle, conversions); the functions are by subject:
//! documents and updates, texts, maps and arrays, transactions and undo.

mod collections;
mod text;
mod transact;
mod updates;

use jni::objects::{JByteArray, JClass, JObjectArray, JString};
use jni::sys::{jboolean, jbyteArray, jint, jlong, jstring, JNI_TRUE};
use jni::JNIEnv;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use yrs::types::text::YChange;
use yrs::types::{Attrs, ToJson};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};
use yrs::{
    Any, Array, ClientID, Doc, SharedRef, GetString, IndexedSequence, Map, Observable, OffsetKind, Options, Out, ReadTxn, StateVector, Text, Transact, Update,
};

const ILLEGAL_ARGUMENT: &str = "java/lang/IllegalArgumentException";
const ILLEGAL_STATE: &str = "java/lang/IllegalStateException";

/// A failure to report to Java: the exception class and its message.
struct Failure(&'static str, String);

type Outcome<T> = Result<T, Failure>;

fn argument<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> Failure + '_ {
    move |e| Failure(ILLEGAL_ARGUMENT, format!("{what}: {e}"))
}

/// Runs `body`, turning an error or a panic into a pending Java exception and `fallback` as the result.
fn guarded<T, F>(env: &mut JNIEnv, fallback: T, body: F) -> T
where
    F: FnOnce(&mut JNIEnv) -> Outcome<T>,
{
    let result = catch_unwind(AssertUnwindSafe(|| body(env)));
    match result {
        Ok(Ok(value)) => value,
        Ok(Err(Failure(class, message))) => {
            if !env.exception_check().unwrap_or(false) {
                let _ = env.throw_new(class, message);
            }
            fallback
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown failure".to_string());
            if !env.exception_check().unwrap_or(false) {
                let _ = env.throw_new(ILLEGAL_STATE, format!("the CRDT library failed: {message}"));
            }
            fallback
        }
    }
}

/// A document and its root texts by name: looking a root type up opens a transaction in yrs, which every edit
/// would otherwise pay for again.
struct Handle {
    doc: Doc,
    texts: std::cell::RefCell<HashMap<String, yrs::TextRef>>,
    /// Changes seen by observers since the last drain: (kind "text", "map" or "array", root name, origin, the
    /// change as Yjs's event shows it, in JSON).
    events: Arc<std::sync::Mutex<Vec<Event>>>,
    observed: std::cell::RefCell<std::collections::HashSet<String>>,
}

/// One observed change, see [`Handle::events`].
type Event = (&'static str, String, Option<String>, String);

impl std::ops::Deref for Handle {
    type Target = Doc;

    fn deref(&self) -> &Doc {
        &self.doc
    }
}

/// How a nested type's address starts: NUL, then `client:clock` of the item that holds it. Any other address is the
/// name of a root type (the Java side refuses root names that start with NUL).
const NESTED: char = '\0';

impl Handle {
    /// The text at this address: a root's name (made on first use) or a nested text's.
    fn text(&self, address: String) -> Outcome<yrs::TextRef> {
        if let Some(branch) = self.nested(&address, yrs::types::TypeRef::Text, "text")? {
            return Ok(yrs::TextRef::from(branch));
        }
        Ok(self.texts.borrow_mut().entry(address).or_insert_with_key(|name| self.doc.get_or_insert_text(name.as_str())).clone())
    }

    fn map(&self, address: &str) -> Outcome<yrs::MapRef> {
        match self.nested(address, yrs::types::TypeRef::Map, "map")? {
            Some(branch) => Ok(yrs::MapRef::from(branch)),
            None => Ok(self.doc.get_or_insert_map(address)),
        }
    }

    fn array(&self, address: &str) -> Outcome<yrs::ArrayRef> {
        match self.nested(address, yrs::types::TypeRef::Array, "array")? {
            Some(branch) => Ok(yrs::ArrayRef::from(branch)),
            None => Ok(self.doc.get_or_insert_array(address)),
        }
    }

    /// The nested type at a nested address, which must be of `kind`; none for a root's name.
    fn nested(&self, address: &str, kind: yrs::types::TypeRef, noun: &str) -> Outcome<Option<yrs::branch::BranchPtr>> {
        let Some(id) = address.strip_prefix(NESTED) else {
            return Ok(None);
        };
        let malformed = || Failure(ILLEGAL_ARGUMENT, format!("not the address of a nested type: {id:?}"));
        let (client, clock) = id.split_once(':').ok_or_else(malformed)?;
        let client: u64 = client.parse().map_err(|_| malformed())?;
        let clock: u32 = clock.parse().map_err(|_| malformed())?;
        let txn = self.doc.transact();
        let branch = yrs::BranchID::Nested(yrs::ID::new(ClientID::new(client), clock))
            .get_branch(&txn)
            .filter(|branch| !branch.is_deleted())
            .ok_or_else(|| Failure(ILLEGAL_STATE, format!("the nested {noun} is no longer in the document (deleted)")))?;
        if *branch.type_ref() != kind {
            return Err(Failure(ILLEGAL_ARGUMENT, format!("the nested type at {id} is not a {noun}")));
        }
        Ok(Some(branch))
    }
}

/// The address of a nested type, with its kind first: `T`, `M` or `A` (see [`NESTED`]).
fn nested_address(value: &Out) -> Option<String> {
    let (kind, id): (char, yrs::BranchID) = match value {
        Out::YText(text) => ('T', text.hook().into()),
        Out::YMap(map) => ('M', map.hook().into()),
        Out::YArray(array) => ('A', array.hook().into()),
        _ => return None,
    };
    match id {
        yrs::BranchID::Nested(id) => Some(format!("{kind}{NESTED}{}:{}", id.client.get(), id.clock)),
        yrs::BranchID::Root(_) => None,
    }
}

fn doc<'a>(handle: jlong) -> Outcome<&'a Handle> {
    if handle == 0 {
        return Err(Failure(ILLEGAL_STATE, "the document is closed".into()));
    }
    // SAFETY: the handle is a pointer made by docNew and not yet freed; the Java Doc guarantees both, and calls
    // on one document never overlap (the Java lock), which also makes the RefCell safe.
    Ok(unsafe { &*(handle as *const Handle) })
}

fn string(env: &mut JNIEnv, value: &JString) -> Outcome<String> {
    if value.is_null() {
        return Err(Failure(ILLEGAL_ARGUMENT, "a string is null".into()));
    }
    // Straight from the string's UTF-16 units: jni's `get_string` would look the String class up again on every
    // call (a third of an edit's cost) and go through modified UTF-8. A lone surrogate, which UTF-8 cannot hold,
    // becomes U+FFFD, one unit as before, so offsets stay as Java counts them.
    let raw = env.get_raw();
    // SAFETY: `raw` is this call's JNIEnv and `value` a live java.lang.String (every string parameter of `Native`
    // is declared so); GetStringRegion writes exactly `length` units into a buffer of that many.
    unsafe {
        let interface = &**raw;
        let length = (interface.GetStringLength.expect("JNI GetStringLength"))(raw, value.as_raw());
        let mut units: Vec<u16> = Vec::with_capacity(length.max(0) as usize);
        (interface.GetStringRegion.expect("JNI GetStringRegion"))(raw, value.as_raw(), 0, length, units.as_mut_ptr());
        if env.exception_check().unwrap_or(true) {
            return Err(Failure(ILLEGAL_ARGUMENT, "the string could not be read".into()));
        }
        units.set_len(length.max(0) as usize);
        Ok(String::from_utf16_lossy(&units))
    }
}

fn bytes(env: &mut JNIEnv, value: &JByteArray) -> Outcome<Vec<u8>> {
    env.convert_byte_array(value)
        .map_err(|e| Failure(ILLEGAL_ARGUMENT, format!("not a byte array: {e}")))
}

fn byte_array(env: &mut JNIEnv, value: &[u8]) -> Outcome<jbyteArray> {
    env.byte_array_from_slice(value)
        .map(|array| array.into_raw())
        .map_err(|e| Failure(ILLEGAL_STATE, format!("cannot make a byte array: {e}")))
}

fn java_string(env: &mut JNIEnv, value: &str) -> Outcome<jstring> {
    env.new_string(value)
        .map(|s| s.into_raw())
        .map_err(|e| Failure(ILLEGAL_STATE, format!("cannot make a string: {e}")))
}

/// Runs `change` in a transaction of its own and answers the v1 update it made, as a Java byte array.
fn change<F>(env: &mut JNIEnv, doc: &Handle, change: F) -> Outcome<jbyteArray>
where
    F: FnOnce(&mut yrs::TransactionMut) -> Outcome<()>,
{
    let mut txn = doc.transact_mut();
    change(&mut txn)?;
    let update = txn.encode_update_v1();
    drop(txn);
    byte_array(env, &update)
}

fn json(src: &str) -> Outcome<Any> {
    Any::from_json(src).map_err(argument("not JSON"))
}

fn to_json(value: &Any) -> String {
    let mut buf = String::new();
    value.to_json(&mut buf);
    buf
}

fn out_to_json<T: ReadTxn>(value: Out, txn: &T) -> String {
    match value {
        Out::Any(any) => to_json(&any),
        other => to_json(&other.to_json(txn)),
    }
}

fn state_vector(update_sv: &[u8]) -> Outcome<StateVector> {
    if update_sv.is_empty() {
        return Ok(StateVector::default());
    }
    StateVector::decode_v1(update_sv).map_err(argument("not a state vector"))
}

/// A state vector as Yjs writes it: clients by descending id (yrs keeps them in hash order).
fn write_state_vector<E: Encoder>(sv: &StateVector, encoder: &mut E) {
    let mut entries: Vec<(u64, u32)> = sv.iter().map(|(client, &clock)| (client.get(), clock)).collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    encoder.write_var(entries.len());
    for (client, clock) in entries {
        encoder.write_var(client);
        encoder.write_var(clock);
    }
}

fn encode_state_vector(sv: &StateVector) -> Vec<u8> {
    let mut encoder = EncoderV1::new();
    write_state_vector(sv, &mut encoder);
    encoder.to_vec()
}

fn check_index(index: jint, length: jint, text_length: u32) -> Outcome<()> {
    if index < 0 || length < 0 || index as u64 + length as u64 > text_length as u64 {
        return Err(Failure(
            "java/lang/IndexOutOfBoundsException",
            format!("range {index}+{length} is outside the text of length {text_length} (UTF-16 units)"),
        ));
    }
    Ok(())
}

fn attrs(src: &str) -> Outcome<Attrs> {
    match json(src)? {
        Any::Map(map) => Ok(attrs_of(&map)),
        _ => Err(Failure(ILLEGAL_ARGUMENT, "attributes must be a JSON object".into())),
    }
}

fn attrs_of(map: &HashMap<String, Any>) -> Attrs {
    map.iter().map(|(k, v)| (Arc::<str>::from(k.as_str()), v.clone())).collect()
}

fn attributes_json(attributes: &Attrs) -> String {
    let map: HashMap<String, Any> = attributes.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    to_json(&Any::from(map))
}

/// Queues an observed change with its transaction's origin.
fn record(events: &Arc<std::sync::Mutex<Vec<Event>>>, kind: &'static str, name: &str, txn: &yrs::TransactionMut, change: String) {
    let origin = txn.origin().map(|origin| String::from_utf8_lossy(origin.as_ref()).to_string());
    if let Ok(mut pending) = events.lock() {
        pending.push((kind, name.to_string(), origin, change));
    }
}

/// The version of the functions this library offers Java; `Native` refuses a library of another version (a stale
/// copy in a platform fragment, say) with a message instead of misreading its answers.
const ABI_VERSION: jint = 4;

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_abiVersion(_env: JNIEnv, _: JClass) -> jint {
    ABI_VERSION
}

#[cfg(test)]
mod search_marker_tests;
