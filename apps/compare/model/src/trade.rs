//! The model's two venue legs as terauss.md §5 and §10 document them: a Kalshi limit IOC at the detected ask
//! (legacy POST /portfolio/orders, integer cents, RSA-PSS signed, 5 s timeout, no retry), and a Polymarket signed
//! FAK at the detected ask followed by a second round trip, GET /data/order/{id}, for `size_matched` (plus a lazy
//! GET /neg-risk per token). Errors count as nothing filled. The simulator speaks CLOB V2 orders, so the model signs
//! V2 (terauss signs V1 with feeRateBps / nonce / taker; the simulator would refuse those as order_version_mismatch).

use crate::eip712::{self, Order, Wallet};
use crate::http::Client;
use crate::sign::KalshiKey;
use openssl::base64;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub struct Venues {
    pub kalshi: Client,
    pub kalshi_key: KalshiKey,
    pub clob: Client,
    pub wallet: Wallet,
    /// POLY_FUNDER: the order's maker; signature type 1 (POLY_PROXY) is hard-coded, as in terauss.
    pub funder: String,
    creds: Mutex<Option<(String, String, String)>>,
    neg_risk: Mutex<HashMap<String, bool>>,
    counter: AtomicU64,
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// URL-safe base64 with padding, as the CLOB's L2 HMAC.
fn b64url(b: &[u8]) -> String {
    base64::encode_block(b).replace('+', "-").replace('/', "_")
}

/// The API secret: base64url, its padding left off (OpenSSL's decoder needs it back).
fn b64url_decode(s: &str) -> Result<Vec<u8>, String> {
    let mut t = s.replace('-', "+").replace('_', "/");
    while t.len() % 4 != 0 {
        t.push('=');
    }
    base64::decode_block(&t).map_err(|e| e.to_string())
}

impl Venues {
    pub fn new(kalshi: Client, kalshi_key: KalshiKey, clob: Client, wallet: Wallet, funder: String) -> Self {
        Venues { kalshi, kalshi_key, clob, wallet, funder, creds: Mutex::new(None), neg_risk: Mutex::new(HashMap::new()), counter: AtomicU64::new(0) }
    }

    fn l1_headers(&self) -> Result<Vec<(String, String)>, String> {
        let ts = (now_ms() / 1000).to_string();
        let sig = self.wallet.sign(&eip712::clob_auth_digest(&self.wallet.address, &ts, 0)?)?;
        Ok(vec![("POLY_ADDRESS".into(), self.wallet.address.clone()), ("POLY_SIGNATURE".into(), sig), ("POLY_TIMESTAMP".into(), ts), ("POLY_NONCE".into(), "0".into())])
    }

    /// API credentials at start. terauss only derives them (which fails for a key never created); the model creates
    /// them first and derives when they exist.
    pub async fn api_key(&self) -> Result<(), String> {
        let t = Duration::from_secs(10);
        let created = self.clob.request("POST", "/auth/api-key", &self.l1_headers()?, "", t).await.map_err(|e| e.to_string())?;
        let r = if created.status == 200 { created } else { self.clob.request("GET", "/auth/derive-api-key", &self.l1_headers()?, "", t).await.map_err(|e| e.to_string())? };
        let v: Value = serde_json::from_str(&r.body).map_err(|e| format!("api key answer {}: {e}", r.status))?;
        let get = |k: &str| v[k].as_str().map(str::to_string).ok_or(format!("api key answer without {k}: {}", r.body));
        *self.creds.lock().map_err(|_| "poisoned")? = Some((get("apiKey")?, get("secret")?, get("passphrase")?));
        Ok(())
    }

    fn l2_headers(&self, method: &str, path: &str, body: &str) -> Result<Vec<(String, String)>, String> {
        let (key, secret, pass) = self.creds.lock().map_err(|_| "poisoned")?.clone().ok_or("no API key")?;
        let ts = (now_ms() / 1000).to_string();
        let hmac = PKey::hmac(&b64url_decode(&secret)?).map_err(|e| e.to_string())?;
        let mut s = Signer::new(MessageDigest::sha256(), &hmac).map_err(|e| e.to_string())?;
        s.update(format!("{ts}{method}{path}{body}").as_bytes()).map_err(|e| e.to_string())?;
        let sig = b64url(&s.sign_to_vec().map_err(|e| e.to_string())?);
        Ok(vec![
            ("POLY_ADDRESS".into(), self.wallet.address.clone()),
            ("POLY_SIGNATURE".into(), sig),
            ("POLY_TIMESTAMP".into(), ts),
            ("POLY_API_KEY".into(), key),
            ("POLY_PASSPHRASE".into(), pass),
            ("User-Agent".into(), "py_clob_client".into()),
        ])
    }

    /// Kalshi IOC: buy (or sell) `count` of `side` at `price` cents; → contracts filled (0 on any error).
    pub async fn kalshi_ioc(&self, ticker: &str, side: &str, action: &str, price: u16, count: u64) -> u64 {
        let path = format!("{}/portfolio/orders", self.kalshi.prefix);
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let price_field = if side == "yes" { "yes_price" } else { "no_price" };
        let body = json!({"ticker": ticker, "action": action, "side": side, "type": "limit", "count": count, price_field: price, "time_in_force": "immediate_or_cancel", "client_order_id": format!("a{}{}", now_ms() / 1000, n)}).to_string();
        let Ok(headers) = self.kalshi_key.headers("POST", &path) else { return 0 };
        match self.kalshi.request("POST", &path, &headers, &body, Duration::from_secs(5)).await {
            Ok(r) if r.status == 201 || r.status == 200 => {
                let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
                // The simulator answers fill_count_fp (the venue's legacy answer had taker_fill_count).
                v["order"]["fill_count_fp"].as_str().and_then(|s| s.parse::<f64>().ok()).map(|f| f as u64).unwrap_or(0)
            }
            Ok(r) => {
                eprintln!("terauss-model: kalshi order refused: {} {}", r.status, r.body);
                0
            }
            Err(e) => {
                eprintln!("terauss-model: kalshi order failed: {e}");
                0
            }
        }
    }

    async fn is_neg_risk(&self, token: &str) -> bool {
        if let Some(&v) = self.neg_risk.lock().ok().and_then(|m| m.get(token).copied()).as_ref() {
            return v;
        }
        let r = self.clob.request("GET", &format!("/neg-risk?token_id={token}"), &[], "", Duration::from_secs(10)).await;
        let v = r.ok().and_then(|r| serde_json::from_str::<Value>(&r.body).ok()).and_then(|v| v["neg_risk"].as_bool()).unwrap_or(false);
        if let Ok(mut m) = self.neg_risk.lock() {
            m.insert(token.to_string(), v);
        }
        v
    }

    /// Polymarket FAK at `price` cents for `count` shares; → shares matched, read back with GET /data/order/{id}.
    pub async fn poly_fak(&self, token: &str, sell: bool, price: u16, count: u64) -> u64 {
        let neg_risk = self.is_neg_risk(token).await;
        let usd = count * price as u64 * 10_000;
        let shares = count * 1_000_000;
        let (maker_amount, taker_amount) = if sell { (shares, usd) } else { (usd, shares) };
        let ts = now_ms();
        let salt = (SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0) % u32::MAX as u128) as u64;
        let order = Order { salt, maker: &self.funder, signer: &self.wallet.address, token_id: token, maker_amount, taker_amount, side_sell: sell, signature_type: 1, timestamp_ms: ts };
        let signed = eip712::order_digest(&order, neg_risk).and_then(|d| self.wallet.sign(&d));
        let creds = self.creds.lock().ok().and_then(|c| c.clone());
        let (signature, (key, _, _)) = match (signed, creds) {
            (Ok(s), Some(c)) => (s, c),
            (Err(e), _) => {
                eprintln!("terauss-model: polymarket order not signed: {e}");
                return 0;
            }
            (_, None) => return 0,
        };
        let zero = format!("0x{}", "0".repeat(64));
        let body = json!({
            "order": {"salt": salt, "maker": self.funder, "signer": self.wallet.address, "tokenId": token, "makerAmount": maker_amount.to_string(), "takerAmount": taker_amount.to_string(), "side": if sell {"SELL"} else {"BUY"}, "signatureType": 1, "timestamp": ts.to_string(), "expiration": "0", "metadata": zero, "builder": zero, "signature": signature},
            "owner": key, "orderType": "FAK", "postOnly": false, "deferExec": false
        }).to_string();
        let r = match self.l2_headers("POST", "/order", &body) {
            Ok(h) => self.clob.request("POST", "/order", &h, &body, Duration::from_secs(10)).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                eprintln!("terauss-model: polymarket order failed: {e}");
                return 0;
            }
        };
        if r.status != 200 {
            // The source swallows a leg's error as nothing filled; the model says why on stderr (diagnostics only).
            eprintln!("terauss-model: polymarket order refused: {} {}", r.status, r.body);
        }
        let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
        let Some(id) = v["orderID"].as_str().map(str::to_string) else { return 0 };
        let path = format!("/data/order/{id}");
        let Ok(h) = self.l2_headers("GET", &path, "") else { return 0 };
        let Ok(r) = self.clob.request("GET", &path, &h, "", Duration::from_secs(10)).await else { return 0 };
        let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
        v["size_matched"].as_str().and_then(|s| s.parse::<f64>().ok()).map(|f| f as u64).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_decode_with_or_without_padding() {
        assert_eq!(super::b64url_decode("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(super::b64url_decode("-_8=").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(super::b64url(&[0xfb, 0xff]), "-_8=");
    }
}
