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
