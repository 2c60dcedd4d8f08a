//! Root texts: edits, content and delta, relative positions, observers.

use super::*;

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textInsert(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, chunk: JString, attributes: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let chunk = string(env, &chunk)?;
        let attributes = if attributes.is_null() { None } else { Some(attrs(&string(env, &attributes)?)?) };
        let text = doc.text(name)?;
        change(env, doc, |txn| {
            check_index(index, 0, text.len(txn))?;
            match attributes {
                Some(attrs) => text.insert_with_attributes(txn, index as u32, &chunk, attrs),
                None => text.insert(txn, index as u32, &chunk),
            };
            Ok(())
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textDelete(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, length: jint,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let text = doc.text(name)?;
        change(env, doc, |txn| {
            check_index(index, length, text.len(txn))?;
            text.remove_range(txn, index as u32, length as u32);
            Ok(())
        })
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
        let text = doc.text(name)?;
        change(env, doc, |txn| {
            check_index(index, length, text.len(txn))?;
            text.format(txn, index as u32, length as u32, attrs);
            Ok(())
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textString(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let text = doc.text(name)?;
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
        let text = doc.text(name)?;
        let txn = doc.transact();
        let mut out = String::from("[");
        for (i, diff) in text.diff(&txn, YChange::identity).into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"insert\":");
            out.push_str(&out_to_json(diff.insert, &txn));
            if let Some(attributes) = diff.attributes {
                out.push_str(",\"attributes\":");
                out.push_str(&attributes_json(&attributes));
            }
            out.push('}');
        }
        out.push(']');
        java_string(env, &out)
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
        let text = doc.text(name)?;
        let txn = doc.transact();
        check_index(index, 0, text.len(&txn))?;
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

/// Starts recording the changes of a root text as Yjs text-event deltas, with the transaction's origin.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textObserve(mut env: JNIEnv, _: JClass, handle: jlong, name: JString) {
    guarded(&mut env, (), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        if !doc.observed.borrow_mut().insert(format!("text:{name}")) {
            return Ok(());
        }
        let text = doc.text(name.clone())?;
        let events = doc.events.clone();
        text.observe("promptstudio", move |txn, event| {
            record(&events, "text", &name, txn, text_delta_json(txn, event));
        });
        Ok(())
    })
}

/// The recorded changes, flattened as kind, name, origin (null for none), change JSON, … — and forgets them.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_drainEvents(mut env: JNIEnv, _: JClass, handle: jlong) -> jni::sys::jobjectArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let drained: Vec<Event> = match doc.events.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => Vec::new(),
        };
        let array = env
            .new_object_array((drained.len() * 4) as jint, "java/lang/String", jni::objects::JObject::null())
            .map_err(|e| Failure(ILLEGAL_STATE, format!("cannot make an array: {e}")))?;
        for (i, (kind, name, origin, change)) in drained.into_iter().enumerate() {
            let values = [Some(kind.to_string()), Some(name), origin, Some(change)];
            for (j, value) in values.into_iter().enumerate() {
                if let Some(value) = value {
                    let s = env.new_string(value).map_err(|e| Failure(ILLEGAL_STATE, format!("cannot make a string: {e}")))?;
                    env.set_object_array_element(&array, (i * 4 + j) as jint, s)
                        .map_err(|e| Failure(ILLEGAL_STATE, format!("cannot fill the array: {e}")))?;
                }
            }
        }
        Ok(array.into_raw())
    })
}

/// A text event as Yjs's `YTextEvent.delta`: `[{"retain":5},{"insert":"x","attributes":{…}},{"delete":2}]`.
pub(crate) fn text_delta_json(txn: &yrs::TransactionMut, event: &yrs::types::text::TextEvent) -> String {
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
    out
}

/// Inserts an embed (any JSON value, such as an image's `{"image":"…"}`) as one unit of the text.
#[no_mangle]
pub extern "system" fn Java_io_promptstudio_crdt_Native_textInsertEmbed(
    mut env: JNIEnv, _: JClass, handle: jlong, name: JString, index: jint, embed: JString,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let doc = doc(handle)?;
        let name = string(env, &name)?;
        let embed = json(&string(env, &embed)?)?;
        let text = doc.text(name)?;
        change(env, doc, |txn| {
            check_index(index, 0, text.len(txn))?;
            text.insert_embed(txn, index as u32, embed);
            Ok(())
        })
    })
}
