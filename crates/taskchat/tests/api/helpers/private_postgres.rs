//! A private PostgreSQL cluster for fault tests: `initdb` into a temporary folder, started on a free port, which
//! the test may stop and start again. Run as the `postgres` user when the tests run as root (initdb refuses root).

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PrivatePostgres {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
}

/// The newest PostgreSQL server binaries installed Debian's way.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| output.stdout.starts_with(b"0\n"))
}

/// Runs `program` with `args` (as `postgres` when we are root) and panics with its output when it fails.
fn run(program: &Path, args: &[&str]) {
    let mut command = if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    };
    let output = command.args(args).output().unwrap_or_else(|error| panic!("{}: {error}", program.display()));
    assert!(
        output.status.success(),
        "{} {args:?} failed:\n{}{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

impl PrivatePostgres {
    /// A new cluster, started; `None` (said loudly) when no PostgreSQL server binaries are installed.
    pub async fn start() -> Option<Self> {
        let Some(bin) = server_binaries() else {
            eprintln!("SKIPPED: no PostgreSQL server binaries under /usr/lib/postgresql (install postgresql)");
            return None;
        };
        let data = std::env::temp_dir().join(format!("taskchat-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data).expect("a folder for the cluster");
        if running_as_root() {
            let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&data).status();
            assert!(status.is_ok_and(|status| status.success()), "chown the cluster folder to postgres");
        }
        let port = free_port();
        let cluster = Self { bin, data, port };
        let (bin, data) = (cluster.bin.clone(), cluster.data.clone());
        tokio::task::spawn_blocking(move || {
            let data = data.to_string_lossy().into_owned();
            run(&bin.join("initdb"), &["-D", &data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        })
        .await
        .expect("initdb ran");
        cluster.start_again().await;
        Some(cluster)
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the stopped cluster on the same port and data.
    pub async fn start_again(&self) {
        let (bin, data, port) = (self.bin.clone(), self.data.clone(), self.port);
        tokio::task::spawn_blocking(move || {
            let data = data.to_string_lossy().into_owned();
            let options = format!("-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off");
            let log = format!("{data}/server.log");
            run(&bin.join("pg_ctl"), &["-D", &data, "-o", &options, "-l", &log, "-w", "-t", "30", "start"]);
        })
        .await
        .expect("pg_ctl start ran");
    }

    /// Stops the cluster at once, cutting every connection (`-m fast`).
    pub async fn stop(&self) {
        let (bin, data) = (self.bin.clone(), self.data.clone());
        tokio::task::spawn_blocking(move || {
            let data = data.to_string_lossy().into_owned();
            run(&bin.join("pg_ctl"), &["-D", &data, "-m", "fast", "-w", "stop"]);
        })
        .await
        .expect("pg_ctl stop ran");
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.data.to_string_lossy().into_owned();
        let pg_ctl = self.bin.join("pg_ctl");
        // Best effort: it may already be stopped.
        let mut command = if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&pg_ctl);
            command
        } else {
            Command::new(&pg_ctl)
        };
        let _ = command.args(["-D", &data, "-m", "immediate", "-w", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}
