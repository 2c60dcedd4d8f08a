//! Documents and what travels between peers: state vectors, updates v1/v2, snapshots, merges.

use super::*;

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

/// For the benchmark only: replays edits (position, deleted length, inserted text) on a root text inside Rust, one
/// transaction each, optionally encoding each one's update, and answers the nanoseconds it took — the same work
/// as one JNI call per edit, without the crossings, so that `bench-crdt` can show what they cost.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_benchReplay(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, positions: jni::objects::JIntArray, deleted: jni::objects::JIntArray,
    inserted: JObjectArray, encode: jboolean,
) -> jlong {
    guarded(&mut env, -1, |env| {
        let doc = doc(handle)?;
        let text = doc.text(string(env, &name)?)?;
        let count = env.get_array_length(&positions).map_err(argument("not an array"))? as usize;
        let mut at = vec![0; count];
        let mut removed = vec![0; count];
        env.get_int_array_region(&positions, 0, &mut at).map_err(argument("not an int array"))?;
        env.get_int_array_region(&deleted, 0, &mut removed).map_err(argument("not an int array"))?;
        let mut chunks = Vec::with_capacity(count);
        for i in 0..count {
            let item = env.get_object_array_element(&inserted, i as jint).map_err(argument("not a string array"))?;
            chunks.push(string(env, &JString::from(item))?);
        }
        let start = std::time::Instant::now();
        let mut encoded = 0usize;
        for i in 0..count {
            let mut txn = doc.transact_mut();
            if removed[i] > 0 {
                text.remove_range(&mut txn, at[i] as u32, removed[i] as u32);
            }
            if !chunks[i].is_empty() {
                text.insert(&mut txn, at[i] as u32, &chunks[i]);
            }
            if encode == JNI_TRUE {
                encoded += txn.encode_update_v1().len();
            }
        }
        let nanos = start.elapsed().as_nanos() as jlong;
        std::hint::black_box(encoded);
        Ok(nanos)
    })
}
