//! A small WebSocket client over a tokio TCP stream (RFC 6455, client side, ws:// only): Debian packages no
//! WebSocket crate, and terauss's tokio-tungstenite is not available here. Enough for the venues' text frames:
//! the upgrade with extra headers, masked text and pong frames out, text / ping / close frames in (fragments joined).

use openssl::base64;
use openssl::rand::rand_bytes;
use std::io;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;

pub struct WsReader {
    rd: OwnedReadHalf,
    buf: Vec<u8>,
}

pub struct WsWriter {
    wr: OwnedWriteHalf,
}

pub enum Incoming {
    Text(String),
    Ping(Vec<u8>),
    Closed,
}

/// `ws://host:port/path` → (host:port, path).
fn split_url(url: &str) -> io::Result<(String, String)> {
    let rest = url.strip_prefix("ws://").ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("not a ws:// URL: {url}")))?;
    let (authority, path) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, "/".to_string()));
    Ok((authority.to_string(), path))
}

pub async fn connect(url: &str, headers: &[(String, String)]) -> io::Result<(WsReader, WsWriter)> {
    let (authority, path) = split_url(url)?;
    let stream = TcpStream::connect(&authority).await?;
    stream.set_nodelay(true)?;
    let mut nonce = [0u8; 16];
    rand_bytes(&mut nonce).map_err(io::Error::other)?;
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\n", base64::encode_block(&nonce));
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let (rd, mut wr) = stream.into_split();
    wr.write_all(req.as_bytes()).await?;
    let mut reader = WsReader { rd, buf: Vec::with_capacity(64 * 1024) };
    // The response head ends at the first blank line; whatever follows is already frame data.
    loop {
        if let Some(end) = reader.buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&reader.buf[..end]).to_string();
            if !head.starts_with("HTTP/1.1 101") {
                return Err(io::Error::new(io::ErrorKind::ConnectionRefused, format!("upgrade refused: {}", head.lines().next().unwrap_or(""))));
            }
            reader.buf.drain(..end + 4);
            break;
        }
        reader.fill().await?;
    }
    Ok((reader, WsWriter { wr }))
}

impl WsReader {
    async fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.rd.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "socket closed"));
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }

    /// One complete frame's (fin, opcode, payload), once its bytes are all in.
    fn take_frame(&mut self) -> Option<(bool, u8, Vec<u8>)> {
        let b = &self.buf;
        if b.len() < 2 {
            return None;
        }
        let fin = b[0] & 0x80 != 0;
        let opcode = b[0] & 0x0f;
        let masked = b[1] & 0x80 != 0;
        let (len, mut at) = match b[1] & 0x7f {
            126 if b.len() >= 4 => (u16::from_be_bytes([b[2], b[3]]) as usize, 4),
            127 if b.len() >= 10 => (u64::from_be_bytes(b[2..10].try_into().ok()?) as usize, 10),
            126 | 127 => return None,
            n => (n as usize, 2),
        };
        let mask = if masked {
            if b.len() < at + 4 {
                return None;
            }
            at += 4;
            Some([b[at - 4], b[at - 3], b[at - 2], b[at - 1]])
        } else {
            None
        };
        if b.len() < at + len {
            return None;
        }
        let mut payload = b[at..at + len].to_vec();
        if let Some(m) = mask {
            for (i, x) in payload.iter_mut().enumerate() {
                *x ^= m[i % 4];
            }
        }
        self.buf.drain(..at + len);
        Some((fin, opcode, payload))
    }

    pub async fn next(&mut self) -> io::Result<Incoming> {
        let mut message: Vec<u8> = Vec::new();
        loop {
            while let Some((fin, opcode, payload)) = self.take_frame() {
                match opcode {
                    0x9 => return Ok(Incoming::Ping(payload)),
                    0x8 => return Ok(Incoming::Closed),
                    0xA => {}
                    0x0 | 0x1 | 0x2 => {
                        message.extend_from_slice(&payload);
                        if fin {
                            return Ok(Incoming::Text(String::from_utf8_lossy(&message).into_owned()));
                        }
                    }
                    _ => {}
                }
            }
            self.fill().await?;
        }
    }
}

impl WsWriter {
    async fn send_frame(&mut self, opcode: u8, payload: &[u8]) -> io::Result<()> {
        let mut frame = Vec::with_capacity(payload.len() + 14);
        frame.push(0x80 | opcode);
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65_536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        let mut mask = [0u8; 4];
        rand_bytes(&mut mask).map_err(io::Error::other)?;
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, x)| x ^ mask[i % 4]));
        self.wr.write_all(&frame).await
    }

    pub async fn text(&mut self, s: &str) -> io::Result<()> {
        self.send_frame(0x1, s.as_bytes()).await
    }

    pub async fn pong(&mut self, payload: &[u8]) -> io::Result<()> {
        self.send_frame(0xA, payload).await
    }

    pub async fn ping(&mut self) -> io::Result<()> {
        self.send_frame(0x9, b"").await
    }
}
