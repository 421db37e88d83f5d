//! Reading objects tagged by `type` (thread items, widget components) without serde's buffering.
//!
//! serde's derive for an internally tagged enum buffers the whole object before it looks at the tag, and a tree of
//! them is buffered again at every level: a stored 50-row task list, six levels deep, was copied into serde's
//! buffer six times before a click could be handled. [`deserialize_by_tag!`] reads `type` first when it comes
//! first, as serde writes it, and then reads the rest of the object straight into the member. When it comes
//! later (the SDK writes `id` before `type`), the object is gathered once into a `serde_json::Value` and read by
//! its tag.

use serde::Deserialize;
use serde::de::{Error, MapAccess};

/// The key of a tagged object: `type`, or another (kept, to gather the object when `type` comes later).
pub(crate) enum FirstKey {
    Type,
    Other(String),
}

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = FirstKey;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: Error>(self, key: &str) -> Result<FirstKey, E> {
                Ok(if key == "type" { FirstKey::Type } else { FirstKey::Other(key.to_owned()) })
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The tag and the other fields of an object whose `type` is not its first key (`first`: the key already read).
pub(crate) fn gather<'de, A: MapAccess<'de>>(
    first: Option<FirstKey>,
    mut map: A,
) -> Result<(String, serde_json::Value), A::Error> {
    let mut fields = serde_json::Map::new();
    let mut tag = None;
    let mut key = first;
    while let Some(current) = key {
        match current {
            FirstKey::Type if tag.is_some() => return Err(A::Error::duplicate_field("type")),
            FirstKey::Type => tag = Some(map.next_value::<String>()?),
            FirstKey::Other(name) => {
                let value = map.next_value::<serde_json::Value>()?;
                fields.insert(name, value);
            }
        }
        key = map.next_key()?;
    }
    let tag = tag.ok_or_else(|| A::Error::missing_field("type"))?;
    Ok((tag, serde_json::Value::Object(fields)))
}

/// `Deserialize` for an enum tagged by `type`: `Enum, "tag" => Member => constructor, …`. Also defines
/// `Enum::from_tagged(tag, fields)`, which reads the member named `tag` from the object's other fields.
macro_rules! deserialize_by_tag {
    ($name:ident, $($tag:literal => $ty:ty => $make:expr),+ $(,)?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct TagVisitor;
                impl<'de> serde::de::Visitor<'de> for TagVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), ": an object with a `type`"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        match map.next_key::<$crate::tagged::FirstKey>()? {
                            Some($crate::tagged::FirstKey::Type) => {
                                let tag: String = map.next_value()?;
                                $name::from_tagged(&tag, serde::de::value::MapAccessDeserializer::new(map))
                            }
                            first => {
                                let (tag, fields) = $crate::tagged::gather(first, map)?;
                                $name::from_tagged(&tag, fields).map_err(serde::de::Error::custom)
                            }
                        }
                    }
                }
                deserializer.deserialize_map(TagVisitor)
            }
        }

        impl $name {
            /// The member named `tag`, read from `fields` (the object without its `type`).
            fn from_tagged<'de, D: serde::Deserializer<'de>>(tag: &str, fields: D) -> Result<Self, D::Error> {
                match tag {
                    $($tag => <$ty as serde::Deserialize>::deserialize(fields).map($make),)+
                    other => Err(serde::de::Error::unknown_variant(other, &[$($tag),+])),
                }
            }
        }
    };
}

pub(crate) use deserialize_by_tag;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::types::ThreadItem;
    use crate::widgets::WidgetComponent;

    fn component(json: &str) -> Result<WidgetComponent, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn type_first_and_type_later_read_the_same() {
        let first = component(r#"{"type":"Row","gap":2,"children":[{"type":"Text","id":"a","value":"hi"}]}"#);
        let later = component(r#"{"gap":2,"children":[{"id":"a","value":"hi","type":"Text"}],"type":"Row"}"#);
        assert_eq!(first.expect("type first"), later.expect("type later"));

        let item = json!({"id": "msg_1", "thread_id": "thr_1", "created_at": "2026-11-26T00:00:00Z",
            "widget": {"type": "Card", "children": [{"type": "Text", "value": "hi"}]}});
        let mut tagged_first = serde_json::Map::from_iter([("type".to_owned(), json!("widget"))]);
        tagged_first.extend(item.as_object().expect("object").clone());
        let mut tagged_last = item.as_object().expect("object").clone();
        tagged_last.insert("type".to_owned(), json!("widget"));
        let first: ThreadItem =
            serde_json::from_str(&serde_json::to_string(&tagged_first).expect("json")).expect("item");
        let last: ThreadItem = serde_json::from_str(&serde_json::to_string(&tagged_last).expect("json")).expect("item");
        assert_eq!(first, last);
        assert!(matches!(first, ThreadItem::Widget(_)));
    }

    #[test]
    fn a_missing_unknown_or_repeated_type_and_unknown_fields_are_errors() {
        assert!(component(r#"{"value":"hi"}"#).expect_err("no type").contains("missing field `type`"));
        assert!(component(r#"{"type":"Nope"}"#).expect_err("unknown").contains("unknown variant `Nope`"));
        assert!(component(r#"{"value":"hi","type":"Nope"}"#).expect_err("unknown").contains("unknown variant `Nope`"));
        assert!(component(r#"{"value":"hi","type":"Text","type":"Text"}"#).expect_err("twice").contains("duplicate"));
        assert!(component(r#"{"type":"Text","value":"hi","colour":"red"}"#).expect_err("typo").contains("colour"));
        assert!(component(r#"{"value":"hi","colour":"red","type":"Text"}"#).expect_err("typo").contains("colour"));
        assert!(component(r#"{"type":7}"#).is_err());
        assert!(component(r#"["Text"]"#).is_err());
    }
}
