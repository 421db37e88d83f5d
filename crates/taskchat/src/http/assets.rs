//! The web app: `web/`, embedded in release builds and read from disk in debug builds (rust-embed), so front-end
//! edits show on reload. Paths without a file extension are the app's own routes and get `index.html`.

use axum::http::{HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};

use super::ApiError;

#[derive(rust_embed::Embed)]
#[folder = "../../web/"]
#[exclude = "node_modules/*"]
#[exclude = "tests/*"]
#[exclude = "package.json"]
#[exclude = "package-lock.json"]
#[exclude = "tsconfig.json"]
#[exclude = ".gitignore"]
struct Web;

/// Only our own scripts; images may come from anywhere over HTTPS (widgets show them); never framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

fn file(path: &str) -> Option<Response> {
    let file = Web::get(path)?;
    let mime = file.metadata.mimetype().to_owned();
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Small files, no build step and no content hashes: always revalidate.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    Some(response)
}

/// Every path no API route claimed.
pub async fn serve(method: Method, uri: Uri) -> Result<Response, ApiError> {
    let path = uri.path().trim_start_matches('/');
    let is_api = path.starts_with("api/") || path == "api" || path == "chatkit";
    if is_api || !(method == Method::GET || method == Method::HEAD) {
        return Err(ApiError::NotFound(format!("{method} /{path}")));
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(response) = file(path) {
        return Ok(response);
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if !last_segment.contains('.')
        && let Some(response) = file("index.html")
    {
        return Ok(response);
    }
    Err(ApiError::NotFound(format!("/{path}")))
}
