//! The test harness: a real server on a random port over a fresh database, and typed helpers that speak HTTP to
//! it the way a client does. Every scenario is written once (`async fn name(app: TestApp)`) and run on SQLite and,
//! when `TASKCHAT_TEST_POSTGRES_URL` is set, on PostgreSQL, through [`backend_tests!`].
//!
//! `app` starts the server and reads its database; `user` speaks the API as one signed-in user; `checks` holds the
//! assertions and decoders every scenario shares.

mod app;
mod checks;
pub mod openai;
pub mod private_postgres;
mod user;

pub use app::*;
pub use checks::*;
pub use user::*;

/// Runs each named scenario `async fn name(app: TestApp)` of the calling module twice: `sqlite::name` and
/// `postgres::name`. `name with tweak` first applies `fn tweak(&mut Config)` to the test configuration.
macro_rules! backend_tests {
    ($($name:ident $(with $tweak:ident)?),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, |_config| {
                        $(super::$tweak(_config);)?
                    })
                    .await
                    .expect("SQLite is always available");
                    super::$name(app).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, |_config| {
                        $(super::$tweak(_config);)?
                    })
                    .await
                    else {
                        return;
                    };
                    super::$name(app).await;
                }
            )*
        }
    };
}
