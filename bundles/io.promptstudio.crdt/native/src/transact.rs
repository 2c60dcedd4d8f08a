//! Transactions of several operations with an origin, and undo managers over them.

use super::*;

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
        Some(Any::Map(map)) => Ok(Some(attrs_of(map))),
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
        let mut texts: Vec<(String, yrs::TextRef)> = Vec::new();
        let mut maps: Vec<(String, yrs::MapRef)> = Vec::new();
        let mut arrays: Vec<(String, yrs::ArrayRef)> = Vec::new();
        for op in &parsed {
            if let (Some(Any::String(kind)), Some(Any::String(name))) = (op.get("op"), op.get("type")) {
                let name = name.to_string();
                if kind.starts_with("map") {
                    maps.push((name.clone(), doc.map(&name)?));
                } else if kind.starts_with("array") {
                    arrays.push((name.clone(), doc.array(&name)?));
                } else {
                    texts.push((name.clone(), doc.text(name)?));
                }
            }
        }
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
            let text = doc.text(name)?;
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
