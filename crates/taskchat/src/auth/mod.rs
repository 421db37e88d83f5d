//! Accounts and sessions: passwords (argon2id), session tokens (random, stored hashed), sign-in throttling, and
//! the `CurrentUser` extractor every protected handler takes.

mod current_user;
mod jwks;
mod password;
mod service;
mod throttle;
mod token;

pub use current_user::{CurrentUser, SESSION_COOKIE, token_from};
pub use jwks::{JwtSettings, JwtVerifier};
pub use service::{AuthError, AuthService, Credentials, SessionInfo, SignUp};
pub use throttle::SignInThrottle;
pub use token::SessionToken;
