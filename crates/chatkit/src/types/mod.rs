//! The wire types of the protocol, named one-to-one after the SDK's.

mod content;
mod events;
mod items;
mod page;
mod requests;
mod thread;
pub mod time;
mod updates;
mod workflow;

pub use content::*;
pub use events::*;
pub use items::*;
pub use page::Page;
pub use requests::*;
pub use thread::*;
pub use updates::ThreadItemUpdate;
pub use workflow::*;
