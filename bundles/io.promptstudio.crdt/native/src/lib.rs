//! JNI bindings over yrs for `io.promptstudio.crdt.Native`.
//!
//! A document is a `Box<Doc>` whose raw pointer the Java `Doc` owns (freed by `docFree`, once). Every
//! mutating call runs in one transaction of its own and returns the v1 update it produced, as a Yjs
//! transaction would emit it. The Java side serializes calls per document, so a transaction is never
//! contended. Errors and panics never cross the boundary: they become Java exceptions with a message.

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
    Any, Array, ClientID, Doc, GetString, IndexedSequence, Map, Observable, OffsetKind, Options, Out, ReadTxn, StateVector, Text, Transact, Update,
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
    /// Text changes seen by observers since the last drain: (text name, origin, Yjs delta JSON).
    events: Arc<std::sync::Mutex<Vec<(String, Option<String>, String)>>>,
    observed: std::cell::RefCell<std::collections::HashSet<String>>,
}

impl std::ops::Deref for Handle {
    type Target = Doc;

    fn deref(&self) -> &Doc {
        &self.doc
    }
}

impl Handle {
    fn text(&self, name: String) -> yrs::TextRef {
        self.texts.borrow_mut().entry(name).or_insert_with_key(|name| self.doc.get_or_insert_text(name.as_str())).clone()
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
    env.get_string(value)
        .map(|s| s.into())
        .map_err(|e| Failure(ILLEGAL_ARGUMENT, format!("not a string: {e}")))
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

fn text_length<T: ReadTxn>(text: &yrs::TextRef, txn: &T) -> u32 {
    text.len(txn)
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_docNew(mut env: JNIEnv, _: JClass, client_id: jlong, gc: jboolean) -> jlong {
    guarded(&mut env, 0, |_| {
        if client_id < 0 || client_id as u64 > (1u64 << 53) - 1 {
            return Err(Failure(ILLEGAL_ARGUMENT, format!("client id {client_id} is not between 0 and 2^53-1")));
        }
        let mut options = Options::with_client_id(ClientID::new(client_id as u64));
        options.offset_kind = OffsetKind::Utf16;
        options.skip_gc = gc != JNI_TRUE;
        let handle = Handle {
            doc: Doc::with_options(options),
            texts: std::cell::RefCell::new(HashMap::new()),
            events: Arc::new(std::sync::Mutex::new(Vec::new())),
            observed: std::cell::RefCell::new(std::collections::HashSet::new()),
        };
        Ok(Box::into_raw(Box::new(handle)) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_docFree(mut env: JNIEnv, _: JClass, handle: jlong) {
    guarded(&mut env, (), |_| {
        if handle != 0 {
            // SAFETY: made by docNew; the Java side frees each handle once.
            drop(unsafe { Box::from_raw(handle as *mut Handle) });
        }
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textInsert(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, chunk: JString, attributes: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let chunk = string(env, &chunk)?;
        let attributes = if attributes.is_null() { None } else { Some(attrs(&string(env, &attributes)?)?) };
        let text = doc.text(name);
        let mut txn = doc.transact_mut();
        check_index(index, 0, text_length(&text, &txn))?;
        match attributes {
            Some(attrs) => text.insert_with_attributes(&mut txn, index as u32, &chunk, attrs),
            None => text.insert(&mut txn, index as u32, &chunk),
        }
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textDelete(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, length: jint,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let text = doc.text(name);
        let mut txn = doc.transact_mut();
        check_index(index, length, text_length(&text, &txn))?;
        text.remove_range(&mut txn, index as u32, length as u32);
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textFormat(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, length: jint, attributes: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let attrs = attrs(&string(env, &attributes)?)?;
        let text = doc.text(name);
        let mut txn = doc.transact_mut();
        check_index(index, length, text_length(&text, &txn))?;
        text.format(&mut txn, index as u32, length as u32, attrs);
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
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
        Any::Map(map) => Ok(map.iter().map(|(k, v)| (Arc::<str>::from(k.as_str()), v.clone())).collect::<HashMap<_, _>>()),
        _ => Err(Failure(ILLEGAL_ARGUMENT, "attributes must be a JSON object".into())),
    }
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textString(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let text = doc.text(name);
        let value = text.get_string(&doc.transact());
        java_string(env, &value)
    })
}

/// The text as a Quill delta in Yjs's `toDelta()` JSON: `[{"insert": …, "attributes": {…}}, …]`.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textDelta(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let text = doc.text(name);
        let txn = doc.transact();
        let mut out = String::from("[");
        for (i, diff) in text.diff(&txn, YChange::identity).into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"insert\":");
            out.push_str(&out_to_json(diff.insert, &txn));
            if let Some(attributes) = diff.attributes {
                let map: HashMap<String, Any> = attributes.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                out.push_str(",\"attributes\":");
                out.push_str(&to_json(&Any::from(map)));
            }
            out.push('}');
        }
        out.push(']');
        java_string(env, &out)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapSet(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, key: JString, value: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let key = string(env, &key)?;
        let value = json(&string(env, &value)?)?;
        let map = doc.get_or_insert_map(name.as_str());
        let mut txn = doc.transact_mut();
        map.insert(&mut txn, key, value);
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapRemove(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, key: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let key = string(env, &key)?;
        let map = doc.get_or_insert_map(name.as_str());
        let mut txn = doc.transact_mut();
        map.remove(&mut txn, &key);
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapJson(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let map = doc.get_or_insert_map(name.as_str());
        let value = map.to_json(&doc.transact());
        java_string(env, &to_json(&value))
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_stateVector(mut env: JNIEnv, _: JClass, handle: jlong) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let sv = encode_state_vector(&doc.transact().state_vector());
        byte_array(env, &sv)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_encodeStateAsUpdate(
    mut env: JNIEnv, _: JClass, handle: jlong, remote: JByteArray, v2: jboolean,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let remote = if remote.is_null() { Vec::new() } else { bytes(env, &remote)? };
        let sv = state_vector(&remote)?;
        let txn = doc.transact();
        let update = if v2 == JNI_TRUE { txn.encode_state_as_update_v2(&sv) } else { txn.encode_state_as_update_v1(&sv) };
        byte_array(env, &update)
    })
}

/// Applies an update and returns what the transaction changed as a v1 update (empty `0000` when nothing), as
/// the `update` event of a Yjs document reports remote changes too.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_applyUpdate(
    mut env: JNIEnv, _: JClass, handle: jlong, update: JByteArray, v2: jboolean,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let bytes = bytes(env, &update)?;
        let update = if v2 == JNI_TRUE { Update::decode_v2(&bytes) } else { Update::decode_v1(&bytes) }
            .map_err(argument("not a Yjs update"))?;
        let mut txn = doc.transact_mut();
        txn.apply_update(update).map_err(argument("the update cannot be applied"))?;
        let changed = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &changed)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_snapshot(mut env: JNIEnv, _: JClass, handle: jlong) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let snapshot = doc.transact().snapshot();
        let mut encoder = EncoderV1::new();
        snapshot.delete_set.encode(&mut encoder);
        write_state_vector(&snapshot.state_map, &mut encoder);
        byte_array(env, &encoder.to_vec())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mergeUpdates(mut env: JNIEnv, _: JClass, updates: JObjectArray) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let count = env.get_array_length(&updates).map_err(argument("not an array"))?;
        let mut all = Vec::with_capacity(count as usize);
        for i in 0..count {
            let item = env.get_object_array_element(&updates, i).map_err(argument("not an array"))?;
            all.push(bytes(env, &JByteArray::from(item))?);
        }
        let merged = yrs::merge_updates_v1(all.iter().map(|u| u.as_slice())).map_err(argument("not Yjs updates"))?;
        byte_array(env, &merged)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_stateVectorFromUpdate(mut env: JNIEnv, _: JClass, update: JByteArray) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let update = bytes(env, &update)?;
        let sv = yrs::encode_state_vector_from_update_v1(&update).map_err(argument("not a Yjs update"))?;
        let sv = StateVector::decode_v1(&sv).map_err(argument("not a state vector"))?;
        byte_array(env, &encode_state_vector(&sv))
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_diffUpdate(
    mut env: JNIEnv, _: JClass, update: JByteArray, state_vector: JByteArray,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let update = bytes(env, &update)?;
        let sv = bytes(env, &state_vector)?;
        let diff = yrs::diff_updates_v1(&update, &sv).map_err(argument("not a Yjs update and state vector"))?;
        byte_array(env, &diff)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_convertV1ToV2(mut env: JNIEnv, _: JClass, update: JByteArray) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let update = bytes(env, &update)?;
        let decoded = Update::decode_v1(&update).map_err(argument("not a Yjs update"))?;
        byte_array(env, &decoded.encode_v2())
    })
}

/// A position in a text that stays with its character while the text changes (Yjs's relative position), in
/// Yjs's `encodeRelativePosition` bytes. `before` sticks to the character before the index instead of after.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textStickyIndex(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, before: jboolean,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let text = doc.text(name);
        let txn = doc.transact();
        check_index(index, 0, text_length(&text, &txn))?;
        let assoc = if before == JNI_TRUE { yrs::Assoc::Before } else { yrs::Assoc::After };
        let sticky = text
            .sticky_index(&txn, index as u32, assoc)
            .ok_or_else(|| Failure(ILLEGAL_ARGUMENT, format!("no position {index} in the text")))?;
        byte_array(env, &sticky.encode_v1())
    })
}

/// Where a relative position stands now, or -1 when what it referred to is gone from this document.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_stickyIndexOffset(
    mut env: JNIEnv, _: JClass, handle: jlong, position: JByteArray,
) -> jint {
    guarded(&mut env, -1, |env| {
        let doc = doc(handle)?;
        let bytes = bytes(env, &position)?;
        let sticky = yrs::StickyIndex::decode_v1(&bytes).map_err(argument("not a relative position"))?;
        let txn = doc.transact();
        Ok(sticky.get_offset(&txn).map(|offset| offset.index as jint).unwrap_or(-1))
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayInsert(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, values: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let values = match json(&string(env, &values)?)? {
            Any::Array(items) => items.iter().cloned().collect::<Vec<Any>>(),
            _ => return Err(Failure(ILLEGAL_ARGUMENT, "values must be a JSON array".into())),
        };
        let array = doc.get_or_insert_array(name.as_str());
        let mut txn = doc.transact_mut();
        check_index(index, 0, array.len(&txn))?;
        array.insert_range(&mut txn, index as u32, values);
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayDelete(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, length: jint,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let array = doc.get_or_insert_array(name.as_str());
        let mut txn = doc.transact_mut();
        check_index(index, length, array.len(&txn))?;
        array.remove_range(&mut txn, index as u32, length as u32);
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayJson(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let array = doc.get_or_insert_array(name.as_str());
        let value = array.to_json(&doc.transact());
        java_string(env, &to_json(&value))
    })
}

fn field<'a>(op: &'a HashMap<String, Any>, key: &str) -> Outcome<&'a Any> {
    op.get(key).ok_or_else(|| Failure(ILLEGAL_ARGUMENT, format!("operation without '{key}'")))
}

fn text_field(op: &HashMap<String, Any>, key: &str) -> Outcome<String> {
    match field(op, key)? {
        Any::String(s) => Ok(s.to_string()),
        other => Err(Failure(ILLEGAL_ARGUMENT, format!("'{key}' must be a string, not {other}"))),
    }
}

fn int_field(op: &HashMap<String, Any>, key: &str) -> Outcome<jint> {
    match field(op, key)? {
        Any::Number(yrs::any::Number::Int(n)) if *n >= 0 && *n <= i32::MAX as i64 => Ok(*n as jint),
        Any::Number(yrs::any::Number::Float(f)) if f.fract() == 0.0 && *f >= 0.0 && *f <= i32::MAX as f64 => Ok(*f as jint),
        other => Err(Failure(ILLEGAL_ARGUMENT, format!("'{key}' must be a non-negative integer, not {other}"))),
    }
}

fn attrs_field(op: &HashMap<String, Any>) -> Outcome<Option<Attrs>> {
    match op.get("attributes") {
        None | Some(Any::Null) => Ok(None),
        Some(Any::Map(map)) => Ok(Some(map.iter().map(|(k, v)| (Arc::<str>::from(k.as_str()), v.clone())).collect())),
        Some(_) => Err(Failure(ILLEGAL_ARGUMENT, "attributes must be an object".into())),
    }
}

/// Several changes as one transaction with an origin (what an UndoManager tracks), from a JSON list of
/// operations that the Java `Transaction` wrote. Every operation is checked before anything is changed, so a bad
/// one leaves the document as it was.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_transact(
    mut env: JNIEnv, _: JClass, handle: jlong, origin: JString, operations: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let origin = if origin.is_null() { None } else { Some(string(env, &origin)?) };
        let ops = match json(&string(env, &operations)?)? {
            Any::Array(ops) => ops,
            _ => return Err(Failure(ILLEGAL_ARGUMENT, "operations must be a JSON array".into())),
        };
        let mut parsed = Vec::with_capacity(ops.len());
        for op in ops.iter() {
            match op {
                Any::Map(map) => parsed.push(map.clone()),
                _ => return Err(Failure(ILLEGAL_ARGUMENT, "each operation must be an object".into())),
            }
        }
        let texts: Vec<(String, yrs::TextRef)> = parsed
            .iter()
            .filter_map(|op| match (op.get("op"), op.get("type")) {
                (Some(Any::String(kind)), Some(Any::String(name))) if !kind.starts_with("map") && !kind.starts_with("array") => {
                    Some((name.to_string(), doc.text(name.to_string())))
                }
                _ => None,
            })
            .collect();
        let maps: Vec<(String, yrs::MapRef)> = parsed
            .iter()
            .filter_map(|op| match (op.get("op"), op.get("type")) {
                (Some(Any::String(kind)), Some(Any::String(name))) if kind.starts_with("map") => {
                    Some((name.to_string(), doc.get_or_insert_map(name.as_ref())))
                }
                _ => None,
            })
            .collect();
        let arrays: Vec<(String, yrs::ArrayRef)> = parsed
            .iter()
            .filter_map(|op| match (op.get("op"), op.get("type")) {
                (Some(Any::String(kind)), Some(Any::String(name))) if kind.starts_with("array") => {
                    Some((name.to_string(), doc.get_or_insert_array(name.as_ref())))
                }
                _ => None,
            })
            .collect();
        let find_text = |name: &str| texts.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone()).unwrap();
        let find_map = |name: &str| maps.iter().find(|(n, _)| n == name).map(|(_, m)| m.clone()).unwrap();
        let find_array = |name: &str| arrays.iter().find(|(n, _)| n == name).map(|(_, a)| a.clone()).unwrap();
        // parse and check everything first (with the lengths each operation leaves), so that nothing is changed
        // unless all of it can be
        enum Op {
            Insert(yrs::TextRef, u32, String, Option<Attrs>),
            Delete(yrs::TextRef, u32, u32),
            Format(yrs::TextRef, u32, u32, Attrs),
            MapSet(yrs::MapRef, String, Any),
            MapRemove(yrs::MapRef, String),
            ArrayInsert(yrs::ArrayRef, u32, Vec<Any>),
            ArrayDelete(yrs::ArrayRef, u32, u32),
        }
        let mut lengths: HashMap<String, u32> = HashMap::new();
        let mut plan = Vec::with_capacity(parsed.len());
        {
            let txn = doc.transact();
            for op in &parsed {
                let kind = text_field(op, "op")?;
                let name = text_field(op, "type")?;
                let key = format!("{kind_prefix}:{name}", kind_prefix = if kind.starts_with("array") { "a" } else { "t" });
                match kind.as_str() {
                    "insert" | "delete" | "format" => {
                        let text = find_text(&name);
                        let length = *lengths.entry(key.clone()).or_insert_with(|| text.len(&txn));
                        let index = int_field(op, "index")?;
                        match kind.as_str() {
                            "insert" => {
                                check_index(index, 0, length)?;
                                let chunk = text_field(op, "text")?;
                                lengths.insert(key, length + chunk.encode_utf16().count() as u32);
                                plan.push(Op::Insert(text, index as u32, chunk, attrs_field(op)?));
                            }
                            "delete" => {
                                let count = int_field(op, "length")?;
                                check_index(index, count, length)?;
                                lengths.insert(key, length - count as u32);
                                plan.push(Op::Delete(text, index as u32, count as u32));
                            }
                            _ => {
                                let count = int_field(op, "length")?;
                                check_index(index, count, length)?;
                                let attrs =
                                    attrs_field(op)?.ok_or_else(|| Failure(ILLEGAL_ARGUMENT, "format without attributes".into()))?;
                                plan.push(Op::Format(text, index as u32, count as u32, attrs));
                            }
                        }
                    }
                    "mapSet" => plan.push(Op::MapSet(find_map(&name), text_field(op, "key")?, field(op, "value")?.clone())),
                    "mapRemove" => plan.push(Op::MapRemove(find_map(&name), text_field(op, "key")?)),
                    "arrayInsert" | "arrayDelete" => {
                        let array = find_array(&name);
                        let length = *lengths.entry(key.clone()).or_insert_with(|| array.len(&txn));
                        let index = int_field(op, "index")?;
                        if kind == "arrayInsert" {
                            check_index(index, 0, length)?;
                            let values = match field(op, "values")? {
                                Any::Array(values) => values.iter().cloned().collect::<Vec<Any>>(),
                                _ => return Err(Failure(ILLEGAL_ARGUMENT, "values must be an array".into())),
                            };
                            lengths.insert(key, length + values.len() as u32);
                            plan.push(Op::ArrayInsert(array, index as u32, values));
                        } else {
                            let count = int_field(op, "length")?;
                            check_index(index, count, length)?;
                            lengths.insert(key, length - count as u32);
                            plan.push(Op::ArrayDelete(array, index as u32, count as u32));
                        }
                    }
                    other => return Err(Failure(ILLEGAL_ARGUMENT, format!("unknown operation '{other}'"))),
                }
            }
        }
        let mut txn = match &origin {
            Some(origin) => doc.transact_mut_with(origin.as_str()),
            None => doc.transact_mut(),
        };
        for op in plan {
            match op {
                Op::Insert(text, index, chunk, Some(attrs)) => text.insert_with_attributes(&mut txn, index, &chunk, attrs),
                Op::Insert(text, index, chunk, None) => text.insert(&mut txn, index, &chunk),
                Op::Delete(text, index, length) => text.remove_range(&mut txn, index, length),
                Op::Format(text, index, length, attrs) => text.format(&mut txn, index, length, attrs),
                Op::MapSet(map, key, value) => {
                    map.insert(&mut txn, key, value);
                }
                Op::MapRemove(map, key) => {
                    map.remove(&mut txn, &key);
                }
                Op::ArrayInsert(array, index, values) => array.insert_range(&mut txn, index, values),
                Op::ArrayDelete(array, index, length) => array.remove_range(&mut txn, index, length),
            }
        }
        let update = txn.encode_update_v1();
        drop(txn);
        byte_array(env, &update)
    })
}

