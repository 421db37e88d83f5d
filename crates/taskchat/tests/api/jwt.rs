//! External identities: Bearer JWTs verified against a JWKS served by a test issuer on a random port.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
use serde_json::{Value, json};

use crate::fixtures::rsa_key::{RSA_E, RSA_N, RSA_PRIVATE_KEY_DER_BASE64};
use crate::helpers::{Backend, TestApp, spawn_app_with};

const ISSUER: &str = "https://auth.test.invalid";
const AUDIENCE: &str = "taskchat";

/// A signing key and the public JWK that verifies it.
struct SigningKey {
    algorithm: Algorithm,
    kid: String,
    key: EncodingKey,
    jwk: Value,
}

fn ed25519(kid: &str) -> SigningKey {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).expect("an Ed25519 key");
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("parses");
    SigningKey {
        algorithm: Algorithm::EdDSA,
        kid: kid.into(),
        key: EncodingKey::from_ed_der(pkcs8.as_ref()),
        jwk: json!({"kty": "OKP", "crv": "Ed25519", "kid": kid, "use": "sig", "alg": "EdDSA",
                    "x": URL_SAFE_NO_PAD.encode(pair.public_key().as_ref())}),
    }
}

fn es256(kid: &str) -> SigningKey {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("a P-256 key");
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).expect("parses");
    let point = pair.public_key().as_ref(); // 0x04 || X || Y
    SigningKey {
        algorithm: Algorithm::ES256,
        kid: kid.into(),
        key: EncodingKey::from_ec_der(pkcs8.as_ref()),
        jwk: json!({"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
                    "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])}),
    }
}

fn rs256(kid: &str) -> SigningKey {
    let der = STANDARD.decode(RSA_PRIVATE_KEY_DER_BASE64).expect("the fixture is base64");
    SigningKey {
        algorithm: Algorithm::RS256,
        kid: kid.into(),
        key: EncodingKey::from_rsa_der(&der),
        jwk: json!({"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": RSA_N, "e": RSA_E}),
    }
}

impl SigningKey {
    fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(self.algorithm);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key).expect("signs")
    }
}

fn claims(sub: &str, extra: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut claims = json!({"sub": sub, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600});
    if let (Some(claims), Some(extra)) = (claims.as_object_mut(), extra.as_object()) {
        claims.extend(extra.clone());
    }
    claims
}

/// A JWKS endpoint whose key set a test can change.
async fn issuer(keys: Vec<Value>) -> (String, Arc<Mutex<Vec<Value>>>) {
    let shared = Arc::new(Mutex::new(keys));
    let app = Router::new()
        .route(
            "/jwks",
            get(|State(keys): State<Arc<Mutex<Vec<Value>>>>| async move {
                let keys = keys.lock().expect("lock").clone();
                axum::Json(json!({"keys": keys}))
            }),
        )
        .with_state(Arc::clone(&shared));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}/jwks", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, shared)
}

async fn app_trusting(jwks_url: &str) -> TestApp {
    let url = jwks_url.to_owned();
    spawn_app_with(Backend::Sqlite, move |config| {
        config.auth_jwks_url = Some(url);
        config.auth_jwt_issuer = Some(ISSUER.into());
        config.auth_jwt_audience = Some(AUDIENCE.into());
        config.auth_jwks_refresh_seconds = 0;
    })
    .await
    .expect("SQLite is always available")
}

async fn tasks_with(app: &TestApp, token: &str) -> reqwest::Response {
    app.client.get(format!("{}/api/tasks", app.address)).bearer_auth(token).send().await.expect("request")
}

