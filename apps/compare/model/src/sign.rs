//! Kalshi's request signature as terauss signs it (§10): RSA-PSS over SHA-256, salt = digest length, standard
//! base64, over `{timestamp_ms}{METHOD}{path}`, with a PKCS#1 PEM key ("BEGIN RSA PRIVATE KEY") only.

use openssl::base64;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{RsaPssSaltlen, Signer};
use std::time::{SystemTime, UNIX_EPOCH};

pub struct KalshiKey {
    pub key_id: String,
    pkey: PKey<Private>,
}

impl KalshiKey {
    pub fn load(key_id: String, pem: &[u8]) -> Result<Self, String> {
        let rsa = Rsa::private_key_from_pem(pem).map_err(|e| format!("not a PKCS#1 RSA key: {e}"))?;
        Ok(KalshiKey { key_id, pkey: PKey::from_rsa(rsa).map_err(|e| e.to_string())? })
    }

    /// The three KALSHI-ACCESS-* headers for a request.
    pub fn headers(&self, method: &str, path: &str) -> Result<Vec<(String, String)>, String> {
        let ts = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?.as_millis().to_string();
        let mut signer = Signer::new(MessageDigest::sha256(), &self.pkey).map_err(|e| e.to_string())?;
        signer.set_rsa_padding(Padding::PKCS1_PSS).map_err(|e| e.to_string())?;
        signer.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH).map_err(|e| e.to_string())?;
        signer.update(format!("{ts}{method}{path}").as_bytes()).map_err(|e| e.to_string())?;
        let sig = signer.sign_to_vec().map_err(|e| e.to_string())?;
        Ok(vec![
            ("KALSHI-ACCESS-KEY".to_string(), self.key_id.clone()),
            ("KALSHI-ACCESS-SIGNATURE".to_string(), base64::encode_block(&sig)),
            ("KALSHI-ACCESS-TIMESTAMP".to_string(), ts),
        ])
    }
}
