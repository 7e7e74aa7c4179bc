// Offline validity checks for token formats that carry their own checksum.

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(ascii: string): number {
  let crc = -1;
  for (let i = 0; i < ascii.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff];
  return (crc ^ -1) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(n: number, width: number): string {
  let s = "";
  for (; n > 0; n = Math.floor(n / 62)) s = BASE62[n % 62] + s;
  return s.padStart(width, "0");
}

/**
 * GitHub's classic token format (ghp_, gho_, ghu_, ghs_, ghr_): 30 random base62 characters,
 * then the CRC-32 of those 30 characters in base62, zero-padded to 6.
 */
export function githubChecksumValid(token: string): boolean {
  const body = token.slice(token.indexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}
