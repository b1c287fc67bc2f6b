//! A small HTTP/1.1 client over tokio TCP (http:// only; Debian packages reqwest but not its whole tree here):
//! one pooled keep-alive connection per request in flight, Content-Length bodies, a timeout per request.

use std::io;
use std::sync::Mutex;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Client {
    authority: String,
    /// The path prefix of the base URL ("/trade-api/v2" for Kalshi, "" for the CLOB).
    pub prefix: String,
    idle: Mutex<Vec<TcpStream>>,
}

pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Client {
    pub fn new(base: &str) -> io::Result<Self> {
        let rest = base.strip_prefix("http://").ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("not an http:// URL: {base}")))?;
        let (authority, prefix) = rest.split_once('/').map(|(a, p)| (a.to_string(), format!("/{}", p.trim_end_matches('/')))).unwrap_or((rest.to_string(), String::new()));
        Ok(Client { authority, prefix: if prefix == "/" { String::new() } else { prefix }, idle: Mutex::new(Vec::new()) })
    }

    async fn connection(&self) -> io::Result<TcpStream> {
        if let Some(s) = self.idle.lock().map_err(|_| io::Error::other("pool poisoned"))?.pop() {
            return Ok(s);
        }
        let s = TcpStream::connect(&self.authority).await?;
        s.set_nodelay(true)?;
        Ok(s)
    }

    /// `path` is absolute on the host (prefix included); `headers` are added as given.
    pub async fn request(&self, method: &str, path: &str, headers: &[(String, String)], body: &str, timeout: Duration) -> io::Result<Response> {
        tokio::time::timeout(timeout, self.exchange(method, path, headers, body)).await.map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "request timed out"))?
    }

    async fn exchange(&self, method: &str, path: &str, headers: &[(String, String)], body: &str) -> io::Result<Response> {
        let mut s = self.connection().await?;
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\nContent-Type: application/json\r\n", self.authority, body.len());
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        s.write_all(req.as_bytes()).await?;
        let mut buf: Vec<u8> = Vec::with_capacity(4096);
        let mut chunk = [0u8; 8192];
        let (head_end, status, length, close) = loop {
            let n = s.read(&mut chunk).await?;
            if n == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed before the response"));
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0);
                break (end + 4, status, length, head.contains("connection: close"));
            }
        };
        while buf.len() < head_end + length {
            let n = s.read(&mut chunk).await?;
            if n == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-body"));
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        if !close {
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(s);
            }
        }
        Ok(Response { status, body: String::from_utf8_lossy(&buf[head_end..head_end + length]).into_owned() })
    }
}
