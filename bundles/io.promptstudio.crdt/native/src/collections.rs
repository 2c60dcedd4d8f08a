//! Root maps and arrays of JSON values.

use super::*;

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapSet(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, key: JString, value: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let key = string(env, &key)?;
        let value = json(&string(env, &value)?)?;
        let map = doc.map(&name)?;
        change(env, doc, |txn| {
            map.insert(txn, key, value);
            Ok(())
        })
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
        let map = doc.map(&name)?;
        change(env, doc, |txn| {
            map.remove(txn, &key);
            Ok(())
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapJson(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let map = doc.map(&name)?;
        let value = map.to_json(&doc.transact());
        java_string(env, &to_json(&value))
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
        let array = doc.array(&name)?;
        change(env, doc, |txn| {
            check_index(index, 0, array.len(txn))?;
            array.insert_range(txn, index as u32, values);
            Ok(())
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayDelete(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, length: jint,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let array = doc.array(&name)?;
        change(env, doc, |txn| {
            check_index(index, length, array.len(txn))?;
            array.remove_range(txn, index as u32, length as u32);
            Ok(())
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayJson(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let array = doc.array(&name)?;
        let value = array.to_json(&doc.transact());
        java_string(env, &to_json(&value))
    })
}

/// Starts recording a root map's changes as Yjs's `YMapEvent.changes.keys` shows them:
/// `{"key":{"action":"add"},"other":{"action":"update","oldValue":1},"gone":{"action":"delete","oldValue":2}}`.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapObserve(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) {
    guarded(&mut env, (), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        if !doc.observed.borrow_mut().insert(format!("map:{name}")) {
            return Ok(());
        }
        let map = doc.map(&name)?;
        let events = doc.events.clone();
        map.observe("promptstudio", move |txn, event| {
            record(&events, "map", &name, txn, map_change_json(txn, event));
        });
        Ok(())
    })
}

/// Starts recording a root array's changes as Yjs's `YArrayEvent.changes.delta`:
/// `[{"retain":2},{"insert":[1,"x"]},{"delete":1}]`.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayObserve(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) {
    guarded(&mut env, (), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        if !doc.observed.borrow_mut().insert(format!("array:{name}")) {
            return Ok(());
        }
        let array = doc.array(&name)?;
        let events = doc.events.clone();
        array.observe("promptstudio", move |txn, event| {
            record(&events, "array", &name, txn, array_change_json(txn, event));
        });
        Ok(())
    })
}

/// A map event as Yjs's `YMapEvent.changes.keys`.
pub(crate) fn map_change_json(txn: &yrs::TransactionMut, event: &yrs::types::map::MapEvent) -> String {
    let mut out = String::from("{");
    for (i, (key, change)) in event.keys(txn).iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&to_json(&yrs::Any::from(key.to_string())));
        match change {
            yrs::types::EntryChange::Inserted(_) => out.push_str(":{\"action\":\"add\"}"),
            yrs::types::EntryChange::Updated(old, _) => {
                out.push_str(":{\"action\":\"update\",\"oldValue\":");
                out.push_str(&out_to_json(old.clone(), txn));
                out.push('}');
            }
            yrs::types::EntryChange::Removed(old) => {
                out.push_str(":{\"action\":\"delete\",\"oldValue\":");
                out.push_str(&out_to_json(old.clone(), txn));
                out.push('}');
            }
        }
    }
    out.push('}');
    out
}

/// An array event as Yjs's `YArrayEvent.changes.delta`.
pub(crate) fn array_change_json(txn: &yrs::TransactionMut, event: &yrs::types::array::ArrayEvent) -> String {
    let mut out = String::from("[");
    for (i, change) in event.delta(txn).iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match change {
            yrs::types::Change::Added(values) => {
                out.push_str("{\"insert\":[");
                for (j, value) in values.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    out.push_str(&out_to_json(value.clone(), txn));
                }
                out.push_str("]}");
            }
            yrs::types::Change::Removed(count) => out.push_str(&format!("{{\"delete\":{count}}}")),
            yrs::types::Change::Retain(count) => out.push_str(&format!("{{\"retain\":{count}}}")),
        }
    }
    out.push(']');
    out
}

