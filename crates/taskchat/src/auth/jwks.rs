//! External identities: Bearer JWTs (EdDSA, RS256, ES256) verified against an issuer's JWKS, e.g. a Better Auth
//! server's `/api/auth/jwks`. Keys are cached and fetched again when a token names an unknown `kid`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};

/// Clock skew tolerated on `exp` / `nbf`.
const LEEWAY_SECONDS: u64 = 30;

/// Where keys come from and what a token must say.
#[derive(Debug, Clone)]
pub struct JwtSettings {
    pub jwks_url: String,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    /// How often unknown `kid`s may trigger a fetch: a flood of forged tokens must not flood the issuer.
    pub min_refresh_interval: Duration,
}

/// Why a JWT was refused.
#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    #[error("the token is not a valid JWT: {0}")]
    Invalid(String),
    #[error("the token's key {0:?} is not in the issuer's key set")]
    UnknownKey(String),
    #[error("the token uses {0:?}; accepted are EdDSA, RS256 and ES256")]
    Algorithm(Algorithm),
    #[error("cannot fetch the issuer's keys: {0}")]
    Jwks(String),
}

/// The claims taskchat reads.
#[derive(Debug, Clone, Deserialize)]
pub struct ExternalClaims {
    pub sub: String,
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

struct CachedKeys {
    keys: HashMap<String, (DecodingKey, Algorithm)>,
    fetched_at: Option<Instant>,
}

/// Verifies JWTs against a cached JWKS.
pub struct JwtVerifier {
    settings: JwtSettings,
    client: reqwest::Client,
    cache: RwLock<CachedKeys>,
    refreshing: Mutex<()>,
}

/// Whether a Bearer token looks like a JWT (three dot-separated parts) rather than a session token.
pub fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3
}

fn algorithm_of(jwk: &Jwk) -> Option<Algorithm> {
    match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => Some(Algorithm::RS256),
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => Some(Algorithm::ES256),
        AlgorithmParameters::OctetKeyPair(okp) if okp.curve == EllipticCurve::Ed25519 => Some(Algorithm::EdDSA),
        _ => None,
    }
}

impl JwtVerifier {
    pub fn new(settings: JwtSettings) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self {
            settings,
            client,
            cache: RwLock::new(CachedKeys { keys: HashMap::new(), fetched_at: None }),
            refreshing: Mutex::new(()),
        }
    }

    /// Verifies signature, expiry, issuer and audience; answers the token's claims.
    pub async fn verify(&self, token: &str) -> Result<ExternalClaims, JwtError> {
        let header = jsonwebtoken::decode_header(token).map_err(|error| JwtError::Invalid(error.to_string()))?;
        if !matches!(header.alg, Algorithm::EdDSA | Algorithm::RS256 | Algorithm::ES256) {
            return Err(JwtError::Algorithm(header.alg));
        }
        let kid = header.kid.clone().unwrap_or_default();
        let (key, algorithm) = self.key(&kid).await?;
        if algorithm != header.alg {
            return Err(JwtError::Invalid(format!("the token says {:?} but its key is {algorithm:?}", header.alg)));
        }
        let mut validation = Validation::new(algorithm);
        validation.leeway = LEEWAY_SECONDS;
        validation.set_required_spec_claims(&["exp", "sub"]);
        match &self.settings.issuer {
            Some(issuer) => validation.set_issuer(&[issuer]),
            None => validation.iss = None,
        }
        match &self.settings.audience {
            Some(audience) => validation.set_audience(&[audience]),
            None => validation.validate_aud = false,
        }
        let data = jsonwebtoken::decode::<ExternalClaims>(token, &key, &validation)
            .map_err(|error| JwtError::Invalid(error.to_string()))?;
        Ok(data.claims)
    }

    async fn key(&self, kid: &str) -> Result<(DecodingKey, Algorithm), JwtError> {
        if let Some(found) = self.cache.read().await.keys.get(kid) {
            return Ok(found.clone());
        }
        let _one_fetch_at_a_time = self.refreshing.lock().await;
        {
            let cache = self.cache.read().await;
            if let Some(found) = cache.keys.get(kid) {
                return Ok(found.clone());
            }
            if cache.fetched_at.is_some_and(|at| at.elapsed() < self.settings.min_refresh_interval) {
                return Err(JwtError::UnknownKey(kid.to_owned()));
            }
        }
        let keys = self.fetch().await;
        let mut cache = self.cache.write().await;
        cache.fetched_at = Some(Instant::now());
        cache.keys = keys?;
        cache.keys.get(kid).cloned().ok_or_else(|| JwtError::UnknownKey(kid.to_owned()))
    }

    async fn fetch(&self) -> Result<HashMap<String, (DecodingKey, Algorithm)>, JwtError> {
        let response = self
            .client
            .get(&self.settings.jwks_url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| JwtError::Jwks(error.to_string()))?;
        let set: JwkSet = response.json().await.map_err(|error| JwtError::Jwks(error.to_string()))?;
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            let (Some(algorithm), Ok(key)) = (algorithm_of(jwk), DecodingKey::from_jwk(jwk)) else {
                tracing::warn!(kid = ?jwk.common.key_id, "skipping a JWKS key of an unsupported type");
                continue;
            };
            keys.insert(jwk.common.key_id.clone().unwrap_or_default(), (key, algorithm));
        }
        tracing::info!(keys = keys.len(), url = %self.settings.jwks_url, "fetched the JWT issuer's keys");
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_tokens_and_jwts_are_told_apart() {
        assert!(looks_like_jwt("eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"));
        assert!(!looks_like_jwt("HGXOhs-t-5SNU4bWdHcIxmWjoLC1hEzRAXfUf7hXFEo"));
    }
}