/// An undo manager over some root texts of a document, tracking the transactions of one origin.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_undoNew(
    mut env: JNIEnv, _: JClass, handle: jlong, texts: JObjectArray, origin: JString, capture_millis: jlong,
) -> jlong {
    guarded(&mut env, 0, |env| {
        let doc = doc(handle)?;
        let origin = string(env, &origin)?;
        let mut options = yrs::undo::Options::<()>::default();
        options.capture_timeout_millis = capture_millis.max(0) as u64;
        options.tracked_origins.insert(yrs::Origin::from(origin.as_str()));
        let mut manager = yrs::undo::UndoManager::<()>::with_options(options);
        let count = env.get_array_length(&texts).map_err(argument("not an array"))?;
        for i in 0..count {
            let item = env.get_object_array_element(&texts, i).map_err(argument("not an array"))?;
            let name = string(env, &JString::from(item))?;
            let text = doc.text(name);
            manager.expand_scope(&doc.doc, &text);
        }
        Ok(Box::into_raw(Box::new(manager)) as jlong)
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_undoFree(mut env: JNIEnv, _: JClass, undo: jlong) {
    guarded(&mut env, (), |_| {
        if undo != 0 {
            // SAFETY: made by undoNew; the Java UndoManager frees it once.
            drop(unsafe { Box::from_raw(undo as *mut yrs::undo::UndoManager<()>) });
        }
        Ok(())
    })
}

/// Undoes (or redoes) the last captured change; returns the update it made, or null when there was nothing.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_undoStep(
    mut env: JNIEnv, _: JClass, handle: jlong, undo: jlong, redo: jboolean,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        if undo == 0 {
            return Err(Failure(ILLEGAL_STATE, "the undo manager is closed".into()));
        }
        // SAFETY: made by undoNew and not freed; calls are serialized by the document's Java lock.
        let manager = unsafe { &mut *(undo as *mut yrs::undo::UndoManager<()>) };
        let before = doc.transact().state_vector();
        let changed = if redo == JNI_TRUE { manager.redo_blocking() } else { manager.undo_blocking() };
        if !changed {
            return Ok(std::ptr::null_mut());
        }
        // the undo ran in a transaction of its own: its update is what is new since, with the delete set
        // (an undo of an insert only deletes, which a state vector does not show)
        let update = doc.transact().encode_state_as_update_v1(&before);
        byte_array(env, &update)
    })
}

