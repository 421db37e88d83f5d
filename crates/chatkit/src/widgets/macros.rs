//! Macros shared by the widget modules: literal string enums, builder setters, component structs.

/// Defines a `Copy` enum whose variants serialize as the given exact strings.
macro_rules! str_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($variant:ident = $lit:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $(
                #[doc = concat!("`\"", $lit, "\"`")]
                #[serde(rename = $lit)]
                $variant,
            )+
        }

        impl $name {
            /// The exact string sent on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $lit,)+
                }
            }
        }
    };
}

/// Builder setters for `Option<T>` fields, taking `T` as is (used for numbers and enums of one type).
macro_rules! setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            #[must_use]
            pub fn $field(mut self, value: $ty) -> Self {
                self.$field = Some(value);
                self
            }
        )*
    };
}

/// Builder setters for `Option<T>` fields, taking anything convertible into `T`.
macro_rules! into_setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            #[must_use]
            pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                self.$field = Some(value.into());
                self
            }
        )*
    };
}

/// Defines a widget component struct: `key` and `id`, then the required fields (first brace group, emitted
/// as written), the optional fields taking `impl Into<T>` setters (second group) and the optional fields
/// taking plain `T` setters (third group, for integers). Optional fields are `Option<T>`, omitted when
/// `None`. Field names are camelCased on the wire and unknown fields are rejected. Generates the private
/// constructor `with_required(required fields...)`.
macro_rules! widget {
    (
        $(#[$meta:meta])*
        $name:ident {
            $($(#[$rmeta:meta])* $rfield:ident: $rty:ty),* $(,)?
        } {
            $($(#[$ometa:meta])* $ofield:ident: $oty:ty),* $(,)?
        } $({
            $($(#[$nmeta:meta])* $nfield:ident: $nty:ty),* $(,)?
        })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// Key distinguishing siblings when the client reconciles updates.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub key: Option<String>,
            /// Identifier, unique within the widget tree (`{purpose}_{type}`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            $($(#[$rmeta])* pub $rfield: $rty,)*
            $(
                $(#[$ometa])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $ofield: Option<$oty>,
            )*
            $($(
                $(#[$nmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $nfield: Option<$nty>,
            )*)?
        }

        impl $name {
            #[allow(clippy::too_many_arguments)]
            fn with_required($($rfield: $rty),*) -> Self {
                Self { key: None, id: None, $($rfield,)* $($ofield: None,)* $($($nfield: None,)*)? }
            }

            into_setters! { key: String, id: String, $($ofield: $oty),* }
            $(setters! { $($nfield: $nty),* })?
        }
    };
}

/// Defines `child` and `children` builders appending to the `children: Vec<$item>` field.
macro_rules! children_builders {
    ($item:ty) => {
        /// Appends one child.
        #[must_use]
        pub fn child(mut self, child: impl Into<$item>) -> Self {
            self.children.push(child.into());
            self
        }

        /// Appends several children.
        #[must_use]
        pub fn children<C: Into<$item>>(mut self, children: impl IntoIterator<Item = C>) -> Self {
            self.children.extend(children.into_iter().map(Into::into));
            self
        }
    };
}

/// Defines a serde `with` module for a `Vec<$ty>` whose items carry the `type` tag `$tag` on the wire
/// (the children of `ListView`, `Table` and `Table.Row` are typed, yet each still says its type).
macro_rules! tagged_vec {
    ($module:ident, $ty:ty, $tag:tt) => {
        pub(crate) mod $module {
            use super::*;
            use serde::{Deserialize, Deserializer, Serialize, Serializer};

            #[derive(Serialize)]
            #[serde(tag = "type")]
            enum Ref<'a> {
                #[serde(rename = $tag)]
                Item(&'a $ty),
            }

            #[derive(Deserialize)]
            #[serde(tag = "type")]
            enum Owned {
                #[serde(rename = $tag)]
                Item($ty),
            }

            pub(crate) fn serialize<S: Serializer>(items: &[$ty], serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(items.iter().map(Ref::Item))
            }

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<$ty>, D::Error> {
                let items = Vec::<Owned>::deserialize(deserializer)?;
                Ok(items.into_iter().map(|Owned::Item(item)| item).collect())
            }
        }
    };
}
