import { readFileSync } from 'node:fs';

/** Local addresses listening on `port` (IPv4 and IPv6), read from /proc/net: e.g. ['127.0.0.1'] or ['0.0.0.0']. */
export function listenAddresses(port: number): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addr, portHex] = (cols[1] ?? '').split(':');
      if (cols[3] !== '0A' || addr === undefined || portHex === undefined || parseInt(portHex, 16) !== port) continue;
      out.push(decode(addr));
    }
  }
  return out;
}

function decode(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  // IPv6 in four little-endian 32-bit words; the IPv4-mapped loopback ends in 0100007F.
  if (hex === '0000000000000000FFFF00000100007F') return '::ffff:127.0.0.1';
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return hex;
}
