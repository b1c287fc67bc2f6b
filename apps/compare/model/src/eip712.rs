//! Ethereum signing for the model's Polymarket orders and L1 auth, from OpenSSL and Keccak (the only crypto Debian
//! packages here): secp256k1 ECDSA with a low s and the recovery byte found by recovering the public key, EIP-712
//! digests of the CLOB's ClobAuth and CTF Exchange V2 Order structs.

use openssl::bn::{BigNum, BigNumContext, BigNumRef};
use openssl::ec::{EcGroup, EcKey, EcPoint, PointConversionForm};
use openssl::ecdsa::EcdsaSig;
use openssl::nid::Nid;
use openssl::pkey::Private;
use tiny_keccak::{Hasher, Keccak};

pub fn keccak(parts: &[&[u8]]) -> [u8; 32] {
    let mut k = Keccak::v256();
    for p in parts {
        k.update(p);
    }
    let mut out = [0u8; 32];
    k.finalize(&mut out);
    out
}

fn hex_bytes(s: &str) -> Result<Vec<u8>, String> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2).ok_or("odd hex")?, 16).map_err(|e| e.to_string())).collect()
}

pub fn to_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn word(n: &BigNumRef) -> Result<[u8; 32], String> {
    let v = n.to_vec_padded(32).map_err(|e| e.to_string())?;
    v.try_into().map_err(|_| "over 256 bits".to_string())
}

/// uint256 from a decimal string (token ids have 77 digits).
pub fn uint_dec(s: &str) -> Result<[u8; 32], String> {
    let n = BigNum::from_dec_str(s).map_err(|e| e.to_string())?;
    word(&n)
}

pub fn uint(n: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&n.to_be_bytes());
    w
}

pub fn address_word(addr: &str) -> Result<[u8; 32], String> {
    let b = hex_bytes(addr)?;
    if b.len() != 20 {
        return Err(format!("not an address: {addr}"));
    }
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(&b);
    Ok(w)
}

pub struct Wallet {
    group: EcGroup,
    key: EcKey<Private>,
    pub address: String,
}

impl Wallet {
    pub fn from_hex(private_key: &str) -> Result<Self, String> {
        let group = EcGroup::from_curve_name(Nid::SECP256K1).map_err(|e| e.to_string())?;
        let d = BigNum::from_slice(&hex_bytes(private_key)?).map_err(|e| e.to_string())?;
        let ctx = BigNumContext::new().map_err(|e| e.to_string())?;
        let mut q = EcPoint::new(&group).map_err(|e| e.to_string())?;
        q.mul_generator(&group, &d, &ctx).map_err(|e| e.to_string())?;
        let key = EcKey::from_private_components(&group, &d, &q).map_err(|e| e.to_string())?;
        let mut ctx = ctx;
        let pubkey = q.to_bytes(&group, PointConversionForm::UNCOMPRESSED, &mut ctx).map_err(|e| e.to_string())?;
        let address = format!("0x{}", to_hex(&keccak(&[&pubkey[1..]])[12..]));
        Ok(Wallet { group, key, address })
    }

    /// A 65-byte r ‖ s ‖ v signature of a digest: s made low (EIP-2), v = 27 + the parity of R found by recovering
    /// the public key from each candidate (Q = r⁻¹(sR − eG)).
    pub fn sign(&self, digest: &[u8; 32]) -> Result<String, String> {
        let e = |x: openssl::error::ErrorStack| x.to_string();
        let mut ctx = BigNumContext::new().map_err(e)?;
        let sig = EcdsaSig::sign(digest, &self.key).map_err(e)?;
        let mut n = BigNum::new().map_err(e)?;
        self.group.order(&mut n, &mut ctx).map_err(e)?;
        let r = sig.r().to_owned().map_err(e)?;
        let mut s = sig.s().to_owned().map_err(e)?;
        let mut half = BigNum::new().map_err(e)?;
        half.rshift1(&n).map_err(e)?;
        if s > half {
            let mut low = BigNum::new().map_err(e)?;
            low.checked_sub(&n, &s).map_err(e)?;
            s = low;
        }
        let z = BigNum::from_slice(digest).map_err(e)?;
        let mut rinv = BigNum::new().map_err(e)?;
        rinv.mod_inverse(&r, &n, &mut ctx).map_err(e)?;
        let mut u1 = BigNum::new().map_err(e)?;
        u1.mod_mul(&z, &rinv, &n, &mut ctx).map_err(e)?;
        let mut neg_u1 = BigNum::new().map_err(e)?;
        neg_u1.mod_sub(&n, &u1, &n, &mut ctx).map_err(e)?;
        let mut u2 = BigNum::new().map_err(e)?;
        u2.mod_mul(&s, &rinv, &n, &mut ctx).map_err(e)?;
        let public = self.key.public_key();
        for recid in 0..2u8 {
            let mut compressed = vec![0x02 + recid];
            compressed.extend_from_slice(&word(&r)?);
            let Ok(big_r) = EcPoint::from_bytes(&self.group, &compressed, &mut ctx) else { continue };
            let mut q = EcPoint::new(&self.group).map_err(e)?;
            q.mul_full(&self.group, &neg_u1, &big_r, &u2, &mut ctx).map_err(e)?;
            if q.eq(&self.group, public, &mut ctx).map_err(e)? {
                return Ok(format!("0x{}{}{:02x}", to_hex(&word(&r)?), to_hex(&word(&s)?), 27 + recid));
            }
        }
        Err("no recovery id reproduces the public key".into())
    }
}