/// What `kind` (0 text, 1 map, 2 array) makes: an empty shared type to nest.
fn empty_type(kind: jint) -> Outcome<yrs::In> {
    match kind {
        0 => Ok(yrs::In::Text(yrs::types::text::TextPrelim::new("").into())),
        1 => Ok(yrs::In::Map(yrs::MapPrelim::default())),
        2 => Ok(yrs::In::Array(yrs::ArrayPrelim::default())),
        other => Err(Failure(ILLEGAL_ARGUMENT, format!("no shared type of kind {other}"))),
    }
}

/// Sets a map key to a new, empty shared type (a text, map or array inside the map).
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapSetType(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, key: JString, kind: jint,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let key = string(env, &key)?;
        let value = empty_type(kind)?;
        let map = doc.map(&name)?;
        change(env, doc, |txn| {
            map.insert(txn, key, value);
            Ok(())
        })
    })
}

/// The kind and address of the shared type at a map key (`T`, `M` or `A`, then the address), or null when the
/// key holds a plain value or nothing.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_mapTypeAt(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, key: JString,
) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let key = string(env, &key)?;
        let map = doc.map(&name)?;
        let address = map.get(&doc.transact(), &key).as_ref().and_then(nested_address);
        match address {
            Some(address) => java_string(env, &address),
            None => Ok(std::ptr::null_mut()),
        }
    })
}

/// Inserts a new, empty shared type at an index of an array.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayInsertType(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, kind: jint,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let value = empty_type(kind)?;
        let array = doc.array(&name)?;
        change(env, doc, |txn| {
            check_index(index, 0, array.len(txn))?;
            array.insert(txn, index as u32, value);
            Ok(())
        })
    })
}

/// The kind and address of the shared type at an array index, or null when it holds a plain value.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_arrayTypeAt(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint,
) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let array = doc.array(&name)?;
        let txn = doc.transact();
        check_index(index, 1, array.len(&txn))?;
        let address = array.get(&txn, index as u32).as_ref().and_then(nested_address);
        drop(txn);
        match address {
            Some(address) => java_string(env, &address),
            None => Ok(std::ptr::null_mut()),
        }
    })
}

/// Starts recording every change inside a root type and the types nested in it (Yjs's `observeDeep`), as
/// `[{"path":["key",0],"kind":"text","change":…}, …]`: the path from the root to the changed type, and the change
/// as that type's own observer shows it.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_observeDeep(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, kind: jint,
) {
    guarded(&mut env, (), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        if !doc.observed.borrow_mut().insert(format!("deep:{name}")) {
            return Ok(());
        }
        let events = doc.events.clone();
        let root = name.clone();
        let record_deep = move |txn: &yrs::TransactionMut, deep: &yrs::types::Events| {
            let mut out = String::from("[");
            for (i, event) in deep.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let (kind, path, change) = match event {
                    yrs::types::Event::Text(e) => ("text", e.path(), crate::text::text_delta_json(txn, e)),
                    yrs::types::Event::Map(e) => ("map", e.path(), map_change_json(txn, e)),
                    yrs::types::Event::Array(e) => ("array", e.path(), array_change_json(txn, e)),
                    _ => continue,
                };
                out.push_str("{\"path\":[");
                for (j, segment) in path.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    match segment {
                        yrs::types::PathSegment::Key(key) => out.push_str(&to_json(&Any::from(key.to_string()))),
                        yrs::types::PathSegment::Index(index) => out.push_str(&index.to_string()),
                    }
                }
                out.push_str(&format!("],\"kind\":\"{kind}\",\"change\":{change}}}"));
            }
            out.push(']');
            record(&events, "deep", &root, txn, out);
        };
        match kind {
            0 => {
                use yrs::DeepObservable;
                doc.text(name)?.observe_deep("promptstudio-deep", record_deep)
            }
            1 => {
                use yrs::DeepObservable;
                doc.map(&name)?.observe_deep("promptstudio-deep", record_deep)
            }
            2 => {
                use yrs::DeepObservable;
                doc.array(&name)?.observe_deep("promptstudio-deep", record_deep)
            }
            other => return Err(Failure(ILLEGAL_ARGUMENT, format!("no shared type of kind {other}"))),
        }
        Ok(())
    })
}
