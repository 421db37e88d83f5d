//! `GET /api/openapi.json`: the REST API's OpenAPI document, generated from the handlers.

use utoipa::OpenApi;

use super::{auth, tasks};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "taskchat",
        description = "Tasks and accounts. The chat itself is the ChatKit protocol at POST /chatkit."
    ),
    paths(
        tasks::list,
        tasks::create,
        tasks::get,
        tasks::update,
        tasks::delete,
        auth::sign_up,
        auth::sign_in,
        auth::sign_out,
        auth::get_session,
    ),
    components(schemas(
        crate::tasks::Task,
        crate::tasks::Priority,
        tasks::CreateTask,
        tasks::UpdateTask,
        tasks::TaskList
    ))
)]
pub struct ApiDoc;

pub async fn document() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
