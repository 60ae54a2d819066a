//! A PostgreSQL database of its own for a test that starts server
//! processes on it (GATEHOUSE_TEST_PG_URL, default the local server),
//! dropped when the test ends.

/// The admin URL tests create their databases through.
fn admin_url() -> String {
    std::env::var("GATEHOUSE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// Runs one statement on the admin database.
fn admin(sql: String) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async move {
        use sea_orm::{ConnectionTrait, Database};
        let conn = Database::connect(format!("{}/postgres", admin_url())).await.map_err(|e| e.to_string())?;
        conn.execute_unprepared(&sql).await.map(|_| ()).map_err(|e| e.to_string())
    })
}

/// An empty database, dropped (with its connections) on drop.
pub struct PgDatabase {
    name: String,
}

impl PgDatabase {
    /// Creates it; PostgreSQL must answer (these tests are ignored when
    /// built with GATEHOUSE_SKIP_PG=1).
    pub fn create() -> PgDatabase {
        let name = format!("gh_proc_{}", app::account::credential::secret::random_digits(12));
        admin(format!("CREATE DATABASE \"{name}\""))
            .expect("PostgreSQL is required for this test (build with GATEHOUSE_SKIP_PG=1 to skip)");
        PgDatabase { name }
    }

    /// Its `DATABASE_URL`.
    pub fn url(&self) -> String {
        format!("{}/{}", admin_url(), self.name)
    }

    /// Its `DATABASE_URL` through a relay on `port` of loopback (see
    /// [`Relay`](super::relay::Relay)) instead of the server's own address.
    pub fn url_through(&self, port: u16) -> String {
        let url = url::Url::parse(&self.url()).expect("GATEHOUSE_TEST_PG_URL is a URL");
        let mut relayed = url.clone();
        relayed.set_host(Some("127.0.0.1")).unwrap();
        relayed.set_port(Some(port)).unwrap();
        relayed.to_string()
    }

    /// The address of the PostgreSQL server.
    pub fn server_addr(&self) -> std::net::SocketAddr {
        let url = url::Url::parse(&self.url()).expect("GATEHOUSE_TEST_PG_URL is a URL");
        let host = url.host_str().unwrap_or("127.0.0.1").to_string();
        std::net::ToSocketAddrs::to_socket_addrs(&(host, url.port().unwrap_or(5432))).unwrap().next().unwrap()
    }

    /// Ends every connection to it, as a database restart or a network cut
    /// would, without dropping it.
    pub fn cut_connections(&self) {
        admin(format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
            self.name
        ))
        .expect("the connections end");
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = admin(format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
    }
}