fn attributes_json(attributes: &Attrs) -> String {
    let map: HashMap<String, Any> = attributes.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    to_json(&Any::from(map))
}

/// Starts recording the changes of a root text as Yjs text-event deltas, with the transaction's origin.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textObserve(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) {
    guarded(&mut env, (), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        if !doc.observed.borrow_mut().insert(name.clone()) {
            return Ok(());
        }
        let text = doc.text(name.clone());
        let events = doc.events.clone();
        text.observe("promptstudio", move |txn, event| {
            let mut out = String::from("[");
            for (i, change) in event.delta(txn).iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match change {
                    yrs::types::Delta::Inserted(value, attributes) => {
                        out.push_str("{\"insert\":");
                        out.push_str(&out_to_json(value.clone(), txn));
                        if let Some(attributes) = attributes {
                            out.push_str(",\"attributes\":");
                            out.push_str(&attributes_json(attributes));
                        }
                        out.push('}');
                    }
                    yrs::types::Delta::Deleted(count) => out.push_str(&format!("{{\"delete\":{count}}}")),
                    yrs::types::Delta::Retain(count, attributes) => {
                        out.push_str(&format!("{{\"retain\":{count}"));
                        if let Some(attributes) = attributes {
                            out.push_str(",\"attributes\":");
                            out.push_str(&attributes_json(attributes));
                        }
                        out.push('}');
                    }
                }
            }
            out.push(']');
            let origin = txn.origin().map(|origin| String::from_utf8_lossy(origin.as_ref()).to_string());
            if let Ok(mut pending) = events.lock() {
                pending.push((name.clone(), origin, out));
            }
        });
        Ok(())
    })
}

/// The recorded text changes, flattened as name, origin (null for none), delta, … — and forgets them.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_drainEvents(mut env: JNIEnv, _: JClass, handle: jlong) -> jni::sys::jobjectArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let drained: Vec<(String, Option<String>, String)> = match doc.events.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => Vec::new(),
        };
        let array = env
            .new_object_array((drained.len() * 3) as jint, "java/lang/String", jni::objects::JObject::null())
            .map_err(|e| Failure(ILLEGAL_STATE, format!("cannot make an array: {e}")))?;
        for (i, (name, origin, delta)) in drained.into_iter().enumerate() {
            let values = [Some(name), origin, Some(delta)];
            for (j, value) in values.into_iter().enumerate() {
                if let Some(value) = value {
                    let s = env.new_string(value).map_err(|e| Failure(ILLEGAL_STATE, format!("cannot make a string: {e}")))?;
                    env.set_object_array_element(&array, (i * 3 + j) as jint, s)
                        .map_err(|e| Failure(ILLEGAL_STATE, format!("cannot fill the array: {e}")))?;
                }
            }
        }
        Ok(array.into_raw())
    })
}
