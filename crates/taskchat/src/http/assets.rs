//! The web app: `web/`, embedded in release builds and read from disk in debug builds (rust-embed), so front-end
//! edits show on reload. Paths without a file extension are the app's own routes and get `index.html`.

use axum::extract::State;
use axum::http::{HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{ApiError, AppJson};
use crate::config::{ChatKitUi, Config};
use crate::state::AppState;

#[derive(rust_embed::Embed)]
#[folder = "../../web/"]
#[exclude = "node_modules/*"]
#[exclude = "tests/*"]
#[exclude = "package.json"]
#[exclude = "package-lock.json"]
#[exclude = "tsconfig.json"]
#[exclude = ".gitignore"]
struct Web;

/// Only our own scripts (plus the official ChatKit component's origin when that UI is on, which loads its
/// script, styles and frame from there); images may come from anywhere over HTTPS (widgets show them); never
/// framed ourselves.
pub fn content_security_policy(config: &Config) -> String {
    let chatkit_origin = match config.chatkit_ui {
        ChatKitUi::Builtin => None,
        ChatKitUi::Official | ChatKitUi::Auto => reqwest::Url::parse(&config.chatkit_script_url)
            .ok()
            .map(|url| url.origin().ascii_serialization())
            .filter(|origin| origin != "null"),
    };
    let extra = chatkit_origin.map(|origin| format!(" {origin}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{extra}; style-src 'self' 'unsafe-inline'{extra}; \
         img-src 'self' data: https:; connect-src 'self'{extra}; frame-src 'self'{extra}; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `GET /api/ui-config`: which chat UI the web app shows, and what the official component needs. Public: the
/// page asks before anyone signs in.
pub async fn ui_config(State(state): State<AppState>) -> AppJson<Value> {
    let config = &state.config;
    AppJson(json!({
        "chatkitUi": config.chatkit_ui,
        "officialScriptUrl": config.chatkit_script_url,
        "domainKey": config.chatkit_domain_key,
        "officialLoadTimeoutMs": 3000,
    }))
}

fn file(path: &str, csp: &HeaderValue) -> Option<Response> {
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
    headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    Some(response)
}

/// Every path no API route claimed; `csp` is the policy, computed once from the configuration by the router.
pub async fn serve(csp: HeaderValue, method: Method, uri: Uri) -> Result<Response, ApiError> {
    let path = uri.path().trim_start_matches('/');
    let is_api = path.starts_with("api/") || path == "api" || path == "chatkit";
    if is_api || !(method == Method::GET || method == Method::HEAD) {
        return Err(ApiError::NotFound(format!("{method} /{path}")));
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(response) = file(path, &csp) {
        return Ok(response);
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if !last_segment.contains('.')
        && let Some(response) = file("index.html", &csp)
    {
        return Ok(response);
    }
    Err(ApiError::NotFound(format!("/{path}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn the_policy_names_the_official_script_origin_only_when_that_ui_is_on() {
        let mut config = Config::parse_from(["taskchat", "--chatkit-script-url", "https://cdn.example.com/a/ck.js"]);
        let builtin = content_security_policy(&config);
        assert!(builtin.contains("script-src 'self';"), "{builtin}");
        assert!(!builtin.contains("cdn.example.com"), "{builtin}");
        for ui in [ChatKitUi::Official, ChatKitUi::Auto] {
            config.chatkit_ui = ui;
            let policy = content_security_policy(&config);
            assert!(policy.contains("script-src 'self' https://cdn.example.com;"), "{policy}");
            assert!(policy.contains("frame-src 'self' https://cdn.example.com;"), "{policy}");
            assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        }
    }
}