#[tokio::test]
async fn tokens_signed_with_eddsa_rs256_and_es256_sign_in_a_local_user_created_on_first_sight() {
    let keys = [ed25519("ed-1"), rs256("rsa-1"), es256("ec-1")];
    let (url, _) = issuer(keys.iter().map(|key| key.jwk.clone()).collect()).await;
    let app = app_trusting(&url).await;
    for key in &keys {
        let sub = format!("user-{:?}", key.algorithm);
        let token = key.sign(&claims(&sub, json!({"email": format!("{sub}@example.com"), "name": "Jo"})));
        let created = app
            .client
            .post(format!("{}/api/tasks", app.address))
            .bearer_auth(&token)
            .json(&json!({"title": format!("from {sub}")}))
            .send()
            .await
            .expect("request");
        assert_eq!(created.status(), StatusCode::CREATED, "{:?}", key.algorithm);
        // The same subject is the same user: the task is there on the next request.
        let list: Value = tasks_with(&app, &token).await.json().await.expect("JSON");
        assert_eq!(list["data"].as_array().map(Vec::len), Some(1), "{:?}: {list}", key.algorithm);
        assert_eq!(list["data"][0]["title"], format!("from {sub}"));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE external_subject LIKE $1", &format!("{ISSUER}|%")).await, 3);
}

#[tokio::test]
async fn expired_foreign_forged_and_misaddressed_tokens_are_refused() {
    let key = ed25519("ed-1");
    let (url, _) = issuer(vec![key.jwk.clone()]).await;
    let app = app_trusting(&url).await;
    let now = chrono::Utc::now().timestamp();
    let forger = ed25519("ed-1"); // same kid, different key
    let cases = [
        ("expired", key.sign(&claims("u1", json!({"exp": now - 3600, "iat": now - 7200})))),
        ("wrong issuer", key.sign(&claims("u1", json!({"iss": "https://evil.invalid"})))),
        ("wrong audience", key.sign(&claims("u1", json!({"aud": "someone-else"})))),
        ("forged signature", forger.sign(&claims("u1", json!({})))),
        ("unknown key", ed25519("ed-unknown").sign(&claims("u1", json!({})))),
        ("no subject", key.sign(&json!({"iss": ISSUER, "aud": AUDIENCE, "exp": now + 600}))),
    ];
    for (what, token) in cases {
        let response = tasks_with(&app, &token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what} must be refused");
    }
    let hs256 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims("u1", json!({})),
        &EncodingKey::from_secret(b"guess"),
    )
    .expect("signs");
    assert_eq!(tasks_with(&app, &hs256).await.status(), StatusCode::UNAUTHORIZED, "HMAC tokens are refused");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE external_subject IS NOT NULL AND id <> $1", "").await, 0);
}

#[tokio::test]
async fn unknown_key_ids_do_not_make_the_server_fetch_keys_more_often_than_configured() {
    let key = ed25519("ed-1");
    let (url, keys) = issuer(vec![key.jwk.clone()]).await;
    let fetch_url = url.clone();
    let app = spawn_app_with(Backend::Sqlite, move |config| {
        config.auth_jwks_url = Some(fetch_url);
        config.auth_jwks_refresh_seconds = 3600;
    })
    .await
    .expect("SQLite is always available");
    assert_eq!(tasks_with(&app, &key.sign(&claims("u", json!({})))).await.status(), StatusCode::OK);
    // A key that appears at the issuer later is not fetched within the interval: its tokens wait.
    let later = ed25519("ed-2");
    keys.lock().expect("lock").push(later.jwk.clone());
    assert_eq!(tasks_with(&app, &later.sign(&claims("u", json!({})))).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_signed_by_a_rotated_in_key_is_accepted_after_the_keys_are_fetched_again() {
    let old = ed25519("2025-old");
    let (url, keys) = issuer(vec![old.jwk.clone()]).await;
    let app = app_trusting(&url).await;
    assert_eq!(tasks_with(&app, &old.sign(&claims("rotating", json!({})))).await.status(), StatusCode::OK);
    let new = es256("2026-new");
    keys.lock().expect("lock").push(new.jwk.clone());
    assert_eq!(tasks_with(&app, &new.sign(&claims("rotating", json!({})))).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_external_identity_never_takes_over_a_local_account_with_the_same_email() {
    let key = rs256("rsa-1");
    let (url, _) = issuer(vec![key.jwk.clone()]).await;
    let app = app_trusting(&url).await;
    let local = app.new_user("owner").await;
    local.create_task(&json!({"title": "private"})).await;
    let token = key.sign(&claims("intruder", json!({"email": local.email})));
    let list: Value = tasks_with(&app, &token).await.json().await.expect("JSON");
    assert_eq!(list["data"], json!([]), "the external user sees none of the local user's tasks");
}
