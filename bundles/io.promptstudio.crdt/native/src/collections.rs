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
        let map = doc.get_or_insert_map(name.as_str());
        let events = doc.events.clone();
        map.observe("promptstudio", move |txn, event| {
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
            record(&events, "map", &name, txn, out);
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
        let array = doc.get_or_insert_array(name.as_str());
        let events = doc.events.clone();
        array.observe("promptstudio", move |txn, event| {
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
            record(&events, "array", &name, txn, out);
        });
        Ok(())
    })
}
