//! `AppState`: what every handler can reach; cheap to clone.

use std::sync::Arc;

use crate::assistant::TaskChatServer;
use crate::auth::AuthService;
use crate::config::Config;
use crate::db::Db;
use crate::http::{Metrics, UserLimits};
use crate::tasks::TaskService;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub auth: AuthService,
    pub tasks: TaskService,
    pub chatkit: Arc<TaskChatServer>,
    pub limits: Arc<UserLimits>,
    pub metrics: Arc<Metrics>,
}
