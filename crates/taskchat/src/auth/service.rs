//! `AuthService`: sign up, sign in, sign out, and resolving a session token to its user.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use super::jwks::{ExternalClaims, JwtError, looks_like_jwt};
use super::{CurrentUser, JwtVerifier, SessionToken, SignInThrottle, password};
use crate::db::{self, Db, DbError};

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("{0}")]
    Invalid(String),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("invalid email or password")]
    WrongCredentials,
    #[error("not signed in, or the session has expired")]
    Unauthenticated,
    #[error("the bearer token was refused: {0}")]
    ExternalToken(#[from] JwtError),
    #[error("too many sign-in attempts; try again in {} s", .0.as_secs().max(1))]
    Throttled(Duration),
    #[error("could not hash the password: {0}")]
    Hashing(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// `POST /api/auth/sign-up/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    pub email: String,
    pub password: String,
    pub name: String,
    /// Accepted for Better Auth compatibility; ignored.
    #[serde(default, rename = "callbackURL")]
    #[schema(ignore)]
    pub callback_url: Option<String>,
}

/// `POST /api/auth/sign-in/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// Accepted for Better Auth compatibility; ignored.
    #[serde(default, rename = "rememberMe")]
    #[schema(ignore)]
    pub remember_me: Option<bool>,
    /// Accepted for Better Auth compatibility; ignored.
    #[serde(default, rename = "callbackURL")]
    #[schema(ignore)]
    pub callback_url: Option<String>,
}

/// A new session: the token the client keeps, and its user.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub token: SessionToken,
    pub user: CurrentUser,
    pub expires_at: DateTime<Utc>,
}

const MIN_PASSWORD_CHARS: usize = 8;
const MAX_PASSWORD_CHARS: usize = 512;

fn normalise_email(raw: &str) -> Result<String, AuthError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if valid { Ok(email) } else { Err(AuthError::Invalid(format!("{:?} is not an email address", raw.trim()))) }
}

/// Accounts and sessions.
#[derive(Clone)]
pub struct AuthService {
    db: Db,
    session_ttl: chrono::Duration,
    throttle: Arc<SignInThrottle>,
    jwt: Option<Arc<JwtVerifier>>,
}

impl AuthService {
    pub fn new(db: Db, session_ttl_hours: u64, throttle: SignInThrottle, jwt: Option<JwtVerifier>) -> Self {
        let session_ttl = chrono::Duration::hours(i64::try_from(session_ttl_hours).unwrap_or(i64::MAX / 3_600_000_000));
        Self { db, session_ttl, throttle: Arc::new(throttle), jwt: jwt.map(Arc::new) }
    }

    pub async fn sign_up(&self, request: SignUp) -> Result<SessionInfo, AuthError> {
        let email = normalise_email(&request.email)?;
        let name = request.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AuthError::Invalid("the name must have 1 to 100 characters".into()));
        }
        let chars = request.password.chars().count();
        if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&chars) {
            return Err(AuthError::Invalid(format!(
                "the password must have {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"
            )));
        }
        let hash = password::hash(request.password).await.map_err(AuthError::Hashing)?;
        let user = db::users::insert(&self.db, &email, name, Some(&hash)).await.map_err(|error| match error {
            DbError::Conflict(_) => AuthError::EmailTaken,
            other => AuthError::Db(other),
        })?;
        self.start_session(CurrentUser { id: user.id, email: user.email, name: user.name }).await
    }

    pub async fn sign_in(&self, credentials: Credentials, address: Option<IpAddr>) -> Result<SessionInfo, AuthError> {
        let email = credentials.email.trim().to_lowercase();
        self.throttle.check(&email, address).map_err(AuthError::Throttled)?;
        let user = db::users::by_email(&self.db, &email).await?;
        let hash = user.as_ref().and_then(|user| user.password_hash.clone());
        if !password::verify(credentials.password, hash).await {
            return Err(AuthError::WrongCredentials);
        }
        let user = user.ok_or(AuthError::WrongCredentials)?;
        self.start_session(CurrentUser { id: user.id, email: user.email, name: user.name }).await
    }

    async fn start_session(&self, user: CurrentUser) -> Result<SessionInfo, AuthError> {
        let token = SessionToken::generate();
        let expires_at = chatkit::types::time::now() + self.session_ttl;
        db::sessions::insert(&self.db, &token.hash(), &user.id, db::to_micros(expires_at)).await?;
        Ok(SessionInfo { token, user, expires_at })
    }

    /// The user of an active session, or of a verified external JWT (created on first sight).
    pub async fn authenticate(&self, token: &SessionToken) -> Result<(CurrentUser, DateTime<Utc>), AuthError> {
        if let Some(verifier) = &self.jwt
            && looks_like_jwt(token.as_str())
        {
            let claims = verifier.verify(token.as_str()).await?;
            return self.external_user(claims).await;
        }
        let session = db::sessions::find_active(&self.db, &token.hash()).await?.ok_or(AuthError::Unauthenticated)?;
        let user = session.user;
        Ok((CurrentUser { id: user.id, email: user.email, name: user.name }, session.expires_at))
    }

    async fn external_user(&self, claims: ExternalClaims) -> Result<(CurrentUser, DateTime<Utc>), AuthError> {
        let issuer = claims.iss.clone().unwrap_or_default();
        let subject = format!("{issuer}|{}", claims.sub);
        let user = match db::users::by_external_subject(&self.db, &subject).await? {
            Some(user) => user,
            None => {
                let name =
                    claims.name.clone().filter(|name| !name.trim().is_empty()).unwrap_or_else(|| claims.sub.clone());
                // An external identity never takes over a local account with the same email.
                let claimed = claims.email.as_deref().and_then(|email| normalise_email(email).ok());
                let synthetic = format!("ext-{}@external.invalid", &SessionToken::from_client(&subject).hash()[..16]);
                let email = match claimed {
                    Some(email) if db::users::by_email(&self.db, &email).await?.is_none() => email,
                    _ => synthetic,
                };
                match db::users::insert_external(&self.db, &subject, &email, &name).await {
                    Ok(user) => user,
                    // Two first requests raced: the other one created the user.
                    Err(DbError::Conflict(_)) => {
                        db::users::by_external_subject(&self.db, &subject).await?.ok_or(AuthError::Unauthenticated)?
                    }
                    Err(error) => return Err(error.into()),
                }
            }
        };
        // A JWT's own expiry governs; the session view shows a nominal hour.
        let expires_at = chatkit::types::time::now() + chrono::Duration::hours(1);
        Ok((CurrentUser { id: user.id, email: user.email, name: user.name }, expires_at))
    }

    pub async fn sign_out(&self, token: &SessionToken) -> Result<(), AuthError> {
        Ok(db::sessions::revoke(&self.db, &token.hash()).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(normalise_email("  Ada@Example.COM ").expect("valid"), "ada@example.com");
        for bad in ["", "ada", "ada@", "@example.com", "ada@example", "a da@example.com", "ada@example.com."] {
            assert!(normalise_email(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