/// keccak("\x19\x01" ‖ domain separator ‖ struct hash).
pub fn typed_digest(domain: &[u8; 32], struct_hash: &[u8; 32]) -> [u8; 32] {
    keccak(&[b"\x19\x01", domain, struct_hash])
}

pub fn clob_auth_digest(address: &str, timestamp: &str, nonce: u64) -> Result<[u8; 32], String> {
    let domain = keccak(&[&keccak(&[b"EIP712Domain(string name,string version,uint256 chainId)"]), &keccak(&[b"ClobAuthDomain"]), &keccak(&[b"1"]), &uint(137)]);
    let type_hash = keccak(&[b"ClobAuth(address address,string timestamp,uint256 nonce,string message)"]);
    let st = keccak(&[&type_hash, &address_word(address)?, &keccak(&[timestamp.as_bytes()]), &uint(nonce), &keccak(&[b"This message attests that I control the given wallet"])]);
    Ok(typed_digest(&domain, &st))
}

pub struct Order<'a> {
    pub salt: u64,
    pub maker: &'a str,
    pub signer: &'a str,
    pub token_id: &'a str,
    pub maker_amount: u64,
    pub taker_amount: u64,
    pub side_sell: bool,
    pub signature_type: u8,
    pub timestamp_ms: u64,
}

pub const EXCHANGE_V2: &str = "0xE111180000d2663C0091e4f400237545B87B996B";
pub const NEG_RISK_EXCHANGE_V2: &str = "0xe2222d279d744050d28e00520010520000310F59";

/// The CTF Exchange V2 Order digest (11 signed fields; metadata and builder zero) under the market's exchange.
pub fn order_digest(o: &Order, neg_risk: bool) -> Result<[u8; 32], String> {
    let contract = if neg_risk { NEG_RISK_EXCHANGE_V2 } else { EXCHANGE_V2 };
    let domain = keccak(&[
        &keccak(&[b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"]),
        &keccak(&[b"Polymarket CTF Exchange"]),
        &keccak(&[b"2"]),
        &uint(137),
        &address_word(contract)?,
    ]);
    let type_hash = keccak(&[b"Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)"]);
    let st = keccak(&[
        &type_hash,
        &uint(o.salt),
        &address_word(o.maker)?,
        &address_word(o.signer)?,
        &uint_dec(o.token_id)?,
        &uint(o.maker_amount),
        &uint(o.taker_amount),
        &uint(o.side_sell as u64),
        &uint(o.signature_type as u64),
        &uint(o.timestamp_ms),
        &[0u8; 32],
        &[0u8; 32],
    ]);
    Ok(typed_digest(&domain, &st))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_of_a_known_key() {
        // The secp256k1 key 1 is the generator; its Ethereum address is public knowledge.
        let w = Wallet::from_hex(&format!("{:064x}", 1)).unwrap();
        assert_eq!(w.address, "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
    }

    #[test]
    fn keccak_of_nothing() {
        assert_eq!(to_hex(&keccak(&[])), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    }

    #[test]
    fn signatures_are_65_bytes_with_low_s_and_v_27_or_28() {
        let w = Wallet::from_hex(&format!("{:064x}", 0xc0ffee)).unwrap();
        for i in 0..8u64 {
            let sig = w.sign(&keccak(&[&i.to_be_bytes()])).unwrap();
            assert_eq!(sig.len(), 2 + 130);
            let v = u8::from_str_radix(&sig[130..], 16).unwrap();
            assert!(v == 27 || v == 28);
            assert!(u8::from_str_radix(&sig[66..68], 16).unwrap() < 0x80, "s must be in the lower half");
        }
    }
}
